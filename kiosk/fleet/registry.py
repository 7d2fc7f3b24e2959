"""The fleet server's database (SQLite): each kiosk's latest state, recent beats, usage per day.

    kiosks    one row per kiosk: what its latest beat said, when it came (server clock), and
              the error messages of the last beat that reported errors
    beats     the last KEEP_BEATS beats of each kiosk, without usage (for looking back)
    usage     (kiosk, day, kind, key) -> count, replaced by each beat that has that day
    settings  the thresholds the server was started with, for `kiosk fleet --db`

WAL lets `kiosk fleet --db` and `kiosk stats --db` read while the server writes. One
connection, shared by the server's threads under a lock: beats are small and rare.
"""

from __future__ import annotations

import datetime
import json
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path

from kiosk.errors import FleetError
from kiosk.fleet.fleetfile import Thresholds
from kiosk.fleet.usage import TOTALS

SYNC_COLUMNS = ("sync_version", "sync_error", "sync_time", "last_ok_sync")
KEEP_BEATS = 2000  # per kiosk: a week at one beat every five minutes
SCHEMA = """
CREATE TABLE IF NOT EXISTS kiosks (
    kiosk_id TEXT PRIMARY KEY, grp TEXT, location TEXT, received_at REAL NOT NULL, sent_at TEXT,
    content_version INTEGER, sync_version INTEGER, sync_error TEXT, sync_time TEXT, last_ok_sync TEXT,
    uptime_s REAL, rss_bytes INTEGER, errors INTEGER, error_messages TEXT, software TEXT);
CREATE TABLE IF NOT EXISTS beats (
    id INTEGER PRIMARY KEY AUTOINCREMENT, kiosk_id TEXT NOT NULL, received_at REAL NOT NULL,
    errors INTEGER NOT NULL DEFAULT 0, beat TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS beats_by_kiosk ON beats (kiosk_id, id);
CREATE TABLE IF NOT EXISTS usage (
    kiosk_id TEXT NOT NULL, day TEXT NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL, count INTEGER NOT NULL,
    PRIMARY KEY (kiosk_id, day, kind, key));
CREATE TABLE IF NOT EXISTS settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def parse_time(text: str | None) -> datetime.datetime | None:
    """An ISO 8601 time as an aware datetime (naive ones are taken as UTC); None if unreadable."""
    if not text:
        return None
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)


def _later(*times: str | None) -> str | None:
    known = [(parse_time(text), text) for text in times if parse_time(text) is not None]
    return max(known)[1] if known else None


class Registry:
    """The database at ``path``; ``clock`` gives the server's time in seconds (tests inject one)."""

    def __init__(self, path: Path, clock: Callable[[], float] = time.time, create: bool = True,
                 keep_beats: int = KEEP_BEATS):  # fmt: skip
        self.path = Path(path)
        self.clock = clock
        self.keep_beats = keep_beats
        if not create and not self.path.is_file():
            raise FleetError(f"no fleet database here [{self.path}]")
        self._lock = threading.Lock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, check_same_thread=False, timeout=10)
            self._db.row_factory = sqlite3.Row
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            with self._db:
                self._db.executescript(SCHEMA)
        except (OSError, sqlite3.Error) as error:
            raise FleetError(f"cannot open the fleet database: {error} [{self.path}]") from None

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Registry:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def record(self, beat: dict, received_at: float | None = None) -> None:
        """Store a checked beat (kiosk.fleet.beat.check_beat): latest state, history, its usage days."""
        received_at = self.clock() if received_at is None else received_at
        kiosk_id = beat["kiosk_id"]
        errors = beat.get("errors") or {}
        history = {key: value for key, value in beat.items() if key != "usage"}
        with self._lock, self._db:
            before = self._db.execute("SELECT * FROM kiosks WHERE kiosk_id = ?", (kiosk_id,)).fetchone()
            sync = beat.get("sync")
            if sync is None and before is not None:  # a beat from the shell does not know; keep what we had
                sync_fields = tuple(before[name] for name in SYNC_COLUMNS)
            else:
                sync = sync or {}
                ok_now = sync.get("time") if sync.get("error") is None else None
                last_ok = _later(before["last_ok_sync"] if before else None, sync.get("ok_time"), ok_now)
                sync_fields = (sync.get("version"), sync.get("error"), sync.get("time"), last_ok)
            messages = errors.get("messages") or {}
            if not errors.get("count") and before is not None:  # keep the last errors seen, for the admin page
                messages = json.loads(before["error_messages"] or "{}")
            uptime_s, rss_bytes = beat.get("uptime_s"), beat.get("rss_bytes")
            if before is not None and uptime_s is None and rss_bytes is None:  # the shell does not know these either
                uptime_s, rss_bytes = before["uptime_s"], before["rss_bytes"]
            self._db.execute(
                "INSERT OR REPLACE INTO kiosks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (kiosk_id, beat.get("group", ""), beat.get("location", ""), received_at, beat.get("sent_at"),
                 beat.get("content_version"), *sync_fields, uptime_s, rss_bytes,
                 errors.get("count", 0), json.dumps(messages),
                 beat.get("software", "")))  # fmt: skip
            self._db.execute("INSERT INTO beats (kiosk_id, received_at, errors, beat) VALUES (?, ?, ?, ?)",
                             (kiosk_id, received_at, errors.get("count", 0), json.dumps(history)))  # fmt: skip
            self._db.execute("DELETE FROM beats WHERE kiosk_id = ? AND id <= (SELECT id FROM beats WHERE kiosk_id = ? "
                             "ORDER BY id DESC LIMIT 1 OFFSET ?)", (kiosk_id, kiosk_id, self.keep_beats))  # fmt: skip
            for day, counts in (beat.get("usage") or {}).items():
                self._db.execute("DELETE FROM usage WHERE kiosk_id = ? AND day = ?", (kiosk_id, day))
                self._db.executemany("INSERT INTO usage VALUES (?, ?, ?, ?, ?)",
                                     [(kiosk_id, day, kind, key, count) for kind, key, count in _flat(counts)
                                      if count > 0])  # fmt: skip

    def kiosks(self) -> list[dict]:
        """Every kiosk's latest state, with ``errors_24h``: errors its beats reported in the last day."""
        since = self.clock() - 24 * 3600
        with self._lock:
            rows = self._db.execute(
                "SELECT kiosks.*, (SELECT COALESCE(SUM(errors), 0) FROM beats WHERE beats.kiosk_id = kiosks.kiosk_id "
                "AND received_at >= ?) AS errors_24h FROM kiosks ORDER BY kiosk_id", (since,)).fetchall()  # fmt: skip
        kiosks = []
        for row in rows:
            kiosk = dict(row)
            kiosk["group"] = kiosk.pop("grp")
            kiosk["error_messages"] = json.loads(kiosk["error_messages"] or "{}")
            kiosks.append(kiosk)
        return kiosks

    def beat_count(self, kiosk_id: str) -> int:
        with self._lock:
            return self._db.execute("SELECT COUNT(*) FROM beats WHERE kiosk_id = ?", (kiosk_id,)).fetchone()[0]

    def usage(self, first: datetime.date | None = None, last: datetime.date | None = None) -> list[dict]:
        """Usage rows ``{kiosk_id, day, kind, key, count}`` from ``first`` to ``last`` (both included)."""
        query, arguments = "SELECT kiosk_id, day, kind, key, count FROM usage WHERE 1", []
        if first is not None:
            query, arguments = query + " AND day >= ?", [*arguments, first.isoformat()]
        if last is not None:
            query, arguments = query + " AND day <= ?", [*arguments, last.isoformat()]
        with self._lock:
            rows = self._db.execute(query + " ORDER BY kiosk_id, day, kind, key", arguments).fetchall()
        return [dict(row) for row in rows]

    def set_thresholds(self, thresholds: Thresholds) -> None:
        with self._lock, self._db:
            self._db.executemany("INSERT OR REPLACE INTO settings VALUES (?, ?)",
                                 [("stale_after_minutes", str(thresholds.stale_after_minutes)),
                                  ("unsynced_after_hours", str(thresholds.unsynced_after_hours))])  # fmt: skip

    def thresholds(self) -> Thresholds:
        """The thresholds the server last ran with (defaults if it never did)."""
        with self._lock:
            stored = dict(self._db.execute("SELECT name, value FROM settings").fetchall())
        defaults = Thresholds()
        return Thresholds(float(stored.get("stale_after_minutes", defaults.stale_after_minutes)),
                          float(stored.get("unsynced_after_hours", defaults.unsynced_after_hours)))  # fmt: skip


def _flat(counts: dict):
    for kind, value in counts.items():
        if kind in TOTALS:
            yield kind, "", value
        else:
            for key, number in value.items():
                yield kind, key, number
