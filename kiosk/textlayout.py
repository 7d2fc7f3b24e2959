"""Right-to-left text for a renderer that neither shapes nor reorders (SDL2_ttf). No Kivy.

Kivy's SDL2 text provider draws characters in the order it gets them and does not join
Arabic letters. So before a label sees an Arabic or Persian text, we

1. shape it: letters become their joined presentation forms (arabic_reshaper), lam-alef
   becomes one ligature, ZWNJ keeps Persian letters apart;
2. resolve the Unicode bidi algorithm (UAX #9) for the whole paragraph with python-bidi;
3. break the paragraph into lines in *logical* order, so the first sentence stays on top;
4. reorder each line on its own (rules L1 and L2) and mirror brackets at right-to-left
   levels (L4); bidi control marks (LRM, RLM, ALM, isolates) are dropped afterwards so no
   font has to draw them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

from bidi import get_display
from bidi.mirror import MIRRORED

Measure = Callable[[str], float]

BIDI_CONTROLS = dict.fromkeys(map(ord, "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
_LEVEL = re.compile(r"Level\(\s*(\d+),?\s*\)")
# Data that must read left-to-right even inside Arabic text: phone numbers, e-mail and web addresses,
# and the "e.V." of German association names (its last period would otherwise join the Arabic side).
_DATA = re.compile(
    r"\be\.\s?V\."
    r"|https?://[^\s،؛]+[^\s.,;:!?)\]،؛]"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|\+?[0-9۰-۹٠-٩][0-9۰-۹٠-٩ /\-]{3,}[0-9۰-۹٠-٩]"
)
LRI, PDI = "\u2066", "\u2069"
_SHAPER = None  # arabic_reshaper's, made at the first Arabic text (its import takes 15 ms of start-up)


def is_rtl_char(char: str) -> bool:
    return unicodedata.bidirectional(char) in ("R", "AL")


# The right-to-left mark and the blocks whose letters are right-to-left (R or AL): Hebrew to NKo,
# Samaritan, Mandaic, Arabic Extended, their presentation forms, and the historic RTL scripts of
# the supplementary planes.
_RTL = re.compile("[\u200f\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff\U0001e800-\U0001efff]")


def has_rtl(text: str) -> bool:
    """Whether ``text`` has a right-to-left letter (a regular expression: this runs for every label)."""
    return _RTL.search(text) is not None


def base_direction(text: str, default: str = "L") -> str:
    """'R' or 'L' from the first strong character (UAX #9, P2/P3), else ``default``."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "L"
        if kind in ("R", "AL"):
            return "R"
    return default


_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f]")


@lru_cache(maxsize=8192)
def shape(text: str) -> str:
    """Join Arabic letters into their presentation forms; other scripts pass through."""
    global _SHAPER
    if _ARABIC.search(text) is None:
        return text
    if _SHAPER is None:
        import arabic_reshaper

        _SHAPER = arabic_reshaper.ArabicReshaper(configuration={"delete_harakat": False, "support_ligatures": True})
    return _SHAPER.reshape(text)


def isolate_data(text: str) -> str:
    """Wrap phone numbers, e-mail and web addresses in left-to-right isolates (LRI ... PDI)."""
    return _DATA.sub(lambda match: f"{LRI}{match.group(0)}{PDI}", text)


def embedding_levels(text: str, base: str) -> list[int]:
    """Resolved embedding level of every character, from python-bidi's UAX #9 implementation."""
    info = get_display(text, base_dir=base, debug=True)
    section = info[info.index("levels:") : info.index("paragraphs:")]
    by_byte = [int(level) for level in _LEVEL.findall(section)]
    levels, offset = [], 0
    for char in text:
        levels.append(by_byte[offset])
        offset += len(char.encode("utf-8"))
    if offset != len(by_byte):
        raise ValueError("python-bidi reported levels that do not match the text")
    return levels


def reorder_line(line: str, levels: list[int], base_level: int, *, mirror: bool = True) -> str:
    """Visual order of one line (rules L1, L2, L4); controls removed."""
    levels = list(levels)
    # L1: whitespace at the end of the line goes back to the paragraph level.
    index = len(line) - 1
    while index >= 0 and (line[index].isspace() or ord(line[index]) in BIDI_CONTROLS):
        levels[index] = base_level
        index -= 1
    chars = [
        MIRRORED.get(char, char) if mirror and level % 2 else char for char, level in zip(line, levels, strict=True)
    ]
    order = list(range(len(chars)))
    if levels:
        highest = max(levels)
        lowest_odd = min((level for level in levels if level % 2), default=highest + 1)
        for level in range(highest, lowest_odd - 1, -1):
            start = None
            for position in range(len(order) + 1):
                inside = position < len(order) and levels[order[position]] >= level
                if inside and start is None:
                    start = position
                elif not inside and start is not None:
                    order[start:position] = reversed(order[start:position])
                    start = None
    return "".join(chars[i] for i in order).translate(BIDI_CONTROLS)


# A word runs to its spaces, or to a hyphen inside it ("MiMi-" | "Gesundheitsschulungen"), except
# before a digit, so phone numbers like 85-2617 stay whole.
_WORDS = re.compile(r"\S+?(?:-(?=[^\s\d-])|\s+|$)")
_CONTROL = re.compile("[" + "".join(map(chr, BIDI_CONTROLS)) + "]")


def break_lines(text: str, width: float, measure: Measure) -> list[tuple[int, int]]:
    """Line spans of ``text`` in logical order: break at spaces and after hyphens inside words, words
    wider than a line by character.

    ``measure`` must add up (a text's width is the sum of its parts'), as kiosk.widgets' does.
    """
    if width <= 0 or not text:
        return [(0, len(text))]
    if _CONTROL.search(text) is None:
        width_of = measure
    else:
        def width_of(part: str) -> float:
            return measure(part.translate(BIDI_CONTROLS))
    if width_of(text.rstrip()) <= width:  # most titles: one line
        return [(0, len(text))]
    spans: list[tuple[int, int]] = []
    words = [(m.start(), m.end()) for m in _WORDS.finditer(text)] or [(0, len(text))]
    if words[0][0] > 0:
        words[0] = (0, words[0][1])
    line_start, line_width = words[0][0], 0.0
    for start, end in words:
        word = text[start:end]
        stripped = word.rstrip()
        word_width = width_of(stripped)
        if line_width and line_width + word_width > width:
            spans.append((line_start, start))
            line_start, line_width = start, 0.0
        if word_width > width:  # a single word wider than the line: break it between characters
            position = start
            while width_of(text[position:end].rstrip()) > width:
                cut = position + 1
                while cut < end and width_of(text[position : cut + 1]) <= width:
                    cut += 1
                spans.append((line_start, cut))
                line_start = position = cut
            line_width = width_of(text[position:end])
            continue
        line_width += word_width + (width_of(word[len(stripped):]) if len(stripped) < len(word) else 0)
    spans.append((line_start, len(text)))
    return spans



def layout(
    text: str, width: float | None, measure: Measure, default: str = "L", *, force: bool = False
) -> tuple[list[str], str]:
    """Visual lines for ``text`` (paragraphs split at newlines) and the first paragraph's direction.

    Each paragraph takes its direction from its first strong character, else ``default``;
    with ``force`` every paragraph takes ``default`` (the language of the text is known).
    """
    lines: list[str] = []
    first_direction = None
    for paragraph in text.split("\n"):
        shaped = shape(paragraph)
        direction = default if force else base_direction(shaped, default)
        first_direction = first_direction or direction
        if not has_rtl(shaped) and direction == "L":
            spans = break_lines(shaped, width or 0, measure)  # no width: one line per paragraph
            lines.extend(shaped[a:b].rstrip().translate(BIDI_CONTROLS) for a, b in spans)
            continue
        shaped = isolate_data(shaped)
        levels = embedding_levels(shaped, direction)
        base_level = 1 if direction == "R" else 0
        spans = break_lines(shaped, width or 0, measure)
        lines.extend(reorder_line(shaped[a:b], levels[a:b], base_level).strip() for a, b in spans)
    return lines, first_direction or default
