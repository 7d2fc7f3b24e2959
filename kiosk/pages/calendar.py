"""Calendar files (.ics) for events, with the site's time zone and recurrence rules."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vRecur

from kiosk.content import Offer
from kiosk.content.model import WEEKDAYS, DateRule

ICAL_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def first_date(rule: DateRule, today: dt.date) -> dt.date | None:
    """The date a series is anchored at, or None when the content gives no day to start from."""
    if rule.date:
        return rule.date
    if rule.start_date:
        return rule.start_date
    if rule.repeat == "yearly" and rule.month and rule.day:
        candidate = dt.date(today.year, rule.month, rule.day)
        return candidate if candidate >= today else dt.date(today.year + 1, rule.month, rule.day)
    if rule.repeat == "weekly" and rule.weekday:
        return today + dt.timedelta(days=(WEEKDAYS.index(rule.weekday) - today.weekday()) % 7)
    return None  # e.g. "every two months" without a first meeting: no date to put in a calendar


def has_calendar(offer: Offer) -> bool:
    return any(first_date(rule, dt.date.today()) for rule in offer.dates)


def build(offer: Offer, lang: str, url: str, timezone: str, today: dt.date | None = None) -> bytes:
    """An iCalendar file with one VEVENT per date rule that has a day to start from."""
    today = today or dt.date.today()
    zone = ZoneInfo(timezone)
    calendar = Calendar()
    calendar.add("prodid", "-//Stadt Flensburg//Infopoint//DE")
    calendar.add("version", "2.0")
    calendar.add("x-wr-timezone", timezone)
    for number, rule in enumerate(offer.dates):
        start_day = first_date(rule, today)
        if start_day is None:
            continue
        event = Event()
        event.add("uid", f"{offer.id}-{number}@infopoint-flensburg")
        event.add("dtstamp", dt.datetime.combine(offer.updated, dt.time(), dt.UTC))
        event.add("summary", offer.title.get(lang))
        event.add("description", f"{offer.summary.get(lang)}\n{url}")
        event.add("url", url)
        if offer.address:
            event.add("location", ", ".join(offer.address.lines()))
        if rule.start:
            start = dt.datetime.combine(start_day, rule.start, zone)
            end = dt.datetime.combine(start_day, rule.end, zone) if rule.end else start + dt.timedelta(hours=1)
            event.add("dtstart", start)
            event.add("dtend", end)
        else:
            event.add("dtstart", start_day)  # an all-day date
            event.add("dtend", start_day + dt.timedelta(days=1))
        if rule.repeat:
            recurrence = {"freq": rule.repeat.upper(), "interval": rule.interval}
            if rule.repeat == "yearly" and rule.month and rule.day:
                recurrence.update(bymonth=rule.month, bymonthday=rule.day)
            if rule.repeat == "weekly" and rule.weekday:
                recurrence["byday"] = ICAL_DAYS[WEEKDAYS.index(rule.weekday)]
            if rule.until:
                recurrence["until"] = rule.until
            event.add("rrule", vRecur(recurrence))
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
