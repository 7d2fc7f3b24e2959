"""The kiosk's background sync: polls on a thread, never on the UI thread. Imports no Kivy."""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable
from pathlib import Path

from kiosk.content import Catalog, load_catalog
from kiosk.feed.sync import Sync, SyncResult

log = logging.getLogger("kiosk.feed")
MAX_BACKOFF = 15 * 60.0


class SyncWorker:
    """Polls the feed every ``interval`` seconds (±20 % jitter, doubled after each failure).

    ``on_result(result)`` is called after every sync, ``on_catalog(catalog)`` with the new
    content when a new version was installed, both from the worker thread: the UI side hands
    them to its own thread (Clock.schedule_once).
    """

    def __init__(self, sync: Sync, interval: float, on_result: Callable[[SyncResult], None],
                 on_catalog: Callable[[Catalog], None], rng: random.Random | None = None):  # fmt: skip
        self.sync = sync
        self.interval = interval
        self.on_result = on_result
        self.on_catalog = on_catalog
        self.rng = rng or random.Random()
        self.failures = 0
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="feed-sync", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout)

    def sync_now(self) -> None:
        self._wake.set()

    def next_delay(self) -> float:
        base = min(self.interval * (2 ** self.failures), MAX_BACKOFF)
        return base * self.rng.uniform(0.8, 1.2)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.run_once()
            self._wake.wait(self.next_delay())
            self._wake.clear()

    def run_once(self) -> SyncResult:
        before = self.sync.store.current_version()
        try:
            result = self.sync.run_once()
        except Exception as error:  # noqa: BLE001 - the worker must survive anything and report it
            log.exception("sync crashed")
            result = SyncResult(before, 0, 0, 0, f"sync crashed: {error}")
        self.failures = self.failures + 1 if result.error else 0
        self.on_result(result)
        if result.error is None and result.version != before:
            current = self.sync.store.current()
            if current is not None:
                catalog, _problems = load_catalog(Path(current))  # verified already; read off the UI thread
                self.on_catalog(catalog)
        return result
