"""Work between taps: a budget per frame, after the touched screen is drawn, and what it prepares."""

from __future__ import annotations

import logging

from kiosk import harness
from kiosk.idle import FRAME, IdleQueue


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def steps(log: list, name: str, count: int, clock: FakeClock, cost: float = 0.001):
    for number in range(count):
        clock.now += cost
        log.append((name, number))
        yield


def test_a_frame_spends_its_budget_and_no_more():
    clock, log = FakeClock(), []
    queue = IdleQueue(budget=0.004, clock=clock, quiet_frames=0)
    queue.put("rows", steps(log, "rows", 10, clock))
    assert queue._run() is True
    assert len(log) == 4  # 4 steps of 1 ms fill a 4 ms budget
    queue._run()
    queue._run()
    assert len(log) == 10 and queue.pending == []
    assert queue._run() is False  # nothing left: off the clock until the next job


def test_a_step_that_yields_frame_ends_the_frames_work():
    clock, log = FakeClock(), []

    def waits():
        log.append("set up")
        yield FRAME  # what it changed is laid out before it goes on
        log.append("after the frame")

    queue = IdleQueue(budget=1, clock=clock, quiet_frames=0)
    queue.put("waits", waits())
    queue.put("rows", steps(log, "rows", 2, clock))
    queue._run()
    assert log == ["set up"]  # a whole budget left, but the frame's work is over
    queue._run()
    assert log == ["set up", "after the frame", ("rows", 0), ("rows", 1)]


def test_a_new_job_under_the_same_name_replaces_the_old_one():
    clock, log = FakeClock(), []
    queue = IdleQueue(budget=1, clock=clock, quiet_frames=0)
    queue.put("rows", steps(log, "de", 5, clock))
    queue.put("rows", steps(log, "ar", 2, clock))
    queue._run()
    assert [name for name, _ in log] == ["ar", "ar"]


def test_nothing_runs_in_the_frames_right_after_a_touch():
    clock, log = FakeClock(), []
    queue = IdleQueue(budget=1, clock=clock, quiet_frames=4)
    queue.put("rows", steps(log, "rows", 3, clock))
    queue.touched()
    for _ in range(4):
        queue._run()
    assert log == []
    queue._run()
    assert len(log) == 3


def test_a_failing_job_is_dropped_and_the_others_go_on(caplog):
    clock, log = FakeClock(), []

    def broken():
        yield
        raise ValueError("no such offer")

    queue = IdleQueue(budget=1, clock=clock, quiet_frames=0)
    queue.put("broken", broken())
    queue.put("rows", steps(log, "rows", 2, clock))
    with caplog.at_level(logging.WARNING, logger="kiosk.idle"):
        queue._run()
    assert len(log) == 2 and queue.pending == []
    assert "idle job broken failed" in caplog.text


def texts_broken_into_lines(monkeypatch) -> list[str]:
    """From now on, every text that ``visual_text`` breaks into lines anew (not from its cache)."""
    from kiosk import widgets

    original, broken = widgets._visual_text, []

    def visual_text(*args):
        before = original.cache_info().misses
        result = original(*args)
        if original.cache_info().misses != before:
            broken.append(args[0])
        return result

    monkeypatch.setattr(widgets, "_visual_text", visual_text)
    return broken


def test_rows_and_codes_are_ready_before_the_taps_that_need_them(app, monkeypatch):
    from kiosk import widgets
    from kiosk.screens import list as list_screen

    measured_on_tap = []

    def text_height(*args, **kwargs):
        before = widgets.text_height.cache_info().misses
        height = widgets.text_height(*args, **kwargs)
        if widgets.text_height.cache_info().misses != before:
            measured_on_tap.append(args[0])
        return height

    home = app.manager.get_screen("home")
    harness.tap_at(540, 960)
    harness.settle()
    harness.tap(next(b for b in home.ids.languages.children if b.lang == "fa"))
    harness.pump_for(0.2)  # the visitor reads the tiles (how long preparing takes is bench.transitions' part)
    # the Persian lists, then the other languages' heights: done before the tap, so that what is
    harness.pump_until(lambda: not app.idle.pending)  # measured below is the tap's own work
    listing = app.manager.get_screen("list")
    assert {key[1] for key in listing._rows if key[2] == "fa"} == {c.id for c in app.catalog.categories}
    monkeypatch.setattr(list_screen, "text_height", text_height)
    lines_on_tap = texts_broken_into_lines(monkeypatch)
    harness.tap(next(t for t in home.ids.tiles.children if t.category_id == "gesundheit"))
    harness.settle()
    listed = app.manager.get_screen("list").ids.offers.data
    assert len(listed) > 3
    assert measured_on_tap == []  # every row was measured before the tap
    shown = {app.catalog.offers[row["offer_id"]].title.get("fa") for row in listed}
    assert shown and not shown & set(lines_on_tap)  # and the titles in view broken into lines
    harness.pump_for(0.5)
    first = app.catalog.offers[listed[0]["offer_id"]]
    detail = app.manager.get_screen("detail")
    assert detail.qr_targets(app.catalog.site, first, "fa")["page"] in widgets.QRCode._cache


def test_rows_of_every_language_are_measured_before_a_visitor_chooses_one(app, monkeypatch):
    """On the attract screen the kiosk measures the rows of every list in every language: the first
    list a visitor opens, in whatever language, needs no measuring in the tap."""
    from kiosk.screens import list as list_screen

    listing = app.manager.get_screen("list")
    listing.rebuild()  # as after new content
    assert harness.pump_until(lambda: not app.idle.pending)
    width = listing.view_width()
    for lang in app.languages:  # every offer of every language has its height
        assert set(listing.heights(app.catalog, lang, width)) == set(app.catalog.offers), lang

    measured = []
    original = list_screen.text_height
    monkeypatch.setattr(list_screen, "text_height", lambda *a, **k: measured.append(a[0]) or original(*a, **k))
    home = app.manager.get_screen("home")
    harness.tap_at(540, 960)
    harness.tap(next(b for b in home.ids.languages.children if b.lang == "ar"))
    harness.tap(next(t for t in home.ids.tiles.children if t.category_id == "gesundheit"))  # no pause
    listed = listing.ids.offers.data
    assert len(listed) > 3 and measured == []
    ar = listing.heights(app.catalog, "ar", width)
    assert [row["height"] for row in listed] == [ar[row["offer_id"]] for row in listed]


def test_row_heights_are_forgotten_with_the_content_they_were_measured_for(app):
    import dataclasses

    listing = app.manager.get_screen("list")
    width = listing.view_width()
    listing.heights(app.catalog, "de", width)["an-offer"] = 123.0
    assert listing.heights(app.catalog, "de", width)["an-offer"] == 123.0
    assert "an-offer" not in listing.heights(app.catalog, "de", width + 10)  # another width: measured anew
    listing.heights(app.catalog, "de", width)["an-offer"] = 123.0
    newer = dataclasses.replace(app.catalog)  # new content
    assert "an-offer" not in listing.heights(newer, "de", width)


def test_the_offers_in_view_are_broken_into_lines_before_one_is_opened(app, monkeypatch):
    """The detail screen's texts of the offers a list shows are laid out between taps, even on a detail
    screen never shown before: opening one breaks none of the offer's texts into lines in the tap."""
    from kiosk.screens.detail import LINE_FIELDS

    detail = app.manager.get_screen("detail")
    detail.size = (100, 100)  # as before its first visitor: not laid out to the screen's size
    home = app.manager.get_screen("home")
    harness.tap_at(540, 960)
    harness.tap(next(b for b in home.ids.languages.children if b.lang == "ar"))
    harness.tap(next(t for t in home.ids.tiles.children if t.category_id == "bildung"))
    assert harness.pump_until(lambda: not app.idle.pending)
    lines_on_tap = texts_broken_into_lines(monkeypatch)
    listing = app.manager.get_screen("list")
    rows = [r for r in listing.ids.offers.children[0].children if r.offer_id]
    row = max(rows, key=lambda r: r.to_window(*r.pos)[1])  # the top one
    harness.tap(row)
    harness.settle()
    assert app.manager.current == "detail" and app.offer_id == row.offer_id
    texts = detail.texts(app.catalog.offers[row.offer_id], "ar", app.tr)
    offer_texts = {texts[name] for name in LINE_FIELDS if texts[name]}
    assert len(offer_texts) >= 3 and detail.ids.description.text
    assert not offer_texts & set(lines_on_tap)


def test_the_filter_chips_are_ready_in_the_visitors_language_before_a_list_is_opened(app, monkeypatch):
    from kiosk.screens.list import FILTER_LABELS

    home = app.manager.get_screen("home")
    listing = app.manager.get_screen("list")
    harness.tap_at(540, 960)
    harness.tap(next(b for b in home.ids.languages.children if b.lang == "uk"))
    assert harness.pump_until(lambda: not app.idle.pending)
    chips = list(listing.ids.filters.children)
    assert chips and all(chip.logical == app.tr(FILTER_LABELS[chip.name]) for chip in chips)
    assert all(chip.texture is not None and chip.texture_size[0] > 0 for chip in chips)
    rendered = []
    for chip in chips:  # Kivy renders a label's text by refreshing its core label
        monkeypatch.setattr(chip._label, "refresh", lambda chip=chip: rendered.append(chip.name))
    harness.tap(next(t for t in home.ids.tiles.children if t.category_id == "gesundheit"))
    harness.settle()
    assert app.manager.current == "list" and rendered == []


def test_row_views_for_a_screenful_are_made_before_the_first_list(app, monkeypatch):
    from kivy.uix.recycleview import views

    from kiosk.screens.list import ROW_VIEWS

    listing = app.manager.get_screen("list")
    rows_class = listing.ids.offers.viewclass
    listing.ids.offers.data = []
    harness.settle()  # the rows go back to Kivy's cache of views
    kept = views._cached_views.pop(rows_class, [])  # as if no list had been opened yet
    views._cache_count -= len(kept)
    listing.rebuild()
    assert harness.pump_until(lambda: not app.idle.pending)
    assert len(views._cached_views[rows_class]) == ROW_VIEWS
    created = []
    adapter = listing.ids.offers.view_adapter
    original = adapter.create_view
    monkeypatch.setattr(adapter, "create_view", lambda *args: created.append(args[0]) or original(*args))
    home = app.manager.get_screen("home")
    harness.tap_at(540, 960)
    harness.tap(next(t for t in home.ids.tiles.children if t.category_id == "begegnung"))
    harness.settle()
    assert len(listing.ids.offers.data) > 3 and created == []
