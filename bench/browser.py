"""Side by side with a browser kiosk: Debian's chromium --kiosk showing the phone pages, and our kiosk.

    python -m bench.browser [--repetitions 3] [--settle 8] [--page de/]

The real content is published with kiosk.feed.publish (which writes the phone pages) and served
by the embedded server; chromium opens the German index page (``--page``; an offer page is
``o/<id>/de/``) full screen, not headless, on the same X display as the kiosk (Xvfb 1080x1920
when DISPLAY is not set, so both fill the same 1080x1920 pixels). Our kiosk starts as in
bench.startup (``kiosk run --windowed``, 1080x1920). They take turns, ``--repetitions`` each;
the median is reported.

Time to first content, both from just before ``Popen``:

- chromium: its own paint timing, ``performance.timeOrigin + first-contentful-paint``
  (wall clock, ms), read over the DevTools protocol (Playwright ``connect_over_cdp``) only
  after ``--settle`` seconds, so that connecting does not slow the start it measures;
- kiosk: the end of the first buffer swap that shows the attract screen (bench.firstframe).

Memory, ``--settle`` seconds after the start, before anything connects: the sum over the process
and all its descendants (chromium: browser, zygotes, renderer, GPU and utility processes) of
VmRSS, and of PSS (/proc/PID/smaps_rollup), which divides shared pages among the processes
sharing them and so does not count chromium's shared memory once per process.

The profile directory is made once and warmed by an untimed run, as a kiosk's browser would
keep its profile. Ratios are kiosk / chromium: below 1 means our kiosk needs less.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from bench import firstframe, memory
from bench.xdisplay import ensure_display
from kiosk import paths
from kiosk.feed import keys, publish
from kiosk.feed.server import serve_in_background

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--kiosk", "--no-first-run", "--no-default-browser-check", "--disable-sync", "--disable-translate",
    "--disable-background-networking", "--disable-component-update", "--password-store=basic",
    "--window-position=0,0", "--window-size=1080,1920", "--remote-debugging-port=0",
]  # fmt: skip


def chromium_flags(profile: Path) -> list[str]:
    flags = [*FLAGS, f"--user-data-dir={profile}"]
    if os.geteuid() == 0:
        flags.append("--no-sandbox")  # chromium refuses to run as root with its sandbox
    return flags


def start_chromium(url: str, profile: Path, settle: float) -> dict:
    """One chromium run: first contentful paint from process start, then the tree's memory."""
    (profile / "DevToolsActivePort").unlink(missing_ok=True)
    started = time.time()
    process = subprocess.Popen([CHROMIUM, *chromium_flags(profile), url], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)  # fmt: skip
    try:
        time.sleep(settle)
        used = memory.tree_memory(process.pid)
        port = (profile / "DevToolsActivePort").read_text().split()[0]
        paint = read_paint(f"http://127.0.0.1:{port}", url)
        return {"seconds": paint["first_contentful_paint"] / 1000 - started, **used, "renderer": paint["renderer"],
                "navigation_start_seconds": paint["time_origin"] / 1000 - started}  # fmt: skip
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def read_paint(endpoint: str, url: str) -> dict:
    """performance.timeOrigin (navigation start) and + first-contentful-paint, epoch ms, for ``url``."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.connect_over_cdp(endpoint)
        page = next(p for context in browser.contexts for p in context.pages if p.url.startswith(url))
        for _ in range(100):
            paint = page.evaluate(
                """() => {
                    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
                    const gl = document.createElement('canvas').getContext('webgl');
                    const info = gl && gl.getExtension('WEBGL_debug_renderer_info');
                    return fcp && {first_contentful_paint: performance.timeOrigin + fcp.startTime,
                                   time_origin: performance.timeOrigin,
                                   renderer: info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : 'no WebGL'};
                }"""
            )
            if paint:
                return paint
            time.sleep(0.1)
        raise RuntimeError(f"chromium painted no content for {url}")


def start_kiosk(settle: float) -> dict:
    started = firstframe.launch("kiosk", ["--content", str(paths.CONTENT)], hold=True)
    try:
        time.sleep(max(0.0, settle - started.seconds))
        return {"seconds": started.seconds, **memory.tree_memory(started.process.pid),
                "renderer": firstframe.gl_renderer(started.log())}  # fmt: skip
    finally:
        started.stop()


def run(repetitions: int, settle: float, page: str) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-browser-") as scratch, ensure_display(1080, 1920):
        work = Path(scratch)
        keys.keygen(work / "keys")
        publish.publish(paths.CONTENT, work / "keys", work / "feed")
        server = serve_in_background(work / "feed")
        url = f"http://127.0.0.1:{server.server_address[1]}/{page}"
        runs: dict[str, list[dict]] = {"chromium": [], "kiosk": []}
        try:
            start_chromium(url, work / "profile", settle)  # untimed: creates and warms the profile
            start_kiosk(min(settle, 2.0))  # untimed: warm file caches
            load_before = os.getloadavg()[0]
            for _ in range(repetitions):
                runs["chromium"].append(start_chromium(url, work / "profile", settle))
                runs["kiosk"].append(start_kiosk(settle))
        finally:
            server.shutdown()
            server.server_close()
    median = {name: {key: statistics.median(r[key] for r in results)
                     for key in ("seconds", "rss_mib", "pss_mib", "processes")}
              for name, results in runs.items()}  # fmt: skip
    ratio = {key: round(median["kiosk"][key] / median["chromium"][key], 2) for key in ("seconds", "rss_mib", "pss_mib")}
    return {
        "repetitions": repetitions, "settle_seconds": settle, "page": page, "screen": "1080x1920",
        "chromium": {"version": chromium_version(), "flags": " ".join(chromium_flags(Path("PROFILE"))),
                     "renderer": runs["chromium"][-1]["renderer"]},
        "kiosk": {"start": "kiosk run --windowed --content content/", "renderer": runs["kiosk"][-1]["renderer"]},
        "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "first_content_seconds": {name: round(values["seconds"], 3) for name, values in median.items()},
        "chromium_navigation_start_seconds": round(statistics.median(
            r["navigation_start_seconds"] for r in runs["chromium"]), 3),
        "memory_mib": {name: {"rss": values["rss_mib"], "pss": values["pss_mib"], "processes": values["processes"]}
                       for name, values in median.items()},
        "ratio_kiosk_to_chromium": {"first_content": ratio["seconds"], "rss": ratio["rss_mib"],
                                    "pss": ratio["pss_mib"]},
        "runs": runs,
    }  # fmt: skip


def chromium_version() -> str:
    result = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, check=False)
    return result.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--settle", type=float, default=8.0, help="seconds after the start to measure memory")
    parser.add_argument("--page", default="de/", help="path of the page, e.g. de/ or o/<offer-id>/de/")
    args = parser.parse_args()
    print(json.dumps(run(args.repetitions, args.settle, args.page)))


if __name__ == "__main__":
    main()
