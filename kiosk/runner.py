"""``kiosk run``: the kiosk full screen on the real display."""

from __future__ import annotations

import os
import signal
import sys

from kiosk import display
from kiosk.config import load_config
from kiosk.content.cache import load_cached

NO_DISPLAY_EXIT = 3


def run(args) -> int:
    if not display.has_display():
        print(display.NO_DISPLAY_HINT, file=sys.stderr)
        return NO_DISPLAY_EXIT
    config = load_config(args.config)
    catalog, problems = load_cached(args.content or content_dir(config), config.feed.data / "cache")
    for problem in problems:
        print(f"kiosk: skipped: {problem}", file=sys.stderr)
    fullscreen = config.fullscreen and not args.windowed
    from kiosk import kivyenv

    kivyenv.prepare(config.screen.width_px, config.screen.height_px, fullscreen=fullscreen)
    from kiosk.app import KioskApp

    app = KioskApp(catalog, config)
    from kivy.clock import Clock

    # systemctl stop: leave at the next frame, never in the middle of whatever the UI thread is doing
    signal.signal(signal.SIGTERM, lambda _signum, _frame: Clock.schedule_once(lambda _dt: app.leave_app()))
    app.run()
    if app.restart_requested:
        restart()
    return 0


def restart() -> None:
    """The admin panel's "restart the app": the same command again, in the same process slot."""
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(sys.executable, [sys.executable, "-m", "kiosk", *sys.argv[1:]])


def content_dir(config):
    """The last verified feed version, or the content the kiosk was installed with."""
    from kiosk.feed.store import Store

    return Store(config.feed.data).current() or config.content
