"""Power cuts during an update: SIGKILL the sync at random points; never a mix, never nothing."""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from kiosk import paths
from kiosk.feed import publish
from kiosk.feed.server import serve_in_background
from kiosk.feed.store import Store

KILLS = 50


def files_of(directory: Path) -> dict[str, bytes]:
    return {p.relative_to(directory).as_posix(): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def sync_command(url: str, data: Path, root: Path) -> list[str]:
    return [sys.executable, "-m", "kiosk", "sync", "--once", "--feed", url, "--data", str(data), "--trust", str(root)]


def test_sigkill_during_update_leaves_old_or_new_version(tmp_path, key_dir):
    content = tmp_path / "content"
    shutil.copytree(paths.CONTENT, content)
    feed = tmp_path / "feed"
    publish.publish(content, key_dir, feed)
    server = serve_in_background(feed)
    url = f"http://127.0.0.1:{server.server_address[1]}"
    root = feed / "metadata" / "1.root.json"
    template = tmp_path / "template"
    subprocess.run(sync_command(url, template, root), check=True, capture_output=True, timeout=120)
    old = files_of(Store(template).current())

    # version 2 changes every offer, so an update has many files to fetch and install
    for offer in (content / "offers").glob("*.yaml"):
        offer.write_text(offer.read_text(encoding="utf-8").replace("updated: 2026-11-24", "updated: 2026-11-25"),
                         encoding="utf-8")  # fmt: skip
    publish.publish(content, key_dir, feed)
    reference = tmp_path / "reference"
    shutil.copytree(template, reference, symlinks=True)
    started = time.monotonic()
    subprocess.run(sync_command(url, reference, root), check=True, capture_output=True, timeout=120)
    full_sync = time.monotonic() - started
    new = files_of(Store(reference).current())
    assert new != old

    rng = random.Random(20261124)
    outcomes = {"old": 0, "new": 0}
    try:
        for attempt in range(KILLS):
            data = tmp_path / f"kiosk-{attempt}"
            shutil.copytree(template, data, symlinks=True)
            process = subprocess.Popen(sync_command(url, data, root), stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL)  # fmt: skip
            time.sleep(rng.uniform(0.05, full_sync * 1.1))
            process.send_signal(signal.SIGKILL)
            process.wait(10)
            shown = Store(data).current()
            assert shown is not None, f"attempt {attempt}: no current version at all"
            found = files_of(shown)
            assert found in (old, new), f"attempt {attempt}: a mix of versions in {shown}"
            outcomes["new" if found == new else "old"] += 1
            # after the restart the kiosk finishes the update cleanly
            subprocess.run(sync_command(url, data, root), check=True, capture_output=True, timeout=120)
            assert files_of(Store(data).current()) == new
            assert not list((data / "versions").glob(".staging-*"))
            shutil.rmtree(data)
    finally:
        server.shutdown()
        server.server_close()
    assert sum(outcomes.values()) == KILLS
    assert outcomes["old"] > 0, outcomes  # the kills really landed during updates
    print(f"SIGKILL outcomes: {outcomes}, full sync {full_sync:.2f} s")
