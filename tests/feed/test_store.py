from kiosk.feed.store import Store


def test_install_switches_atomically_and_keeps_two_versions(tmp_path):
    source = tmp_path / "f.txt"
    store = Store(tmp_path / "data")
    assert store.current() is None
    for version in (1, 2, 3):
        source.write_text(f"v{version}")
        store.install(version, {"site.yaml": source})
        assert store.current_version() == version
        assert (store.current() / "site.yaml").read_text() == f"v{version}"
    assert sorted(p.name for p in store.versions.iterdir()) == ["2", "3"]


def test_leftovers_of_a_crash_are_cleaned(tmp_path):
    store = Store(tmp_path / "data")
    (store.versions / ".staging-9-123").mkdir(parents=True)
    (store.root / ".current-123").symlink_to("versions/9")
    store.clean()
    assert not list(store.versions.glob(".staging-*")) and not list(store.root.glob(".current-*"))


def test_kiosk_starts_from_the_last_verified_version_else_the_installed_content(tmp_path):
    from dataclasses import replace

    from kiosk import paths
    from kiosk.config import FeedConfig, load_config
    from kiosk.runner import content_dir

    config = replace(load_config(), feed=FeedConfig(data=tmp_path / "data"))
    assert content_dir(config) == paths.CONTENT  # first start, never synced: what was installed
    source = tmp_path / "site.yaml"
    source.write_text("x")
    Store(tmp_path / "data").install(4, {"site.yaml": source})
    assert content_dir(config) == (tmp_path / "data" / "versions" / "4").resolve()
