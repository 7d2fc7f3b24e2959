"""Pictogram names to glyphs of the bundled Material Design Icons font. Imports no Kivy."""

from __future__ import annotations

import json
from functools import lru_cache

from kiosk import paths

FONT = paths.ICONS / "materialdesignicons-webfont.ttf"

# Pictograms for offer attributes and kinds; names are from the icon set.
ATTRIBUTE_ICONS = {
    "free": "currency-eur-off",
    "wheelchair": "wheelchair-accessibility",
    "women": "human-female",
    "children": "human-child",
    "youth": "account-school",
    "families": "human-male-female-child",
    "interpreting": "translate",
}
KIND_ICONS = {"service": "account-tie", "course": "school-outline", "event": "calendar-star", "place": "map-marker"}
FIELD_ICONS = {
    "when": "calendar-clock",
    "address": "map-marker-outline",
    "phone": "phone",
    "email": "email-outline",
    "website": "web",
    "contacts": "account-outline",
    "cost": "cash",
    "languages": "translate",
    "organiser": "domain",
    "hours": "clock-outline",
}


@lru_cache(maxsize=1)
def _codepoints() -> dict[str, int]:
    with open(paths.ICONS / "codepoints.json", encoding="utf-8") as handle:
        return json.load(handle)


def glyph(name: str) -> str:
    """The character for icon ``name``; an empty string for an unknown name."""
    codepoint = _codepoints().get(name)
    return chr(codepoint) if codepoint else ""
