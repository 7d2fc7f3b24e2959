"""The phone pages, .ics and .vcf files as written by publish."""

from __future__ import annotations

import datetime as dt
import json
import re

import icalendar
import pytest
import vobject

from kiosk import paths
from kiosk.content import load_catalog
from kiosk.pages import render, urls

CATALOG, _ = load_catalog(paths.CONTENT)
FILES = render.pages(CATALOG, dt.date(2026, 11, 24))


def page(offer_id, lang):
    return FILES[f"o/{offer_id}/{lang}/index.html"].decode()


def test_a_page_for_every_offer_in_every_language_and_an_index_per_language():
    for lang in CATALOG.site.languages:
        assert f"{lang}/index.html" in FILES
        for offer_id in CATALOG.offers:
            assert f"o/{offer_id}/{lang}/index.html" in FILES


def test_pages_are_small_and_self_contained():
    for name, data in FILES.items():
        if name.endswith(".html"):
            assert len(data) < 30 * 1024, name
            text = data.decode()
            # no external resources: no scripts, styles, images or fonts from elsewhere
            assert not re.search(r'<(script|link|img|iframe)[^>]+(src|href)="https?:', text), name


def test_lang_dir_and_fallback_marker():
    arabic = page("psychosoziale-beratungsstelle-fuer-migrantinnen", "ar")
    assert '<html lang="ar" dir="rtl">' in arabic
    danish = page("mimi-gesundheitsschulungen", "da")
    assert '<html lang="da" dir="ltr">' in danish
    assert "Kun tilgængelig på engelsk." in danish  # the description falls back, and says so


def test_phone_links_dial_the_printed_number():
    assert urls.dial("0461 - 812 17 29") == "tel:+494618121729"
    assert urls.dial("+49 461 85 11 88") == "tel:+49461851188"
    assert urls.dial("0049 (0) 461 1") == "tel:+4904611"
    assert 'href="tel:+494618121729"' in page("psychosoziale-beratungsstelle-fuer-migrantinnen", "de")


def test_json_ld_is_valid_schema_org():
    text = page("flensburg-sagt-danke", "de")
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', text, re.S).group(1))
    assert data["@context"] == "https://schema.org" and data["@type"] == "Event"
    assert data["name"] == "Flensburg sagt Danke!" and data["startDate"] == "2026-12-05"
    assert data["url"] == "https://infopoint.flensburg.de/o/flensburg-sagt-danke/de/"


def test_calendar_file_parses_with_time_zone_and_recurrence():
    data = FILES["o/flensburg-sagt-danke/de/flensburg-sagt-danke.ics"]
    calendar = icalendar.Calendar.from_ical(data)
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Flensburg sagt Danke!"
    assert event.decoded("DTSTART") == dt.date(2026, 12, 5)
    rule = event["RRULE"]
    assert rule["FREQ"] == ["YEARLY"] and rule["BYMONTH"] == [12] and rule["BYMONTHDAY"] == [5]


def test_calendar_file_with_times_carries_the_berlin_time_zone(content_dir):
    from tests.conftest import write_offer

    write_offer(content_dir, "abend", "dates:\n  - date: 2026-12-05\n    start: '18:00'\n    end: '20:00'\n"
                "  - repeat: weekly\n    weekday: mo\n    start: '16:00'\n")  # fmt: skip
    catalog, problems = load_catalog(content_dir)
    assert problems == []
    from kiosk.pages import calendar as ics

    parsed = icalendar.Calendar.from_ical(ics.build(catalog.offers["abend"], "de", "https://x/", "Europe/Berlin",
                                                    dt.date(2026, 11, 24)))  # fmt: skip
    single, weekly = parsed.walk("VEVENT")
    start = single.decoded("DTSTART")
    assert start.isoformat() == "2026-12-05T18:00:00+01:00" and str(start.tzinfo) == "Europe/Berlin"
    assert single["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert parsed.walk("VTIMEZONE"), "the time zone is described in the file"
    assert weekly["RRULE"]["FREQ"] == ["WEEKLY"] and weekly["RRULE"]["BYDAY"] == ["MO"]
    assert weekly.decoded("DTSTART").date() == dt.date(2026, 11, 30)  # the next Monday


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_contact_card_parses(lang):
    card = vobject.readOne(FILES[f"o/handwerkskammer-flensburg/{lang}/handwerkskammer-flensburg.vcf"].decode())
    assert card.fn.value == CATALOG.offers["handwerkskammer-flensburg"].title.get(lang)
    assert [tel.value for tel in card.contents["tel"]] == ["+49461866292", "+49461866293"]
    assert card.adr.value.street == "Johanniskirchhof 1" and card.adr.value.code == "24937"


def test_no_calendar_without_a_day_to_start_from():
    # "every two months" without a first meeting: nothing a phone calendar could use
    assert "o/runder-tisch-fuer-integration/de/runder-tisch-fuer-integration.ics" not in FILES


def test_write_renders_again_only_the_offers_that_changed(tmp_path, monkeypatch):
    day = dt.date(2026, 11, 24)
    written: list[str] = []

    def write_file(path, data):
        written.append(path.relative_to(tmp_path).as_posix())
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    rendered: list[str] = []
    original = render.offer_files
    monkeypatch.setattr(render, "offer_files", lambda c, o, lang, d: rendered.append(o.id) or original(c, o, lang, d))
    count = render.write(CATALOG, tmp_path, write_file, day)
    assert count == len(render.pages(CATALOG, day)) and len(set(rendered)) == len(CATALOG.offers)
    assert {p for p in written if p != render.MANIFEST} == set(render.pages(CATALOG, day))

    import dataclasses

    offer_id = next(iter(CATALOG.offers))
    changed = dataclasses.replace(CATALOG.offers[offer_id], cost=CATALOG.offers[offer_id].cost.__class__({"de": "5 €"}))
    catalog = dataclasses.replace(CATALOG, offers={**CATALOG.offers, offer_id: changed})
    lost = list(CATALOG.offers)[1]
    (tmp_path / "o" / lost / "ar" / "index.html").unlink()  # lost on the host: made again
    rendered.clear()
    written.clear()
    assert render.write(catalog, tmp_path, write_file, day) == count
    assert set(rendered) == {offer_id, lost} and rendered.count(lost) == 1
    assert len([r for r in rendered if r == offer_id]) == len(CATALOG.site.languages)
    assert f"o/{offer_id}/de/index.html" in written
    assert "5 €" in (tmp_path / "o" / offer_id / "de" / "index.html").read_text(encoding="utf-8")
    # the next day, every page is made again (dates on the pages count from the publishing day)
    rendered.clear()
    render.write(catalog, tmp_path, write_file, day + dt.timedelta(days=1))
    assert len(set(rendered)) == len(CATALOG.offers)
