"""How each kiosk is doing (ok / stale / unsynced / errors) and the table `kiosk fleet` prints."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from kiosk.fleet.fleetfile import Thresholds
from kiosk.fleet.registry import parse_time

STATES = ("silent", "stale", "unsynced", "errors", "ok")  # the first that applies wins
ATTENTION = {"silent", "stale", "unsynced"}  # `kiosk fleet` exits 3 when a kiosk is in one of these


def state(kiosk: dict, thresholds: Thresholds) -> str:
    """silent: has a token but never sent a beat; stale: no beat for too long; unsynced: no good sync for
    too long (or never); errors: logged errors in the last 24 hours."""
    if kiosk["last_beat_age_s"] is None:
        return "silent"
    if kiosk["last_beat_age_s"] > thresholds.stale_after_minutes * 60:
        return "stale"
    ok_age = kiosk["last_ok_sync_age_s"]
    if ok_age is None or ok_age > thresholds.unsynced_after_hours * 3600:
        return "unsynced"
    if kiosk.get("errors_24h"):
        return "errors"
    return "ok"


def report(kiosks: list[dict], now: float, thresholds: Thresholds, expected: Iterable[str] = ()) -> dict:
    """The fleet as one JSON-ready object: what /fleet/kiosks.json serves and `kiosk fleet --json` prints.

    ``expected``: the kiosk ids of the fleet file; those that never sent a beat are listed as silent.
    """
    moment = datetime.datetime.fromtimestamp(now, datetime.UTC)
    listed = []
    for row in kiosks:
        kiosk = {
            "kiosk_id": row["kiosk_id"], "group": row["group"], "location": row["location"],
            "last_beat": _iso(row["received_at"]),
            "last_beat_age_s": round(now - row["received_at"], 1),
            "content_version": row["content_version"],
            "sync": {"version": row["sync_version"], "error": row["sync_error"], "time": row["sync_time"],
                     "ok_time": row["last_ok_sync"]},
            "last_ok_sync_age_s": _age(row["last_ok_sync"], moment),
            "uptime_s": row["uptime_s"], "rss_bytes": row["rss_bytes"],
            "errors": row["errors"], "errors_24h": row["errors_24h"], "error_messages": row["error_messages"],
            "software": row["software"],
        }  # fmt: skip
        kiosk["state"] = state(kiosk, thresholds)
        listed.append(kiosk)
    reported = {kiosk["kiosk_id"] for kiosk in listed}
    for kiosk_id in sorted(set(expected) - reported):
        listed.append({
            "kiosk_id": kiosk_id, "group": "", "location": "", "last_beat": None, "last_beat_age_s": None,
            "content_version": None, "sync": {"version": None, "error": None, "time": None, "ok_time": None},
            "last_ok_sync_age_s": None, "uptime_s": None, "rss_bytes": None, "errors": 0, "errors_24h": 0,
            "error_messages": [], "software": None, "state": "silent",
        })  # fmt: skip
    return {"now": moment.isoformat(timespec="seconds"), "stale_after_minutes": thresholds.stale_after_minutes,
            "unsynced_after_hours": thresholds.unsynced_after_hours, "kiosks": listed}  # fmt: skip


def _iso(seconds: float) -> str:
    return datetime.datetime.fromtimestamp(seconds, datetime.UTC).isoformat(timespec="seconds")


def _age(text: str | None, now: datetime.datetime) -> float | None:
    moment = parse_time(text)
    return None if moment is None else round((now - moment).total_seconds(), 1)


def needs_attention(fleet: dict) -> bool:
    return any(kiosk["state"] in ATTENTION for kiosk in fleet["kiosks"])


def duration(seconds: float | None) -> str:
    """'42 s', '5 min', '3 h 10 min', '2 d 4 h'; '-' when unknown."""
    if seconds is None:
        return "-"
    seconds = max(0, int(seconds))
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min"
    if seconds < 86400:
        return f"{seconds // 3600} h {seconds % 3600 // 60} min"
    return f"{seconds // 86400} d {seconds % 86400 // 3600} h"


def megabytes(size: int | None) -> str:
    return "-" if size is None else f"{size / 2**20:.0f} MB"


def sync_text(kiosk: dict) -> str:
    sync = kiosk["sync"]
    if sync["time"] is None and sync["ok_time"] is None:
        return "never"
    if sync["error"]:
        return f"failed; ok {duration(kiosk['last_ok_sync_age_s'])} ago" if sync["ok_time"] else "failed, never ok"
    return f"ok {duration(kiosk['last_ok_sync_age_s'])} ago"


COLUMNS = ("KIOSK", "STATE", "GROUP", "LOCATION", "LAST BEAT", "VERSION", "SYNC", "UPTIME", "MEMORY", "ERRORS 24H")


def rows(fleet: dict) -> list[tuple[str, ...]]:
    """One row of text per kiosk, in the order of COLUMNS (the admin page shows the same)."""
    return [(kiosk["kiosk_id"], kiosk["state"], kiosk["group"] or "-", _cut(kiosk["location"] or "-", 28),
             "never" if kiosk["last_beat_age_s"] is None else f"{duration(kiosk['last_beat_age_s'])} ago",
             "-" if kiosk["content_version"] is None else str(kiosk["content_version"]),
             sync_text(kiosk), duration(kiosk["uptime_s"]), megabytes(kiosk["rss_bytes"]), str(kiosk["errors_24h"]))
            for kiosk in fleet["kiosks"]]  # fmt: skip


def table(fleet: dict) -> str:
    """The fleet as aligned plain text, one kiosk per line."""
    lines = [COLUMNS, *rows(fleet)]
    widths = [max(len(line[column]) for line in lines) for column in range(len(COLUMNS))]
    text = ["  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip() for line in lines]
    if not fleet["kiosks"]:
        text.append("(no kiosk has sent a heartbeat yet)")
    return "\n".join(text) + "\n"


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
