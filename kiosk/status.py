"""What the admin panel shows about this kiosk. Imports no Kivy; call off the UI thread.

``collect`` reads files and may wait up to ``timeout`` for the network check.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import time
from pathlib import Path
from urllib.parse import urlsplit

from kiosk.config import KioskConfig
from kiosk.feed.store import Store
from kiosk.fleet.beat import resident_memory


def has_default_route() -> bool:
    try:
        lines = Path("/proc/net/route").read_text().splitlines()[1:]
    except OSError:
        return False
    return any(len(fields) > 1 and fields[1] == "00000000" for fields in (line.split() for line in lines))


def reach(url: str, timeout: float = 2.0) -> str | None:
    """None if a TCP connection to ``url``'s host and port opens, else the reason."""
    parts = urlsplit(url)
    if not parts.hostname:
        return "no host in the feed URL"
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        with socket.create_connection((parts.hostname, port), timeout=timeout):
            return None
    except OSError as error:
        return error.strerror or str(error) or type(error).__name__


def network(config: KioskConfig, timeout: float = 2.0) -> str:
    if not config.feed.url:
        return "kein Feed eingerichtet (zeigt die installierten Inhalte)"
    problem = reach(config.feed.url, timeout)
    if problem is None:
        return f"online: {urlsplit(config.feed.url).netloc} erreichbar"
    route = "" if has_default_route() else ", keine Standardroute"
    return f"offline: {urlsplit(config.feed.url).netloc} nicht erreichbar ({problem}{route})"


def content_state(config: KioskConfig, now: float | None = None) -> tuple[str, str]:
    """(version, age) of the content shown: a synced version or the installed content."""
    store = Store(config.feed.data)
    current = store.current()
    now = time.time() if now is None else now
    if current is None:
        return "installiert (noch keine Synchronisierung)", ""
    age = now - current.stat().st_mtime
    return str(store.current_version()), duration(age)


def duration(seconds: float) -> str:
    seconds = max(0, int(seconds))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min {seconds % 60} s"


def sync_summary(last_sync: dict) -> str:
    if not last_sync:
        return "noch keine"
    when = last_sync.get("time", "")
    when = f"{dt.datetime.fromisoformat(when).astimezone():%d.%m.%Y %H:%M}: " if when else ""
    if last_sync.get("error"):
        return f"{when}Fehler: {last_sync['error']}"
    return f"{when}OK, Version {last_sync.get('version')}, {last_sync.get('changed', 0)} Dateien neu"


def collect(config: KioskConfig, last_sync: dict, started: float, timeout: float = 2.0) -> list[tuple[str, str]]:
    """The panel's rows: (label, value), German (the panel is for staff)."""
    version, age = content_state(config)
    return [
        ("Kiosk", config.kiosk_id),
        ("Standort", config.location or "-"),
        ("Inhalt", f"Version {version}" + (f", seit {age}" if age else "")),
        ("Letzte Synchronisierung", sync_summary(last_sync)),
        ("Netz", network(config, timeout)),
        ("Laufzeit", duration(time.monotonic() - started)),
        ("Speicher", f"{(resident_memory() or 0) / 2**20:.0f} MB (Prozess {os.getpid()})"),
    ]
