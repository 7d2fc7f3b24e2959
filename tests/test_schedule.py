import datetime as dt

from kiosk import i18n
from kiosk.content.model import DateRule, OpeningSlot
from kiosk.schedule import describe_hours, describe_rule


def de(message):
    return i18n.translate("de", message)


def test_yearly_on_5_december_in_german_and_english():
    rule = DateRule(repeat="yearly", month=12, day=5)
    assert describe_rule(rule, "de", de) == "jedes Jahr am 5. Dezember"
    assert describe_rule(rule, "en", lambda m: m) == "every year on December 5"


def test_every_second_month():
    assert describe_rule(DateRule(repeat="monthly", interval=2), "de", de) == "alle 2 Monate"
    assert describe_rule(DateRule(repeat="monthly"), "de", de) == "jeden Monat"


def test_single_date_with_times():
    rule = DateRule(date=dt.date(2026, 12, 5), start=dt.time(18), end=dt.time(20))
    assert describe_rule(rule, "de", de) == "5. Dezember 2026, 18:00–20:00"


def test_weekly_opening_hours_use_weekday_names_of_the_language():
    slots = [OpeningSlot(("mo", "th"), dt.time(9), dt.time(12, 30))]
    assert describe_hours(slots, "de") == ["Montag, Donnerstag: 09:00–12:30"]
    assert describe_hours(slots, "en") == ["Monday, Thursday: 9:00\u202fAM–12:30\u202fPM"]


def test_persian_uses_its_own_digits_arabic_follows_babel():
    rule = DateRule(repeat="yearly", month=12, day=5, start=dt.time(18), end=dt.time(20))
    persian = describe_rule(rule, "fa", lambda m: i18n.translate("fa", m))
    assert "۵" in persian and "۱۸:۰۰" in persian and not any(c.isascii() and c.isdigit() for c in persian)
    assert "، " in persian
    arabic = describe_rule(rule, "ar", lambda m: i18n.translate("ar", m))
    assert "5" in arabic  # CLDR's default numbering system for "ar" is latn


def test_localize_digits_leaves_latin_languages_alone():
    assert i18n.localize_digits("0461 85", "de") == "0461 85"
    assert i18n.localize_digits("2026", "fa") == "۲۰۲۶"
