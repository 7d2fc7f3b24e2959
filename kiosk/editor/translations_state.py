"""How far each language is translated: per offer and over the whole content (no Kivy)."""

from __future__ import annotations

from kiosk.editor.offerform import TEXTS
from kiosk.editor.workspace import Index

REQUIRED = ("title", "summary")  # what a visitor sees first: an offer counts as translated with both


def offer_state(data: dict, lang: str) -> str:
    """'complete' (every text the German has), 'partial' (title and summary), or 'missing'."""
    if not isinstance(data, dict):
        return "missing"
    texts = [data.get(key) for key in TEXTS if isinstance(data.get(key), dict) and data[key].get("de")]
    if not all(isinstance(data.get(key), dict) and data[key].get(lang) for key in REQUIRED):
        return "missing"
    return "complete" if all(text.get(lang) for text in texts) else "partial"


def coverage(index: Index) -> dict[str, dict[str, int]]:
    """For each site language, how many offers are complete, partial or missing in it."""
    languages = index.site.languages if index.site else ("de",)
    result = {lang: {"complete": 0, "partial": 0, "missing": 0} for lang in languages}
    for entry in index.offers.values():
        for lang in languages:
            result[lang][offer_state(entry.data, lang)] += 1
    return result
