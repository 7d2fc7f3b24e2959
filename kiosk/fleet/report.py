"""`kiosk stats`: the integration office's usage report, index.html with PNG charts.

Works on usage rows ``{kiosk_id, day, kind, key, count}`` from the fleet database or server;
German labels first, English after the slash. Imports no Kivy.
"""

from __future__ import annotations

import datetime
import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from kiosk.errors import KioskError
from kiosk.fleet import charts
from kiosk.i18n import OWN_NAMES, language_name

log = logging.getLogger("kiosk.fleet")
TOP_LANGUAGES = 8  # more than this many colours in one chart cannot be told apart
_TEMPLATES = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).parent), autoescape=True,
                                trim_blocks=True, lstrip_blocks=True)  # fmt: skip


@dataclass
class Titles:
    """German titles for ids in the usage figures; an unknown id is shown as it is."""

    offers: dict[str, str] = field(default_factory=dict)
    categories: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_content(cls, directory: Path | None) -> Titles:
        if directory is None:
            return cls()
        from kiosk.content import load_catalog

        try:
            catalog, _problems = load_catalog(directory)
        except KioskError as error:
            log.warning("offers and categories are shown by id: %s", error)
            return cls()
        return cls({offer_id: offer.title.get("de") for offer_id, offer in catalog.offers.items()},
                   {category.id: category.title.get("de") for category in catalog.categories})  # fmt: skip

    def offer(self, offer_id: str) -> str:
        return self.offers.get(offer_id, offer_id)

    def category(self, category_id: str) -> str:
        return self.categories.get(category_id, category_id)

    def qr(self, key: str) -> str:
        return self.offers.get(key) or self.categories.get(key) or key

    @staticmethod
    def language(code: str) -> str:
        return OWN_NAMES.get(code) or language_name(code, "de")


@dataclass
class Figures:
    """The counts of some kiosks over some days."""

    sessions: int = 0
    no_result: int = 0
    languages: Counter = field(default_factory=Counter)
    categories: Counter = field(default_factory=Counter)
    offers: Counter = field(default_factory=Counter)
    qr: Counter = field(default_factory=Counter)

    @classmethod
    def of(cls, rows: list[dict]) -> Figures:
        figures = cls()
        for row in rows:
            if row["kind"] in ("sessions", "no_result"):
                setattr(figures, row["kind"], getattr(figures, row["kind"]) + row["count"])
            else:
                getattr(figures, row["kind"])[row["key"]] += row["count"]
        return figures


def number(value: int) -> str:
    """1234 -> '1.234' (German digit grouping)."""
    return f"{value:,}".replace(",", ".")


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f} %" if whole else "-"


def write_report(out: Path, kiosks: list[dict], usage: list[dict], titles: Titles, first: datetime.date | None = None,
                 last: datetime.date | None = None, top: int = 15) -> Path:  # fmt: skip
    """Write ``out/index.html`` and its charts for ``usage`` rows; returns the index's path."""
    out.mkdir(parents=True, exist_ok=True)
    days = sorted({row["day"] for row in usage})
    city = Figures.of(usage)
    known = {kiosk["kiosk_id"]: kiosk for kiosk in kiosks}
    for kiosk_id in sorted({row["kiosk_id"] for row in usage} - set(known)):
        known[kiosk_id] = {"kiosk_id": kiosk_id, "group": "", "location": ""}
    by_kiosk = defaultdict(list)
    for row in usage:
        by_kiosk[row["kiosk_id"]].append(row)
    sections = [(known[kiosk_id], Figures.of(by_kiosk[kiosk_id])) for kiosk_id in sorted(known)]
    period_from = first.isoformat() if first else (days[0] if days else "-")
    period_to = last.isoformat() if last else (days[-1] if days else "-")
    chart_files = _charts(out, usage, city, titles, days, top)
    html = _TEMPLATES.get_template("report.html").render(
        city=city, sections=sections, titles=titles, top=top, charts=chart_files, period_from=period_from,
        period_to=period_to, per_day=_per_day(usage, days), made=datetime.datetime.now().strftime("%d.%m.%Y %H:%M"),
        number=number, percent=percent)
    index = out / "index.html"
    index.write_text(html, encoding="utf-8")
    return index


def _per_day(usage: list[dict], days: list[str]) -> list[tuple[str, int, int]]:
    sessions, no_result = Counter(), Counter()
    for row in usage:
        if row["kind"] == "sessions":
            sessions[row["day"]] += row["count"]
        elif row["kind"] == "no_result":
            no_result[row["day"]] += row["count"]
    return [(day, sessions[day], no_result[day]) for day in days]


def _charts(out: Path, usage: list[dict], city: Figures, titles: Titles, days: list[str],
            top: int) -> list[tuple[str, str]]:  # fmt: skip
    offers = [(titles.offer(key), count) for key, count in city.offers.most_common(top)]
    categories = [(titles.category(key), count) for key, count in city.categories.most_common()]
    charts.bar_chart(out / "offers.png", f"Meistgeöffnete Angebote (Top {top}) / offers opened most", offers)
    charts.bar_chart(out / "categories.png", "Geöffnete Themen / categories opened", categories)
    charts.day_chart(out / "languages.png", "Sprachen pro Tag / languages per day", days,
                     _daily(usage, "languages", days, titles.language, TOP_LANGUAGES), stacked=True)  # fmt: skip
    charts.day_chart(out / "sessions.png", "Sitzungen pro Tag und Kiosk / sessions per day and kiosk", days,
                     _daily(usage, "sessions", days, str, len(charts.COLORS)), stacked=False)  # fmt: skip
    return [("offers.png", "Meistgeöffnete Angebote / offers opened most"),
            ("languages.png", "Sprachen pro Tag / languages per day"),
            ("categories.png", "Geöffnete Themen / categories opened"),
            ("sessions.png", "Sitzungen pro Tag und Kiosk / sessions per day and kiosk")]


def _daily(usage: list[dict], kind: str, days: list[str], label, most: int) -> dict[str, list[int]]:
    """Per-day counts of ``kind``, one series per key (per kiosk for sessions); the rest as 'others'."""
    per_series: dict[str, Counter] = defaultdict(Counter)
    for row in usage:
        if row["kind"] == kind:
            per_series[row["key"] or row["kiosk_id"]][row["day"]] += row["count"]
    ranked = sorted(per_series, key=lambda name: -sum(per_series[name].values()))
    series = {label(name): [per_series[name][day] for day in days] for name in ranked[:most]}
    if len(ranked) > most:
        series[charts.OTHERS] = [sum(per_series[name][day] for name in ranked[most:]) for day in days]
    return series
