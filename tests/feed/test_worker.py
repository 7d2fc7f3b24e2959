"""The background worker: jitter, backoff, new content handed over."""

import random

from kiosk.feed.sync import SyncResult
from kiosk.feed.worker import MAX_BACKOFF, SyncWorker
from tests.feed.conftest import make_sync


def test_delay_has_jitter_and_backs_off_after_failures(tmp_path, feed):
    from tests.feed.conftest import free_port

    dead = make_sync(f"http://127.0.0.1:{free_port()}", tmp_path / "data", feed.root)  # nobody listens there
    seen: list[SyncResult] = []
    worker = SyncWorker(dead, 60, seen.append, lambda c: None, random.Random(1))
    delays = [worker.next_delay() for _ in range(50)]
    assert min(delays) >= 48 and max(delays) <= 72 and len(set(delays)) > 40
    for expected in (120, 240, 480):
        worker.run_once()
        assert expected * 0.8 <= worker.next_delay() <= expected * 1.2
    for _ in range(10):
        worker.run_once()
    assert worker.next_delay() <= MAX_BACKOFF * 1.2
    assert all(result.error for result in seen)


def test_new_version_hands_over_the_new_catalog(feed, tmp_path):
    from kiosk.feed.server import serve_in_background

    server = serve_in_background(feed.dir)
    results, catalogs = [], []
    try:
        sync = make_sync(f"http://127.0.0.1:{server.server_address[1]}", tmp_path / "data", feed.root)
        worker = SyncWorker(sync, 60, results.append, catalogs.append)
        worker.run_once()
        worker.run_once()  # nothing new: no catalog handed over
    finally:
        server.shutdown()
        server.server_close()
    assert [r.error for r in results] == [None, None]
    assert len(catalogs) == 1 and list(catalogs[0].offers) == ["schwimmkurs"]
