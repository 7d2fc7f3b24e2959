"""On-screen keyboard layouts, one per script the kiosk offers. Imports no Kivy."""

from __future__ import annotations

# Rows of keys (lower case). Row lengths may differ; the widget hides unused keys.
LAYOUTS: dict[str, list[str]] = {
    "de": ["1234567890ß", "qwertzuiopü", "asdfghjklöä", "yxcvbnm-"],
    "en": ["1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm-"],
    "da": ["1234567890", "qwertyuiopå", "asdfghjklæø", "zxcvbnm-"],
    "tr": ["1234567890", "qwertyuıopğü", "asdfghjklşi", "zxcvbnmöç"],
    "pl": ["ąćęłńóśźż", "qwertyuiop", "asdfghjkl", "zxcvbnm-"],
    "ku": ["1234567890", "qwertyuiopçê", "asdfghjklşî", "zxcvbnmû-"],
    "ar": ["1234567890", "ضصثقفغعهخحجد", "شسيبلاتنمكط", "ئءؤرىةوزظذأإ"],
    "fa": ["1234567890", "ضصثقفغعهخحجچ", "شسیبلاتنمکگ", "ظطزرذدپوژآئ"],
    "ru": ["1234567890", "йцукенгшщзхъ", "фывапролджэ", "ячсмитьбюё"],
    "uk": ["1234567890", "йцукенгшщзхї", "фівапролджє", "ячсмитьбюґ'"],
}
NAMES = {"de": "QWERTZ", "en": "QWERTY", "da": "Dansk", "tr": "Türkçe", "pl": "Polski", "ku": "Kurdî",
         "ar": "عربي", "fa": "فارسی", "ru": "Русский", "uk": "Українська"}  # fmt: skip
# UI languages whose keyboard is another language's
SAME_AS = {"de-simple": "de"}
MIN_KEY_MM = 15.0


def layout_for(lang: str) -> str:
    code = SAME_AS.get(lang, lang)
    return code if code in LAYOUTS else "en"


def layouts_for(languages: list[str]) -> list[str]:
    """One keyboard per script the kiosk's languages need, in the languages' order."""
    return list(dict.fromkeys(layout_for(lang) for lang in languages))


def max_columns() -> int:
    return max(len(row) for rows in LAYOUTS.values() for row in rows)
