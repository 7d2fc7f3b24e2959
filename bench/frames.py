"""Frames of the kiosk in this process, timed: the UI thread's work from a touch to a settled screen.

Used by bench.transitions and bench.soak. Kivy's clock normally sleeps to hold 60 frames per
second; here ``maxfps`` is 0, so ``EventLoop.idle()`` never sleeps and the time around it is
work: the clock's events and triggers, input dispatch, kv rules, layout, text rendering into
textures, and drawing (``on_draw`` and the buffer swap, which with llvmpipe is CPU work too).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from kiosk import harness


@dataclass
class Timing:
    """Work for one touch until the screen settled, and two parts of it, in seconds.

    ``draw_seconds`` is Window.on_draw: walking the canvas and issuing GL commands.
    ``swap_seconds`` is the buffer swap: with llvmpipe (software OpenGL) the whole frame is
    rasterised there on the CPU; a GPU does that part beside the UI thread.
    """

    seconds: float = 0.0
    draw_seconds: float = 0.0
    swap_seconds: float = 0.0
    frames: int = 0

    @property
    def without_swap(self) -> float:
        return self.seconds - self.swap_seconds

    @property
    def without_drawing(self) -> float:
        """Touch dispatch, clock events, kv rules, layout and text rendering: no GL at all."""
        return self.seconds - self.swap_seconds - self.draw_seconds


class FrameClock:
    """Runs frames without sleeping and times each one, and the drawing inside it."""

    def __init__(self):
        from kivy.base import EventLoop
        from kivy.clock import Clock
        from kivy.core.window import Window

        self.event_loop, self.window = EventLoop, Window
        Clock._max_fps = 0  # no sleeping between frames: everything timed is work
        self._draw = self._swap = 0.0
        self._draw_started = time.perf_counter()
        Window.fbind("on_draw", self._on_draw)  # bound handlers run before Window's own on_draw
        original = Window.flip

        def flip() -> None:
            started = time.perf_counter()
            self._draw += started - self._draw_started  # on_draw ran until the flip
            original()
            self._swap += time.perf_counter() - started

        Window.flip = flip  # Window.on_flip calls self.flip(), so the instance attribute is used

    def _on_draw(self, *_args) -> None:
        self._draw_started = time.perf_counter()

    def frame(self, timing: Timing) -> None:
        self._draw = self._swap = 0.0
        started = time.perf_counter()
        self.event_loop.idle()
        timing.seconds += time.perf_counter() - started
        timing.draw_seconds += self._draw
        timing.swap_seconds += self._swap
        timing.frames += 1

    def redraw(self, times: int = 10) -> float:
        """Median seconds to draw and swap the screen as it is, nothing changed: a baseline."""
        samples = []
        for _ in range(times):
            self.window.canvas.ask_update()
            timing = Timing()
            self.frame(timing)
            samples.append(timing.seconds)
        return percentile(samples, 0.5)

    def tap_at(self, x: float, y: float, max_frames: int = 60) -> Timing:
        """A real touch (down, one frame, up), then frames until the layout stops changing.

        Counted: the dispatch of touch down and up and every frame up to and including the first
        one after which the layout signature (position, size and texture size of every widget)
        is the same as before it. Not counted: computing that signature.
        """
        from kiosk.touch import Touch

        timing = Timing()
        touch = Touch(x, y)
        started = time.perf_counter()
        touch.down()
        timing.seconds += time.perf_counter() - started
        self.frame(timing)
        started = time.perf_counter()
        touch.up()
        timing.seconds += time.perf_counter() - started
        self.settle(timing, max_frames)
        return timing

    def settle(self, timing: Timing | None = None, max_frames: int = 60) -> Timing:
        """Frames until the layout signature is the same after a frame as before it."""
        timing = timing or Timing()
        previous = harness._layout_signature(self.window)
        for _ in range(max_frames):
            self.frame(timing)
            current = harness._layout_signature(self.window)
            if current == previous:
                break
            previous = current
        return timing

    def think(self, seconds: float, frame_seconds: float = 1 / 60) -> list[float]:
        """A visitor's pause: frames at 60 per second for ``seconds``; the work of each frame (s).

        What the kiosk prepares between taps (kiosk.idle) runs in these frames, so their work is
        reported too, without GL drawing as the taps' ``without_drawing``: a frame over its budget
        would show here as a stutter.
        """
        works = []
        end = time.perf_counter() + seconds
        while True:
            started = time.perf_counter()
            if started >= end:
                return works
            self._draw = self._swap = 0.0
            self.event_loop.idle()
            finished = time.perf_counter()
            works.append(finished - started - self._draw - self._swap)  # like Timing.without_drawing
            time.sleep(max(0.0, frame_seconds - (finished - started)))

    def frame_only(self) -> None:
        """One frame, not timed."""
        self.event_loop.idle()

    def tap(self, widget, max_frames: int = 60) -> Timing:
        x, y = widget.to_window(*widget.center)
        return self.tap_at(x, y, max_frames)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def summary_ms(values: list[float]) -> dict:
    """p50, p95 and max of durations given in seconds, in milliseconds."""
    if not values:
        return {"count": 0}
    return {"count": len(values), "p50": round(percentile(values, 0.5) * 1000, 2),
            "p95": round(percentile(values, 0.95) * 1000, 2), "max": round(max(values) * 1000, 2)}  # fmt: skip
