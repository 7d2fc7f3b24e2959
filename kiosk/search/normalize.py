"""Make what people type comparable with what editors wrote, in every script we show."""

from __future__ import annotations

import re
import unicodedata

# Spellings that mean the same letter or word part.
_FOLD = str.maketrans({
    "ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "æ": "ae", "ø": "oe", "å": "aa", "ı": "i",
    # Arabic and Persian letter variants
    "ي": "ی", "ى": "ی", "ئ": "ی", "ك": "ک", "ة": "ه", "ۀ": "ه",
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ؤ": "و",
    "ـ": None,  # tatweel: a stretched line, not a letter
    "\u200c": None, "\u200d": None,  # (non-)joiners: "می‌شود" and "میشود" are the same word
    # Arabic-Indic and Persian digits
    **{chr(0x0660 + i): str(i) for i in range(10)}, **{chr(0x06F0 + i): str(i) for i in range(10)},
})  # fmt: skip
_TOKEN = re.compile(r"\w+", re.UNICODE)


def normalize(text: str) -> str:
    """Lower case, umlauts written out, accents and Arabic vowel marks dropped, letter variants unified."""
    text = unicodedata.normalize("NFC", text).casefold().translate(_FOLD)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).translate(_FOLD)


_ARABIC_ARTICLES = ("وال", "بال", "فال", "كال", "ال")


def tokens(text: str) -> list[str]:
    """Words of ``text``; Arabic words with the article also without it ("السباحة" -> "سباحه")."""
    found = []
    for word in _TOKEN.findall(normalize(text)):
        found.append(word)
        for article in _ARABIC_ARTICLES:
            if word.startswith(article) and len(word) - len(article) >= 3:
                found.append(word[len(article) :])
                break
    return found
