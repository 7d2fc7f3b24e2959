"""Lockdown: full screen without decorations or cursor, no way out but the admin panel."""

from __future__ import annotations

import json
import subprocess
import sys

from kiosk import harness

PROBE = """
import json, os, sys
home = sys.argv[1]
os.environ["KIVY_HOME"] = home
os.makedirs(home, exist_ok=True)
# a config.ini someone edited on the kiosk: inspector, console and recorder would load
open(os.path.join(home, "config.ini"), "w").write(
    "[modules]\\ninspector =\\nconsole =\\nrecorder =\\n[input]\\nmtdev_%(name)s = probesysfs,provider=mtdev\\n")
from kiosk import kivyenv
kivyenv.prepare(1080, 1920, fullscreen=True, quiet=True)
from kivy.config import Config
print(json.dumps({
    "fullscreen": Config.get("graphics", "fullscreen"),
    "borderless": Config.get("graphics", "borderless"),
    "show_cursor": Config.get("graphics", "show_cursor"),
    "exit_on_escape": Config.get("kivy", "exit_on_escape"),
    "modules": Config.options("modules"),
    "input": {name: Config.get("input", name) for name in Config.options("input")},
}))
"""


def test_full_screen_settings_survive_an_edited_config_ini(tmp_path):
    result = subprocess.run([sys.executable, "-c", PROBE, str(tmp_path / "kivy")], capture_output=True,
                            text=True, check=True)  # fmt: skip
    settings = json.loads(result.stdout.strip().splitlines()[-1])
    assert settings["fullscreen"] == "auto" and settings["borderless"] == "1"
    assert settings["show_cursor"] == "0" and settings["exit_on_escape"] == "0"
    assert settings["modules"] == []  # no inspector, console, recorder
    # exactly one input provider: a touch screen is not counted twice, no multi-touch emulation
    assert settings["input"] == {"mouse": "mouse,disable_multitouch"}


def test_escape_and_close_requests_are_refused(app):
    from kivy.base import EventLoop
    from kivy.core.window import Window

    harness.tap_at(540, 960)
    assert Window.dispatch("on_request_close") is True  # Alt-F4 / window manager close: refused
    Window.dispatch("on_keyboard", 27, 9, None, [])  # Escape
    Window.dispatch("on_keyboard", 285, 0, None, ["alt"])  # Alt-F4 as a key
    harness.pump(3)
    assert not EventLoop.quit and app.manager.current == "home"


def test_the_settings_panel_and_f1_stay_closed(app):
    from kivy.core.window import Window
    from kivy.uix.settings import Settings

    Window.dispatch("on_keyboard", 282, 58, None, [])  # F1 opens Kivy's settings in a normal app
    harness.pump(3)
    assert app.open_settings() is False
    assert not any(isinstance(widget, Settings) for root in Window.children for widget in root.walk())
