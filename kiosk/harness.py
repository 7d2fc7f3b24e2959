"""Drive the kiosk in this process without a main loop: for previews, tests and benchmarks.

Kivy allows one window per process, so ``launch`` is called once; later calls reuse it.
"""

from __future__ import annotations

from pathlib import Path

from kiosk import kivyenv
from kiosk.config import KioskConfig
from kiosk.content import Catalog

_app = None


def launch(catalog: Catalog, config: KioskConfig, size: tuple[int, int], *, quiet: bool = True):
    """Create the window (once) and the kiosk app on it; returns the running app."""
    global _app
    if _app is None:
        kivyenv.prepare(*size, fullscreen=False, quiet=quiet)
    from kivy.base import EventLoop
    from kivy.core.window import Window

    from kiosk.app import KioskApp

    if _app is not None and _app.root is not None:
        Window.remove_widget(_app.root)
        Window.unbind(size=_app._on_window_size)
    Window.size = size
    app = KioskApp(catalog, config)
    app._run_prepare()
    EventLoop.ensure_window()
    _app = app
    pump()
    return app


def pump(frames: int = 3) -> None:
    """Let Kivy run ``frames`` frames: clock events, layout, drawing."""
    from kivy.base import EventLoop

    for _ in range(frames):
        EventLoop.idle()


def pump_for(seconds: float) -> None:
    """Run frames for ``seconds`` of real time, so interval events on Kivy's clock get their turn.

    The last frame starts after the deadline, so an interval shorter than ``seconds`` has come due
    even when one slow frame (a loaded machine) took all of the time.
    """
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        pump(1)
    pump(1)


def pump_until(done, seconds: float = 30.0) -> bool:
    """Run frames until ``done()`` is true or ``seconds`` have passed; whether it came true."""
    import time

    deadline = time.monotonic() + seconds
    while not done() and time.monotonic() < deadline:
        pump(1)
    return bool(done())


def settle(max_frames: int = 30) -> None:
    """Run frames until layout has stopped changing (texture sizes feed back into heights)."""
    from kivy.core.window import Window

    previous = None
    for _ in range(max_frames):
        pump(1)
        current = _layout_signature(Window)
        if current == previous:
            break
        previous = current


def _layout_signature(window) -> tuple:
    return tuple(
        (type(w).__name__, tuple(w.pos), tuple(w.size), getattr(w, "texture_size", None))
        for root in window.children
        for w in root.walk(restrict=True)
    )


def tap(widget) -> None:
    """A real touch at the centre of ``widget``, through Kivy's input pipeline."""
    x, y = widget.to_window(*widget.center)
    tap_at(x, y)


def tap_at(x: float, y: float) -> None:
    from kiosk.touch import Touch

    touch = Touch(x, y)
    touch.down()
    pump(1)
    touch.up()
    settle()


def screenshot(path: Path) -> None:
    """Save exactly what the window shows to a PNG."""
    from kivy.core.window import Window
    from kivy.graphics.opengl import GL_RGBA, GL_UNSIGNED_BYTE, glReadPixels
    from PIL import Image

    Window.dispatch("on_draw")
    width, height = Window.size
    pixels = glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE)
    image = Image.frombytes("RGBA", (width, height), pixels).transpose(Image.Transpose.FLIP_TOP_BOTTOM)
    image.convert("RGB").save(path)


def visible_texts(root, rtl: bool = False) -> list[dict]:
    from kiosk.reading import visible_texts as texts

    return texts(root, rtl)


def _visible_widgets(widget, window, clip=None):
    from kiosk.reading import _visible_widgets as widgets

    return widgets(widget, window, clip)
