"""A finger on the screen for previews, benchmarks and tests: a real touch through Kivy's input pipeline.

Kivy ships one as ``kivy.tests.common.UnitTestTouch``, but that module imports pytest, which a
kiosk (``make setup``) does not have: ``kiosk preview`` and the benchmarks use this one instead.
"""

from __future__ import annotations

from kivy.base import EventLoop
from kivy.input.motionevent import MotionEvent


class Touch(MotionEvent):
    """One touch at window position (x, y): ``down()``, ``move_to(x, y)``, ``up()``."""

    def __init__(self, x: float, y: float):
        super().__init__("Touch", 99, self._args(x, y), is_touch=True, type_id="touch")
        self.profile = ["pos"]

    @staticmethod
    def _args(x: float, y: float) -> dict:
        window = EventLoop.window
        return {"x": x / (window.width - 1.0), "y": y / (window.height - 1.0)}

    def depack(self, args: dict) -> None:
        self.sx, self.sy = args["x"], args["y"]
        super().depack(args)

    def down(self) -> None:
        EventLoop.post_dispatch_input("begin", self)

    def move_to(self, x: float, y: float) -> None:
        self.move(self._args(x, y))
        EventLoop.post_dispatch_input("update", self)

    def up(self) -> None:
        EventLoop.post_dispatch_input("end", self)
