"""Checks for single field values. Each returns an error message, or None when the value is fine."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from urllib.parse import urlsplit

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(?:-[a-z]+)?$")
PHONE = re.compile(r"^\+?[0-9][0-9 ()/\-]*$")
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
EMAIL = re.compile(rf"^[A-Za-z0-9.!#$%&'*+/=?^_`{{|}}~-]+@{_LABEL}(?:\.{_LABEL})*\.[A-Za-z]{{2,}}$")
TIME = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])$")
COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
POSTCODE = re.compile(r"^[0-9]{5}$")


def has_control_chars(text: str) -> bool:
    return any(unicodedata.category(ch) == "Cc" and ch not in "\n\t" for ch in text)


def check_phone(value: str) -> str | None:
    if not PHONE.match(value):
        return f"phone number '{value}' may contain only digits, spaces and + - / ( )"
    if sum(ch.isdigit() for ch in value) < 5:
        return f"phone number '{value}' is too short"
    return None


def check_email(value: str) -> str | None:
    return None if EMAIL.match(value) else f"'{value}' is not an e-mail address"


def check_url(value: str) -> str | None:
    """Only plain web links: no scripts, files, credentials or hidden characters."""
    if any(ch.isspace() for ch in value) or has_control_chars(value):
        return f"URL '{value.strip()}' contains spaces or control characters"
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        return f"'{value}' is not a valid URL"
    if parts.scheme not in ("http", "https"):
        return f"unsafe URL '{value}': only http:// and https:// links are allowed"
    if not parts.hostname or "." not in parts.hostname:
        return f"URL '{value}' has no host name"
    if parts.username or parts.password:
        return f"URL '{value}' must not contain a user name or password"
    return None


def parse_time(value: object) -> tuple[dt.time | None, str | None]:
    if isinstance(value, str) and (match := TIME.match(value)):
        return dt.time(int(match.group(1)), int(match.group(2))), None
    return None, f"'{value}' is not a time; write it as \"HH:MM\", e.g. \"09:30\""


def parse_date(value: object) -> tuple[dt.date | None, str | None]:
    if isinstance(value, dt.datetime):
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value), None
        except ValueError:
            pass
    return None, f"'{value}' is not a date; write it as YYYY-MM-DD, e.g. 2026-12-05"
