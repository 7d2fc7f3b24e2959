"""A running kiosk (`kiosk run`) sends its own heartbeats and keeps its usage figures on disk."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import yaml

from tests.fleet.conftest import kiosk_command, start_fleet_server, stop_fleet_server


def test_a_running_kiosk_reports_to_the_fleet_server(tmp_path):
    server = start_fleet_server(tmp_path / "server", ["rathaus-1"])
    data = tmp_path / "data"
    config = tmp_path / "kiosk.yaml"
    config.write_text(yaml.safe_dump({
        "kiosk_id": "rathaus-1", "location": "Rathaus, Foyer", "group": "rathaus", "fullscreen": False,
        "feed": {"data": str(data)},
        "fleet": {"url": server.url, "token": server.tokens["rathaus-1"], "interval": 10},
    }))  # fmt: skip
    process = subprocess.Popen([sys.executable, "-m", "kiosk", "run", "--config", str(config)],
                               env={**os.environ, "KIVY_NO_CONSOLELOG": "1"},
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    try:
        deadline, kiosks = time.monotonic() + 60, []
        while time.monotonic() < deadline:
            shown = kiosk_command("fleet", "--db", str(server.db), "--json")
            kiosks = json.loads(shown.stdout).get("kiosks", []) if shown.stdout.strip() else []
            if kiosks:
                break
            time.sleep(0.5)
        assert [kiosk["kiosk_id"] for kiosk in kiosks] == ["rathaus-1"], kiosks
        reported = kiosks[0]
        assert reported["location"] == "Rathaus, Foyer" and reported["group"] == "rathaus"
        assert reported["rss_bytes"] > 50 * 2**20 and reported["uptime_s"] < 120
        process.send_signal(signal.SIGTERM)
        _out, err = process.communicate(timeout=30)
        assert process.returncode == 0, err.decode()[-2000:]
        # stopping saves the figures (nobody touched this kiosk: no day has counts yet)
        assert json.loads((data / "usage.json").read_text()) == {"days": {}}
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
        stop_fleet_server(server)
