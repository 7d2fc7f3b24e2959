"""Publishing: refuses bad content, signs only what changed, needs the root key only once."""

import json
import subprocess
import sys

import pytest

from kiosk.errors import FeedError
from kiosk.feed import keys, publish
from tests.conftest import write_offer


def test_keygen_writes_private_keys_and_never_overwrites(tmp_path):
    written = keys.keygen(tmp_path / "k")
    assert sorted(p.name for p in written) == ["bins.pem", "root.pem", "snapshot.pem", "targets.pem", "timestamp.pem"]
    assert all(oct(p.stat().st_mode & 0o777) == "0o600" for p in written)
    with pytest.raises(FeedError, match="key exists"):
        keys.keygen(tmp_path / "k")


def test_invalid_content_is_not_published(content_dir, key_dir, tmp_path):
    write_offer(content_dir, "kaputt", "website: javascript:alert(1)\n")
    with pytest.raises(FeedError, match="not publishing: .*kaputt.yaml:8: unsafe URL"):
        publish.publish(content_dir, key_dir, tmp_path / "feed")
    assert not (tmp_path / "feed").exists()


def test_only_changed_roles_are_signed_again(feed):
    again = feed.publish()
    assert again.changed_roles == ["timestamp"] and again.changed_files == []
    path = feed.content / "offers" / "schwimmkurs.yaml"
    path.write_text(path.read_text().replace("Schwimmkurs", "Schwimmkurs am Abend"))
    changed = feed.publish()
    assert changed.changed_files == ["offers/schwimmkurs.yaml"]
    assert sorted(changed.changed_roles) == sorted([*(r for r in changed.changed_roles if r.startswith("bins-")),
                                                    "snapshot", "timestamp"])  # fmt: skip
    assert len([r for r in changed.changed_roles if r.startswith("bins-")]) == 1
    assert changed.version == 2


def test_root_key_can_stay_offline_after_the_first_publish(feed):
    (feed.keys / "root.pem").rename(feed.keys.parent / "root-offline.pem")
    path = feed.content / "offers" / "schwimmkurs.yaml"
    path.write_text(path.read_text().replace("Schwimmkurs", "Schwimmkurs am Morgen"))
    assert feed.publish().version == 2


def test_keys_that_the_root_does_not_trust_are_refused(feed, tmp_path):
    keys.keygen(tmp_path / "other")
    with pytest.raises(FeedError, match="not the one the feed's root trusts"):
        publish.publish(feed.content, tmp_path / "other", feed.dir)


def test_targets_are_hash_addressed_and_metadata_versioned(feed):
    offers = list((feed.dir / "targets" / "offers").iterdir())
    assert len(offers) == 1 and len(offers[0].name.split(".")[0]) == 64  # sha256 prefix
    names = {p.name for p in (feed.dir / "metadata").iterdir()}
    assert {"1.root.json", "root.json", "timestamp.json", "1.snapshot.json", "1.targets.json"} <= names
    assert len([n for n in names if ".bins-" in n]) == 32
    index = next((feed.dir / "targets").glob("*.index.json"))
    assert json.loads(index.read_bytes())["paths"] == ["categories.yaml", "offers/schwimmkurs.yaml", "site.yaml"]


def test_cli_keygen_publish_sync(tmp_path, content_dir):
    def kiosk(*args):
        return subprocess.run([sys.executable, "-m", "kiosk", *args], capture_output=True, text=True, timeout=120)

    assert kiosk("keygen", "--out", str(tmp_path / "k")).returncode == 0
    result = kiosk("publish", str(content_dir), "--keys", str(tmp_path / "k"), "--out", str(tmp_path / "feed"))
    assert result.returncode == 0 and "version 1" in result.stdout, result.stderr
    from kiosk.feed.server import serve_in_background

    server = serve_in_background(tmp_path / "feed")
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        args = ["sync", "--once", "--feed", url, "--data", str(tmp_path / "data"), "--trust",
                str(tmp_path / "feed" / "metadata" / "1.root.json")]  # fmt: skip
        first = kiosk(*args)
        line = json.loads(first.stdout)
        assert first.returncode == 0 and line["version"] == 1 and line["changed"] == 4 and line["error"] is None
        assert {"version", "changed", "bytes", "requests", "error"} <= line.keys()
        again = json.loads(kiosk(*args).stdout)
        assert again["changed"] == 0 and again["requests"] <= 2
    finally:
        server.shutdown()
        server.server_close()
    refused = kiosk("sync", "--once", "--feed", "http://127.0.0.1:9", "--data", str(tmp_path / "data"), "--trust",
                    str(tmp_path / "feed" / "metadata" / "1.root.json"))  # fmt: skip
    assert refused.returncode == 1 and json.loads(refused.stdout)["error"]


@pytest.mark.parametrize("role", ["timestamp", "snapshot", "targets", "bins", "root"])
def test_rotated_key_is_followed_by_the_kiosk(feed, tmp_path, role):
    from kiosk.feed.rotate import rotate
    from kiosk.feed.server import serve_in_background
    from tests.feed.conftest import make_sync

    server = serve_in_background(feed.dir)
    try:
        sync = make_sync(f"http://127.0.0.1:{server.server_address[1]}", tmp_path / "data", feed.root)
        assert sync.run_once().error is None
        rotate(role, feed.keys, feed.dir)
        path = feed.content / "offers" / "schwimmkurs.yaml"
        path.write_text(path.read_text().replace("Schwimmkurs", "Schwimmkurs neu"))
        feed.publish()
        result = sync.run_once()
        assert result.error is None and result.version == 2, result
        if role in ("targets", "snapshot", "timestamp"):
            # publishing with the retired key is refused: the feed's root no longer trusts it
            retired = next(feed.keys.glob(f"{role}.pem.retired-*"))
            (feed.keys / f"{role}.pem").rename(feed.keys / "new.pem")
            retired.rename(feed.keys / f"{role}.pem")
            with pytest.raises(FeedError):
                path.write_text(path.read_text().replace("neu", "alt"))
                feed.publish()
    finally:
        server.shutdown()
        server.server_close()
