"""New content and announcements arriving while the kiosk runs."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from kiosk import harness
from kiosk.content import load_catalog


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
    app.offer_catalog(write_announcements(copy_of_real_content, end_in_seconds=2))
    harness.settle()
    assert "Bürgerbüro heute geschlossen" in texts(app)
    app.choose_language("ar")
    harness.settle()
    assert "مكتب المواطنين مغلق اليوم" in texts(app)
    time.sleep(2.2)
    app.update_announcement()  # what the 15-second clock does, with no network involved
    harness.settle()
    assert not any("مكتب المواطنين" in t or "Bürgerbüro" in t for t in texts(app))


def test_announcement_only_for_other_kiosk_groups_is_not_shown(app, copy_of_real_content, restore):
    app.offer_catalog(write_announcements(copy_of_real_content, 600, groups=["bahnhof"]))
    harness.settle()
    assert app.announcement == ""
    app.offer_catalog(write_announcements(copy_of_real_content, 600, groups=["rathaus"], districts=["Altstadt"]))
    assert app.announcement == "Bürgerbüro heute geschlossen"
