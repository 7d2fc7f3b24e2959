"""The benchmarks run, in a tiny size, and print the JSON the README's table is made from.

Each runs as ``python -m bench.<name>`` in its own process (Kivy allows one window per
process), on the display conftest set up.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk import paths

CHROMIUM = Path("/usr/bin/chromium")


def bench(name: str, *args: str, timeout: float = 120) -> dict:
    result = subprocess.run([sys.executable, "-m", f"bench.{name}", *args], cwd=paths.ROOT, capture_output=True,
                            text=True, timeout=timeout, check=False)  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1, result.stdout[-2000:]  # one JSON object, nothing else
    return json.loads(lines[0])


def test_startup():
    result = bench("startup", "--repetitions", "1", "--offers", "20")
    frames = result["first_frame_seconds"]
    assert set(frames) == {"hello", "real", "synthetic"}
    assert all(0 < frames[kind]["median"] < 60 for kind in frames)  # no order: one run each is noise
    ratio = result["ratio_to_hello"]["real"]
    assert abs(ratio - frames["real"]["median"] / frames["hello"]["median"]) < 0.02
    assert set(result["met"]) == {"real", "synthetic"} and result["met"]["real"] == (ratio <= 1.5)
    assert result["gl_renderer"]


def test_transitions():
    result = bench("transitions", "--taps", "8", "--offers", "40", "--think-ms", "100")
    assert result["taps"] == 8
    assert result["idle_frame_ms"]["count"] >= 10  # the pauses between taps ran frames
    assert 0 < result["tap_without_drawing_ms"]["p50"] <= result["tap_without_swap_ms"]["p50"]
    assert set(result["by_kind_ms"]) == {"language", "list", "detail", "back_to_list", "back_to_home"}
    assert 0 < result["tap_without_swap_ms"]["p50"] <= result["tap_ms"]["p50"] < 10_000
    assert all(result["frames_per_tap"][kind] >= 2 for kind in ("list", "detail"))
    assert isinstance(result["met"], bool)


def test_soak():
    result = bench("soak", "--actions", "60", "--sync-every", "30", "--offers", "15", timeout=180)
    assert result["actions"] == 60 and sum(result["actions_by_kind"].values()) == 60
    assert result["exceptions"] == 0, result["first_exceptions"]
    assert result["errors_logged"] == 0, result["first_errors"]
    syncs = result["syncs"]
    assert syncs["last_error"] is None and syncs["last_installed_version"] == syncs["published"] == 3
    assert result["after_warm_up"]["rss_mib"] > 50 and result["end"]["rss_mib"] > 50
    assert result["end"]["textures"] > 0


def test_browser():
    if not CHROMIUM.exists():
        pytest.fail("chromium is not installed: `make test` installs Debian's chromium")
    result = bench("browser", "--repetitions", "1", "--settle", "3")
    seconds = result["first_content_seconds"]
    assert 0 < seconds["chromium"] < 30 and 0 < seconds["kiosk"] < 30
    memory = result["memory_mib"]
    assert memory["chromium"]["processes"] > 1 and memory["kiosk"]["processes"] >= 1
    assert memory["chromium"]["pss"] > 10 and memory["kiosk"]["pss"] > 10
    assert set(result["ratio_kiosk_to_chromium"]) == {"first_content", "rss", "pss"}
