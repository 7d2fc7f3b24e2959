"""A visitor's session: idle time, the "still there?" countdown, the reset. Imports no Kivy."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Session:
    """Tracks the last touch; ``state()`` says whether to carry on, ask, or start over.

    ``now`` is injectable so tests move time instead of waiting for it.
    """

    idle_seconds: float = 60.0
    countdown_seconds: float = 20.0
    now: Callable[[], float] = time.monotonic

    def __post_init__(self) -> None:
        self.last_touch = self.now()

    def touched(self) -> None:
        self.last_touch = self.now()

    def idle(self) -> float:
        return self.now() - self.last_touch

    def state(self) -> tuple[str, float]:
        """("active", 0), ("asking", seconds left) or ("expired", 0)."""
        idle = self.idle()
        if idle < self.idle_seconds:
            return "active", 0.0
        left = self.idle_seconds + self.countdown_seconds - idle
        return ("asking", left) if left > 0 else ("expired", 0.0)
