"""Load a content directory into a ``Catalog``: site, categories and offers."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kiosk import paths
from kiosk.content.model import Announcement, Category, DateRule, Offer, Site, Text
from kiosk.content.problems import Problem
from kiosk.content.reader import read_announcements, read_categories, read_offer, read_site
from kiosk.content.yamlfile import YamlDoc, read_yaml
from kiosk.errors import ContentError

FALLBACK_SITE = Site(
    name=Text({"de": "Infopoint Flensburg"}),
    motto=Text({}),
    welcome=Text({"de": "Willkommen"}),
    touch_to_start=Text({}),
    languages=("de", "en"),
    default_language="de",
    public_url="",
    timezone="Europe/Berlin",
)


@dataclass
class Catalog:
    site: Site
    categories: list[Category]
    offers: Mapping[str, Offer] = field(default_factory=dict)  # a cache.LazyOffers when from the cache
    announcements: list[Announcement] = field(default_factory=list)

    def active_announcements(self, now: dt.datetime, group: str = "", district: str = "") -> list[Announcement]:
        """Announcements for this kiosk right now, the most important first."""
        found = [a for a in self.announcements if a.is_active(now) and a.applies_to(group, district)]
        return sorted(found, key=lambda a: (-a.priority, a.start))

    def dated(self) -> Iterator[tuple[str, tuple[DateRule, ...]]]:
        """(offer id, date rules) of the offers that have dates, without unpickling the others (cache)."""
        dates = getattr(self.offers, "dates", None)
        if dates is not None:
            return iter(dates.items())
        return ((offer.id, offer.dates) for offer in self.offers.values() if offer.dates)

    def category(self, category_id: str) -> Category | None:
        return next((category for category in self.categories if category.id == category_id), None)

    def offers_in(self, category_id: str, lang: str, today: dt.date | None = None) -> list[Offer]:
        """Offers of a category that are valid today, sorted by title in ``lang``."""
        today = today or dt.date.today()
        found = [o for o in self.offers.values() if o.category == category_id and o.is_valid_on(today)]
        return sorted(found, key=lambda offer: offer.title.get(lang).casefold())

    def coverage(self) -> dict[str, float]:
        """For each site language, the share of offers whose title and summary are translated."""
        total = len(self.offers) or 1
        return {
            lang: round(sum(o.title.has(lang) and o.summary.has(lang) for o in self.offers.values()) / total, 4)
            for lang in self.site.languages
        }


@lru_cache(maxsize=1)
def icon_names() -> frozenset[str]:
    with open(paths.ICONS / "codepoints.json", encoding="utf-8") as handle:
        return frozenset(json.load(handle))


def read_offer_file(path: Path, shown: str, languages, category_ids: set[str]) -> tuple[
    YamlDoc | None, Offer | None, list[Problem]
]:  # fmt: skip
    """One offer file as ``load_catalog`` reads it: the parsed document, the offer (None if wrong), problems."""
    doc, problems = read_yaml(path, shown)
    if doc is None:
        return None, None, problems
    offer, found = read_offer(doc, languages, category_ids, path.stem)
    return doc, offer, problems + found


def load_catalog(directory: Path | str) -> tuple[Catalog, list[Problem]]:
    """Read everything in ``directory``. Bad files become problems; good offers are kept.

    Raises ContentError only when the directory itself cannot be used.
    """
    root = Path(directory)
    if not root.is_dir():
        raise ContentError(f"content directory not found [{root}]")
    problems: list[Problem] = []

    def shown(path: Path) -> str:
        try:
            return os.path.relpath(path)
        except ValueError:
            return str(path)

    site_path = root / "site.yaml"
    site = None
    if site_path.exists():
        doc, found = read_yaml(site_path, shown(site_path))
        problems += found
        if doc is not None:
            site, found = read_site(doc)
            problems += found
    else:
        problems.append(Problem(shown(site_path), 1, "site.yaml is missing"))
    site = site or FALLBACK_SITE

    categories: list[Category] = []
    categories_path = root / "categories.yaml"
    if categories_path.exists():
        doc, found = read_yaml(categories_path, shown(categories_path))
        problems += found
        if doc is not None:
            categories, found = read_categories(doc, site.languages, icon_names())
            problems += found
    else:
        problems.append(Problem(shown(categories_path), 1, "categories.yaml is missing"))
    category_ids = {category.id for category in categories}

    offers: dict[str, Offer] = {}
    offers_dir = root / "offers"
    files = sorted(offers_dir.glob("*.yaml")) + sorted(offers_dir.glob("*.yml")) if offers_dir.is_dir() else []
    for path in files:
        _doc, offer, found = read_offer_file(path, shown(path), site.languages, category_ids)
        problems += found
        if offer is None:
            continue
        if offer.id in offers:
            problems.append(_doc.problem(("id",), f"duplicate offer id '{offer.id}'"))
            continue
        offers[offer.id] = offer
    announcements = []
    announcements_path = root / "announcements.yaml"
    if announcements_path.exists():
        doc, found = read_yaml(announcements_path, shown(announcements_path))
        problems += found
        if doc is not None:
            announcements, found = read_announcements(doc, site.languages, site.timezone)
            problems += found
    return Catalog(site, categories, offers, announcements), sorted(set(problems))
