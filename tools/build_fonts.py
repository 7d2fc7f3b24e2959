"""Build the kiosk's fonts: Noto Sans merged with Noto Sans Arabic UI, regular and bold.

Kivy draws a label with one font, and Arabic and Persian lines carry Latin words, digits and
e-mail addresses, so one font must cover Latin, Cyrillic and Arabic (with its presentation
forms, which the shaper in kiosk/bidi.py produces). Run by `make fonts` from Debian's
fonts-noto-core; the results are committed in assets/fonts/ with the OFL licence.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools.merge import Merger

NOTO = Path("/usr/share/fonts/truetype/noto")
OUT = Path(__file__).resolve().parent.parent / "assets" / "fonts"
FAMILY = "Infopoint Sans"


def build(style: str) -> Path:
    sources = [NOTO / f"NotoSans-{style}.ttf", NOTO / f"NotoSansArabicUI-{style}.ttf"]
    for source in sources:
        if not source.exists():
            sys.exit(f"missing {source}: apt-get install fonts-noto-core")
    font = Merger().merge([str(source) for source in sources])
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 4, 6, 16, 17):
            names.removeNames(nameID=record.nameID)
    names.setName(FAMILY, 1, 3, 1, 0x409)
    names.setName(f"{FAMILY} {style}", 4, 3, 1, 0x409)
    names.setName(f"InfopointSans-{style}", 6, 3, 1, 0x409)
    target = OUT / f"InfopointSans-{style}.ttf"
    font.save(target)
    return target


if __name__ == "__main__":
    for style in ("Regular", "Bold"):
        print(build(style))
