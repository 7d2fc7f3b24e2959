"""The fleet file: token hashes only, checked, read again when it changes."""

import os

import pytest

from kiosk.errors import FleetError
from kiosk.fleet.fleetfile import FleetFile, Thresholds, add_token, hash_token, read_fleet


def test_add_token_stores_only_the_hash(tmp_path):
    path = tmp_path / "fleet.yaml"
    token = add_token(path, "rathaus-1")
    admin = add_token(path, None)
    text = path.read_text()
    assert token not in text and admin not in text and hash_token(token) in text and len(token) >= 40
    fleet = read_fleet(path)
    assert fleet.kiosk_for(token) == "rathaus-1" and fleet.kiosk_for(admin) is None
    assert fleet.is_admin(admin) and not fleet.is_admin(token)
    assert fleet.thresholds == Thresholds(15, 24)


def test_a_new_token_replaces_the_old_one(tmp_path):
    path = tmp_path / "fleet.yaml"
    old = add_token(path, "rathaus-1")
    new = add_token(path, "rathaus-1")
    fleet = read_fleet(path)
    assert fleet.kiosk_for(new) == "rathaus-1" and fleet.kiosk_for(old) is None


def test_add_token_keeps_other_kiosks_and_thresholds(tmp_path):
    path = tmp_path / "fleet.yaml"
    first = add_token(path, "a")
    path.write_text(path.read_text().replace("stale_after_minutes: 15", "stale_after_minutes: 30"))
    add_token(path, "b")
    fleet = read_fleet(path)
    assert fleet.kiosk_for(first) == "a" and set(fleet.kiosks) == {"a", "b"}
    assert fleet.thresholds.stale_after_minutes == 30


@pytest.mark.parametrize("text, message", [
    ("kiosks: [a, b]", "mapping"), ("kiosks: {a: {token_sha256: abc}}", "64 hex"),
    ("kiosks: {'a/b': {token_sha256: " + "0" * 64 + "}}", "kiosk id"), ("admin_token_sha256: secret", "64 hex"),
    ("stale_after_minutes: soon", "numbers"), ("stale_after_minutes: 0", "positive"), ("tokens: {}", "unknown"),
    ("kiosks: {a: [1", "invalid YAML"), ("- a", "mapping"),
])  # fmt: skip
def test_a_wrong_fleet_file_is_refused_with_its_name(tmp_path, text, message):
    path = tmp_path / "fleet.yaml"
    path.write_text(text)
    with pytest.raises(FleetError, match=message) as raised:
        read_fleet(path)
    assert str(path) in str(raised.value)
    with pytest.raises(FleetError):
        add_token(path, "c")  # and never rewritten on top


def test_add_token_refuses_a_bad_kiosk_id(tmp_path):
    with pytest.raises(FleetError, match="kiosk id"):
        add_token(tmp_path / "fleet.yaml", "../../etc")


def test_the_watched_file_is_read_again_and_a_broken_edit_keeps_the_last_good_one(tmp_path, caplog):
    path = tmp_path / "fleet.yaml"
    first = add_token(path, "a")
    watched = FleetFile(path)
    second = add_token(path, "b")
    assert watched.current().kiosk_for(second) == "b"
    path.write_text("kiosks: [broken")
    os.utime(path, ns=(1, 1))  # a different stamp even within the file system's time resolution
    assert watched.current().kiosk_for(first) == "a"
    assert "keeping the fleet file read before" in caplog.text


def test_a_missing_fleet_file_is_an_error(tmp_path):
    with pytest.raises(FleetError, match="cannot read fleet file"):
        FleetFile(tmp_path / "nope.yaml")
