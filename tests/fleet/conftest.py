"""Fleet fixtures: a real `kiosk serve --fleet` in a subprocess, kiosk configs, beats."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from kiosk.config import FeedConfig, FleetConfig, KioskConfig
from kiosk.fleet.fleetfile import add_token
from tests.feed.conftest import free_port, wait_for_port

KIOSKS = ["k1", "k2", "k3", "k4", "never-synced", "old-1", "victim", "idem-1", "cli-1", "stats-1", "stats-2"]


@dataclass
class FleetServer:
    url: str
    fleet: Path
    db: Path
    admin: str
    tokens: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen | None = None
    log: Path | None = None

    def config(self, kiosk_id: str, tmp_path: Path, **overrides) -> KioskConfig:
        fleet = FleetConfig(overrides.pop("url", self.url), overrides.pop("token", self.tokens.get(kiosk_id, "")), 10)
        return make_config(kiosk_id, tmp_path, fleet, **overrides)


def make_config(kiosk_id: str, tmp_path: Path, fleet: FleetConfig, **overrides) -> KioskConfig:
    return KioskConfig(kiosk_id=kiosk_id, group=overrides.pop("group", "city"),
                       location=overrides.pop("location", f"Standort {kiosk_id}"),
                       feed=FeedConfig(data=tmp_path / f"data-{kiosk_id}"), fleet=fleet, **overrides)  # fmt: skip


def kiosk_command(*args: str, env: dict | None = None, timeout: float = 30) -> subprocess.CompletedProcess:
    """The real `kiosk` command in a subprocess."""
    return subprocess.run([sys.executable, "-m", "kiosk", *args], capture_output=True, text=True, timeout=timeout,
                          env=env)  # fmt: skip


def start_fleet_server(root: Path, kiosks: list[str]) -> FleetServer:
    feed = root / "feed"
    (feed / "metadata").mkdir(parents=True)
    (feed / "metadata" / "timestamp.json").write_text('{"signed": "static feed file"}')
    fleet = root / "fleet.yaml"
    tokens = {kiosk_id: add_token(fleet, kiosk_id) for kiosk_id in kiosks}
    server = FleetServer("", fleet, root / "fleet.sqlite", add_token(fleet, None), tokens, log=root / "serve.log")
    port = free_port()
    with open(server.log, "w") as log:
        server.process = subprocess.Popen([sys.executable, "-m", "kiosk", "serve", str(feed), "--port", str(port),
                                           "--fleet", str(fleet), "--db", str(server.db)], stderr=log)  # fmt: skip
    wait_for_port(port)
    server.url = f"http://127.0.0.1:{port}"
    return server


def stop_fleet_server(server: FleetServer) -> None:
    server.process.terminate()
    server.process.wait(10)


@pytest.fixture(scope="module")
def fleet_server(tmp_path_factory):
    """`kiosk serve --fleet` on a free port, with tokens for KIOSKS and an admin token."""
    server = start_fleet_server(tmp_path_factory.mktemp("fleet-server"), KIOSKS)
    yield server
    stop_fleet_server(server)
    assert "Traceback" not in server.log.read_text(), server.log.read_text()


def beat(kiosk_id: str, usage: dict | None = None, **fields) -> dict:
    """A valid beat as a kiosk would send it."""
    made = {"kiosk_id": kiosk_id, "group": "city", "location": f"Standort {kiosk_id}", "content_version": 7,
            "sync": {"version": 7, "error": None, "time": "2026-11-25T09:00:00+00:00",
                     "ok_time": "2026-11-25T09:00:00+00:00"},
            "uptime_s": 3600.0, "rss_bytes": 150 * 2**20, "errors": {"count": 0, "messages": {}},
            "usage": usage or {}, "sent_at": "2026-11-25T09:05:00+00:00", "software": "0.1.0"}  # fmt: skip
    made.update(fields)
    return made
