"""The fleet database: latest state, bounded history, usage replaced per (kiosk, day)."""

import datetime

from kiosk.fleet.fleetfile import Thresholds
from kiosk.fleet.registry import Registry
from tests.fleet.conftest import beat

DAY = {"sessions": 4, "no_result": 1, "languages": {"ar": 3, "de": 1}, "categories": {}, "offers": {"x": 2},
       "qr": {}}  # fmt: skip


class Clock:
    def __init__(self, now: float = 1_800_000_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


def counts(registry: Registry) -> dict:
    return {(row["kiosk_id"], row["day"], row["kind"], row["key"]): row["count"] for row in registry.usage()}


def test_the_same_usage_sent_twice_is_counted_once(tmp_path):
    with Registry(tmp_path / "fleet.sqlite", Clock()) as registry:
        registry.record(beat("k1", {"2026-11-25": DAY}))
        registry.record(beat("k1", {"2026-11-25": DAY}))
        assert counts(registry)[("k1", "2026-11-25", "sessions", "")] == 4
        assert counts(registry)[("k1", "2026-11-25", "languages", "ar")] == 3
        assert sum(row["count"] for row in registry.usage() if row["kind"] == "languages") == 4


def test_a_day_is_replaced_and_days_the_kiosk_dropped_are_kept(tmp_path):
    with Registry(tmp_path / "fleet.sqlite", Clock()) as registry:
        registry.record(beat("k1", {"2026-11-24": DAY, "2026-11-25": DAY}))
        later = {**DAY, "sessions": 6, "offers": {"y": 1}}
        registry.record(beat("k1", {"2026-11-25": later}))
        registry.record(beat("k2", {"2026-11-25": DAY}))
        seen = counts(registry)
        assert seen[("k1", "2026-11-24", "sessions", "")] == 4  # not in the last beat: kept
        assert seen[("k1", "2026-11-25", "sessions", "")] == 6
        assert ("k1", "2026-11-25", "offers", "x") not in seen and seen[("k1", "2026-11-25", "offers", "y")] == 1
        assert seen[("k2", "2026-11-25", "sessions", "")] == 4


def test_usage_between_days(tmp_path):
    with Registry(tmp_path / "fleet.sqlite", Clock()) as registry:
        registry.record(beat("k1", {f"2026-11-{day}": DAY for day in (20, 21, 22, 23)}))
        days = {row["day"] for row in registry.usage(datetime.date(2026, 11, 21), datetime.date(2026, 11, 22))}
        assert days == {"2026-11-21", "2026-11-22"}


def test_history_is_bounded_per_kiosk(tmp_path):
    with Registry(tmp_path / "fleet.sqlite", Clock(), keep_beats=5) as registry:
        for _ in range(12):
            registry.record(beat("k1"))
        registry.record(beat("k2"))
        assert registry.beat_count("k1") == 5 and registry.beat_count("k2") == 1


def test_latest_state_and_the_last_good_sync_survive_failures_and_shell_beats(tmp_path):
    clock = Clock()
    with Registry(tmp_path / "fleet.sqlite", clock) as registry:
        registry.record(beat("k1"))
        failed = {"version": 7, "error": "feed unreachable", "time": "2026-11-25T10:00:00+00:00", "ok_time": None}
        registry.record(beat("k1", sync=failed, errors={"count": 2, "messages": {"speech failed": 2}}))
        clock.now += 60
        registry.record(beat("k1", sync=None, uptime_s=None, rss_bytes=None, content_version=8))  # from the shell
        (kiosk,) = registry.kiosks()
        assert kiosk["received_at"] == clock.now and kiosk["content_version"] == 8
        assert kiosk["sync_error"] == "feed unreachable" and kiosk["last_ok_sync"] == "2026-11-25T09:00:00+00:00"
        assert kiosk["uptime_s"] == 3600.0 and kiosk["errors_24h"] == 2 and kiosk["errors"] == 0
        assert kiosk["error_messages"] == {"speech failed": 2}  # the last errors seen, until new ones come
        clock.now += 25 * 3600
        assert registry.kiosks()[0]["errors_24h"] == 0


def test_thresholds_default_until_the_server_stores_its_own(tmp_path):
    with Registry(tmp_path / "fleet.sqlite") as registry:
        assert registry.thresholds() == Thresholds()
        registry.set_thresholds(Thresholds(5, 2))
    with Registry(tmp_path / "fleet.sqlite", create=False) as registry:
        assert registry.thresholds() == Thresholds(5, 2)


def test_opening_a_missing_database_for_reading_is_an_error(tmp_path):
    import pytest

    from kiosk.errors import FleetError

    with pytest.raises(FleetError, match="no fleet database"):
        Registry(tmp_path / "nope.sqlite", create=False)
    assert not (tmp_path / "nope.sqlite").exists()
