"""Filters on a list, by touch."""

from kiosk import harness


def chip(app, name):
    return next(c for c in app.manager.get_screen("list").ids.filters.children if c.name == name)


def shown_ids(app):
    return [row["offer_id"] for row in app.manager.get_screen("list").ids.offers.data]


def test_in_my_language_filter_by_touch(app):
    harness.tap_at(540, 960)
    app.choose_language("ar")
    app.open_category("gesundheit")
    harness.settle()
    everything = shown_ids(app)
    harness.tap(chip(app, "language"))
    assert chip(app, "language").active
    filtered = shown_ids(app)
    assert set(filtered) == {o for o in everything if "ar" in app.catalog.offers[o].languages_spoken}
    assert {"mbsr-achtsamkeitstraining", "mimi-gesundheitsschulungen"} <= set(filtered) < set(everything)
    assert chip(app, "language").logical == "بلغتي"
    harness.tap(chip(app, "language"))
    assert shown_ids(app) == everything


def test_filters_are_cleared_for_the_next_visitor(app):
    harness.tap_at(540, 960)
    app.open_category("anlaufstellen")
    harness.settle()
    harness.tap(chip(app, "today"))
    assert app.manager.get_screen("list").active_filters == ["today"]
    assert shown_ids(app) == [] and app.manager.get_screen("list").ids.empty.opacity == 1
    app.reset()
    harness.settle()
    assert app.manager.get_screen("list").active_filters == []


def test_near_this_kiosk_uses_the_kiosk_district(app):
    harness.tap_at(540, 960)
    app.open_category("begegnung")
    harness.settle()
    harness.tap(chip(app, "near"))
    # only Willkommen in Weiche names its district; this kiosk stands in the Altstadt
    assert shown_ids(app) == []
