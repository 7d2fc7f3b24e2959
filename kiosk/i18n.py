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


# Digits of the numbering systems CLDR names as a default (babel formats, but keeps 0-9).
_DIGITS = {"arab": "٠١٢٣٤٥٦٧٨٩", "arabext": "۰۱۲۳۴۵۶۷۸۹"}


def localize_digits(text: str, lang: str) -> str:
    """Write 0-9 in the language's own digits where babel (CLDR) says the language uses them."""
    locale = babel_locale(lang)
    digits = _DIGITS.get(locale.default_numbering_system) if locale is not None else None
    return text.translate(str.maketrans("0123456789", digits)) if digits else text


def language_name(lang: str, in_lang: str) -> str:
    """The name of ``lang`` in the language ``in_lang``, e.g. ('de', 'da') -> 'tysk'."""
    locale, reader = babel_locale(lang), babel_locale(in_lang)
    if locale is None or reader is None:
        return native_name(lang)
    return locale.get_display_name(reader) or native_name(lang)


def is_rtl(lang: str) -> bool:
    return lang.split("-")[0] in RTL_LANGUAGES


def text_direction(lang: str) -> str:
    """"rtl" or "ltr", as HTML's dir and the kiosk's labels want it."""
    return "rtl" if is_rtl(lang) else "ltr"


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


# Pictogram labels of offer attributes, shared by the detail screen and the phone pages.
ATTRIBUTE_LABELS = {
    "free": N_("free of charge"),
    "wheelchair": N_("wheelchair accessible"),
    "women": N_("for women"),
    "children": N_("for children"),
    "youth": N_("for young people"),
    "families": N_("for families"),
    "interpreting": N_("interpreting available"),
}


def fallback_note(shown_lang: str, lang: str) -> str:
    """The visible marker for a text shown in another language than the chosen one, in the chosen one."""
    if shown_lang == lang:
        return ""
    return translate(lang, N_("Only available in {language}.")).format(language=language_name(shown_lang, lang))
