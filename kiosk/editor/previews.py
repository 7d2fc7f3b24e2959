"""Previews of unpublished content: the kiosk's own screens (``kiosk preview`` in a child process) and phone pages.

A kiosk preview is rendered by the kiosk itself, so the office sees exactly what a kiosk will
show; it runs in a child process because Kivy owns its process (one window, one GL context) and
the editor imports no Kivy. Pictures are kept by the content's state and the request, so the
second look costs nothing; one preview renders at a time (two cores, and Xvfb per render).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import threading
from pathlib import Path

from kiosk.errors import EditorError

SIZES = {"portrait": (1080, 1920), "landscape": (1920, 1080)}
SCREENS = ("detail", "list")
TEXT_SIZES = ("normal", "large", "larger")
TIMEOUT = 120  # seconds for one render
KEEP = 200  # pictures kept in the cache

_LOCK = threading.Lock()


def kiosk_picture(cache: Path, content: Path, state: str, *, screen: str, offer_id: str, lang: str,
                  orientation: str, text_size: str = "normal",
                  command: tuple[str, ...] | None = None) -> Path:  # fmt: skip
    """A PNG of one kiosk screen for the content as it is now (``state`` names that content)."""
    if screen not in SCREENS or orientation not in SIZES or text_size not in TEXT_SIZES:
        raise EditorError(f"no such preview: {screen}, {orientation}, {text_size}")
    key = hashlib.sha256(repr((state, screen, offer_id, lang, orientation, text_size)).encode()).hexdigest()[:24]
    path = cache / f"{key}.png"
    if path.exists():
        return path
    width, height = SIZES[orientation]
    with _LOCK:
        if path.exists():
            return path
        cache.mkdir(parents=True, exist_ok=True)
        temp = cache / f".{key}.{os.getpid()}.png"
        args = [*(command or (sys.executable, "-m", "kiosk")), "preview", "--content", str(content),
                "--screen", screen, "--offer", offer_id, "--lang", lang, "--size", f"{width}x{height}",
                "--text-size", text_size, "--out", str(temp)]  # fmt: skip
        try:
            done = subprocess.run(args, capture_output=True, timeout=TIMEOUT, env={**os.environ, "KIVY_NO_ARGS": "1"})
        except subprocess.TimeoutExpired:
            raise EditorError(f"the kiosk preview took over {TIMEOUT} s") from None
        if done.returncode != 0 or not temp.exists():
            reason = done.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["no picture"]
            raise EditorError(f"the kiosk preview failed: {reason[0]}")
        os.replace(temp, path)
        _trim(cache)
    return path


def _trim(cache: Path) -> None:
    pictures = sorted(cache.glob("*.png"), key=lambda p: p.stat().st_mtime)
    for old in pictures[:-KEEP]:
        old.unlink(missing_ok=True)


def content_state(stamps: dict) -> str:
    """A name for the content as it is now: every file's time and size."""
    return hashlib.sha256(repr(sorted(stamps.items())).encode()).hexdigest()[:16]
