"""`kiosk serve --fleet` for real (a subprocess on a free port): kiosks report, admins look, strangers don't."""

import base64
import datetime
import json
import socket
import threading
import time
from urllib.parse import urlsplit

import requests

from kiosk.feed.sync import SyncResult
from kiosk.fleet.heartbeat import HeartbeatWorker, LastSync, send_once
from kiosk.fleet.registry import Registry
from kiosk.fleet.usage import Usage
from tests.fleet.conftest import beat, kiosk_command

FLEET = ["k1", "k2", "k3", "k4"]


def admin_json(server, path="/fleet/kiosks.json", **params) -> dict:
    response = requests.get(server.url + path, params=params, timeout=10,
                            headers={"Authorization": f"Bearer {server.admin}"})  # fmt: skip
    assert response.status_code == 200, response.text
    return response.json()


def post(server, body, token=None, **kwargs) -> requests.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    return requests.post(f"{server.url}/fleet/heartbeat", data=data, headers=headers, timeout=10, **kwargs)


def stored_beats(server, kiosk_id) -> int:
    with Registry(server.db, create=False) as registry:
        return registry.beat_count(kiosk_id)


def test_four_kiosks_report_at_once_and_all_are_listed(fleet_server, tmp_path):
    workers, delivered = [], {kiosk_id: threading.Event() for kiosk_id in FLEET}
    for number, kiosk_id in enumerate(FLEET):
        usage = Usage(tmp_path / f"{kiosk_id}.json", lambda: datetime.date(2026, 11, 25))
        for _ in range(number + 1):
            usage.count("sessions")
        last_sync = LastSync()
        last_sync.record(SyncResult(7, 1, 10, 2, None))
        config = fleet_server.config(kiosk_id, tmp_path, location=f"Standort {number}")
        workers.append(HeartbeatWorker(config, usage, last_sync,
                                       on_result=lambda result, k=kiosk_id: delivered[k].set()))  # fmt: skip
    for worker in workers:
        worker.start()
    try:
        for kiosk_id in FLEET:
            assert delivered[kiosk_id].wait(10), kiosk_id
    finally:
        for worker in workers:
            worker.stop()
    assert all(worker.last_result.ok for worker in workers), [worker.last_result for worker in workers]

    listed = {kiosk["kiosk_id"]: kiosk for kiosk in admin_json(fleet_server)["kiosks"]}
    assert set(FLEET) <= set(listed)
    for number, kiosk_id in enumerate(FLEET):
        kiosk = listed[kiosk_id]
        assert kiosk["state"] == "ok" and kiosk["location"] == f"Standort {number}"
        assert kiosk["sync"]["version"] == 7 and kiosk["last_beat_age_s"] < 60 and kiosk["rss_bytes"] > 0
    usage = admin_json(fleet_server, "/fleet/usage.json")["usage"]
    sessions = {row["kiosk_id"]: row["count"] for row in usage if row["kind"] == "sessions"}
    assert [sessions[kiosk_id] for kiosk_id in FLEET] == [1, 2, 3, 4]

    shown = kiosk_command("fleet", "--server", fleet_server.url, "--json", "--token", fleet_server.admin)
    assert {k["kiosk_id"] for k in json.loads(shown.stdout)["kiosks"]} >= set(FLEET)
    table = kiosk_command("fleet", "--server", fleet_server.url, env=_env(KIOSK_ADMIN_TOKEN=fleet_server.admin))
    lines = {line.split()[0]: line for line in table.stdout.splitlines()[1:]}
    assert all(lines[kiosk_id].split()[1] == "ok" for kiosk_id in FLEET), table.stdout


def test_a_kiosk_that_stopped_reporting_is_stale_and_the_exit_code_says_so(fleet_server):
    with Registry(fleet_server.db) as registry:  # its last beat came two hours ago
        registry.record(beat("old-1"), received_at=time.time() - 2 * 3600)
    listed = {kiosk["kiosk_id"]: kiosk for kiosk in admin_json(fleet_server)["kiosks"]}
    assert listed["old-1"]["state"] == "stale" and listed["old-1"]["last_beat_age_s"] > 7000
    shown = kiosk_command("fleet", "--server", fleet_server.url, "--token", fleet_server.admin)
    assert shown.returncode == 3 and "old-1" in shown.stdout
    assert [line for line in shown.stdout.splitlines() if line.startswith("old-1")][0].split()[1] == "stale"
    assert kiosk_command("fleet", "--db", str(fleet_server.db)).returncode == 3


def test_a_kiosk_that_never_synced_is_marked(fleet_server, tmp_path):
    last_sync = LastSync()
    last_sync.record(SyncResult(None, 0, 0, 1, "feed unreachable: Connection refused"))
    result = send_once(fleet_server.config("never-synced", tmp_path), last_sync=last_sync())
    assert result.ok
    listed = {kiosk["kiosk_id"]: kiosk for kiosk in admin_json(fleet_server)["kiosks"]}
    assert listed["never-synced"]["state"] == "unsynced"
    assert listed["never-synced"]["sync"]["error"].startswith("feed unreachable")


def test_wrong_tokens_are_refused_and_store_nothing(fleet_server, tmp_path):
    victim = beat("victim")
    assert post(fleet_server, victim).status_code == 401
    assert post(fleet_server, victim, token="guessed").status_code == 401
    assert post(fleet_server, victim, token=fleet_server.tokens["k2"]).status_code == 401  # another kiosk's token
    assert post(fleet_server, victim, token=fleet_server.admin).status_code == 401
    result = send_once(fleet_server.config("victim", tmp_path, token=fleet_server.tokens["k3"]))
    assert not result.ok and result.status == 401 and "token" in result.error
    assert stored_beats(fleet_server, "victim") == 0
    listed = {kiosk["kiosk_id"]: kiosk for kiosk in admin_json(fleet_server)["kiosks"]}
    assert listed["victim"]["state"] == "silent" and listed["victim"]["last_beat"] is None  # known, never heard


def test_malformed_beats_get_400_and_the_server_carries_on(fleet_server):
    token = fleet_server.tokens["victim"]
    assert post(fleet_server, b"{not json", token).status_code == 400
    assert post(fleet_server, b"\xff\xfe", token).status_code == 400
    refused = post(fleet_server, beat("victim", usage={"yesterday": {}}), token)
    assert refused.status_code == 400 and "yesterday" in refused.json()["error"]
    assert post(fleet_server, b"x" * (300 * 1024), token).status_code == 413
    with socket.create_connection(("127.0.0.1", urlsplit(fleet_server.url).port), timeout=10) as raw:
        raw.sendall(b"\x00\x01garbage\r\n\r\n")
        raw.recv(1024)
    assert stored_beats(fleet_server, "victim") == 0
    static = requests.get(f"{fleet_server.url}/metadata/timestamp.json", timeout=10)
    assert static.status_code == 200 and static.json() == {"signed": "static feed file"}
    assert post(fleet_server, beat("victim"), token).status_code == 200  # still taking beats


def test_the_admin_page_needs_the_admin_token(fleet_server):
    send_once_beat = post(fleet_server, beat("k1"), fleet_server.tokens["k1"])
    assert send_once_beat.status_code == 200
    page = f"{fleet_server.url}/fleet/"
    anonymous = requests.get(page, timeout=10)
    assert anonymous.status_code == 401 and anonymous.headers["WWW-Authenticate"].startswith("Basic")
    assert "k1" not in anonymous.text
    assert requests.get(page, auth=("admin", "wrong"), timeout=10).status_code == 401
    assert requests.get(page, headers={"Authorization": f"Bearer {fleet_server.tokens['k1']}"}).status_code == 401
    assert requests.get(f"{fleet_server.url}/fleet/kiosks.json", timeout=10).status_code == 401
    for answer in (requests.get(page, auth=("admin", fleet_server.admin), timeout=10),
                   requests.get(page, headers={"Authorization": f"Bearer {fleet_server.admin}"}, timeout=10)):
        assert answer.status_code == 200 and answer.headers["Content-Type"].startswith("text/html")
        assert 'id="kiosk-k1"' in answer.text and answer.headers["Cache-Control"] == "no-store"
    basic = base64.b64encode(f"x:{fleet_server.admin}".encode()).decode()
    assert requests.get(page, headers={"Authorization": f"Basic {basic}"}, timeout=10).status_code == 200


def test_a_kiosk_added_while_the_server_runs_can_report_at_once(fleet_server):
    from kiosk.fleet.fleetfile import add_token

    token = add_token(fleet_server.fleet, "new-kiosk")
    assert post(fleet_server, beat("new-kiosk"), token).status_code == 200
    assert stored_beats(fleet_server, "new-kiosk") == 1


def test_the_same_usage_day_sent_twice_is_not_counted_twice(fleet_server, tmp_path):
    usage = Usage(None, lambda: datetime.date(2026, 11, 20))
    for _ in range(3):
        usage.count("offers", "schwimmkurs")
    config = fleet_server.config("idem-1", tmp_path)
    assert send_once(config, usage).ok and send_once(config, usage).ok  # a lost reply, sent again
    usage.count("offers", "schwimmkurs")
    assert send_once(config, usage).ok

    rows = admin_json(fleet_server, "/fleet/usage.json", **{"from": "2026-11-20", "to": "2026-11-20"})["usage"]
    assert [(row["kiosk_id"], row["key"], row["count"]) for row in rows if row["kiosk_id"] == "idem-1"] == [
        ("idem-1", "schwimmkurs", 4)]


def _env(**extra) -> dict:
    import os

    return {**os.environ, **extra}
