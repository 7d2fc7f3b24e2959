"""UI translations (gettext) and language names. Imports no Kivy."""

from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path

from babel import Locale, UnknownLocaleError

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "kiosk"
RTL_LANGUAGES = {"ar", "fa", "he", "ur", "ps", "ckb"}

# Languages babel has no locale for, with their own names.
OWN_NAMES = {"de-simple": "Einfaches Deutsch"}


def babel_locale(lang: str) -> Locale | None:
    try:
        return Locale.parse(lang.split("-")[0])
    except (UnknownLocaleError, ValueError):
        return None


def native_name(lang: str) -> str:
    """The language's name in its own language and script, e.g. 'Deutsch', 'العربية'."""
    if lang in OWN_NAMES:
        return OWN_NAMES[lang]
    locale = babel_locale(lang)
    if locale is None or not locale.display_name:
        return lang
    name = locale.display_name
    return name[0].upper() + name[1:]


def is_rtl(lang: str) -> bool:
    return lang.split("-")[0] in RTL_LANGUAGES


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled catalog for ``lang``; untranslated strings stay in English."""
    catalog_name = lang.replace("-", "_")
    return gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[catalog_name], fallback=True)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark, translate later"
    """Mark a string for extraction; it is translated where it is shown."""
    return message


def translate(lang: str, message: str) -> str:
    return translations(lang).gettext(message)
