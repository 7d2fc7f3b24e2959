"""The visitor's path through the kiosk, driven by real touches through Kivy's input pipeline."""

from __future__ import annotations

from kiosk import harness, heap


def screen(app, name):
    return app.manager.get_screen(name)


def texts(app) -> list[str]:
    return [item["text"] for item in harness.visible_texts(app.root, rtl=app.rtl)]


def language_button(app, lang):
    return next(b for b in screen(app, "home").ids.languages.children if b.lang == lang)


def tile(app, category_id):
    return next(t for t in screen(app, "home").ids.tiles.children if t.category_id == category_id)


def offer_row(app, offer_id):
    """The row of ``offer_id``, scrolled into view as a visitor would."""
    view = screen(app, "list").ids.offers
    harness.settle()
    screen(app, "list").scroll_to(offer_id)
    harness.settle()
    bottom, top = view.to_window(view.x, view.y)[1], view.to_window(view.x, view.top)[1]
    rows = view.layout_manager.children
    row = next((row for row in rows if row.offer_id == offer_id), None)
    assert row is not None, (offer_id, [r.offer_id for r in rows], view.scroll_y, [d["offer_id"] for d in view.data])
    assert bottom <= row.to_window(*row.center)[1] <= top, "row not on screen"
    return row


def test_start_language_category_offer_detail_back_home(app):
    assert app.manager.current == "attract"
    harness.tap_at(540, 960)
    assert app.manager.current == "home"

    harness.tap(language_button(app, "en"))
    assert app.lang == "en"
    assert "Health" in texts(app)

    harness.tap(tile(app, "hilfe"))
    assert app.manager.current == "list"
    assert "Help & advice" in texts(app)

    offer_id = "psychosoziale-beratungsstelle-fuer-migrantinnen"
    offer = app.catalog.offers[offer_id]
    harness.tap(offer_row(app, offer_id))
    assert app.manager.current == "detail"
    shown = texts(app)
    assert offer.title.get("en") in shown
    assert any("0461 - 812 17 29" in text for text in shown)

    harness.tap(screen(app, "detail").ids.header.ids.back)
    assert app.manager.current == "list"
    harness.tap(screen(app, "list").ids.header.ids.home)
    assert app.manager.current == "home"
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
    assert app.manager.current == "home"


def test_home_button_on_detail(app):
    harness.tap_at(540, 960)
    harness.tap(tile(app, "bildung"))
    harness.tap(offer_row(app, screen(app, "list").ids.offers.data[0]["offer_id"]))
    harness.tap(screen(app, "detail").ids.header.ids.home)
    assert app.manager.current == "home"


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
    assert app.manager.current == "attract" and app.lang == "de" and app.category_id == ""


def test_reset_leaves_nothing_of_the_last_offer_not_even_its_textures(app):
    from kiosk.widgets import BidiLabel

    harness.tap_at(540, 960)
    harness.tap(tile(app, "hilfe"))
    offer_id = "psychosoziale-beratungsstelle-fuer-migrantinnen"
    harness.tap(offer_row(app, offer_id))
    detail = screen(app, "detail")
    offer = app.catalog.offers[offer_id]
    text = offer.description.get("de")
    description = next(w for w in detail.walk() if isinstance(w, BidiLabel) and w.logical == text)
    assert description._label.texture is not None and description._label.texture.height > 100
    app.reset()
    harness.settle()
    assert (detail.title, detail.description, detail.phone, detail.qr_data, detail.pictograms) == ("", "", "", "", [])
    # Kivy's core label kept the last text's texture (a few MB for a long description) until the next text
    assert description._label.texture is None
    harness.tap_at(540, 960)  # the next visitor opens the same offer: it is all there again
    harness.tap(tile(app, "hilfe"))
    harness.tap(offer_row(app, offer_id))
    assert offer.title.get("de") in texts(app) and detail.qr_data and description._label.texture is not None


def test_reset_gives_back_the_glyphs_the_visitor_drew(app):
    from kiosk import widgets

    harness.tap_at(540, 960)
    harness.tap(language_button(app, "ru"))
    harness.tap(tile(app, "hilfe"))
    harness.tap(offer_row(app, "psychosoziale-beratungsstelle-fuer-migrantinnen"))
    assert widgets._FONTS_DRAWN, "the visit drew texts"
    drawn = heap.sdl_allocations()
    app.reset()
    harness.pump_for(1.0)  # the kiosk rests 0.5 s after a reset
    assert heap.sdl_allocations() < drawn - 100, "the Cyrillic glyphs of the visit are gone"
    assert app.manager.current == "attract"


def row_textures(row) -> list:
    from kiosk.widgets import BidiLabel

    return [label._label.texture for label in row.walk() if isinstance(label, BidiLabel)]


def test_reset_empties_every_row_kivy_keeps_and_the_next_list_is_whole(app):
    from kiosk.widgets import OfferRow

    harness.tap_at(540, 960)
    harness.tap(tile(app, "hilfe"))
    shown = [row.offer_id for row in screen(app, "list").ids.offers.layout_manager.children]
    app.open_search()
    harness.settle()
    screen(app, "search").query = "kurs"
    harness.settle()
    assert screen(app, "search").ids.results.data, "the search found nothing to show"
    rows = list(OfferRow._rows)
    assert len(rows) > len(shown) and any(t is not None for row in rows for t in row_textures(row))
    app.reset()
    harness.settle()
    # Kivy keeps the row views a list once needed (its global cache): none keeps an offer's texts now
    assert set(OfferRow._rows) >= set(rows)
    assert [row.title for row in OfferRow._rows if row.title or row.summary] == []
    assert [t for row in OfferRow._rows for t in row_textures(row) if t is not None] == []
    harness.tap_at(540, 960)  # the next visitor opens the same list in the same language: every row is there
    harness.tap(tile(app, "hilfe"))
    harness.settle()
    again = screen(app, "list").ids.offers.layout_manager.children
    assert sorted(row.offer_id for row in again) == sorted(shown)
    for row in again:
        offer = app.catalog.offers[row.offer_id]
        assert row.title == offer.title.get("de") and offer.title.get("de") in texts(app)
        assert all(t is not None for t in row_textures(row)[:1])


def test_description_in_a_fallback_language_is_marked_in_the_chosen_language(app):
    harness.tap_at(540, 960)
    harness.tap(language_button(app, "da"))
    harness.tap(tile(app, "gesundheit"))
    harness.tap(offer_row(app, "mimi-gesundheitsschulungen"))
    shown = texts(app)
    offer = app.catalog.offers["mimi-gesundheitsschulungen"]
    assert offer.title.get("da") in shown  # the title is in Danish ...
    assert "Kun tilgængelig på engelsk." in shown  # ... the description only in English, and it says so
    assert offer.description.get("en") in shown


def test_arabic_detail_shows_shaped_text_and_dialable_phone(app):
    harness.tap_at(540, 960)
    harness.tap(language_button(app, "ar"))
    assert app.rtl
    harness.tap(tile(app, "hilfe"))
    harness.tap(offer_row(app, "psychosoziale-beratungsstelle-fuer-migrantinnen"))
    detail = screen(app, "detail")
    title = detail.ids.title
    assert title.logical == app.catalog.offers["psychosoziale-beratungsstelle-fuer-migrantinnen"].title.get("ar")
    assert not any("\u0600" <= c <= "\u06ff" for c in title.text)  # drawn as joined presentation forms
    assert detail.ids.phone.ids.text_label.text == "0461 - 812 17 29"
    assert title.halign == "right"
    # mirrored header: back on the right
    header = detail.ids.header
    assert header.ids.back.center_x > header.ids.home.center_x


def test_attract_greets_in_every_enabled_language(app):
    shown = texts(app)
    for lang in app.languages:
        assert app.catalog.site.welcome.get(lang) in shown, lang


def test_kiosk_config_narrows_the_languages(kiosk_app):
    from dataclasses import replace

    from kiosk.app import KioskApp

    narrowed = KioskApp(kiosk_app.catalog, replace(kiosk_app.kiosk_config, languages=("de", "ar", "xx")))
    assert narrowed.languages == ["de", "ar"]
    assert narrowed.default_language == "de"
    from kivy.app import App

    App._running_app = kiosk_app  # the narrowed app was never started; keep the running one current


def test_memory_is_settled_when_a_visitor_has_gone(app, monkeypatch):
    settled = []
    monkeypatch.setattr(heap, "settle", lambda: settled.append(app.manager.current))
    harness.pump_for(0.7)  # the fixture's own reset
    settled.clear()
    harness.tap_at(540, 960)
    harness.tap(language_button(app, "en"))
    harness.pump_for(0.7)
    assert settled == []  # never while a visitor is here
    app.reset()
    harness.pump_for(0.7)
    assert settled == ["attract"]


def every_screen(app, lang: str = "de"):
    """Each screen a visitor meets, shown in turn with content on it (a list, an offer, a search): its name."""
    if app.manager.current == "attract":
        harness.tap_at(540, 960)
        harness.tap(language_button(app, lang))
        harness.tap(tile(app, "hilfe"))
        harness.tap(screen(app, "list").ids.offers.layout_manager.children[-1])
        app.open_search()
    for name in ("attract", "home", "list", "detail", "search"):
        app.manager.current = name
        harness.settle()
        yield name


def _outside(widget, box) -> bool:
    x, y = widget.to_window(widget.x, widget.y)
    right, top = widget.to_window(widget.right, widget.top)
    left, bottom, width, height = box
    return x < left - 1 or y < bottom - 1 or right > left + width + 1 or top > bottom + height + 1


def test_screens_are_drawn_without_a_stencil_and_stay_inside_their_area(app):
    """Kivy's ScreenManager clips its screens with a stencil (two rectangles as large as the screens in
    every frame); the kiosk's has none, so no screen may reach over the bars around it."""
    from kivy.graphics import StencilPush, StencilUse
    from kivy.uix.scrollview import ScrollView
    from kivy.uix.stencilview import StencilView

    manager = app.manager
    drawn = [type(i) for c in (manager.canvas.before, manager.canvas.after) for i in c.children]
    assert StencilPush not in drawn and StencilUse not in drawn, drawn
    checked = 0
    for name in every_screen(app, "ar"):
        box = (*manager.to_window(manager.x, manager.y), manager.width, manager.height)  # the bars come and go
        pending = [manager.current_screen]
        while pending:
            widget = pending.pop()
            if widget.opacity == 0:
                continue
            assert not _outside(widget, box), (name, type(widget).__name__, widget.pos, widget.size, box)
            checked += 1
            if not isinstance(widget, ScrollView | StencilView):  # these clip what they hold themselves
                pending.extend(widget.children)
    assert checked > 100


def _wide_see_through_lines(widget) -> list[str]:
    """Lines wider than 1 px drawn in a colour with alpha < 1 by ``widget`` and its children: Kivy draws each
    through a stencil it clears for the whole window (kivy/graphics/vertex_instructions_line.pxi)."""
    from kivy.graphics import Color, InstructionGroup, Line

    found, alpha = [], 1.0

    def walk(group):
        nonlocal alpha
        for instruction in group.children:
            if isinstance(instruction, Color):
                alpha = instruction.a
            elif isinstance(instruction, Line) and instruction.width > 1 and alpha < 1:
                found.append(type(widget).__name__)
            elif isinstance(instruction, InstructionGroup):
                walk(instruction)

    for group in (widget.canvas.before, widget.canvas, widget.canvas.after):
        walk(group)
    for child in widget.children:
        found += _wide_see_through_lines(child)
    return found


def test_no_line_is_drawn_through_a_stencil(app):
    """In llvmpipe such a line cost ~3.6 ms of every frame (a stencil clear of the whole window): twelve
    invisible button outlines made an attract frame ~77 ms instead of ~13 ms."""
    for palette in ("normal", "high contrast"):
        for name in every_screen(app):
            assert not _wide_see_through_lines(app.root), (palette, name, _wide_see_through_lines(app.root))
        app.toggle_contrast()
    assert app.palette.name == "normal"
