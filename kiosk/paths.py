"""Where the kiosk finds its bundled files."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "assets"
FONTS = ASSETS / "fonts"
ICONS = ASSETS / "icons"
CONTENT = ROOT / "content"
CONFIG = ROOT / "config"
SCREENS = Path(__file__).resolve().parent / "screens"
