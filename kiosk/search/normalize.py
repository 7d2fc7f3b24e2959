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
_NEEDS_FOLD = re.compile("[" + "".join(re.escape(chr(code)) for code in _FOLD) + "]")
_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")


# Combining marks: Latin accents, Cyrillic breves and diaereses, Arabic vowel marks (tashkeel).
_MARKS = re.compile("[\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670"
                    "\u06d6-\u06ed\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")  # fmt: skip


def normalize(text: str) -> str:
    """Lower case, umlauts written out, accents and Arabic vowel marks dropped, letter variants unified."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFC", text).casefold()
    if _NEEDS_FOLD.search(text):  # str.translate walks every character: only where it changes something
        text = text.translate(_FOLD)
    text = _MARKS.sub("", unicodedata.normalize("NFKD", text))
    # presentation forms (joined Arabic letters) decompose to letters that need folding once more
    return text.translate(_FOLD) if _PRESENTATION.search(text) or "ي" in text else text


_ARABIC_ARTICLES = ("وال", "بال", "فال", "كال", "ال")


def tokens(text: str) -> list[str]:
    """Words of ``text``; Arabic words with the article also without it ("السباحة" -> "سباحه")."""
    normalized = normalize(text)
    words = _TOKEN.findall(normalized)
    if "ال" not in normalized:
        return words
    found = []
    for word in words:
        found.append(word)
        for article in _ARABIC_ARTICLES:
            if word.startswith(article) and len(word) - len(article) >= 3:
                found.append(word[len(article) :])
                break
    return found
