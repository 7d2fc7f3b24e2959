"""systemd: READY=1 and watchdog pings from the UI thread; the unit files pass systemd-analyze."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from kiosk import harness, paths
from kiosk.watchdog import Watchdog

UNITS = paths.CONFIG / "systemd"


@pytest.fixture
def notify_socket(tmp_path):
    address = str(tmp_path / "notify")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(address)
    sock.settimeout(0.01)
    yield address, sock
    sock.close()


def received(sock) -> list[str]:
    messages = []
    while True:
        try:
            messages.append(sock.recv(4096).decode())
        except (TimeoutError, BlockingIOError):
            return messages


def test_without_systemd_nothing_is_sent():
    watchdog = Watchdog({})
    assert not watchdog.enabled and watchdog.interval == 0 and not watchdog.ping()


def test_messages_reach_the_socket(notify_socket):
    address, sock = notify_socket
    watchdog = Watchdog({"NOTIFY_SOCKET": address, "WATCHDOG_USEC": "30000000"})
    assert watchdog.interval == 15
    assert watchdog.ready("kiosk demo") and watchdog.ping() and watchdog.stopping()
    assert received(sock) == ["READY=1\nSTATUS=kiosk demo", "WATCHDOG=1", "STOPPING=1"]


def test_a_watchdog_meant_for_another_process_is_not_pinged(notify_socket):
    address, _sock = notify_socket
    assert Watchdog({"NOTIFY_SOCKET": address, "WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "1"}).interval == 0
    own = {"NOTIFY_SOCKET": address, "WATCHDOG_USEC": "30000000", "WATCHDOG_PID": str(os.getpid())}
    assert Watchdog(own).interval == 15


def test_pings_come_from_the_ui_thread_and_stop_when_it_is_stuck(app, notify_socket):
    from kivy.clock import Clock

    address, sock = notify_socket
    watchdog = Watchdog({"NOTIFY_SOCKET": address, "WATCHDOG_USEC": "100000"})  # a ping every 50 ms
    threads = []

    def ping(dt):
        threads.append(threading.current_thread())
        watchdog.ping()

    event = Clock.schedule_interval(ping, watchdog.interval)
    try:
        harness.pump_for(0.5)
        assert len(received(sock)) >= 4
        assert set(threads) == {threading.main_thread()}
        time.sleep(0.5)  # the UI thread does no frames: a frozen UI
        assert received(sock) == []
    finally:
        event.cancel()


def test_the_app_says_ready_when_its_first_frame_runs(tmp_path, notify_socket):
    """`kiosk run` under a fake systemd: READY=1, then pings at the interval systemd asks for."""
    address, sock = notify_socket
    sock.settimeout(60)
    env = {**os.environ, "NOTIFY_SOCKET": address, "WATCHDOG_USEC": "400000", "KIVY_NO_CONSOLELOG": "1"}
    env.pop("WATCHDOG_PID", None)
    process = subprocess.Popen([sys.executable, "-m", "kiosk", "run", "--windowed"], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    try:
        first = sock.recv(4096).decode()
        assert first.startswith("READY=1") and "kiosk demo" in first
        maps = Path(f"/proc/{process.pid}/maps").read_text()  # started again in its slot with jemalloc
        assert "libjemalloc" in maps, "kiosk run allocates with glibc: is libjemalloc2 installed (make)?"
        sock.settimeout(5)
        pings = [sock.recv(4096).decode() for _ in range(3)]
        assert pings == ["WATCHDOG=1"] * 3
        process.terminate()  # systemctl stop: a clean exit, not a refused close request
        _out, err = process.communicate(timeout=20)
        assert process.returncode == 0, err.decode()[-2000:]
        sock.settimeout(0.5)
        assert "STOPPING=1" in received(sock)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()


@pytest.fixture(scope="module")
def unit_root(tmp_path_factory):
    """A root directory as on a kiosk: our units, systemd's own, the programs ExecStart names."""
    root = tmp_path_factory.mktemp("root")
    units = root / "etc/systemd/system"
    units.mkdir(parents=True)
    for unit in UNITS.glob("*.service"):
        shutil.copy(unit, units)
    shutil.copytree("/usr/lib/systemd", root / "usr/lib/systemd", symlinks=True)
    for program in ("opt/infopoint/.venv/bin/kiosk", "usr/bin/Xorg"):
        path = root / program
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("#!/bin/sh\n")
        path.chmod(0o755)
    return root


def verify(root: Path, *units: str) -> subprocess.CompletedProcess:
    return subprocess.run(["systemd-analyze", "verify", f"--root={root}", *units], capture_output=True, text=True)


def test_the_units_pass_systemd_analyze_verify(unit_root):
    result = verify(unit_root, "infopoint-kiosk.service", "infopoint-display.service")
    assert result.returncode == 0 and result.stdout + result.stderr == "", result.stderr


def test_the_check_sees_a_broken_unit(unit_root, tmp_path):
    broken = unit_root / "etc/systemd/system/infopoint-broken.service"
    broken.write_text((UNITS / "infopoint-kiosk.service").read_text().replace("WatchdogSec=", "WatchdogSecs="))
    try:
        result = verify(unit_root, "infopoint-broken.service")
        assert "Unknown key" in result.stderr
    finally:
        broken.unlink()


def test_the_unit_restarts_the_kiosk_and_uses_the_watchdog():
    text = (UNITS / "infopoint-kiosk.service").read_text()
    settings = dict(line.split("=", 1) for line in text.splitlines() if "=" in line and not line.startswith("#"))
    assert settings["Type"] == "notify" and settings["Restart"] == "on-failure"
    assert int(settings["WatchdogSec"]) >= 10 and settings["NotifyAccess"] == "main"
    command = settings["ExecStart"].split()
    assert command[0].endswith("/kiosk") and command[1] == "run"
    from kiosk.cli import build_parser

    build_parser().parse_args(command[1:])  # the command line the unit runs is one our CLI accepts
