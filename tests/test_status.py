"""What the admin panel says about the kiosk (kiosk.status, no Kivy)."""

from __future__ import annotations

import socket
import time
from dataclasses import replace

from kiosk import status
from kiosk.config import FeedConfig, KioskConfig


def test_sync_summary_names_the_error_or_the_version():
    assert status.sync_summary({}) == "noch keine"
    failed = {"version": 3, "error": "feed refused: expired timestamp", "time": "2026-11-25T08:00:00+00:00"}
    assert status.sync_summary(failed).endswith("Fehler: feed refused: expired timestamp")
    assert "Version 4, 2 Dateien neu" in status.sync_summary({"version": 4, "changed": 2, "error": None})


def test_network_reachable_and_not(tmp_path):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]
    config = KioskConfig(feed=FeedConfig(url=f"http://127.0.0.1:{port}/feed", data=tmp_path))
    try:
        assert status.network(config).startswith(f"online: 127.0.0.1:{port}")
    finally:
        listener.close()
    assert status.network(config, timeout=1).startswith(f"offline: 127.0.0.1:{port} nicht erreichbar")
    assert status.network(replace(config, feed=FeedConfig(data=tmp_path))).startswith("kein Feed")


def test_content_version_and_age(tmp_path):
    config = KioskConfig(feed=FeedConfig(data=tmp_path))
    assert status.content_state(config)[0].startswith("installiert")
    (tmp_path / "versions" / "7").mkdir(parents=True)
    (tmp_path / "current").symlink_to("versions/7")
    version, age = status.content_state(config, now=time.time() + 2 * 3600 + 300)
    assert version == "7" and age == "2 h 5 min"


def test_rows_for_the_panel(tmp_path):
    rows = dict(status.collect(KioskConfig(kiosk_id="bahnhof-2", feed=FeedConfig(data=tmp_path)), {},
                               time.monotonic() - 90000))  # fmt: skip
    assert rows["Kiosk"] == "bahnhof-2" and rows["Laufzeit"] == "1 d 1 h"
    assert int(rows["Speicher"].split()[0]) > 10
