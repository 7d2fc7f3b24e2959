"""A display for benchmarks: the one in DISPLAY, or a virtual one (Xvfb) started for the run."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from kiosk import display


@contextmanager
def ensure_display(width: int = 1920, height: int = 1920) -> Iterator[str]:
    """Yield the display to use; starts Xvfb (software rendering) when none is set."""
    if display.has_display():
        yield os.environ.get("DISPLAY", "")
        return
    with display.virtual_display(width, height) as name:
        os.environ["DISPLAY"] = name
        try:
            yield name
        finally:
            del os.environ["DISPLAY"]
