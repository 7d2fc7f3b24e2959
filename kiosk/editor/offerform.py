"""An offer's YAML mapping to and from its form.

Form fields are named by the value's path in the file, joined with dots: ``title.de``,
``address.postcode``, ``contacts.0.role.ar``, ``opening_hours.1.days``. A form gives back a
mapping in the order of the file it came from (new keys in the order of docs/content.md), so
a save changes only the lines someone changed. Values are kept as typed where they do not
parse (a date that is no date stays text), so the validator names the problem and nothing
typed is lost.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from typing import Any

from kiosk.content.model import ATTRIBUTES, KINDS, REPEATS, WEEKDAYS

KEY_ORDER = (
    "id", "category", "kind", "title", "summary", "description", "attributes", "languages_spoken", "organiser",
    "address", "phone", "email", "website", "contacts", "opening_hours", "dates", "when", "cost", "valid_from",
    "valid_until", "updated", "keywords", "source",
)  # fmt: skip
TEXTS = ("title", "summary", "description", "when", "cost")  # multilingual fields of an offer
ADDRESS = ("name", "street", "postcode", "city", "district", "lat", "lon")
DATE_KINDS = ("single", *REPEATS)
DATE_FIELDS = ("date", "interval", "weekday", "month", "day", "from", "until", "start", "end")
KIND_LABELS = {"service": "Dienst / Beratung", "course": "Kurs", "event": "Veranstaltung",
               "place": "Ort / Anlaufstelle"}
ATTRIBUTE_LABELS = {
    "free": "kostenlos", "wheelchair": "rollstuhlgerecht", "women": "nur für Frauen", "children": "für Kinder",
    "youth": "für Jugendliche", "families": "für Familien", "interpreting": "mit Dolmetschen",
}  # fmt: skip
WEEKDAY_LABELS = dict(zip(WEEKDAYS, ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"), strict=True))
WEEKDAY_NAMES = dict(zip(WEEKDAYS, ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"),
                         strict=True))  # fmt: skip
REPEAT_LABELS = {"single": "einmalig", "weekly": "wöchentlich", "monthly": "monatlich", "yearly": "jährlich"}
EXTRA_ROWS = 1  # empty rows under contacts, opening hours and dates, for adding one without JavaScript

assert set(KIND_LABELS) == set(KINDS) and set(ATTRIBUTE_LABELS) == set(ATTRIBUTES)


def _clean(value: str | None) -> str:
    return (value or "").replace("\r\n", "\n").strip()


def _lines(value: str | None) -> list[str]:
    return [line.strip() for line in _clean(value).splitlines() if line.strip()]


def _words(value: str | None) -> list[str]:
    """Words separated by commas or lines."""
    return [word.strip() for word in re.split(r"[,\n]+", _clean(value)) if word.strip()]


def _one_or_list(items: list[str]) -> Any:
    return items[0] if len(items) == 1 else (items or None)


def _date(value: str) -> Any:
    """A date object when it parses (so YAML writes it unquoted), else the text as typed."""
    value = _clean(value)
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return value


def _integer(value: str) -> Any:
    value = _clean(value)
    if not value:
        return None
    return int(value) if re.fullmatch(r"-?[0-9]+", value) else value


def _number(value: str) -> Any:
    value = _clean(value).replace(",", ".")
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        return value


def _text(form, name: str, languages: tuple[str, ...]) -> dict | None:
    values = {lang: _clean(form.get(f"{name}.{lang}")) for lang in languages}
    values = {lang: text for lang, text in values.items() if text}
    return values or None


def _rows(form, prefix: str) -> list[int]:
    """The row numbers of a repeated group present in the form, in order."""
    found = set()
    pattern = re.compile(rf"^{re.escape(prefix)}\.([0-9]{{1,3}})\.")
    for name in form:
        if match := pattern.match(name):
            found.add(int(match.group(1)))
    return sorted(found)


def from_form(form, languages: tuple[str, ...], current: dict | None) -> dict:
    """The offer mapping a submitted form describes (every field; rights are applied by ``restrict``)."""
    data: dict[str, Any] = {}
    data["id"] = _clean(form.get("id")) or (current or {}).get("id")
    data["category"] = _clean(form.get("category"))
    data["kind"] = _clean(form.get("kind"))
    for name in TEXTS:
        data[name] = _text(form, name, languages)
    checked = [a for a in form.getlist("attributes") if a]
    before = [a for a in ((current or {}).get("attributes") or []) if a in checked]
    data["attributes"] = before + [a for a in checked if a not in before] or None  # order as in the file
    data["languages_spoken"] = [w.lower() for w in _words(form.get("languages_spoken"))] or None
    data["organiser"] = _clean(form.get("organiser")) or None
    address = {}
    for key in ADDRESS:
        raw = form.get(f"address.{key}")
        address[key] = _number(raw) if key in ("lat", "lon") else (_clean(raw) or None)
    data["address"] = {k: v for k, v in address.items() if v not in (None, "")} or None
    data["phone"] = _one_or_list(_lines(form.get("phone")))
    data["email"] = _one_or_list(_lines(form.get("email")))
    data["website"] = _clean(form.get("website")) or None
    contacts = []
    for row in _rows(form, "contacts"):
        contact = {
            "name": _clean(form.get(f"contacts.{row}.name")) or None,
            "role": _text(form, f"contacts.{row}.role", languages),
            "phone": _one_or_list(_lines(form.get(f"contacts.{row}.phone"))),
            "email": _one_or_list(_lines(form.get(f"contacts.{row}.email"))),
        }
        contact = {k: v for k, v in contact.items() if v}
        if contact:
            contacts.append(contact)
    data["contacts"] = contacts or None
    slots = []
    for row in _rows(form, "opening_hours"):
        days = [d for d in form.getlist(f"opening_hours.{row}.days") if d]
        start, end = _clean(form.get(f"opening_hours.{row}.from")), _clean(form.get(f"opening_hours.{row}.to"))
        if days or start or end:
            slots.append({"days": days, "from": start or None, "to": end or None})
    data["opening_hours"] = slots or None
    data["dates"] = _dates(form) or None
    data["valid_from"] = _date(form.get("valid_from"))
    data["valid_until"] = _date(form.get("valid_until"))
    data["updated"] = _date(form.get("updated"))
    keywords = {lang: _words(form.get(f"keywords.{lang}")) for lang in languages}
    data["keywords"] = {lang: words for lang, words in keywords.items() if words} or None
    data["source"] = _clean(form.get("source")) or None
    return order_like({k: v for k, v in data.items() if v not in (None, "", [], {})}, current)


def _dates(form) -> list[dict]:
    rules = []
    for row in _rows(form, "dates"):
        get = lambda key, row=row: _clean(form.get(f"dates.{row}.{key}"))  # noqa: E731
        kind = get("kind")
        values = {key: get(key) for key in DATE_FIELDS}
        if not kind:
            continue
        rule: dict[str, Any] = {}
        if kind == "single":
            rule["date"] = _date(values["date"]) or ""
        else:
            rule["repeat"] = kind
            interval = _integer(values["interval"])
            if interval not in (None, 1):
                rule["interval"] = interval
            if kind == "weekly" and values["weekday"]:
                rule["weekday"] = values["weekday"]
            if kind == "yearly":
                rule["month"], rule["day"] = _integer(values["month"]), _integer(values["day"])
            rule["from"], rule["until"] = _date(values["from"]), _date(values["until"])
        rule["start"], rule["end"] = values["start"] or None, values["end"] or None
        rules.append({k: v for k, v in rule.items() if v is not None})
    return rules


def order_like(new: Any, old: Any) -> Any:
    """``new`` with its mapping keys in the order ``old`` had them (new keys after, in KEY_ORDER at the top)."""
    if isinstance(new, dict):
        old = old if isinstance(old, dict) else {}
        rank = {key: index for index, key in enumerate(old)}
        default = {key: len(rank) + index for index, key in enumerate(KEY_ORDER)}
        keys = sorted(new, key=lambda key: (rank.get(key, default.get(key, 10_000)), key not in rank))
        return {key: order_like(new[key], old.get(key)) for key in keys}
    if isinstance(new, list) and isinstance(old, list):
        return [order_like(item, old[i] if i < len(old) else None) for i, item in enumerate(new)]
    return new


def merge_texts(target: dict, key: str, submitted: dict | None, languages) -> None:
    """Set the ``languages`` of ``target[key]`` to the submitted values (removed where empty); the others stay."""
    values = dict(target.get(key) or {})
    for lang in languages:
        value = (submitted or {}).get(lang)
        if value:
            values[lang] = value
        else:
            values.pop(lang, None)
    if values:
        target[key] = order_like(values, target.get(key))
    else:
        target.pop(key, None)


def restrict(submitted: dict, current: dict | None, languages: tuple[str, ...], owns: bool) -> dict:
    """What of ``submitted`` an account may change: everything if it owns the offer, else only its languages' texts."""
    if owns:
        return submitted
    result = copy.deepcopy(current or {})
    for key in (*TEXTS, "keywords"):
        merge_texts(result, key, submitted.get(key), languages)
    offered = submitted.get("contacts") or []
    for index, contact in enumerate(result.get("contacts") or []):
        if index < len(offered) and isinstance(contact, dict) and contact.get("role"):
            merge_texts(contact, "role", offered[index].get("role"), languages)
    return result


def field_names(data: dict, languages: tuple[str, ...]) -> set[str]:
    """Every field name the offer form renders for ``data`` (for attaching problems to fields)."""
    names = {"id", "category", "kind", "attributes", "languages_spoken", "organiser", "phone", "email", "website",
             "valid_from", "valid_until", "updated", "source", "contacts", "opening_hours", "dates", "address"}
    names |= {f"{key}.{lang}" for key in TEXTS for lang in languages}
    names |= {f"keywords.{lang}" for lang in languages}
    names |= {f"address.{key}" for key in ADDRESS}
    for row in range(len(data.get("contacts") or []) + EXTRA_ROWS):
        names |= {f"contacts.{row}", *(f"contacts.{row}.{k}" for k in ("name", "phone", "email"))}
        names |= {f"contacts.{row}.role.{lang}" for lang in languages}
    for row in range(len(data.get("opening_hours") or []) + EXTRA_ROWS):
        names |= {f"opening_hours.{row}", *(f"opening_hours.{row}.{k}" for k in ("days", "from", "to"))}
    for row in range(len(data.get("dates") or []) + EXTRA_ROWS):
        names |= {f"dates.{row}", *(f"dates.{row}.{k}" for k in (*DATE_FIELDS, "kind"))}
    return names


def field_for(path: tuple, names: set[str]) -> str:
    """The form field a value's path belongs to ('' for the whole offer)."""
    parts = [str(part) for part in path]
    if len(parts) == 1 and f"{parts[0]}.de" in names:  # "title has no German text": the German field
        return f"{parts[0]}.de"
    if len(parts) >= 2 and parts[0] == "dates" and parts[-1] in ("date", "repeat"):
        parts = [*parts[:-1], "kind" if parts[-1] == "repeat" else "date"]
    while parts:
        name = ".".join(parts)
        if name in names:
            return name
        parts.pop()
    return ""


def date_kind(rule: dict) -> str:
    return "single" if "date" in rule else str(rule.get("repeat") or "")


def form_value(data: dict, name: str) -> Any:
    """The value at a dotted field name in an offer mapping, for filling the form ('' if absent)."""
    value: Any = data
    for part in name.split("."):
        if isinstance(value, dict):
            value = value.get(part)
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return ""
        if value is None:
            return ""
    return value


ORDINALS = {2: "zweiten", 3: "dritten", 4: "vierten"}
MONTHS = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November",
          "Dezember")  # fmt: skip


def describe(rule: dict) -> str:
    """A date rule in German as people say it: 'jeden zweiten Dienstag, 16:00–18:00 Uhr'."""
    def day(value) -> str:
        return value.strftime("%d.%m.%Y") if isinstance(value, dt.date) else str(value)

    interval = rule.get("interval") if isinstance(rule.get("interval"), int) else 1
    repeat = rule.get("repeat")
    if "date" in rule:
        text = f"am {day(rule['date'])}"
    elif repeat == "weekly":
        weekday = WEEKDAY_NAMES.get(rule.get("weekday", ""), "")
        if not weekday:
            text = "jede Woche" if interval == 1 else f"alle {interval} Wochen"
        elif interval == 1:
            text = f"jeden {weekday}"
        elif interval in ORDINALS:
            text = f"jeden {ORDINALS[interval]} {weekday}"
        else:
            text = f"alle {interval} Wochen am {weekday}"
    elif repeat == "monthly":
        text = "jeden Monat" if interval == 1 else (
            f"jeden {ORDINALS[interval]} Monat" if interval in ORDINALS else f"alle {interval} Monate")
    elif repeat == "yearly":
        month, number = rule.get("month"), rule.get("day")
        if isinstance(month, int) and isinstance(number, int) and 1 <= month <= 12:
            text = f"jedes Jahr am {number}. {MONTHS[month - 1]}"
        else:
            text = "jedes Jahr"
    else:
        return ""
    if rule.get("from") and repeat:
        text += f", ab {day(rule['from'])}"
    if rule.get("until"):
        text += f", bis {day(rule['until'])}"
    if rule.get("start"):
        text += f", {rule['start']}" + (f"–{rule['end']}" if rule.get("end") else "") + " Uhr"
    return text
