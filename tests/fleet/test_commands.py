"""The fleet's commands as people type them: fleet-token, heartbeat --once, fleet, serve --fleet."""

import json
import time

from kiosk.fleet.fleetfile import add_token, hash_token, read_fleet
from kiosk.fleet.registry import Registry
from tests.feed.conftest import free_port
from tests.fleet.conftest import beat, kiosk_command


def write_config(path, kiosk_id, url, token, data):
    path.write_text(f"kiosk_id: {kiosk_id}\nlocation: Bahnhof\ngroup: bahnhof\n"
                    f"feed: {{data: {data}}}\nfleet: {{url: '{url}', token: '{token}', interval: 60}}\n")  # fmt: skip
    return path


def test_heartbeat_once_reaches_the_server_and_is_stored(fleet_server, tmp_path):
    config = write_config(tmp_path / "kiosk.yaml", "cli-1", fleet_server.url, fleet_server.tokens["cli-1"],
                          tmp_path / "data")  # fmt: skip
    done = kiosk_command("heartbeat", "--once", "--config", str(config))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["ok"] and result["status"] == 200 and result["kiosk_id"] == "cli-1"
    with Registry(fleet_server.db, create=False) as registry:
        stored = {kiosk["kiosk_id"]: kiosk for kiosk in registry.kiosks()}
    assert stored["cli-1"]["location"] == "Bahnhof" and stored["cli-1"]["group"] == "bahnhof"


def test_heartbeat_once_against_a_dead_port_fails_with_a_message(tmp_path):
    url = f"http://127.0.0.1:{free_port()}"
    config = write_config(tmp_path / "kiosk.yaml", "cli-1", url, "token", tmp_path / "data")
    done = kiosk_command("heartbeat", "--once", "--config", str(config))
    assert done.returncode == 1 and not json.loads(done.stdout)["ok"]
    assert "kiosk: cannot reach the fleet server: Connection refused" in done.stderr and url in done.stderr
    assert "Traceback" not in done.stderr


def test_heartbeat_once_with_a_wrong_token_or_no_fleet_says_why(fleet_server, tmp_path):
    config = write_config(tmp_path / "kiosk.yaml", "cli-1", fleet_server.url, "wrong", tmp_path / "data")
    done = kiosk_command("heartbeat", "--once", "--config", str(config))
    assert done.returncode == 1 and "refused this kiosk's token" in done.stderr
    (tmp_path / "plain.yaml").write_text("kiosk_id: x\n")
    done = kiosk_command("heartbeat", "--once", "--config", str(tmp_path / "plain.yaml"))
    assert done.returncode == 1 and "no fleet url" in done.stderr and "Traceback" not in done.stderr


def test_fleet_token_prints_the_token_once_and_stores_its_hash(tmp_path):
    fleet = tmp_path / "fleet.yaml"
    made = kiosk_command("fleet-token", "rathaus-1", "--fleet", str(fleet))
    token = made.stdout.strip()
    assert made.returncode == 0 and len(token) >= 40 and "not shown again" in made.stderr
    assert token not in fleet.read_text() and read_fleet(fleet).kiosks["rathaus-1"] == hash_token(token)
    admin = kiosk_command("fleet-token", "--admin", "--fleet", str(fleet)).stdout.strip()
    assert read_fleet(fleet).is_admin(admin)
    assert kiosk_command("fleet-token", "--fleet", str(fleet)).returncode == 1  # neither a kiosk nor --admin


def test_fleet_from_the_database_exits_0_when_all_are_well(tmp_path):
    db = tmp_path / "fleet.sqlite"
    with Registry(db) as registry:
        now = time.time()
        ok_sync = {"version": 7, "error": None, "time": None, "ok_time": time.strftime("%Y-%m-%dT%H:%M:%S+00:00",
                                                                                       time.gmtime(now - 600))}
        registry.record(beat("a", sync=ok_sync), received_at=now - 60)
        registry.record(beat("b", sync=ok_sync), received_at=now - 30)
    shown = kiosk_command("fleet", "--db", str(db), "--json")
    assert shown.returncode == 0, shown.stdout
    assert [(kiosk["kiosk_id"], kiosk["state"]) for kiosk in json.loads(shown.stdout)["kiosks"]] == [
        ("a", "ok"), ("b", "ok")]


def test_a_kiosk_with_a_token_that_never_reported_is_silent(tmp_path):
    db, fleet = tmp_path / "fleet.sqlite", tmp_path / "fleet.yaml"
    for kiosk_id in ("a", "muerwik-3"):
        add_token(fleet, kiosk_id)
    with Registry(db) as registry:
        now = time.time()
        ok_sync = {"version": 7, "error": None, "time": None,
                   "ok_time": time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(now - 600))}  # fmt: skip
        registry.record(beat("a", sync=ok_sync), received_at=now - 60)
    shown = kiosk_command("fleet", "--db", str(db), "--fleet", str(fleet), "--json")
    assert shown.returncode == 3, shown.stdout  # needs attention
    states = {kiosk["kiosk_id"]: kiosk["state"] for kiosk in json.loads(shown.stdout)["kiosks"]}
    assert states == {"a": "ok", "muerwik-3": "silent"}
    table = kiosk_command("fleet", "--db", str(db), "--fleet", str(fleet)).stdout
    line = next(line for line in table.splitlines() if line.startswith("muerwik-3"))
    assert "silent" in line and "never" in line
    assert kiosk_command("fleet", "--db", str(db)).returncode == 0  # without the fleet file it cannot know


def test_fleet_says_what_is_missing(tmp_path):
    import os

    environment = {key: value for key, value in os.environ.items() if key != "KIOSK_ADMIN_TOKEN"}
    done = kiosk_command("fleet", "--server", "http://127.0.0.1:9", env=environment)
    assert done.returncode == 1 and "admin token" in done.stderr
    done = kiosk_command("fleet", "--server", f"http://127.0.0.1:{free_port()}", "--token", "t")
    assert done.returncode == 1 and "cannot reach the fleet server" in done.stderr and "Traceback" not in done.stderr
    done = kiosk_command("fleet", "--db", str(tmp_path / "none.sqlite"))
    assert done.returncode == 1 and "no fleet database" in done.stderr


def test_serve_refuses_a_missing_fleet_file_and_a_db_without_fleet(tmp_path):
    feed = tmp_path / "feed"
    (feed / "metadata").mkdir(parents=True)
    (feed / "metadata" / "timestamp.json").write_text("{}")
    done = kiosk_command("serve", str(feed), "--port", str(free_port()), "--fleet", str(tmp_path / "fleet.yaml"))
    assert done.returncode == 1 and "cannot read fleet file" in done.stderr
    done = kiosk_command("serve", str(feed), "--port", str(free_port()), "--db", str(tmp_path / "x.sqlite"))
    assert done.returncode == 1 and "needs --fleet" in done.stderr


def test_serve_on_a_port_in_use_says_so(fleet_server, tmp_path):
    from urllib.parse import urlsplit

    port = str(urlsplit(fleet_server.url).port)
    done = kiosk_command("serve", str(fleet_server.fleet.parent / "feed"), "--port", port, "--fleet",
                         str(fleet_server.fleet), "--db", str(tmp_path / "other.sqlite"))  # fmt: skip
    assert done.returncode == 1 and f"cannot listen on 127.0.0.1:{port}" in done.stderr
    assert "Traceback" not in done.stderr
