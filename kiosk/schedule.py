"""Opening hours and dates in words, formatted by babel for the visitor's language. No Kivy."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from babel import Locale
from babel.dates import format_date, format_skeleton, format_time, get_day_names

from kiosk import i18n
from kiosk.content.model import WEEKDAYS, DateRule, OpeningSlot

Translate = Callable[[str], str]


def _locale(lang: str) -> Locale:
    return i18n.babel_locale(lang) or Locale("en")


def _times(rule_start, rule_end, locale: Locale) -> str:
    if rule_start and rule_end:
        return f"{format_time(rule_start, 'short', locale=locale)}–{format_time(rule_end, 'short', locale=locale)}"
    if rule_start:
        return format_time(rule_start, "short", locale=locale)
    return ""


def times(rule: DateRule, lang: str) -> str:
    """The start and end time of a date rule, e.g. '18:00–20:00'; '' when it has none."""
    return _times(rule.start, rule.end, _locale(lang))


def describe_rule(rule: DateRule, lang: str, tr: Translate) -> str:
    """One date rule in words, e.g. 'every year on 5 December', '14 January 2026, 18:00–20:00'."""
    locale = _locale(lang)
    days = get_day_names("wide", locale=locale)
    if rule.date:
        text = format_date(rule.date, "long", locale=locale)
    elif rule.repeat == "yearly":
        sample = dt.date(2024, rule.month, rule.day) if rule.month and rule.day else rule.start_date
        day = format_skeleton("MMMMd", sample, locale=locale) if sample else ""
        text = tr("every year on {day}").format(day=day) if day else tr("every year")
    elif rule.repeat == "monthly":
        text = tr("every month") if rule.interval == 1 else tr("every {count} months").format(count=rule.interval)
    else:
        weekday = days[WEEKDAYS.index(rule.weekday)] if rule.weekday else ""
        if rule.interval == 1:
            text = tr("every {weekday}").format(weekday=weekday) if weekday else tr("every week")
        else:
            text = tr("every {count} weeks").format(count=rule.interval)
    times = _times(rule.start, rule.end, locale)
    separator = "، " if i18n.is_rtl(lang) else ", "
    return i18n.localize_digits(f"{text}{separator}{times}" if times else text, lang)


def describe_hours(slots: Iterable[OpeningSlot], lang: str) -> list[str]:
    """Weekly opening hours, one line per slot: 'Monday, Tuesday: 09:00–12:00'."""
    locale = _locale(lang)
    days = get_day_names("wide", locale=locale)
    lines = []
    for slot in slots:
        names = ", ".join(days[WEEKDAYS.index(day)] for day in slot.days)
        lines.append(i18n.localize_digits(f"{names}: {_times(slot.start, slot.end, locale)}", lang))
    return lines
