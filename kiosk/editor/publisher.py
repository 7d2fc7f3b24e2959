"""Publishing from the editor: validate everything, sign with the feed's online keys, write the feed.

The root key stays offline (docs/feed.md): the feed's root is made once with ``kiosk publish``
and the root key; the editor's key directory holds only the targets, snapshot, timestamp and
bins keys. What changed since the last publish comes from the history; which kiosks hold which
version from the fleet server's database.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.editor import database
from kiosk.editor.history import History
from kiosk.editor.settings import Settings
from kiosk.errors import EditorError, FeedError, FleetError

_LOCK = threading.Lock()  # one publish at a time: the feed's versions follow each other


@dataclass
class Published:
    version: int
    revision: str
    changed_files: list[str] = field(default_factory=list)
    pages: int = 0


def ready(settings: Settings) -> str:
    """'' when publishing can work, else what is missing (German, for the publish page)."""
    if settings.keys is None or settings.feed is None:
        return "Für diesen Editor sind kein Schlüssel- und kein Feed-Verzeichnis eingestellt (--keys, --feed)."
    if not (settings.feed / "metadata" / "root.json").exists():
        return ("Der Feed ist noch nicht angelegt. Das geschieht einmal mit dem Root-Schlüssel: "
                "kiosk publish content --keys <Schlüssel mit root.pem> --out <Feed> (docs/feed.md).")
    roles = ("targets", "snapshot", "timestamp", "bins")
    missing = [role for role in roles if not (settings.keys / f"{role}.pem").exists()]
    if missing:
        return f"Im Schlüsselverzeichnis fehlen die Schlüssel: {', '.join(missing)}."
    return ""


def root_key_present(settings: Settings) -> bool:
    return settings.keys is not None and (settings.keys / "root.pem").exists()


def publish(settings: Settings, history: History, db: sqlite3.Connection, user: str) -> Published:
    """Validate and publish the content as it is now; raises EditorError and writes nothing on failure."""
    from kiosk.feed import publish as feed_publish

    problem = ready(settings)
    if problem:
        raise EditorError(problem)
    with _LOCK, history.lock:
        history.commit_outside_changes()
        revision = history.head()
        try:
            result = feed_publish.publish(settings.content, settings.keys, settings.feed)
        except FeedError as error:
            raise EditorError(str(error)) from None
        database.record_publish(db, user, revision, result.version, result.changed_files)
    return Published(result.version, revision, result.changed_files, result.pages)


def kiosks(settings: Settings) -> tuple[list[dict], str]:
    """Every kiosk the fleet server knows, latest first; and a German note when there is no fleet database."""
    if settings.fleet_db is None:
        return [], "Keine Flotten-Datenbank eingestellt (--fleet-db): welche Kiosks die Version haben, ist unbekannt."
    from kiosk.fleet.registry import Registry

    try:
        with Registry(Path(settings.fleet_db), create=False) as registry:
            found = registry.kiosks()
    except FleetError as error:
        return [], f"Die Flotten-Datenbank ist nicht lesbar: {error}"
    for kiosk in found:
        received = kiosk.get("received_at")
        kiosk["seen"] = dt.datetime.fromtimestamp(received).astimezone() if received else None
    return found, ""


def planned(catalog, today: dt.date, now: dt.datetime) -> dict[str, list]:
    """Offers and announcements that appear or go on a later day: published now, shown by the kiosks on time."""
    offers = catalog.offers.values()
    return {
        "offers_from": sorted((o for o in offers if o.valid_from and o.valid_from > today), key=lambda o: o.valid_from),
        "offers_until": sorted((o for o in offers if o.valid_until and o.valid_until >= today),
                               key=lambda o: o.valid_until),
        "announcements": sorted((a for a in catalog.announcements if a.end > now), key=lambda a: a.start),
    }
