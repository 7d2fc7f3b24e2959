"""The kiosk's background sync: polls on a thread, never on the UI thread. Imports no Kivy."""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from pathlib import Path

from kiosk.content import Catalog
from kiosk.content.cache import load_cached
from kiosk.feed.sync import Sync, SyncResult
from kiosk.poller import MAX_BACKOFF, Poller

__all__ = ["MAX_BACKOFF", "SyncWorker"]
log = logging.getLogger("kiosk.feed")


class SyncWorker(Poller):
    """Polls the feed every ``interval`` seconds (±20 % jitter, doubled after each failure).

    ``on_result(result)`` is called after every sync, ``on_catalog(catalog)`` with the new
    content when a new version was installed, both from the worker thread: the UI side hands
    them to its own thread (Clock.schedule_once).
    """

    def __init__(self, sync: Sync, interval: float, on_result: Callable[[SyncResult], None],
                 on_catalog: Callable[[Catalog], None], rng: random.Random | None = None):  # fmt: skip
        super().__init__(interval, "feed-sync", rng)
        self.sync = sync
        self.on_result = on_result
        self.on_catalog = on_catalog

    def sync_now(self) -> None:
        self.wake()

    def run_once(self) -> SyncResult:
        before = self.sync.store.current_version()
        try:
            result = self.sync.run_once()
        except Exception as error:  # noqa: BLE001 - the worker must survive anything and report it
            log.exception("sync crashed")
            result = SyncResult(before, 0, 0, 0, f"sync crashed: {error}")
        self.failed(result.error is not None)
        self.on_result(result)
        if result.error is None and result.version != before:
            current = self.sync.store.current()
            if current is not None:
                # verified already; read off the UI thread, and cached for the next start
                catalog, _problems = load_cached(Path(current), self.sync.store.root / "cache")
                self.on_catalog(catalog)
        return result
