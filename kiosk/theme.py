"""Colours and sizes of the kiosk. Imports no Kivy; colours are RGBA tuples in 0..1."""

from __future__ import annotations

from dataclasses import dataclass


def rgba(hex_colour: str, alpha: float = 1.0) -> tuple[float, float, float, float]:
    value = hex_colour.lstrip("#")
    return (int(value[0:2], 16) / 255, int(value[2:4], 16) / 255, int(value[4:6], 16) / 255, alpha)


@dataclass(frozen=True)
class Palette:
    """The colours of one theme. ``TILE`` None means tiles keep their category's colour."""

    name: str
    BACKGROUND: tuple
    SURFACE: tuple
    TEXT: tuple
    TEXT_MUTED: tuple
    HEADER: tuple
    ON_HEADER: tuple
    HEADER_BUTTON: tuple
    ACCENT: tuple
    ON_ACCENT: tuple
    BUTTON: tuple
    ON_BUTTON: tuple
    DIVIDER: tuple
    BANNER: tuple
    ON_BANNER: tuple
    KEYBOARD: tuple
    TILE: tuple | None
    ON_TILE: tuple
    OUTLINE: tuple  # drawn around tiles, rows and buttons: shapes do not rest on colour alone

    def text_pairs(self) -> list[tuple[str, tuple, tuple]]:
        """Every (foreground, background) pair the kiosk draws text or pictograms with."""
        pairs = [
            ("text on background", self.TEXT, self.BACKGROUND), ("text on surface", self.TEXT, self.SURFACE),
            ("muted text on surface", self.TEXT_MUTED, self.SURFACE),
            ("muted text on background", self.TEXT_MUTED, self.BACKGROUND),
            ("header text", self.ON_HEADER, self.HEADER), ("header button", self.ON_HEADER, self.HEADER_BUTTON),
            ("accent", self.ON_ACCENT, self.ACCENT), ("button", self.ON_BUTTON, self.BUTTON),
            ("pictogram on surface", self.HEADER if self.name == "normal" else self.TEXT, self.SURFACE),
            ("banner", self.ON_BANNER, self.BANNER), ("keys", self.TEXT, self.SURFACE),
        ]  # fmt: skip
        if self.TILE is not None:
            pairs.append(("tile", self.ON_TILE, self.TILE))
        return pairs


NORMAL = Palette(
    name="normal", BACKGROUND=rgba("#f6f4ef"), SURFACE=rgba("#ffffff"), TEXT=rgba("#1b1b1b"),
    TEXT_MUTED=rgba("#4a4a4a"), HEADER=rgba("#003a70"), ON_HEADER=rgba("#ffffff"),
    HEADER_BUTTON=rgba("#24557f"), ACCENT=rgba("#00695c"), ON_ACCENT=rgba("#ffffff"),
    BUTTON=rgba("#e3e0d8"), ON_BUTTON=rgba("#1b1b1b"), DIVIDER=rgba("#d6d2c8"), BANNER=rgba("#ffd54f"),
    ON_BANNER=rgba("#1b1b1b"), KEYBOARD=rgba("#d9d5cc"), TILE=None, ON_TILE=rgba("#ffffff"),
    OUTLINE=rgba("#d6d2c8"),
)  # fmt: skip
HIGH_CONTRAST = Palette(
    name="high-contrast", BACKGROUND=rgba("#000000"), SURFACE=rgba("#000000"), TEXT=rgba("#ffffff"),
    TEXT_MUTED=rgba("#ffffff"), HEADER=rgba("#000000"), ON_HEADER=rgba("#ffff00"),
    HEADER_BUTTON=rgba("#1f1f1f"), ACCENT=rgba("#ffff00"), ON_ACCENT=rgba("#000000"),
    BUTTON=rgba("#000000"), ON_BUTTON=rgba("#ffffff"), DIVIDER=rgba("#ffffff"), BANNER=rgba("#ffff00"),
    ON_BANNER=rgba("#000000"), KEYBOARD=rgba("#000000"), TILE=rgba("#000000"), ON_TILE=rgba("#ffff00"),
    OUTLINE=rgba("#ffffff"),
)  # fmt: skip
PALETTES = {palette.name: palette for palette in (NORMAL, HIGH_CONTRAST)}

# Kept for widgets' defaults; screens take colours from app.palette.
BACKGROUND, SURFACE, TEXT, TEXT_MUTED = NORMAL.BACKGROUND, NORMAL.SURFACE, NORMAL.TEXT, NORMAL.TEXT_MUTED
HEADER, ON_HEADER, ACCENT, ON_ACCENT = NORMAL.HEADER, NORMAL.ON_HEADER, NORMAL.ACCENT, NORMAL.ON_ACCENT


def relative_luminance(colour: tuple) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(c) for c in colour[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: tuple, second: tuple) -> float:
    """WCAG contrast ratio, 1 to 21."""
    light, dark = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)

# Text sizes: one button cycles through them; every font size is multiplied by the step.
TEXT_SCALES = (1.0, 1.25, 1.5)

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
