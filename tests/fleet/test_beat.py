"""What a beat says, and what the server refuses."""

import datetime
import json
import logging

import pytest

from kiosk.config import FleetConfig
from kiosk.feed.store import Store
from kiosk.feed.sync import SyncResult
from kiosk.fleet.beat import MAX_MESSAGES, BeatError, ErrorCounter, LastSync, build_beat, check_beat, resident_memory
from kiosk.fleet.usage import Usage
from tests.fleet.conftest import beat, make_config


def test_error_counter_counts_errors_by_first_line_until_taken():
    counter = ErrorCounter()
    log = logging.getLogger("test.fleet.counter")
    log.addHandler(counter)
    try:
        log.warning("only a warning")
        log.error("sync crashed: %s\nsecond line", "disk full")
        log.error("sync crashed: %s\nother second line", "disk full")
        try:
            raise RuntimeError("boom")
        except RuntimeError:
            log.exception("speech failed")
        log.critical("out of memory")
    finally:
        log.removeHandler(counter)
    taken = counter.take()
    assert taken == {"count": 4, "messages": {"sync crashed: disk full": 2, "speech failed": 1, "out of memory": 1}}
    assert counter.take() == {"count": 0, "messages": {}}
    counter.give_back(taken)
    assert counter.take() == taken


def test_error_counter_keeps_a_bounded_list_of_messages():
    counter = ErrorCounter()
    for number in range(MAX_MESSAGES * 3):
        counter.handle(logging.makeLogRecord({"levelno": logging.ERROR, "levelname": "ERROR", "msg": f"e{number}"}))
    taken = counter.take()
    assert taken["count"] == MAX_MESSAGES * 3 and len(taken["messages"]) == MAX_MESSAGES


def test_last_sync_remembers_the_last_good_sync_across_failures():
    last_sync = LastSync()
    assert last_sync() == {}
    last_sync.record(SyncResult(3, 1, 10, 2, None), at="2026-11-25T08:00:00+00:00")
    last_sync.record(SyncResult(3, 0, 0, 1, "feed unreachable"), at="2026-11-25T09:00:00+00:00")
    assert last_sync() == {"version": 3, "error": "feed unreachable", "time": "2026-11-25T09:00:00+00:00",
                           "ok_time": "2026-11-25T08:00:00+00:00"}  # fmt: skip


def test_build_beat_says_who_what_and_how(tmp_path):
    config = make_config("rathaus-1", tmp_path, FleetConfig("http://fleet", "t"), group="rathaus", location="Foyer")
    usage = Usage(None, lambda: datetime.date(2026, 11, 25))
    usage.count("languages", "ar")
    made = build_beat(config, usage, {"version": None, "error": "x", "time": "t", "extra": "dropped"},
                      {"count": 1, "messages": {"m": 1}})  # fmt: skip
    assert made["kiosk_id"] == "rathaus-1" and made["group"] == "rathaus" and made["location"] == "Foyer"
    assert made["content_version"] is None  # nothing synced yet
    assert made["sync"] == {"version": None, "error": "x", "time": "t", "ok_time": None}
    assert made["usage"]["2026-11-25"]["languages"] == {"ar": 1}
    assert made["errors"] == {"count": 1, "messages": {"m": 1}}
    assert made["uptime_s"] >= 0 and made["rss_bytes"] == pytest.approx(resident_memory(), rel=0.5)
    assert datetime.datetime.fromisoformat(made["sent_at"]).tzinfo is not None
    assert check_beat(json.loads(json.dumps(made))) == made


def test_build_beat_reads_the_content_version_from_the_store(tmp_path):
    config = make_config("k", tmp_path, FleetConfig())
    source = tmp_path / "site.yaml"
    source.write_text("x")
    Store(config.feed.data).install(12, {"site.yaml": source})
    assert build_beat(config)["content_version"] == 12


def test_a_beat_from_the_shell_leaves_out_uptime_and_memory(tmp_path):
    made = build_beat(make_config("k", tmp_path, FleetConfig()), in_app=False)
    assert made["uptime_s"] is None and made["rss_bytes"] is None and made["sync"] is None


@pytest.mark.parametrize("change, field", [
    ({"kiosk_id": "../etc"}, "kiosk_id"), ({"kiosk_id": 5}, "kiosk_id"), ({"location": ["x"]}, "location"),
    ({"content_version": "7"}, "content_version"), ({"uptime_s": True}, "uptime_s"),
    ({"sync": {"version": 1, "error": 3}}, "sync.error"), ({"errors": {"count": "many"}}, "errors.count"),
    ({"errors": {"count": -1}}, "errors.count"),
    ({"usage": {"yesterday": {}}}, "yesterday"), ({"usage": {"2026-13-01": {}}}, "2026-13-01"),
    ({"usage": {"2026-11-25": {"clicks": 1}}}, "clicks"), ({"usage": {"2026-11-25": {"sessions": -1}}}, "sessions"),
    ({"usage": {"2026-11-25": {"offers": {"x": 1.5}}}}, "offers"), ({"location": "x" * 201}, "location"),
])  # fmt: skip
def test_check_beat_names_the_wrong_field(change, field):
    with pytest.raises(BeatError, match=field.replace(".", r"\.")):
        check_beat({**beat("k1"), **change})


def test_check_beat_wants_an_object():
    with pytest.raises(BeatError):
        check_beat([1, 2])
