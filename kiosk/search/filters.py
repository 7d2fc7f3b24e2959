"""Filters on lists: today, this week, open now, in my language, free, wheelchair, near this kiosk."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from kiosk.content import Offer
from kiosk.content.model import WEEKDAYS, DateRule
from kiosk.search.index import haversine_km

NEAR_KM = 1.5
FILTERS = ("today", "week", "open", "language", "free", "wheelchair", "near")


@dataclass(frozen=True)
class Place:
    """Where the kiosk stands: its district and, where known, its coordinates."""

    district: str = ""
    lat: float | None = None
    lon: float | None = None


def occurs_on(rule: DateRule, day: dt.date) -> bool:
    """Whether a date rule has an occurrence on ``day``."""
    if rule.date:
        return rule.date == day
    if rule.start_date and day < rule.start_date or rule.until and day > rule.until:
        return False
    if rule.repeat == "weekly":
        weekday = rule.weekday or (WEEKDAYS[rule.start_date.weekday()] if rule.start_date else "")
        if WEEKDAYS[day.weekday()] != weekday:
            return False
        return not rule.start_date or ((day - rule.start_date).days // 7) % rule.interval == 0
    if rule.repeat == "monthly":
        anchor = rule.start_date
        if anchor is None or day.day != (rule.day or anchor.day):
            return False
        return ((day.year - anchor.year) * 12 + day.month - anchor.month) % rule.interval == 0
    if rule.repeat == "yearly":
        month, monthday = (rule.month, rule.day) if rule.month else (rule.start_date.month, rule.start_date.day)
        if (day.month, day.day) != (month, monthday):
            return False
        return not rule.start_date or (day.year - rule.start_date.year) % rule.interval == 0
    return False


def is_open(offer: Offer, now: dt.datetime) -> bool:
    weekday = WEEKDAYS[now.weekday()]
    return any(weekday in slot.days and slot.start <= now.time() < slot.end for slot in offer.opening_hours)


def matches(offer: Offer, name: str, now: dt.datetime, lang: str, place: Place) -> bool:
    today = now.date()
    if name == "today":
        return any(occurs_on(rule, today) for rule in offer.dates)
    if name == "week":
        return any(occurs_on(rule, today + dt.timedelta(days=n)) for rule in offer.dates for n in range(7))
    if name == "open":
        return is_open(offer, now)
    if name == "language":
        return lang.split("-")[0] in offer.languages_spoken
    if name == "free":
        return "free" in offer.attributes
    if name == "wheelchair":
        return "wheelchair" in offer.attributes
    if name == "near":
        address = offer.address
        if address is None:
            return False
        if place.district and address.district == place.district:
            return True
        if None not in (place.lat, place.lon, address.lat, address.lon):
            return haversine_km((place.lat, place.lon), (address.lat, address.lon)) <= NEAR_KM
        return False
    raise ValueError(f"unknown filter {name}")


def apply(offers: list[Offer], active: set[str], lang: str, place: Place, timezone: str = "Europe/Berlin",
          now: dt.datetime | None = None) -> list[Offer]:  # fmt: skip
    """The offers that pass every active filter (the kiosk's local time decides "today" and "open")."""
    now = now or dt.datetime.now(ZoneInfo(timezone))
    return [offer for offer in offers if all(matches(offer, name, now, lang, place) for name in active)]
