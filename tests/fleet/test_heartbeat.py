"""The heartbeat worker, through an injected transport: what it sends, backoff, never a crash."""

import datetime
import json
import logging
import random
import threading

import requests

from kiosk.config import FleetConfig
from kiosk.feed.sync import SyncResult
from kiosk.fleet.heartbeat import MAX_BACKOFF, HeartbeatWorker, LastSync, send_once
from kiosk.fleet.usage import Usage
from tests.fleet.conftest import make_config


class Transport(requests.adapters.BaseAdapter):
    """A fleet server in memory: records requests, answers ``status`` or fails to connect."""

    def __init__(self, status: int = 200, down: bool = False):
        super().__init__()
        self.status, self.down, self.sent = status, down, []

    def send(self, request, **kwargs):
        self.sent.append(request)
        if self.down:
            raise requests.ConnectionError("[Errno 111] Connection refused")
        response = requests.Response()
        response.status_code, response._content = self.status, b"{}"
        response.url, response.request = request.url, request
        return response

    def close(self):
        pass

    def beats(self) -> list[dict]:
        return [json.loads(request.body) for request in self.sent]


def session_with(transport: Transport) -> requests.Session:
    session = requests.Session()
    session.mount("http://", transport)
    return session


def worker_for(tmp_path, transport, url="http://fleet.example:8080", **kwargs) -> HeartbeatWorker:
    config = make_config("rathaus-1", tmp_path, FleetConfig(url, "secret-token", 300))
    usage = kwargs.pop("usage", Usage(tmp_path / "usage.json", lambda: datetime.date(2026, 11, 25)))
    return HeartbeatWorker(config, usage, kwargs.pop("last_sync", LastSync()), random.Random(1),
                           session=session_with(transport), **kwargs)  # fmt: skip


def test_sends_the_beat_with_the_kiosks_token_and_saves_usage_first(tmp_path):
    transport = Transport()
    last_sync = LastSync()
    last_sync.record(SyncResult(5, 2, 100, 3, None), at="2026-11-25T08:00:00+00:00")
    worker = worker_for(tmp_path, transport, last_sync=last_sync)
    worker.usage.count("offers", "schwimmkurs")
    result = worker.run_once()
    assert result.ok and result.status == 200 and result.error is None
    request = transport.sent[0]
    assert request.method == "POST" and request.url == "http://fleet.example:8080/fleet/heartbeat"
    assert request.headers["Authorization"] == "Bearer secret-token"
    sent = transport.beats()[0]
    assert sent["kiosk_id"] == "rathaus-1" and sent["usage"]["2026-11-25"]["offers"] == {"schwimmkurs": 1}
    assert sent["sync"] == {"version": 5, "error": None, "time": "2026-11-25T08:00:00+00:00",
                            "ok_time": "2026-11-25T08:00:00+00:00"}  # fmt: skip
    assert sent["uptime_s"] > 0 and sent["rss_bytes"] > 0
    assert json.loads((tmp_path / "usage.json").read_text())["days"]["2026-11-25"]["offers"] == {"schwimmkurs": 1}


def test_delay_has_jitter_and_backs_off_after_failures(tmp_path):
    worker = worker_for(tmp_path, Transport(down=True))
    delays = [worker.next_delay() for _ in range(50)]
    assert min(delays) >= 240 and max(delays) <= 360 and len(set(delays)) > 40
    for expected in (600, 900, 900):
        result = worker.run_once()
        assert not result.ok and "Connection refused" in result.error and "fleet.example" in result.error
        assert expected * 0.8 <= worker.next_delay() <= expected * 1.2
    assert worker.next_delay() <= MAX_BACKOFF * 1.2
    worker.session.adapters["http://"].down = False
    assert worker.run_once().ok and worker.failures == 0


def test_errors_that_could_not_be_sent_go_with_the_next_beat(tmp_path):
    transport = Transport(status=503)
    worker = worker_for(tmp_path, transport)
    worker.errors.handle(logging.makeLogRecord({"levelno": logging.ERROR, "msg": "speech failed"}))
    assert not worker.run_once().ok
    transport.status = 200
    worker.errors.handle(logging.makeLogRecord({"levelno": logging.ERROR, "msg": "speech failed"}))
    assert worker.run_once().ok
    worker.run_once()
    assert [sent["errors"] for sent in transport.beats()] == [
        {"count": 1, "messages": {"speech failed": 1}}, {"count": 2, "messages": {"speech failed": 2}},
        {"count": 0, "messages": {}}]  # fmt: skip


def test_a_refused_token_says_so(tmp_path):
    result = worker_for(tmp_path, Transport(status=401)).run_once()
    assert not result.ok and result.status == 401 and "token" in result.error


def test_without_a_fleet_url_it_only_saves_the_usage(tmp_path):
    transport = Transport()
    worker = worker_for(tmp_path, transport, url="")
    worker.usage.count("sessions")
    assert worker.run_once() is None
    assert transport.sent == [] and (tmp_path / "usage.json").exists()


def test_a_crash_while_building_the_beat_is_logged_not_raised(tmp_path, caplog):
    def broken_last_sync():
        raise KeyError("version")

    transport = Transport()
    worker = worker_for(tmp_path, transport, last_sync=broken_last_sync)
    logging.getLogger().addHandler(worker.errors)
    try:
        result = worker.run_once()
    finally:
        logging.getLogger().removeHandler(worker.errors)
    assert not result.ok and result.error.startswith("heartbeat crashed") and worker.failures == 1
    assert "heartbeat crashed" in caplog.text and transport.sent == []
    assert worker.errors.take()["messages"] == {"heartbeat crashed": 1}  # and the next beat will say so


def test_the_thread_beats_at_start_and_on_demand_and_saves_on_stop(tmp_path):
    transport = Transport()
    delivered = threading.Semaphore(0)
    worker = worker_for(tmp_path, transport, on_result=lambda result: delivered.release())
    worker.start()
    try:
        assert worker.errors in logging.getLogger().handlers
        assert delivered.acquire(timeout=10)  # the first beat goes out at once
        worker.usage.count("qr", "schwimmkurs")
        worker.beat_now()
        assert delivered.acquire(timeout=10)
    finally:
        worker.usage.count("sessions")
        worker.stop(timeout=10)
    assert not worker._thread.is_alive() and worker.errors not in logging.getLogger().handlers
    assert [sent["usage"].get("2026-11-25", {}).get("qr") for sent in transport.beats()] == [None, {"schwimmkurs": 1}]
    saved = json.loads((tmp_path / "usage.json").read_text())["days"]["2026-11-25"]
    assert saved["sessions"] == 1  # counted after the last beat, saved on the way out


def test_a_failing_listener_does_not_stop_the_heartbeat(tmp_path):
    def listener(result):
        raise RuntimeError("panel gone")

    worker = worker_for(tmp_path, Transport(), on_result=listener)
    assert worker.run_once().ok and worker.run_once().ok


def test_send_once_needs_a_fleet_url(tmp_path):
    import pytest

    from kiosk.errors import FleetError

    config = make_config("k", tmp_path, FleetConfig())
    with pytest.raises(FleetError, match="no fleet url"):
        send_once(config)
