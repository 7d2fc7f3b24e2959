"""Usage figures: counted per day in memory, saved atomically, pruned, never a crash on a bad file."""

import datetime
import json
import threading

import pytest

from kiosk.fleet.usage import KINDS, Usage


class Today:
    """A calendar the test turns by hand."""

    def __init__(self, day: str):
        self.day = datetime.date.fromisoformat(day)

    def __call__(self) -> datetime.date:
        return self.day

    def next(self, days: int = 1) -> None:
        self.day += datetime.timedelta(days=days)


def test_counts_per_day_and_kind():
    today = Today("2026-11-25")
    usage = Usage(None, today)
    usage.count("sessions")
    usage.count("sessions")
    usage.count("languages", "ar")
    usage.count("languages", "ar")
    usage.count("languages", "uk")
    usage.count("categories", "gesundheit")
    usage.count("offers", "schwimmkurs")
    usage.count("qr", "schwimmkurs")
    usage.count("no_result")
    assert usage.days() == {"2026-11-25": {
        "sessions": 2, "no_result": 1, "languages": {"ar": 2, "uk": 1}, "categories": {"gesundheit": 1},
        "offers": {"schwimmkurs": 1}, "qr": {"schwimmkurs": 1}}}  # fmt: skip


def test_a_new_day_starts_at_midnight_of_the_injected_calendar():
    today = Today("2026-11-25")
    usage = Usage(None, today)
    usage.count("sessions")
    today.next()
    usage.count("sessions")
    usage.count("sessions")
    days = usage.days()
    assert [day for day in days] == ["2026-11-25", "2026-11-26"]
    assert days["2026-11-25"]["sessions"] == 1 and days["2026-11-26"]["sessions"] == 2


def test_days_is_a_copy():
    usage = Usage(None, Today("2026-11-25"))
    usage.count("languages", "de")
    usage.days()["2026-11-25"]["languages"]["de"] = 99
    assert usage.days()["2026-11-25"]["languages"] == {"de": 1}


@pytest.mark.parametrize("kind, key", [("sessions", "ar"), ("no_result", "schwimmen"), ("languages", ""),
                                       ("offers", ""), ("clicks", ""), ("searches", "schwimmen")])  # fmt: skip
def test_refuses_keys_where_there_are_none_and_unknown_kinds(kind, key):
    usage = Usage(None, Today("2026-11-25"))
    with pytest.raises(ValueError):
        usage.count(kind, key)
    assert usage.days() == {}


def test_save_and_load_round_trip(tmp_path):
    path = tmp_path / "data" / "usage.json"
    today = Today("2026-11-25")
    usage = Usage(path, today)
    for kind in KINDS:
        usage.count(kind, "" if kind in ("sessions", "no_result") else "x")
    today.next()
    usage.count("languages", "fa")
    usage.save()
    assert not list(path.parent.glob(".*tmp"))  # the temporary file was renamed into place
    again = Usage(path, today)
    assert again.days() == usage.days()
    again.count("languages", "fa")
    assert again.days()["2026-11-26"]["languages"] == {"fa": 2}


def test_the_file_holds_counts_per_day_only(tmp_path):
    path = tmp_path / "usage.json"
    usage = Usage(path, Today("2026-11-25"))
    usage.count("offers", "schwimmkurs")
    usage.save()
    saved = json.loads(path.read_text())
    assert saved == {"days": {"2026-11-25": {"sessions": 0, "no_result": 0, "languages": {}, "categories": {},
                                             "offers": {"schwimmkurs": 1}, "qr": {}}}}  # fmt: skip


@pytest.mark.parametrize("text", ["{not json", "[]", '{"days": {"yesterday": {}}}',
                                  '{"days": {"2026-11-25": {"sessions": -1}}}', '{"days": {"2026-11-25": 3}}'])
def test_a_corrupt_file_is_kept_aside_and_counting_starts_fresh(tmp_path, caplog, text):
    path = tmp_path / "usage.json"
    path.write_text(text)
    usage = Usage(path, Today("2026-11-25"))
    assert usage.days() == {}
    assert "usage file unreadable" in caplog.text
    assert (tmp_path / "usage.json.corrupt").read_text() == text
    usage.count("sessions")
    usage.save()
    assert Usage(path, Today("2026-11-25")).days()["2026-11-25"]["sessions"] == 1


def test_days_older_than_keep_days_are_dropped(tmp_path):
    path = tmp_path / "usage.json"
    today = Today("2026-11-01")
    usage = Usage(path, today, keep_days=3)
    for _ in range(5):
        usage.count("sessions")
        today.next()
    assert list(usage.days()) == ["2026-11-04", "2026-11-05"]  # today is the 6th: the 4th, 5th, 6th are kept
    usage.count("sessions")
    assert list(usage.days()) == ["2026-11-04", "2026-11-05", "2026-11-06"]
    usage.save()
    today.next(30)
    assert Usage(path, today, keep_days=3).days() == {}


def test_counting_from_many_threads_loses_nothing(tmp_path):
    usage = Usage(tmp_path / "usage.json", Today("2026-11-25"))
    start = threading.Barrier(8)

    def visitor(number: int) -> None:
        start.wait()
        for _ in range(2000):
            usage.count("sessions")
            usage.count("offers", f"offer-{number % 2}")
        usage.save()

    threads = [threading.Thread(target=visitor, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    day = usage.days()["2026-11-25"]
    assert day["sessions"] == 16000 and day["offers"] == {"offer-0": 8000, "offer-1": 8000}
    assert Usage(tmp_path / "usage.json", Today("2026-11-25")).days()["2026-11-25"]["sessions"] == 16000
