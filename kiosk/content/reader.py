"""Turn parsed YAML into model objects, collecting every problem with its line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from kiosk.content import fields
from kiosk.content.model import (
    ATTRIBUTES,
    KINDS,
    REPEATS,
    SOURCE_LANGUAGE,
    WEEKDAYS,
    Address,
    Announcement,
    Category,
    Contact,
    DateRule,
    Offer,
    OpeningSlot,
    Site,
    Text,
)
from kiosk.content.problems import Problem
from kiosk.content.yamlfile import YamlDoc

SITE_KEYS = {"name", "motto", "welcome", "touch_to_start", "languages", "default_language", "public_url", "timezone"}
CATEGORY_KEYS = {"id", "title", "summary", "icon", "color"}
OFFER_KEYS = {
    "id", "category", "kind", "title", "summary", "description", "attributes", "languages_spoken",
    "organiser", "address", "phone", "email", "website", "contacts", "opening_hours", "dates", "when",
    "cost", "valid_from", "valid_until", "updated", "keywords", "source",
}  # fmt: skip
ANNOUNCEMENT_KEYS = {"id", "text", "start", "end", "priority", "groups", "districts"}
ADDRESS_KEYS = {"name", "street", "postcode", "city", "district", "lat", "lon"}
CONTACT_KEYS = {"name", "role", "phone", "email"}
SLOT_KEYS = {"days", "from", "to"}
DATE_KEYS = {"date", "repeat", "interval", "weekday", "month", "day", "from", "until", "start", "end"}


class Reader:
    """Reads one document; ``problems`` grows with everything that is wrong in it."""

    def __init__(self, doc: YamlDoc, languages: Iterable[str] | None = None):
        self.doc = doc
        self.languages = set(languages) if languages is not None else None
        self.problems: list[Problem] = []

    def report(self, where: tuple, message: str) -> None:
        self.problems.append(self.doc.problem(where, message))

    # -- shapes ---------------------------------------------------------------------------

    def mapping(self, where: tuple, value: Any, allowed: set[str], required: Iterable[str] = ()) -> dict | None:
        label = _label(where) or "the file"
        if not isinstance(value, dict):
            self.report(where, f"{label} must be a mapping of keys to values, not {_kind(value)}")
            return None
        for key in value:
            if key not in allowed:
                self.report(where + (key,), f"unknown key '{key}' (allowed: {', '.join(sorted(allowed))})")
        for key in required:
            if key not in value or value[key] in (None, ""):
                self.report(where, f"missing required key '{key}'")
        return value

    def listing(self, where: tuple, value: Any) -> list:
        if value is None:
            return []
        if not isinstance(value, list):
            self.report(where, f"{where[-1]} must be a list, not {_kind(value)}")
            return []
        return value

    def string(self, where: tuple, value: Any, *, required: bool = False) -> str:
        if value is None:
            if required:
                self.report(where, f"{where[-1]} is missing")
            return ""
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.report(where, f"{where[-1]} must be text, not {_kind(value)}")
            return ""
        text = str(value).strip()
        if fields.has_control_chars(text):
            self.report(where, f"{where[-1]} contains control characters")
            return ""
        if required and not text:
            self.report(where, f"{where[-1]} is empty")
        return text

    def strings(self, where: tuple, value: Any, check: Callable[[str], str | None] | None = None) -> tuple[str, ...]:
        """A single string or a list of strings, each checked."""
        items = value if isinstance(value, list) else ([] if value is None else [value])
        result = []
        for index, item in enumerate(items):
            at = where + (index,) if isinstance(value, list) else where
            text = self.string(at, item)
            if not text:
                continue
            error = check(text) if check else None
            if error:
                self.report(at, error)
            else:
                result.append(text)
        return tuple(result)

    def text(self, where: tuple, value: Any, *, required: bool = False) -> Text:
        label = _label(where)
        if value is None:
            if required:
                self.report(where, f"missing required text '{label}'")
            return Text({})
        if not isinstance(value, dict):
            self.report(where, f"{label} must map languages to text, e.g. {{de: ..., en: ...}}")
            return Text({})
        values = {}
        for lang, raw in value.items():
            at = where + (lang,)
            if not fields.LANGUAGE_TAG.match(lang):
                hint = " (put text with commas in quotes)" if raw is None else ""
                self.report(at, f"'{lang}' is not a language code{hint}")
                continue
            if self.languages is not None and lang not in self.languages:
                self.report(at, f"language '{lang}' is not listed in site.yaml")
                continue
            text = self.string(at, raw)
            if text:
                values[lang] = text
            elif raw is not None and not self.problems_at(at):
                self.report(at, f"{label} in '{lang}' is empty")
        if SOURCE_LANGUAGE not in values and not self.problems_at(where + (SOURCE_LANGUAGE,)):
            self.report(where, f"{label} has no German text (de)")
        return Text(values)

    def problems_at(self, where: tuple) -> bool:
        line = self.doc.line(where)
        return any(problem.line == line for problem in self.problems)

    # -- values ---------------------------------------------------------------------------

    def slug(self, where: tuple, value: Any) -> str:
        text = self.string(where, value, required=True)
        if text and not fields.SLUG.match(text):
            self.report(where, f"'{text}' is not a valid id: use lower-case letters, digits and hyphens")
            return ""
        return text

    def choice(self, where: tuple, value: Any, options: Iterable[str], *, required: bool = False) -> str:
        text = self.string(where, value, required=required)
        options = tuple(options)
        if text and text not in options:
            self.report(where, f"'{text}' is not one of: {', '.join(options)}")
            return ""
        return text

    def date(self, where: tuple, value: Any) -> dt.date | None:
        if value is None:
            return None
        parsed, error = fields.parse_date(value)
        if error:
            self.report(where, error)
        return parsed

    def time(self, where: tuple, value: Any) -> dt.time | None:
        if value is None:
            return None
        parsed, error = fields.parse_time(value)
        if error:
            self.report(where, error)
        return parsed

    def integer(self, where: tuple, value: Any, low: int, high: int) -> int | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.report(where, f"{where[-1]} must be a whole number from {low} to {high}, not '{value}'")
            return None
        return value

    def number(self, where: tuple, value: Any, low: float, high: float) -> float | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
            self.report(where, f"{where[-1]} must be a number from {low} to {high}, not '{value}'")
            return None
        return float(value)


def _label(where: tuple) -> str:
    """A field's name for messages: keys only, list positions are told by the line number."""
    return ".".join(str(part) for part in where if not isinstance(part, int))


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", str: "text", bool: "yes/no"}.get(type(value), type(value).__name__)


# -- documents ------------------------------------------------------------------------------


def read_site(doc: YamlDoc) -> tuple[Site | None, list[Problem]]:
    reader = Reader(doc)
    data = reader.mapping((), doc.data, SITE_KEYS, required=("name", "languages", "default_language"))
    if data is None:
        return None, reader.problems
    languages = tuple(reader.strings(("languages",), data.get("languages")))
    for index, lang in enumerate(languages):
        if not fields.LANGUAGE_TAG.match(lang):
            reader.report(("languages", index), f"'{lang}' is not a language code")
    if len(set(languages)) != len(languages):
        reader.report(("languages",), "a language is listed twice")
    if SOURCE_LANGUAGE not in languages:
        reader.report(("languages",), "languages must include German (de)")
    reader.languages = set(languages)
    default = reader.choice(("default_language",), data.get("default_language"), languages, required=True)
    public_url = reader.string(("public_url",), data.get("public_url"))
    if public_url and (error := fields.check_url(public_url)):
        reader.report(("public_url",), error)
    site = Site(
        name=reader.text(("name",), data.get("name"), required=True),
        motto=reader.text(("motto",), data.get("motto")),
        welcome=reader.text(("welcome",), data.get("welcome")),
        touch_to_start=reader.text(("touch_to_start",), data.get("touch_to_start")),
        languages=languages,
        default_language=default or SOURCE_LANGUAGE,
        public_url=public_url.rstrip("/"),
        timezone=reader.string(("timezone",), data.get("timezone")) or "Europe/Berlin",
    )
    return (site if not reader.problems else None), reader.problems


def read_categories(
    doc: YamlDoc, languages: Iterable[str] | None, icons: set[str]
) -> tuple[list[Category], list[Problem]]:
    reader = Reader(doc, languages)
    categories: list[Category] = []
    seen: set[str] = set()
    if not isinstance(doc.data, list):
        reader.report((), "categories.yaml must be a list of categories")
        return [], reader.problems
    for index, raw in enumerate(doc.data):
        before = len(reader.problems)
        data = reader.mapping((index,), raw, CATEGORY_KEYS, required=("id", "title", "icon"))
        if data is None:
            continue
        category_id = reader.slug((index, "id"), data.get("id"))
        if category_id in seen:
            reader.report((index, "id"), f"duplicate category id '{category_id}'")
        seen.add(category_id)
        icon = reader.string((index, "icon"), data.get("icon"), required=True)
        if icon and icon not in icons:
            reader.report((index, "icon"), f"unknown pictogram '{icon}' (see assets/icons/codepoints.json)")
        color = reader.string((index, "color"), data.get("color")) or "#37474f"
        if not fields.COLOR.match(color):
            reader.report((index, "color"), f"colour '{color}' must be written as #rrggbb")
        category = Category(
            id=category_id,
            title=reader.text((index, "title"), data.get("title"), required=True),
            summary=reader.text((index, "summary"), data.get("summary")),
            icon=icon,
            color=color,
        )
        if len(reader.problems) == before:
            categories.append(category)
    return categories, reader.problems


def read_offer(
    doc: YamlDoc, languages: Iterable[str] | None, category_ids: set[str], expected_id: str
) -> tuple[Offer | None, list[Problem]]:
    """One offer file. Returns None for the offer when anything in it is wrong."""
    reader = Reader(doc, languages)
    data = reader.mapping((), doc.data, OFFER_KEYS, required=("id", "category", "kind", "title", "summary", "updated"))
    if data is None:
        return None, reader.problems
    offer_id = reader.slug(("id",), data.get("id"))
    if offer_id and offer_id != expected_id:
        reader.report(("id",), f"id '{offer_id}' differs from the file name '{expected_id}.yaml'")
    category = reader.string(("category",), data.get("category"))
    if category and category not in category_ids:
        reader.report(("category",), f"unknown category '{category}' (known: {', '.join(sorted(category_ids))})")
    attributes = reader.listing(("attributes",), data.get("attributes"))
    spoken = reader.listing(("languages_spoken",), data.get("languages_spoken"))
    offer = Offer(
        id=offer_id,
        category=category,
        kind=reader.choice(("kind",), data.get("kind"), KINDS),
        title=reader.text(("title",), data.get("title"), required=True),
        summary=reader.text(("summary",), data.get("summary"), required=True),
        updated=reader.date(("updated",), data.get("updated")) or dt.date.min,
        description=reader.text(("description",), data.get("description")),
        attributes=tuple(reader.choice(("attributes", i), a, ATTRIBUTES) for i, a in enumerate(attributes)),
        languages_spoken=tuple(_language(reader, ("languages_spoken", i), lang) for i, lang in enumerate(spoken)),
        organiser=reader.string(("organiser",), data.get("organiser")),
        address=_address(reader, data.get("address")),
        phone=reader.strings(("phone",), data.get("phone"), fields.check_phone),
        email=reader.strings(("email",), data.get("email"), fields.check_email),
        website=(reader.strings(("website",), data.get("website"), fields.check_url) or ("",))[0],
        contacts=tuple(
            _contact(reader, ("contacts", i), raw)
            for i, raw in enumerate(reader.listing(("contacts",), data.get("contacts")))
        ),
        opening_hours=tuple(
            slot
            for i, raw in enumerate(reader.listing(("opening_hours",), data.get("opening_hours")))
            if (slot := _slot(reader, ("opening_hours", i), raw))
        ),
        dates=tuple(
            rule
            for i, raw in enumerate(reader.listing(("dates",), data.get("dates")))
            if (rule := _date_rule(reader, ("dates", i), raw))
        ),
        when=reader.text(("when",), data.get("when")),
        cost=reader.text(("cost",), data.get("cost")),
        valid_from=reader.date(("valid_from",), data.get("valid_from")),
        valid_until=reader.date(("valid_until",), data.get("valid_until")),
        keywords=_keywords(reader, data.get("keywords")),
        source=reader.string(("source",), data.get("source")),
    )
    if isinstance(data.get("website"), list):
        reader.report(("website",), "website must be a single link")
    if offer.valid_from and offer.valid_until and offer.valid_from > offer.valid_until:
        reader.report(("valid_until",), "valid_until is before valid_from")
    return (offer if not reader.problems else None), reader.problems


def _language(reader: Reader, where: tuple, value: Any) -> str:
    text = reader.string(where, value)
    if text and not fields.LANGUAGE_TAG.match(text):
        reader.report(where, f"'{text}' is not a language code such as 'ar' or 'fa'")
    return text


def _address(reader: Reader, value: Any) -> Address | None:
    if value is None:
        return None
    data = reader.mapping(("address",), value, ADDRESS_KEYS)
    if data is None:
        return None
    postcode = reader.string(("address", "postcode"), data.get("postcode"))
    if postcode and not fields.POSTCODE.match(postcode):
        reader.report(("address", "postcode"), f"postcode '{postcode}' must have five digits")
    lat = reader.number(("address", "lat"), data.get("lat"), -90, 90)
    lon = reader.number(("address", "lon"), data.get("lon"), -180, 180)
    if (lat is None) != (lon is None):
        reader.report(("address",), "give both lat and lon, or neither")
    return Address(
        name=reader.string(("address", "name"), data.get("name")),
        street=reader.string(("address", "street"), data.get("street")),
        postcode=postcode,
        city=reader.string(("address", "city"), data.get("city")),
        district=reader.string(("address", "district"), data.get("district")),
        lat=lat,
        lon=lon,
    )


def _contact(reader: Reader, where: tuple, value: Any) -> Contact:
    data = reader.mapping(where, value, CONTACT_KEYS) or {}
    contact = Contact(
        name=reader.string(where + ("name",), data.get("name")),
        role=reader.text(where + ("role",), data.get("role")) if data.get("role") is not None else Text({}),
        phone=reader.strings(where + ("phone",), data.get("phone"), fields.check_phone),
        email=reader.strings(where + ("email",), data.get("email"), fields.check_email),
    )
    if data and not (contact.name or contact.phone or contact.email):
        reader.report(where, "a contact needs a name, phone or email")
    return contact


def _slot(reader: Reader, where: tuple, value: Any) -> OpeningSlot | None:
    data = reader.mapping(where, value, SLOT_KEYS, required=("days", "from", "to"))
    if data is None:
        return None
    days = reader.listing(where + ("days",), data.get("days"))
    checked = tuple(reader.choice(where + ("days", i), day, WEEKDAYS) for i, day in enumerate(days))
    start = reader.time(where + ("from",), data.get("from"))
    end = reader.time(where + ("to",), data.get("to"))
    if start and end and start >= end:
        reader.report(where + ("to",), "opening hours end before they start")
        return None
    if not (start and end and checked and all(checked)):
        return None
    return OpeningSlot(checked, start, end)


def _date_rule(reader: Reader, where: tuple, value: Any) -> DateRule | None:
    data = reader.mapping(where, value, DATE_KEYS)
    if data is None:
        return None
    single = data.get("date")
    repeat = data.get("repeat")
    if (single is None) == (repeat is None):
        reader.report(where, "a date entry needs either 'date' (one day) or 'repeat' (weekly, monthly, yearly)")
        return None
    rule = DateRule(
        date=reader.date(where + ("date",), single),
        repeat=reader.choice(where + ("repeat",), repeat, REPEATS) if repeat is not None else "",
        interval=reader.integer(where + ("interval",), data.get("interval"), 1, 60) or 1,
        weekday=reader.choice(where + ("weekday",), data.get("weekday"), WEEKDAYS),
        month=reader.integer(where + ("month",), data.get("month"), 1, 12),
        day=reader.integer(where + ("day",), data.get("day"), 1, 31),
        start_date=reader.date(where + ("from",), data.get("from")),
        until=reader.date(where + ("until",), data.get("until")),
        start=reader.time(where + ("start",), data.get("start")),
        end=reader.time(where + ("end",), data.get("end")),
    )
    if rule.start and rule.end and rule.start >= rule.end:
        reader.report(where + ("end",), "the end time is before the start time")
    if rule.repeat == "yearly" and (rule.month is None or rule.day is None) and rule.start_date is None:
        reader.report(where, "a yearly date needs 'month' and 'day' (or 'from')")
    if rule.repeat == "weekly" and not rule.weekday and rule.start_date is None:
        reader.report(where, "a weekly date needs 'weekday' (or 'from')")
    if rule.month and rule.day:
        try:
            dt.date(2024, rule.month, rule.day)  # a leap year, so 29 Feb is allowed
        except ValueError:
            reader.report(where + ("day",), f"there is no day {rule.day} in month {rule.month}")
    return rule


def _keywords(reader: Reader, value: Any) -> dict[str, tuple[str, ...]]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        reader.report(("keywords",), "keywords must map languages to lists of words")
        return {}
    result = {}
    for lang, words in value.items():
        if reader.languages is not None and lang not in reader.languages:
            reader.report(("keywords", lang), f"language '{lang}' is not listed in site.yaml")
            continue
        result[lang] = reader.strings(("keywords", lang), words)
    return result


def read_announcements(doc: YamlDoc, languages: Iterable[str] | None, timezone: str) -> tuple[
    list[Announcement], list[Problem]
]:  # fmt: skip
    """announcements.yaml: a list of banners with start and end (local time of the site)."""
    from zoneinfo import ZoneInfo

    reader = Reader(doc, languages)
    zone = ZoneInfo(timezone)
    found: list[Announcement] = []
    if doc.data is None:
        return [], []
    if not isinstance(doc.data, list):
        reader.report((), "announcements.yaml must be a list of announcements")
        return [], reader.problems
    seen: set[str] = set()
    for index, raw in enumerate(doc.data):
        before = len(reader.problems)
        data = reader.mapping((index,), raw, ANNOUNCEMENT_KEYS, required=("id", "text", "start", "end"))
        if data is None:
            continue
        announcement_id = reader.slug((index, "id"), data.get("id"))
        if announcement_id in seen:
            reader.report((index, "id"), f"duplicate announcement id '{announcement_id}'")
        seen.add(announcement_id)
        start = _moment(reader, (index, "start"), data.get("start"), zone)
        end = _moment(reader, (index, "end"), data.get("end"), zone)
        if start and end and end <= start:
            reader.report((index, "end"), "the announcement ends before it starts")
        announcement = Announcement(
            id=announcement_id,
            text=reader.text((index, "text"), data.get("text"), required=True),
            start=start or dt.datetime.min.replace(tzinfo=zone),
            end=end or dt.datetime.min.replace(tzinfo=zone),
            priority=reader.integer((index, "priority"), data.get("priority"), -100, 100) or 0,
            groups=reader.strings((index, "groups"), data.get("groups")),
            districts=reader.strings((index, "districts"), data.get("districts")),
        )
        if len(reader.problems) == before:
            found.append(announcement)
    return found, reader.problems


def _moment(reader: Reader, where: tuple, value: Any, zone) -> dt.datetime | None:
    """A date and time such as 2026-12-01 08:00 (the site's local time) or with an explicit offset."""
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime.combine(value, dt.time())
    else:
        try:
            moment = dt.datetime.fromisoformat(str(value))
        except ValueError:
            reader.report(where, f"'{value}' is not a date and time; write it as 2026-12-01 08:00")
            return None
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment
