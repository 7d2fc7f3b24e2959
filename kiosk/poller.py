"""A background loop for the kiosk's periodic work (sync, heartbeat). Imports no Kivy.

Runs ``run_once`` on a daemon thread every ``interval`` seconds with ±20 % jitter (so a fleet
of kiosks does not poll in step), doubling the wait after each failure up to 15 minutes.
"""

from __future__ import annotations

import random
import threading

MAX_BACKOFF = 15 * 60.0


class Poller:
    def __init__(self, interval: float, name: str, rng: random.Random | None = None):
        self.interval = interval
        self.rng = rng or random.Random()
        self.failures = 0
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def run_once(self):
        raise NotImplementedError

    def finish(self) -> None:
        """Called on the thread after the last round, before it ends."""

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def wake(self) -> None:
        """Run the next round now instead of after the delay."""
        self._wake.set()

    def failed(self, failure: bool) -> None:
        self.failures = self.failures + 1 if failure else 0

    def next_delay(self) -> float:
        base = min(self.interval * (2 ** self.failures), MAX_BACKOFF)
        return base * self.rng.uniform(0.8, 1.2)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.run_once()
            self._wake.wait(self.next_delay())
            self._wake.clear()
        self.finish()
