"""Finding a display: the real one, or a virtual one (Xvfb) for previews. Imports no Kivy."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

from kiosk.errors import DisplayError

NO_DISPLAY_HINT = (
    "No display found: the kiosk needs a screen. To see it without one, render screenshots, "
    "e.g. `kiosk preview --screen home --out home.png`."
)


def has_display() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


@contextmanager
def virtual_display(width: int = 1920, height: int = 1920) -> Iterator[str]:
    """Start Xvfb on a free display number and yield it, e.g. ':99'."""
    xvfb = shutil.which("Xvfb")
    if not xvfb:
        raise DisplayError("Xvfb is not installed; run `make setup` (Debian package xvfb)")
    read_fd, write_fd = os.pipe()
    with tempfile.TemporaryDirectory(prefix="kiosk-xvfb-") as home:
        process = subprocess.Popen(
            [xvfb, "-displayfd", str(write_fd), "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp"],
            pass_fds=(write_fd,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=home,
        )
        os.close(write_fd)
        try:
            with os.fdopen(read_fd) as pipe:
                number = pipe.readline().strip()
            if not number:
                raise DisplayError("Xvfb did not start")
            yield f":{number}"
        finally:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
