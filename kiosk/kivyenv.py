"""Prepare Kivy before its first import: window size, logging, input, no escape key.

Everything here must run before ``kivy.core.window`` is imported, so callers import this
module first and call ``prepare`` once.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def prepare(width: int, height: int, *, fullscreen: bool = False, quiet: bool = False) -> None:
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    # SDL would turn SIGTERM into a window close request, which the kiosk refuses; the runner
    # handles SIGTERM itself (systemctl stop), so SDL keeps its hands off signals.
    os.environ.setdefault("SDL_NO_SIGNAL_HANDLERS", "1")
    os.environ.setdefault("KIVY_NO_FILELOG", "1")
    # Kivy would otherwise redirect sys.stderr into its logger and swallow our own messages.
    os.environ.setdefault("KIVY_LOG_MODE", "MIXED")
    # Kivy writes a config.ini into KIVY_HOME; keep the user's own ~/.kivy out of the kiosk.
    home = Path(tempfile.gettempdir()) / f"kiosk-kivy-{os.getuid()}"
    os.environ.setdefault("KIVY_HOME", str(home))
    if quiet:
        os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
    from kivy.config import Config

    Config.set("graphics", "width", str(width))
    Config.set("graphics", "height", str(height))
    Config.set("graphics", "resizable", "0")
    Config.set("graphics", "fullscreen", "auto" if fullscreen else "0")
    Config.set("graphics", "borderless", "1" if fullscreen else "0")
    Config.set("graphics", "show_cursor", "0" if fullscreen else "1")
    Config.set("kivy", "exit_on_escape", "0")
    Config.set("kivy", "pause_on_minimize", "0")
    # No inspector, console, monitor, recorder or keybinding module, whatever a config.ini says.
    for name in list(Config.options("modules")):
        Config.remove_option("modules", name)
    Config.set("kivy", "keyboard_mode", "system")
    # One input source only: with both mouse and a kernel touch provider a touch counts twice.
    for name in list(Config.options("input")):
        Config.remove_option("input", name)
    Config.set("input", "mouse", "mouse,disable_multitouch")
