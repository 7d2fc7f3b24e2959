"""New content and announcements arriving while the kiosk runs."""

from __future__ import annotations

import datetime as dt
import shutil
import threading
import time
from dataclasses import replace

import pytest

from kiosk import harness, paths
from kiosk.config import FeedConfig
from kiosk.content import load_catalog
from kiosk.feed import keys, publish
from kiosk.feed.server import serve_in_background
from tests.conftest import write_offer


@pytest.fixture
def restore(app):
    original = app.catalog
    yield
    app.pending_catalog = None
    app.catalog = original
    app.apply_pending_catalog()
    app.offer_catalog(original)
    app.reset()
    harness.settle()


def texts(app):
    return [item["text"] for item in harness.visible_texts(app.root, rtl=app.rtl)]


def edited_catalog(directory, title):
    categories = directory / "categories.yaml"
    categories.write_text(categories.read_text(encoding="utf-8").replace("de: Gesundheit", f"de: {title}"),
                          encoding="utf-8")  # fmt: skip
    catalog, problems = load_catalog(directory)
    assert problems == []
    return catalog


def test_new_content_waits_until_the_visitor_has_left(app, copy_of_real_content, restore):
    harness.tap_at(540, 960)
    assert "Gesundheit" in texts(app)
    app.offer_catalog(edited_catalog(copy_of_real_content, "Gesundheit und Pflege"))
    harness.settle()
    assert "Gesundheit" in texts(app) and "Gesundheit und Pflege" not in texts(app)  # not while reading
    app.reset()
    harness.settle()
    app.start()
    harness.settle()
    assert "Gesundheit und Pflege" in texts(app)


def test_new_content_on_the_attract_screen_is_applied_at_once(app, copy_of_real_content, restore):
    assert app.manager.current == "attract"
    new = edited_catalog(copy_of_real_content, "Gesundheit heute")
    app.offer_catalog(new)
    assert app.catalog is new and app.pending_catalog is None


def test_the_search_index_of_new_content_is_built_off_the_ui_thread(app, copy_of_real_content, restore,
                                                                   monkeypatch):  # fmt: skip
    built_on = []
    build = app._build_index

    def spy(catalog):
        built_on.append(threading.current_thread())
        return build(catalog)

    monkeypatch.setattr(app, "_build_index", spy)
    new = edited_catalog(copy_of_real_content, "Gesundheit neu")
    worker = threading.Thread(target=app._catalog_from_worker, args=(new,))
    worker.start()
    worker.join()
    harness.pump(2)
    assert app.catalog is new  # applied at once on the attract screen, index and all
    assert app.search_index().catalog is new
    assert built_on == [worker]  # built once, on the sync thread; the first search did not build it again
    assert app.search_index().search("Gesundheit")


def test_the_first_index_is_built_in_the_background(app, monkeypatch):
    app._search_index = None
    built_on = []
    build = app._build_index
    monkeypatch.setattr(app, "_build_index", lambda catalog: built_on.append(threading.current_thread())
                        or build(catalog))  # fmt: skip
    app._index_in_background()
    deadline = time.monotonic() + 10
    while app._search_index is None and time.monotonic() < deadline:
        harness.pump(1)
    assert app._search_index is not None and app._search_index.catalog is app.catalog
    assert len(built_on) == 1 and built_on[0] is not threading.main_thread()


def write_announcements(directory, end_in_seconds, **extra):
    now = dt.datetime.now(dt.UTC)
    lines = [
        "- id: buergerbuero",
        "  text: {de: Bürgerbüro heute geschlossen, en: Citizens' office closed today, ar: مكتب المواطنين مغلق اليوم}",
        f"  start: {(now - dt.timedelta(minutes=5)).isoformat(timespec='seconds')}",
        f"  end: {(now + dt.timedelta(seconds=end_in_seconds)).isoformat(timespec='seconds')}",
        "  priority: 5",
    ]
    lines += [f"  {key}: [{', '.join(values)}]" for key, values in extra.items()]
    (directory / "announcements.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    catalog, problems = load_catalog(directory)
    assert problems == []
    return catalog


def test_announcement_shows_at_once_and_goes_when_it_expires(app, copy_of_real_content, restore):
    harness.tap_at(540, 960)  # a visitor is reading: the banner still comes at once
    app.offer_catalog(write_announcements(copy_of_real_content, end_in_seconds=600))
    harness.settle()
    assert "Bürgerbüro heute geschlossen" in texts(app)
    app.choose_language("ar")
    harness.settle()
    assert "مكتب المواطنين مغلق اليوم" in texts(app)
    app.update_announcement()  # what the 15-second clock does, with no network involved: still on
    harness.settle()
    assert "مكتب المواطنين مغلق اليوم" in texts(app)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=601)  # a moved clock: a loaded machine cannot outrun it
    app.update_announcement(now=later)
    harness.settle()
    assert not any("مكتب المواطنين" in t or "Bürgerbüro" in t for t in texts(app))


def test_announcement_only_for_other_kiosk_groups_is_not_shown(app, copy_of_real_content, restore):
    app.offer_catalog(write_announcements(copy_of_real_content, 600, groups=["bahnhof"]))
    harness.settle()
    assert app.announcement == ""
    app.offer_catalog(write_announcements(copy_of_real_content, 600, groups=["rathaus"], districts=["Altstadt"]))
    assert app.announcement == "Bürgerbüro heute geschlossen"


def test_running_kiosk_syncs_in_the_background_and_shows_the_new_version(app, tmp_path, restore):
    content = tmp_path / "content"
    shutil.copytree(paths.CONTENT, content)
    write_offer(content, "neues-angebot", "", body=(content / "offers" / "fest-der-kulturen.yaml").read_text(
        encoding="utf-8").replace("id: fest-der-kulturen", "id: neues-angebot"))  # fmt: skip
    keys.keygen(tmp_path / "keys")
    publish.publish(content, tmp_path / "keys", tmp_path / "feed")
    server = serve_in_background(tmp_path / "feed")
    original_config = app.kiosk_config
    app.kiosk_config = replace(original_config, feed=FeedConfig(
        url=f"http://127.0.0.1:{server.server_address[1]}", trust=tmp_path / "feed" / "metadata" / "1.root.json",
        data=tmp_path / "data", interval=30))  # fmt: skip
    try:
        assert app.manager.current == "attract"
        frames_before = 0
        app.on_start()  # starts the worker thread
        deadline = time.monotonic() + 30
        while "neues-angebot" not in app.catalog.offers and time.monotonic() < deadline:
            harness.pump(1)  # the UI keeps drawing while the worker syncs
            frames_before += 1
        assert "neues-angebot" in app.catalog.offers
        assert app.last_sync["error"] is None and app.last_sync["version"] == 1
        assert frames_before > 1  # frames ran while the sync was under way
    finally:
        app.on_stop()
        app.worker = None
        app.kiosk_config = original_config
        server.shutdown()
        server.server_close()
