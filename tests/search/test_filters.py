import datetime as dt
from zoneinfo import ZoneInfo

from kiosk.content import load_catalog
from kiosk.content.model import DateRule
from kiosk.search import filters
from kiosk.search.filters import Place, occurs_on
from tests.conftest import write_offer

BERLIN = ZoneInfo("Europe/Berlin")


def test_date_rules_occur_on_the_right_days():
    assert occurs_on(DateRule(repeat="yearly", month=12, day=5), dt.date(2027, 12, 5))
    assert not occurs_on(DateRule(repeat="yearly", month=12, day=5), dt.date(2027, 12, 6))
    every_second_month = DateRule(repeat="monthly", interval=2, start_date=dt.date(2026, 1, 14))
    assert occurs_on(every_second_month, dt.date(2026, 3, 14))
    assert not occurs_on(every_second_month, dt.date(2026, 2, 14))
    assert occurs_on(DateRule(repeat="weekly", weekday="mo"), dt.date(2026, 11, 30))
    assert not occurs_on(DateRule(repeat="monthly", interval=2), dt.date(2026, 3, 14))  # no anchor: unknown


def test_filters_on_a_small_catalogue(content_dir):
    write_offer(content_dir, "kurs-heute", "dates:\n  - date: 2026-11-24\n    start: '10:00'\n"
                "attributes: [free, wheelchair]\nlanguages_spoken: [ar, fa]\n"
                "opening_hours:\n  - {days: [tu], from: '09:00', to: '12:00'}\n"
                "address: {street: Rathausplatz 1, postcode: '24937', city: Flensburg, district: Altstadt}\n")
    write_offer(content_dir, "kurs-naechste-woche", "dates:\n  - date: 2026-11-28\n")
    catalog, problems = load_catalog(content_dir)
    assert problems == []
    offers = list(catalog.offers.values())
    tuesday_morning = dt.datetime(2026, 11, 24, 10, 30, tzinfo=BERLIN)

    def shown(*active, lang="de", place=None):
        return sorted(o.id for o in filters.apply(offers, set(active), lang, place or Place(), now=tuesday_morning))

    assert shown() == ["kurs-heute", "kurs-naechste-woche", "schwimmkurs"]
    assert shown("today") == ["kurs-heute"]
    assert shown("week") == ["kurs-heute", "kurs-naechste-woche"]
    assert shown("open") == ["kurs-heute"]
    assert shown("language", lang="fa") == ["kurs-heute"] and shown("language", lang="ru") == []
    assert shown("free", "wheelchair") == ["kurs-heute"]
    assert shown("near", place=Place(district="Altstadt")) == ["kurs-heute"]
    assert shown("near", place=Place(district="Weiche")) == []
    evening = dt.datetime(2026, 11, 24, 19, 0, tzinfo=BERLIN)
    assert filters.apply(offers, {"open"}, "de", Place(), now=evening) == []
