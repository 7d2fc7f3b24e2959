"""Usage figures: how often visitors did what, counted per day. Imports no Kivy.

Only counts per day are kept: no time finer than the day, no search texts, nothing that
could say who a visitor was. ``count`` runs on the UI thread and only touches memory;
``save`` writes the file and runs on the heartbeat thread.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger("kiosk.fleet")

KINDS = ("sessions", "languages", "categories", "offers", "qr", "no_result")
TOTALS = ("sessions", "no_result")  # counted without a key
MAX_KEY = 200  # ids are short; anything longer is not an id


class Usage:
    """Counts per day, kept for ``keep_days`` days and saved as JSON at ``path`` (None: memory only)."""

    def __init__(self, path: Path | None, today: Callable[[], datetime.date] = datetime.date.today,
                 keep_days: int = 35):  # fmt: skip
        self.path = Path(path) if path is not None else None
        self.today = today
        self.keep_days = keep_days
        self._lock = threading.Lock()
        self._save_lock = threading.Lock()
        self._days: dict[str, dict] = self._load()
        self._prune()

    def count(self, kind: str, key: str = "") -> None:
        """Count one event of ``kind`` today; ``key`` is the language, category, offer or QR id."""
        if kind not in KINDS:
            raise ValueError(f"unknown usage kind {kind!r}; one of {', '.join(KINDS)}")
        if kind in TOTALS:
            if key:
                raise ValueError(f"{kind} are counted without a key, not {key!r}")
        elif not key or not isinstance(key, str) or len(key) > MAX_KEY:
            raise ValueError(f"{kind} need an id as key, not {key!r}")
        day = self.today().isoformat()
        with self._lock:
            counts = self._days.get(day)
            if counts is None:
                counts = self._days[day] = _empty_day()
                self._prune()
            if kind in TOTALS:
                counts[kind] += 1
            else:
                counts[kind][key] = counts[kind].get(key, 0) + 1

    def days(self) -> dict[str, dict]:
        """A copy of all kept days: ``{"2026-11-25": {"sessions": 3, "languages": {"ar": 2}, ...}}``."""
        with self._lock:
            self._prune()
            return {day: {kind: (dict(value) if isinstance(value, dict) else value) for kind, value in counts.items()}
                    for day, counts in sorted(self._days.items())}  # fmt: skip

    def save(self) -> None:
        """Write all kept days to ``path`` atomically (a temporary file, then rename). Raises OSError."""
        if self.path is None:
            return
        with self._save_lock:  # one saver at a time, so an older snapshot never overwrites a newer one
            text = json.dumps({"days": self.days()}, ensure_ascii=False, sort_keys=True)
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
            with open(temporary, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, self.path)

    def _prune(self) -> None:
        oldest = (self.today() - datetime.timedelta(days=self.keep_days - 1)).isoformat()
        for day in [day for day in self._days if day < oldest]:
            del self._days[day]

    def _load(self) -> dict[str, dict]:
        if self.path is None or not self.path.exists():
            return {}
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            return {day: _checked_day(day, counts) for day, counts in raw["days"].items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
            # Counts are nice to have; a kiosk must start anyway. Keep the bad file for a look.
            log.warning("usage file unreadable, starting fresh: %s [%s]", error, self.path)
            with contextlib.suppress(OSError):
                os.replace(self.path, self.path.with_name(self.path.name + ".corrupt"))
            return {}


def _empty_day() -> dict:
    return {kind: (0 if kind in TOTALS else {}) for kind in KINDS}


def _checked_day(day: str, counts: dict) -> dict:
    datetime.date.fromisoformat(day)
    checked = _empty_day()
    for kind, value in counts.items():
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r} on {day}")
        if kind in TOTALS:
            checked[kind] = _count(value)
        else:
            checked[kind] = {str(key): _count(number) for key, number in value.items()}
    return checked


def _count(value) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"not a count: {value!r}")
    return value
