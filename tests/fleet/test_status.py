"""ok / stale / unsynced / errors, and the table."""

import datetime

from kiosk.fleet import status
from kiosk.fleet.fleetfile import Thresholds

NOW = datetime.datetime(2026, 11, 25, 12, 0, tzinfo=datetime.UTC).timestamp()


def row(kiosk_id, beat_minutes_ago=1, ok_sync="2026-11-25T11:00:00+00:00", errors_24h=0, **extra):
    return {"kiosk_id": kiosk_id, "group": "rathaus", "location": "Rathaus, Foyer mit einem sehr langen Namen",
            "received_at": NOW - beat_minutes_ago * 60, "content_version": 7, "sync_version": 7,
            "sync_error": extra.get("sync_error"), "sync_time": extra.get("sync_time", ok_sync),
            "last_ok_sync": ok_sync, "uptime_s": 90061, "rss_bytes": 180 * 2**20, "errors": 0,
            "errors_24h": errors_24h, "error_messages": {}, "software": "0.1.0"}  # fmt: skip


def test_states_first_match_wins():
    fleet = status.report([
        row("ok"), row("stale", beat_minutes_ago=16, errors_24h=3), row("never", ok_sync=None, sync_time=None),
        row("old-sync", ok_sync="2026-11-24T11:00:00+00:00", sync_error="feed refused",
            sync_time="2026-11-25T11:55:00+00:00"),
        row("errors", errors_24h=1),
    ], NOW, Thresholds(15, 24))  # fmt: skip
    assert {kiosk["kiosk_id"]: kiosk["state"] for kiosk in fleet["kiosks"]} == {
        "ok": "ok", "stale": "stale", "never": "unsynced", "old-sync": "unsynced", "errors": "errors"}
    assert status.needs_attention(fleet)
    assert not status.needs_attention(status.report([row("ok"), row("errors", errors_24h=1)], NOW, Thresholds()))


def test_the_table_has_a_line_per_kiosk_with_readable_ages():
    fleet = status.report([row("rathaus-1"), row("bahnhof-2", beat_minutes_ago=90, ok_sync=None, sync_time=None)],
                          NOW, Thresholds(15, 24))  # fmt: skip
    lines = status.table(fleet).splitlines()
    assert lines[0].split()[:3] == ["KIOSK", "STATE", "GROUP"]
    assert lines[1].startswith("rathaus-1") and " ok " in lines[1] and "1 min ago" in lines[1]
    assert "1 d 1 h" in lines[1] and "180 MB" in lines[1] and "ok 1 h 0 min ago" in lines[1]
    assert lines[2].startswith("bahnhof-2") and "stale" in lines[2] and "1 h 30 min ago" in lines[2]
    assert "never" in lines[2] and "…" in lines[1]
    assert "no kiosk" in status.table(status.report([], NOW, Thresholds()))


def test_durations():
    assert [status.duration(s) for s in (None, 5, 300, 3 * 3600 + 600, 2 * 86400 + 4 * 3600)] == [
        "-", "5 s", "5 min", "3 h 10 min", "2 d 4 h"]
