"""The content model: site settings, categories and offers. Plain, immutable data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

SOURCE_LANGUAGE = "de"
FALLBACK_CHAIN = ("en", "de")

KINDS = ("service", "course", "event", "place")
ATTRIBUTES = ("free", "wheelchair", "women", "children", "youth", "families", "interpreting")
WEEKDAYS = ("mo", "tu", "we", "th", "fr", "sa", "su")
REPEATS = ("weekly", "monthly", "yearly")


def _text_from_dict(values: dict) -> Text:
    """A Text from its pickle: the dict is already a fresh copy, so no dataclass __init__ (start-up)."""
    text = object.__new__(Text)
    object.__setattr__(text, "values", MappingProxyType(values))
    return text


@dataclass(frozen=True)
class Text:
    """A text in several languages; German is always present."""

    values: Mapping[str, str]

    def __post_init__(self) -> None:
        object.__setattr__(self, "values", MappingProxyType(dict(self.values)))

    def __reduce__(self):  # pickled (kiosk.content.cache) as a plain dict, read-only again when loaded
        return (_text_from_dict, (dict(self.values),))

    def resolve(self, lang: str) -> tuple[str, str]:
        """The text for ``lang`` and the language it is really in (chosen -> English -> German)."""
        for candidate in (lang, *FALLBACK_CHAIN):
            text = self.values.get(candidate)
            if text:
                return text, candidate
        return "", lang

    def get(self, lang: str) -> str:
        return self.resolve(lang)[0]

    def has(self, lang: str) -> bool:
        return bool(self.values.get(lang))

    def __bool__(self) -> bool:
        return any(self.values.values())


EMPTY_TEXT = Text({})


@dataclass(frozen=True)
class Site:
    name: Text
    motto: Text
    welcome: Text
    touch_to_start: Text
    languages: tuple[str, ...]
    default_language: str
    public_url: str
    timezone: str


@dataclass(frozen=True)
class Category:
    id: str
    title: Text
    summary: Text
    icon: str
    color: str


@dataclass(frozen=True)
class Address:
    name: str = ""
    street: str = ""
    postcode: str = ""
    city: str = ""
    district: str = ""
    lat: float | None = None
    lon: float | None = None

    def lines(self) -> list[str]:
        """The address as it is written on a letter."""
        place = " ".join(part for part in (self.postcode, self.city) if part)
        return [line for line in (self.name, self.street, place) if line]


@dataclass(frozen=True)
class Contact:
    name: str = ""
    role: Text = EMPTY_TEXT
    phone: tuple[str, ...] = ()
    email: tuple[str, ...] = ()


@dataclass(frozen=True)
class OpeningSlot:
    days: tuple[str, ...]
    start: dt.time
    end: dt.time


@dataclass(frozen=True)
class DateRule:
    """A single date (``repeat`` empty) or a repeating series."""

    date: dt.date | None = None
    repeat: str = ""
    interval: int = 1
    weekday: str = ""
    month: int | None = None
    day: int | None = None
    start_date: dt.date | None = None
    until: dt.date | None = None
    start: dt.time | None = None
    end: dt.time | None = None


@dataclass(frozen=True)
class Offer:
    id: str
    category: str
    kind: str
    title: Text
    summary: Text
    updated: dt.date
    description: Text = EMPTY_TEXT
    attributes: tuple[str, ...] = ()
    languages_spoken: tuple[str, ...] = ()
    organiser: str = ""
    address: Address | None = None
    phone: tuple[str, ...] = ()
    email: tuple[str, ...] = ()
    website: str = ""
    contacts: tuple[Contact, ...] = ()
    opening_hours: tuple[OpeningSlot, ...] = ()
    dates: tuple[DateRule, ...] = ()
    when: Text = EMPTY_TEXT
    cost: Text = EMPTY_TEXT
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    keywords: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    source: str = ""

    def is_valid_on(self, day: dt.date) -> bool:
        if self.valid_from and day < self.valid_from:
            return False
        return not (self.valid_until and day > self.valid_until)

    def phones(self) -> tuple[str, ...]:
        """All phone numbers: the offer's own first, then its contact persons'."""
        seen = list(self.phone)
        for contact in self.contacts:
            seen.extend(number for number in contact.phone if number not in seen)
        return tuple(seen)

    def emails(self) -> tuple[str, ...]:
        seen = list(self.email)
        for contact in self.contacts:
            seen.extend(address for address in contact.email if address not in seen)
        return tuple(seen)


@dataclass(frozen=True)
class Announcement:
    """A banner such as "Bürgerbüro heute geschlossen", shown from ``start`` to ``end``."""

    id: str
    text: Text
    start: dt.datetime
    end: dt.datetime
    priority: int = 0
    groups: tuple[str, ...] = ()  # kiosk groups; empty means every kiosk
    districts: tuple[str, ...] = ()  # districts (Stadtteile); empty means every district

    def is_active(self, now: dt.datetime) -> bool:
        return self.start <= now < self.end

    def applies_to(self, group: str, district: str) -> bool:
        if self.groups and group not in self.groups:
            return False
        return not (self.districts and district not in self.districts)
