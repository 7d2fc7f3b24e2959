"""The visitor's path through the kiosk, driven by real touches through Kivy's input pipeline."""

from __future__ import annotations

from kiosk import harness


def screen(app, name):
    return app.root.get_screen(name)


def texts(app) -> list[str]:
    return [item["text"] for item in harness.visible_texts(app.root, rtl=app.rtl)]


def language_button(app, lang):
    return next(b for b in screen(app, "home").ids.languages.children if b.lang == lang)


def tile(app, category_id):
    return next(t for t in screen(app, "home").ids.tiles.children if t.category_id == category_id)


def offer_row(app, offer_id):
    rows = screen(app, "list").ids.offers.layout_manager.children
    return next(row for row in rows if row.offer_id == offer_id)


def test_start_language_category_offer_detail_back_home(app):
    assert app.root.current == "attract"
    harness.tap_at(540, 960)
    assert app.root.current == "home"

    harness.tap(language_button(app, "en"))
    assert app.lang == "en"
    assert "Health" in texts(app)

    harness.tap(tile(app, "hilfe"))
    assert app.root.current == "list"
    assert "Help & advice" in texts(app)

    offer_id = "psychosoziale-beratungsstelle-fuer-migrantinnen"
    offer = app.catalog.offers[offer_id]
    harness.tap(offer_row(app, offer_id))
    assert app.root.current == "detail"
    shown = texts(app)
    assert offer.title.get("en") in shown
    assert any("0461 - 812 17 29" in text for text in shown)

    harness.tap(screen(app, "detail").ids.header.ids.back)
    assert app.root.current == "list"
    harness.tap(screen(app, "list").ids.header.ids.home)
    assert app.root.current == "home"
    assert app.lang == "en"  # the visitor's language stays until reset


def test_german_ui_strings(app):
    harness.tap_at(540, 960)
    harness.tap(tile(app, "gesundheit"))
    assert "Zurück" in texts(app) and "Start" in texts(app)


def test_back_twice_from_detail_reaches_home(app):
    harness.tap_at(540, 960)
    harness.tap(tile(app, "ehrenamt"))
    first = screen(app, "list").ids.offers.data[0]["offer_id"]
    harness.tap(offer_row(app, first))
    harness.tap(screen(app, "detail").ids.header.ids.back)
    harness.tap(screen(app, "list").ids.header.ids.back)
    assert app.root.current == "home"


def test_home_button_on_detail(app):
    harness.tap_at(540, 960)
    harness.tap(tile(app, "bildung"))
    harness.tap(offer_row(app, screen(app, "list").ids.offers.data[0]["offer_id"]))
    harness.tap(screen(app, "detail").ids.header.ids.home)
    assert app.root.current == "home"


def test_detail_of_yearly_event_shows_its_date_in_words(app):
    harness.tap_at(540, 960)
    harness.tap(tile(app, "ehrenamt"))
    harness.tap(offer_row(app, "flensburg-sagt-danke"))
    assert any("jedes Jahr am 5. Dezember" in text for text in texts(app))


def test_reset_returns_to_attract_in_default_language(app):
    harness.tap_at(540, 960)
    harness.tap(language_button(app, "en"))
    harness.tap(tile(app, "arbeit"))
    app.reset()
    harness.settle()
    assert app.root.current == "attract" and app.lang == "de" and app.category_id == ""
