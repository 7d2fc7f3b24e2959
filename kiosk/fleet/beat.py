"""What one heartbeat says about a kiosk, and the check the fleet server applies to it.

A beat is one JSON object::

    {"kiosk_id": "rathaus-1", "group": "rathaus", "location": "Rathaus, Foyer",
     "content_version": 42, "sync": {"version": 42, "error": null, "time": "...", "ok_time": "..."},
     "uptime_s": 86400.0, "rss_bytes": 183500800,
     "errors": {"count": 2, "messages": {"sync crashed: ...": 2}},
     "usage": {"2026-11-25": {"sessions": 3, "languages": {"ar": 2}, ...}},
     "sent_at": "2026-11-25T10:00:00+00:00", "software": "0.1.0"}

``usage`` holds every day the kiosk still keeps, each time: the server replaces what it has
for (kiosk, day), so a beat whose reply got lost can be sent again without counting twice.
Imports no Kivy.
"""

from __future__ import annotations

import datetime
import logging
import os
import re
import threading
import time

from kiosk import __version__
from kiosk.feed.store import Store
from kiosk.fleet.usage import KINDS, TOTALS

MAX_MESSAGES = 20  # distinct error messages per beat
MAX_MESSAGE = 300  # characters of each
MAX_DAYS = 400
KIOSK_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_STARTED = time.monotonic()


def utc_now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")


class ErrorCounter(logging.Handler):
    """Counts ERROR and worse log records with the first line of their message, until taken."""

    def __init__(self, level: int = logging.ERROR):
        super().__init__(level)
        self._counts_lock = threading.Lock()
        self._count = 0
        self._messages: dict[str, int] = {}

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a bad log call must not break logging
            message = str(record.msg)
        first_line = (message.splitlines() or [""])[0][:MAX_MESSAGE]
        with self._counts_lock:
            self._count += 1
            if first_line in self._messages or len(self._messages) < MAX_MESSAGES:
                self._messages[first_line] = self._messages.get(first_line, 0) + 1

    def take(self) -> dict:
        """The errors since the last take: ``{"count": n, "messages": {first line: n}}``; starts over."""
        with self._counts_lock:
            taken = {"count": self._count, "messages": self._messages}
            self._count, self._messages = 0, {}
        return taken

    def give_back(self, taken: dict) -> None:
        """Put errors back that could not be sent, so the next beat reports them."""
        with self._counts_lock:
            self._count += taken["count"]
            for message, number in taken["messages"].items():
                if message in self._messages or len(self._messages) < MAX_MESSAGES:
                    self._messages[message] = self._messages.get(message, 0) + number


class LastSync:
    """The last sync result with its time and the time of the last good one; thread-safe.

    Call ``record(result)`` with every ``SyncResult`` (from the sync worker's thread is fine);
    the instance itself is the ``last_sync`` callable a HeartbeatWorker wants.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last: dict | None = None
        self._ok_time: str | None = None

    def record(self, result, at: str | None = None) -> None:
        at = at or utc_now()
        with self._lock:
            if result.error is None:
                self._ok_time = at
            self._last = {"version": result.version, "error": result.error, "time": at, "ok_time": self._ok_time}

    def __call__(self) -> dict:
        with self._lock:
            return dict(self._last) if self._last else {}


def resident_memory() -> int | None:
    """This process's resident memory in bytes (VmRSS in /proc/self/status), None where there is none."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def uptime() -> float:
    """Seconds since this process started (from /proc; else since this module was imported)."""
    try:
        with open("/proc/self/stat", encoding="ascii") as stat:
            start_ticks = int(stat.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime", encoding="ascii") as system:
            system_uptime = float(system.read().split()[0])
        return round(max(0.0, system_uptime - start_ticks / os.sysconf("SC_CLK_TCK")), 1)
    except (OSError, ValueError, IndexError):
        return round(time.monotonic() - _STARTED, 1)


def content_version(config) -> int | None:
    """The feed version the kiosk shows, None when it shows the content it was installed with."""
    return Store(config.feed.data).current_version()


def build_beat(config, usage=None, last_sync: dict | None = None, errors: dict | None = None,
               in_app: bool = True) -> dict:  # fmt: skip
    """One beat for ``config``'s kiosk; ``usage`` is a Usage (or None), ``errors`` from ErrorCounter.take().

    ``in_app=False`` (a beat from the shell) leaves out uptime and memory: they would be the
    shell command's own, not the kiosk's. The server keeps what the app reported last.
    """
    sync = {key: (last_sync or {}).get(key) for key in ("version", "error", "time", "ok_time")} if last_sync else None
    return {
        "kiosk_id": config.kiosk_id,
        "group": config.group,
        "location": config.location,
        "content_version": content_version(config),
        "sync": sync,
        "uptime_s": uptime() if in_app else None,
        "rss_bytes": resident_memory() if in_app else None,
        "errors": errors or {"count": 0, "messages": {}},
        "usage": usage.days() if usage is not None else {},
        "sent_at": utc_now(),
        "software": __version__,
    }


class BeatError(ValueError):
    """A beat that does not have the shape above; the message names the field."""


def check_beat(beat) -> dict:
    """The beat if it has the documented shape; raises BeatError naming the first wrong field."""
    if not isinstance(beat, dict):
        raise BeatError("a beat must be a JSON object")
    kiosk_id = beat.get("kiosk_id")
    if not isinstance(kiosk_id, str) or not KIOSK_ID.match(kiosk_id):
        raise BeatError("kiosk_id must be letters, digits, '.', '_' or '-'")
    for name in ("group", "location", "software"):
        _expect(beat.get(name, ""), (str,), name, 200)
    _expect(beat.get("sent_at", ""), (str,), "sent_at", 40)
    _expect(beat.get("content_version"), (int, type(None)), "content_version")
    for name in ("uptime_s", "rss_bytes"):
        _expect(beat.get(name), (int, float, type(None)), name)
    sync = beat.get("sync")
    if sync is not None:
        _expect(sync, (dict,), "sync")
        _expect(sync.get("version"), (int, type(None)), "sync.version")
        for name in ("error", "time", "ok_time"):
            _expect(sync.get(name), (str, type(None)), f"sync.{name}", 2000)
    errors = beat.get("errors") or {"count": 0, "messages": {}}
    _expect(errors, (dict,), "errors")
    if not _is_count(errors.get("count", 0)):
        raise BeatError("errors.count must be a count")
    messages = errors.get("messages") or {}
    if not isinstance(messages, dict) or len(messages) > MAX_MESSAGES or not all(
            isinstance(number, int) and len(message) <= MAX_MESSAGE for message, number in messages.items()):
        raise BeatError(f"errors.messages must map at most {MAX_MESSAGES} messages to counts")
    usage = beat.get("usage") or {}
    _expect(usage, (dict,), "usage")
    if len(usage) > MAX_DAYS:
        raise BeatError(f"usage has more than {MAX_DAYS} days")
    for day, counts in usage.items():
        _check_day(day, counts)
    return beat


def _check_day(day, counts) -> None:
    try:
        datetime.date.fromisoformat(day if DAY.match(day) else "")
    except ValueError:
        raise BeatError(f"usage day {day[:20]!r} is not a date (YYYY-MM-DD)") from None
    if not isinstance(counts, dict):
        raise BeatError(f"usage.{day} must be an object")
    for kind, value in counts.items():
        if kind not in KINDS:
            raise BeatError(f"usage.{day}: unknown kind {kind[:40]!r}")
        if kind in TOTALS:
            if not _is_count(value):
                raise BeatError(f"usage.{day}.{kind} must be a count")
        elif not isinstance(value, dict) or not all(
                isinstance(key, str) and 0 < len(key) <= 200 and _is_count(number) for key, number in value.items()):
            raise BeatError(f"usage.{day}.{kind} must map ids to counts")


def _is_count(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _expect(value, types: tuple, name: str, longest: int | None = None) -> None:
    if isinstance(value, bool) or not isinstance(value, types):
        raise BeatError(f"{name} has the wrong type")
    if longest is not None and isinstance(value, str) and len(value) > longest:
        raise BeatError(f"{name} is longer than {longest} characters")
