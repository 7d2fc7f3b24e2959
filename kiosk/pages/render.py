"""Write the phone pages of a catalog: one per offer and language, an index per language."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import pickle
from functools import cache, partial
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from kiosk import i18n, schedule
from kiosk.content import Catalog, Offer
from kiosk.pages import calendar, urls, vcard

ENV = Environment(loader=PackageLoader("kiosk.pages", "templates"), autoescape=select_autoescape(["html"]),
                  trim_blocks=True, lstrip_blocks=True)  # fmt: skip
SCHEMA_TYPES = {"event": "Event", "course": "Course", "service": "GovernmentService", "place": "Place"}


def html_lang(lang: str) -> str:
    return lang.split("-")[0]  # "de-simple" is German for the browser


def _common(catalog: Catalog, lang: str, home: str, language_href) -> dict:
    return {
        "lang": lang, "html_lang": html_lang(lang), "dir": i18n.text_direction(lang), "home": home,
        "site_name": catalog.site.name.get(lang), "tr": partial(i18n.translate, lang),
        "languages_label": i18n.native_name(lang),
        "languages": [{"href": language_href(other), "html_lang": html_lang(other), "dir": i18n.text_direction(other),
                       "name": i18n.native_name(other)} for other in catalog.site.languages],
    }  # fmt: skip


def offer_page(catalog: Catalog, offer: Offer, lang: str, today: dt.date) -> str:
    tr = partial(i18n.translate, lang)
    site = catalog.site
    title, title_lang = offer.title.resolve(lang)
    description, description_lang = offer.description.resolve(lang)

    when = [offer.when.get(lang)] if offer.when else []
    when += [schedule.describe_rule(rule, lang, tr) for rule in offer.dates if rule.date or rule.repeat]
    url = urls.page_url(site, offer.id, lang)
    context = _common(catalog, lang, f"../../../{lang}/", lambda other: f"../{other}/")
    context.update(
        title=title, title_note=i18n.fallback_note(title_lang, lang), summary=offer.summary.get(lang),
        tags=[tr(i18n.ATTRIBUTE_LABELS[a]) for a in offer.attributes],
        when=" · ".join(dict.fromkeys(w for w in when if w)),
        hours="; ".join(schedule.describe_hours(offer.opening_hours, lang)),
        address=", ".join(offer.address.lines()) if offer.address else "",
        phones=[{"text": phone, "href": urls.dial(phone)} for phone in offer.phones()],
        emails=list(offer.emails()), website=offer.website,
        contacts=", ".join(c.name + (f" ({c.role.get(lang)})" if c.role else "") for c in offer.contacts if c.name),
        cost=offer.cost.get(lang),
        spoken=", ".join(i18n.native_name(code) for code in offer.languages_spoken),
        map=urls.route_url(offer.address) if offer.address and (offer.address.street or offer.address.lat) else "",
        calendar=f"{offer.id}.ics" if calendar.has_calendar(offer) else "",
        contact_card=f"{offer.id}.vcf" if vcard.has_contact(offer) else "",
        description=[p.strip() for p in description.split("\n\n") if p.strip()],
        description_note=i18n.fallback_note(description_lang, lang) if description else "",
        description_lang=html_lang(description_lang), description_dir=i18n.text_direction(description_lang),
        jsonld=json_ld(catalog, offer, lang, url, today),
    )  # fmt: skip
    return ENV.get_template("offer.html").render(context)


def json_ld(catalog: Catalog, offer: Offer, lang: str, url: str, today: dt.date) -> str:
    data = {
        "@context": "https://schema.org", "@type": SCHEMA_TYPES[offer.kind], "name": offer.title.get(lang),
        "description": offer.summary.get(lang), "url": url, "inLanguage": html_lang(lang),
    }  # fmt: skip
    if offer.address:
        address = {"@type": "PostalAddress", "streetAddress": offer.address.street,
                   "postalCode": offer.address.postcode, "addressLocality": offer.address.city,
                   "addressCountry": "DE"}  # fmt: skip
        if offer.kind == "event":
            data["location"] = {"@type": "Place", "name": offer.address.name or offer.title.get(lang),
                                "address": address}  # fmt: skip
        else:
            data["address"] = address
    if offer.phones():
        data["telephone"] = urls.dial(offer.phones()[0]).removeprefix("tel:")
    if offer.emails():
        data["email"] = offer.emails()[0]
    if offer.kind == "event":
        start = next(filter(None, (calendar.first_date(rule, today) for rule in offer.dates)), None)
        if start:
            data["startDate"] = start.isoformat()
        data["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode"
    if offer.kind == "course":
        data["provider"] = {"@type": "Organization", "name": offer.organiser or catalog.site.name.get(lang)}
    # "</" must not end the script element early
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")


def index_page(catalog: Catalog, lang: str, today: dt.date) -> str:
    context = _common(catalog, lang, f"../{lang}/", lambda other: f"../{other}/")
    context.update(
        motto=catalog.site.motto.get(lang),
        categories=[{"title": category.title.get(lang),
                     "offers": [{"title": offer.title.get(lang), "href": f"../{urls.page_path(offer.id, lang)}"}
                                for offer in catalog.offers_in(category.id, lang, today)]}
                    for category in catalog.categories],
    )  # fmt: skip
    return ENV.get_template("index.html").render(context)


def offer_files(catalog: Catalog, offer: Offer, lang: str, today: dt.date) -> dict[str, bytes]:
    """The page of one offer in one language, with its calendar and contact card, by path."""
    site = catalog.site
    base = urls.page_path(offer.id, lang)
    url = urls.page_url(site, offer.id, lang)
    files = {f"{base}index.html": offer_page(catalog, offer, lang, today).encode()}
    if calendar.has_calendar(offer):
        files[f"{base}{offer.id}.ics"] = calendar.build(offer, lang, url, site.timezone, today)
    if vcard.has_contact(offer):
        files[f"{base}{offer.id}.vcf"] = vcard.build(offer, lang, url)
    return files


def _site_files(catalog: Catalog, today: dt.date) -> dict[str, bytes]:
    site = catalog.site
    files = {f"{lang}/index.html": index_page(catalog, lang, today).encode() for lang in site.languages}
    files["index.html"] = f'<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0; url={site.default_language}/"><title>{site.name.get(site.default_language)}</title>'.encode()  # noqa: E501
    return files


def pages(catalog: Catalog, today: dt.date | None = None) -> dict[str, bytes]:
    """Every phone page and file of ``catalog``, by path below the public address."""
    today = today or dt.date.today()
    files: dict[str, bytes] = {}
    for lang in catalog.site.languages:
        for offer in catalog.offers.values():
            if offer.is_valid_on(today):
                files.update(offer_files(catalog, offer, lang, today))
    files.update(_site_files(catalog, today))
    return files


# What made each offer's pages (a digest of the offer, the site, the language, the day, this code), kept
# beside the pages: a publish after a one-offer change renders that offer's pages only (1,000 offers in 11
# languages: ~20 s for all of them).
MANIFEST = ".pages-manifest.json"


@cache
def _code() -> str:
    """The pages' own code and templates: a change to them makes every page again."""
    sources = sorted(path for path in Path(__file__).parent.rglob("*") if path.suffix in (".py", ".html"))
    return hashlib.sha256(b"".join(path.read_bytes() for path in sources)).hexdigest()


def _digest(offer: Offer, site, lang: str, today: dt.date) -> str:
    return hashlib.sha256(pickle.dumps((offer, site, lang, today.isoformat(), _code()), protocol=5)).hexdigest()


def write(catalog: Catalog, out_dir: Path, write_file, today: dt.date | None = None) -> int:
    """Write all pages below ``out_dir`` with ``write_file(path, data)``; remove pages of gone offers.

    An offer's pages are rendered again only when what they are made from changed since the last write.
    """
    today = today or dt.date.today()
    try:
        manifest = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = {}
    kept: dict[str, dict] = {}
    wanted: set[Path] = set()
    count = 0

    def put(relative: str, data: bytes) -> None:
        path = out_dir / relative
        if not path.exists() or path.read_bytes() != data:
            write_file(path, data)
        wanted.add(path)

    for lang in catalog.site.languages:
        for offer in catalog.offers.values():
            if not offer.is_valid_on(today):
                continue
            key = f"{offer.id}/{lang}"
            digest = _digest(offer, catalog.site, lang, today)
            known = manifest.get(key)
            if known and known["digest"] == digest and all((out_dir / name).is_file() for name in known["files"]):
                kept[key] = known
            else:
                files = offer_files(catalog, offer, lang, today)
                for relative, data in files.items():
                    put(relative, data)
                kept[key] = {"digest": digest, "files": sorted(files)}
            wanted.update(out_dir / name for name in kept[key]["files"])
            count += len(kept[key]["files"])
    site_files = _site_files(catalog, today)
    for relative, data in site_files.items():
        put(relative, data)
    count += len(site_files)
    for folder in [out_dir / "o", *(out_dir / lang for lang in catalog.site.languages)]:
        if folder.is_dir():
            for path in folder.rglob("*"):
                if path.is_file() and path not in wanted:
                    path.unlink()
    write_file(out_dir / MANIFEST, json.dumps(kept, sort_keys=True).encode())
    return count
