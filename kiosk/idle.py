"""Work done in the frames between touches, a few milliseconds per frame.

A visitor needs a moment between two taps (to read, to reach). What the next tap will need
(the heights of every list's rows in the language just chosen, the QR codes of the offers in
view) is prepared then, in small steps, so the tap itself only shows it. Each job is a
generator; one step is one ``next()``; a frame runs steps until its budget is spent. A new job
under the same name replaces the old one (the language changed again: the old work is moot).
A step that yields ``FRAME`` ends its frame's work: what it changed is laid out by Kivy's clock
before the job goes on (a label's texture exists only after the frame).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator

from kivy.clock import Clock

BUDGET_SECONDS = 0.008  # of a 16.7 ms frame: a frame between taps has little else to do
FRAME = object()  # yielded by a step: the rest of the job waits for the next frame
QUIET_FRAMES = 4  # frames after a touch before preparing again: the screen the touch opened comes first
log = logging.getLogger(__name__)


class IdleQueue:
    def __init__(self, budget: float = BUDGET_SECONDS, clock=time.perf_counter, quiet_frames: int = QUIET_FRAMES):
        self.budget, self._clock, self.quiet_frames = budget, clock, quiet_frames
        self._quiet = quiet_frames
        self._jobs: dict[str, Iterator] = {}
        self._event = None

    def put(self, name: str, job: Iterator) -> None:
        self._jobs.pop(name, None)
        self._jobs[name] = job
        if self._event is None:
            self._event = Clock.schedule_interval(self._run, 0)

    def touched(self, *_args) -> None:
        """A touch went down or up: wait until the screen it changed is drawn."""
        self._quiet = 0

    @property
    def pending(self) -> list[str]:
        return list(self._jobs)

    def _run(self, _dt=None) -> bool:
        if self._quiet < self.quiet_frames:
            self._quiet += 1
            return True
        deadline = self._clock() + self.budget
        while self._jobs and self._clock() < deadline:
            name = next(iter(self._jobs))
            job = self._jobs[name]
            try:
                if next(job) is FRAME:
                    break
            except StopIteration:
                self._drop(name, job)
            except Exception:  # noqa: BLE001 - preparing is optional; the tap does the work itself then
                log.warning("idle job %s failed", name, exc_info=True)
                self._drop(name, job)
        if not self._jobs:
            self._event = None
            return False  # unscheduled until the next job
        return True

    def _drop(self, name: str, job: Iterator) -> None:
        if self._jobs.get(name) is job:
            del self._jobs[name]
