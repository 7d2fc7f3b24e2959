"""A kiosk syncing with a real web server: what it costs, and that bad feeds lose nothing."""

from __future__ import annotations

import json
import logging
import shutil
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from kiosk.content import load_catalog
from kiosk.feed import publish as publish_module
from kiosk.feed.store import Store
from tests.conftest import write_offer
from tests.feed.conftest import make_sync


def synced(url, tmp_path, feed):
    sync = make_sync(url, tmp_path / "data", feed.root)
    result = sync.run_once()
    assert result.error is None, result.error
    return sync, result


def test_first_sync_then_nothing_changed(server, feed, tmp_path):
    sync, first = synced(server, tmp_path, feed)
    assert first.version == 1 and first.changed == 4  # index, site, categories and the one offer
    assert load_catalog(sync.store.current())[0].offers.keys() == {"schwimmkurs"}
    again = sync.run_once()
    assert again.error is None and again.changed == 0 and again.version == 1
    assert again.requests <= 2 and again.bytes <= 2048, again


def test_one_changed_offer_downloads_that_offer_and_little_metadata(server, feed, tmp_path):
    sync, _ = synced(server, tmp_path, feed)
    write_offer(feed.content, "aerobic", "")
    write_offer(feed.content, "aerobic", "", body=(feed.content / "offers" / "aerobic.yaml").read_text())
    feed.publish()
    added = synced(server, tmp_path, feed)[1]
    assert added.error is None and added.version == 2
    path = feed.content / "offers" / "schwimmkurs.yaml"
    path.write_text(path.read_text().replace("Schwimmkurs", "Schwimmkurs für Frauen"))
    feed.publish()
    result = sync.run_once()
    assert result.error is None and result.version == 3 and result.changed == 1
    assert result.bytes - len(path.read_bytes()) <= 10 * 1024, result
    shown = load_catalog(sync.store.current())[0]
    assert shown.offers["schwimmkurs"].title.get("de") == "Schwimmkurs für Frauen"


# -- bad feeds: each is refused, says why, and the kiosk keeps its last good content --------------


def tamper_target(feed):
    """A file changed after signing."""
    target = max((feed.dir / "targets" / "offers").glob("*.schwimmkurs.yaml"), key=lambda p: p.stat().st_mtime_ns)
    target.write_text(target.read_text().replace("Schwimmkurs", "Schwxmmkurs"))  # same length: only the hash tells


def newest(feed, role):
    return max((feed.dir / "metadata").glob(f"*.{role}.json"), key=lambda p: int(p.name.split(".")[0]))


def edit_json(path, change):
    data = json.loads(path.read_bytes())
    change(data)
    path.write_text(json.dumps(data))


def next_version(feed, **publish_options):
    path = feed.content / "offers" / "schwimmkurs.yaml"
    path.write_text(path.read_text().replace("Learn to swim.", "Learn to swim step by step."))
    feed.publish(**publish_options)


def tampered_target(feed):
    next_version(feed)
    tamper_target(feed)


def tampered_metadata(feed):
    next_version(feed)
    edit_json(feed.dir / "metadata" / "timestamp.json", lambda d: d["signed"].update(version=99))


def changed_bin(feed):
    """The hash-bin metadata the latest publish signed (snapshot pins only its version)."""
    latest = max(int(p.name.split(".")[0]) for p in (feed.dir / "metadata").glob("*.bins-*.json"))
    return next((feed.dir / "metadata").glob(f"{latest}.bins-*.json"))


def signature_missing(feed):
    next_version(feed)
    edit_json(changed_bin(feed), lambda d: d.update(signatures=[]))


def signature_wrong(feed):
    next_version(feed)
    edit_json(changed_bin(feed), lambda d: d["signatures"][0].update(sig="00" * 64))


def expired_timestamp(feed):
    next_version(feed, lifetimes={"timestamp": -1})


def oversized_metadata(feed):
    path = feed.dir / "metadata" / "timestamp.json"
    path.write_bytes(path.read_bytes() + b" " * 10_000)


def oversized_target(feed):
    next_version(feed)
    grow_target(feed)


def truncated_target(feed):
    next_version(feed)
    truncate_target(feed)


def malformed_json(feed):
    (feed.dir / "metadata" / "timestamp.json").write_text("{not json")


def feed_gone(feed):
    (feed.dir / "metadata" / "timestamp.json").unlink()


def path_traversal(feed):
    publish_with_paths(feed, "offers/../../etc/passwd")


CASES = {
    "target changed after signing": (tampered_target, "hash"),
    "metadata changed after signing": (tampered_metadata, "signed by 0/1 keys"),
    "signature missing": (signature_missing, "signed by 0/1 keys"),
    "signature wrong": (signature_wrong, "signed by 0/1 keys"),
    "signed with an untrusted key": (lambda feed: resign_with_other_keys(feed), "signed by 0/1 keys"),
    "expired timestamp (freeze)": (expired_timestamp, "expired"),
    "expired snapshot": (lambda feed: expire_snapshot(feed), "expired"),
    "oversized metadata": (oversized_metadata, "length"),
    "oversized target": (oversized_target, "length"),
    "truncated target": (truncated_target, "length"),
    "malformed timestamp json": (malformed_json, "error"),
    "mix and match of versions": (lambda feed: mix_and_match(feed), "version"),
    "path traversal in a signed index": (path_traversal, "unsafe"),
    "signed content that does not validate": (lambda feed: publish_invalid_content(feed), "validate"),
    "feed gone (404)": (feed_gone, "404"),
}


def resign_with_other_keys(feed):
    from kiosk.feed import keys

    other = feed.keys.parent / "other-keys"
    keys.keygen(other)
    next_version(feed)
    shutil.rmtree(feed.dir / "metadata")
    publish_module.publish(feed.content, other, feed.dir)
    # the new root is signed by a root key the kiosk never trusted
    (feed.dir / "metadata" / "2.root.json").write_bytes((feed.dir / "metadata" / "1.root.json").read_bytes())


def expire_snapshot(feed):
    next_version(feed, lifetimes={"snapshot": -1})


def grow_target(feed):
    target = next((feed.dir / "targets" / "offers").glob("*.schwimmkurs.yaml"))
    newest_target = max(target.parent.glob("*.schwimmkurs.yaml"), key=lambda p: p.stat().st_mtime_ns)
    newest_target.write_bytes(newest_target.read_bytes() + b"#" * 100_000)


def truncate_target(feed):
    target = max((feed.dir / "targets" / "offers").glob("*.schwimmkurs.yaml"), key=lambda p: p.stat().st_mtime_ns)
    target.write_bytes(target.read_bytes()[:40])


def mix_and_match(feed):
    """The new snapshot served with an old bin under the new bin's name."""
    old = {p.name.split(".", 1)[1]: p for p in (feed.dir / "metadata").glob("1.bins-*.json")}
    next_version(feed)
    changed = [p for p in (feed.dir / "metadata").glob("2.bins-*.json")]
    assert changed
    for path in changed:
        path.write_bytes(old[path.name.split(".", 1)[1]].read_bytes())


def publish_with_paths(feed, bad_path):
    original = publish_module.content_files

    def with_bad_path(directory):
        files = original(directory)
        files[bad_path] = b"root:x:0:0"
        return files

    publish_module.content_files = with_bad_path
    try:
        feed.publish()
    finally:
        publish_module.content_files = original


def publish_invalid_content(feed):
    original = publish_module.load_catalog
    publish_module.load_catalog = lambda directory: (original(directory)[0], [])  # a publisher that skips checks
    try:
        write_offer(feed.content, "kaputt", "website: javascript:alert(1)\n")
        feed.publish()
    finally:
        publish_module.load_catalog = original


@pytest.mark.parametrize("case", CASES)
def test_bad_feed_is_refused_and_nothing_is_lost(server, feed, tmp_path, caplog, case):
    sync, first = synced(server, tmp_path, feed)
    before = sync.store.current()
    files_before = {p.relative_to(before): p.read_bytes() for p in before.rglob("*") if p.is_file()}
    damage, reason = CASES[case]
    damage(feed)
    with caplog.at_level(logging.WARNING, logger="kiosk.feed"):
        result = sync.run_once()
    assert result.error is not None, f"{case}: accepted"
    assert reason.lower() in result.error.lower(), result.error
    assert "feed refused" in caplog.text
    after = sync.store.current()
    assert after == before
    assert {p.relative_to(after): p.read_bytes() for p in after.rglob("*") if p.is_file()} == files_before
    assert load_catalog(after)[1] == []
    assert not list((tmp_path / "data" / "versions").glob(".staging-*"))  # nothing half-installed left


def test_rollback_to_an_older_timestamp_is_refused(server, feed, tmp_path):
    sync, _ = synced(server, tmp_path, feed)
    old_timestamp = (feed.dir / "metadata" / "timestamp.json").read_bytes()
    next_version(feed)
    assert sync.run_once().version == 2
    (feed.dir / "metadata" / "timestamp.json").write_bytes(old_timestamp)
    result = sync.run_once()
    assert result.error and "version" in result.error.lower()
    assert sync.store.current_version() == 2


# -- servers that misbehave -----------------------------------------------------------------------


class Answer500(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's naming
        self.send_error(500, "Internal Server Error")

    def log_message(self, *args):
        pass


def misbehaving(handler):
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def installed(feed, tmp_path):
    """A kiosk that has synced once from a good server; returns (data dir, its version dir)."""
    from kiosk.feed.server import serve_in_background

    good = serve_in_background(feed.dir)
    make_sync(f"http://127.0.0.1:{good.server_address[1]}", tmp_path / "data", feed.root).run_once()
    good.shutdown()
    good.server_close()
    return tmp_path / "data", Store(tmp_path / "data").current()


def test_server_answering_500(feed, installed):
    data, before = installed
    server = misbehaving(Answer500)
    result = make_sync(f"http://127.0.0.1:{server.server_address[1]}", data, feed.root).run_once()
    server.shutdown()
    server.server_close()
    assert result.error and "500" in result.error
    assert Store(data).current() == before


def test_server_that_hangs_times_out(feed, installed):
    data, before = installed
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)  # accepts connections, never answers
    try:
        result = make_sync(f"http://127.0.0.1:{listener.getsockname()[1]}", data, feed.root).run_once()
    finally:
        listener.close()
    assert result.error and result.seconds < 10
    assert Store(data).current() == before


def test_server_that_is_down(feed, installed):
    data, before = installed
    from tests.feed.conftest import free_port

    result = make_sync(f"http://127.0.0.1:{free_port()}", data, feed.root).run_once()
    assert result.error and "download failed" in result.error
    assert Store(data).current() == before


def test_first_start_without_network_has_no_version_yet(feed, tmp_path):
    from tests.feed.conftest import free_port

    result = make_sync(f"http://127.0.0.1:{free_port()}", tmp_path / "data", feed.root).run_once()
    assert result.error and result.version is None
    assert Store(tmp_path / "data").current() is None  # the kiosk shows the content it was installed with


def test_a_disk_that_cannot_take_the_new_version_is_refused_and_the_old_one_stays(server, feed, tmp_path, monkeypatch):
    sync, first = synced(server, tmp_path, feed)
    before = sync.store.current()
    write_offer(feed.content, "aerobic", "")
    feed.publish()

    def disk_full(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("kiosk.feed.store.shutil.copyfile", disk_full)
    result = sync.run_once()
    assert result.error == "could not install version 2: [Errno 28] No space left on device"
    assert sync.store.current() == before and sync.store.current_version() == 1
    monkeypatch.undo()
    assert sync.run_once().version == 2  # the next poll, with room again, installs it
