"""Colours and sizes of the kiosk. Imports no Kivy; colours are RGBA tuples in 0..1."""

from __future__ import annotations


def rgba(hex_colour: str, alpha: float = 1.0) -> tuple[float, float, float, float]:
    value = hex_colour.lstrip("#")
    return (int(value[0:2], 16) / 255, int(value[2:4], 16) / 255, int(value[4:6], 16) / 255, alpha)


BACKGROUND = rgba("#f6f4ef")
SURFACE = rgba("#ffffff")
TEXT = rgba("#1b1b1b")
TEXT_MUTED = rgba("#4a4a4a")
HEADER = rgba("#003a70")  # Flensburg blue
ON_HEADER = rgba("#ffffff")
ACCENT = rgba("#00695c")
ON_ACCENT = rgba("#ffffff")
DIVIDER = rgba("#d6d2c8")

# Few font sizes on purpose: SDL2's text provider caches 64 font/size pairs (design px at 1080 wide).
FONT_SMALL = 34
FONT_BODY = 40
FONT_LEAD = 48
FONT_TITLE = 64
FONT_HUGE = 88
ICON_SMALL = 56
ICON_LARGE = 120
ICON_TILE = 88
ICON_ROW = 80

# Physical minimum for anything that can be touched (EN 301 549 / kiosk guidance).
MIN_TARGET_MM = 20.0
