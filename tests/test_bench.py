"""The benchmarks run, in a tiny size, and print the JSON the README's table is made from.

Each runs as ``python -m bench.<name>`` in its own process (Kivy allows one window per
process), on the display conftest set up.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk import paths

CHROMIUM = Path("/usr/bin/chromium")


def bench(name: str, *args: str, timeout: float = 120, env: dict | None = None) -> dict:
    result = subprocess.run([sys.executable, "-m", f"bench.{name}", *args], cwd=paths.ROOT, capture_output=True,
                            text=True, timeout=timeout, check=False, env=env)  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1, result.stdout[-2000:]  # one JSON object, nothing else
    return json.loads(lines[0])


@pytest.fixture
def without_pytest(tmp_path) -> dict:
    """The environment of a kiosk installed by ``make setup``: no pytest (the benchmarks run there)."""
    blocker = tmp_path / "blocked" / "pytest"
    blocker.mkdir(parents=True)
    (blocker / "__init__.py").write_text('raise ImportError("pytest is not installed on a kiosk")\n')
    return {**os.environ, "PYTHONPATH": str(blocker.parent)}


def test_startup():
    result = bench("startup", "--repetitions", "1", "--offers", "20")
    frames = result["first_frame_seconds"]
    assert set(frames) == {"hello", "real", "synthetic"}
    assert all(0 < frames[kind]["median"] < 60 for kind in frames)  # no order: one run each is noise
    ratio = result["ratio_to_hello"]["real"]
    assert abs(ratio - frames["real"]["median"] / frames["hello"]["median"]) < 0.02
    assert set(result["met"]) == {"real", "synthetic"} and result["met"]["real"] == (ratio <= 1.5)
    assert result["gl_renderer"]


def test_transitions(without_pytest):
    result = bench("transitions", "--taps", "8", "--offers", "40", "--think-ms", "100", env=without_pytest)
    assert result["taps"] == 8 and result["allocator"] == "jemalloc"
    assert result["idle_frame_ms"]["count"] >= 10  # the pauses between taps ran frames
    assert 0 < result["tap_without_drawing_ms"]["p50"] <= result["tap_without_swap_ms"]["p50"]
    assert set(result["by_kind_ms"]) == {"language", "list", "detail", "back_to_list", "back_to_home"}
    assert 0 < result["tap_without_swap_ms"]["p50"] <= result["tap_ms"]["p50"] < 10_000
    assert all(result["frames_per_tap"][kind] >= 2 for kind in ("list", "detail"))
    assert isinstance(result["met"], bool)
    bare = result["bare_kivy"]  # the same visits in plain Kivy widgets, the baseline of the same run
    assert bare["taps"] == 8 and set(bare["by_kind_ms"]) == set(result["by_kind_ms"]) - {"language"}
    assert 0 < bare["tap_without_drawing_ms"]["p50"] <= bare["tap_ms"]["p50"] < 10_000
    assert result["ratio_to_bare_kivy"]["p50"] == round(result["tap_ms"]["p50"] / bare["tap_ms"]["p50"], 2)
    assert result["prepared_before_first_visitor"]["done"] is True


def test_soak(tmp_path, without_pytest):
    result = bench("soak", "--actions", "60", "--sync-every", "30", "--offers", "15", "--samples", "12",
                   "--heap-profile", str(tmp_path), timeout=180, env=without_pytest)  # fmt: skip
    assert result["actions"] == 60 and sum(result["actions_by_kind"].values()) == 60
    assert result["exceptions"] == 0, result["first_exceptions"]
    assert result["errors_logged"] == 0, result["first_errors"]
    syncs = result["syncs"]
    assert syncs["last_error"] is None and syncs["last_installed_version"] == syncs["published"] == 3
    assert result["after_warm_up"]["rss_mib"] > 50 and result["end"]["rss_mib"] > 50
    assert result["end"]["textures"] > 0
    assert result["end"]["sdl_blocks"] > 100 and result["sdl_blocks_growth"] is not None  # SDL's own count
    assert result["allocator"] == "jemalloc"  # what `kiosk run` uses (kiosk.allocator)
    assert [sample["actions"] for sample in result["rss_samples"]] == list(range(5, 61, 5))
    parts = result["end"]["rss_parts_mib"]
    assert parts["RssAnon"] > 20 and parts["RssFile"] > 5  # the kernel's split of this very process
    assert result["end"]["pymalloc_mib"]["arenas_mib"] >= result["end"]["pymalloc_mib"]["blocks_mib"] > 5
    # the warm-up is at 12 actions: 10 samples from there, two windows of 5
    assert result["rss_growth_mib"] is not None and result["window_growth_mib"]["anon_mib"] is not None
    jemalloc = result["end"]["jemalloc_mib"]  # jemalloc's own account: what the program holds, what is resident
    assert 5 < jemalloc["allocated"] <= jemalloc["active"] <= jemalloc["resident"] < parts["RssAnon"] + parts["RssFile"]
    assert result["window_growth_mib"]["jemalloc_allocated_mib"] is not None
    profiles = sorted(tmp_path.glob("*.heap"))  # jemalloc's heap profile at every sample, for jeprof
    assert [path.name for path in profiles] == [f"{number:05d}.heap" for number in range(5, 61, 5)]
    assert all(path.read_text().startswith("heap_v2/") for path in profiles)


def test_soak_keeps_only_the_first_failures():
    """A soak where everything fails must not measure its own growing list of tracebacks."""
    import logging

    from bench.soak import ErrorCount, Tally

    tally = Tally()
    for number in range(10_000):
        tally.add(f"failure {number} " + "x" * 2000)
    assert tally.count == 10_000 and len(tally.first) == Tally.KEEP
    assert tally.first[0].startswith("failure 0 ") and len(tally.first[0]) == 1500
    assert tally.last.startswith("failure 4 ")
    errors = ErrorCount()
    root, kivy = logging.getLogger(), logging.getLogger("kivy.soaktest")
    for logger in (root, kivy):
        logger.addHandler(errors)
    try:
        for number in range(20):
            kivy.error("broken %d", number)  # reaches both handlers (it propagates to the root): counted once
    finally:
        for logger in (root, kivy):
            logger.removeHandler(errors)
    assert errors.tally.count == 20 and errors.tally.first[0] == "kivy.soaktest: broken 0"


def test_soak_growth_is_a_median_of_windows():
    from bench.soak import slope_per_1000, window_growth

    rss = [400, 430, 405, 410, 402, 411, 440, 409, 412, 413]  # one lucky or unlucky sample must not decide
    samples = [{"actions": 1000 * (n + 1), "rss_mib": value} for n, value in enumerate(rss)]
    assert window_growth(samples, "rss_mib", 5) == 412 - 405  # medians of 400..430 and 409..440
    assert window_growth(samples[:9], "rss_mib", 5) is None  # too few for two windows
    line = [{"actions": a, "rss_mib": 100 + 0.002 * a} for a in range(0, 10_001, 500)]
    assert slope_per_1000(line, "rss_mib") == 2.0


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


def test_soak_counts_the_results_lru_caches_hold():
    """A bounded cache filling while visitors browse is growth too: its results must be counted, not only its
    keys (the QR codes' cache held 9.6 MB of results that the soak's lru_mib did not show)."""
    import functools

    from bench.soak import cache_bytes

    @functools.lru_cache(maxsize=8)
    def text(number):
        return "x" * 100_000

    @functools.lru_cache(maxsize=8)
    def pair(number, keyword=0):
        return ("y" * 50_000, number)

    @functools.cache
    def unbounded(number):
        return "z" * 30_000

    empty = cache_bytes([text, pair, unbounded])
    text(1), text("one"), pair(2, keyword=3), pair(4), unbounded(5)
    held = cache_bytes([text, pair, unbounded])
    assert 330_000 <= held - empty < 332_000


def test_editor(without_pytest):
    result = bench("editor", "--offers", "40", "--rounds", "2", "--changes", "1", timeout=300, env=without_pytest)
    assert result["baseline_bare_flask"]["n"] == 16
    for name in ("shipped", "synthetic"):
        catalogue = result[name]
        assert catalogue["pages"]["n"] == 2 * len(catalogue["by_page_p95_ms"]) and catalogue["pages"]["p95_ms"] > 0
        assert len(catalogue["publish_to_kiosk"]["seconds"]) == 1  # the kiosk got the change (else the bench fails)
        assert {"goal", "met"} <= set(catalogue["publish_to_kiosk"])
    assert result["synthetic"]["offers"] == 40 and result["shipped"]["offers"] >= 70
