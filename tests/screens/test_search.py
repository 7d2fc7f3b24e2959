"""The search screen, driven by real touches on the on-screen keyboard."""

from __future__ import annotations

from kiosk import harness, keyboard


def texts(app):
    return [item["text"] for item in harness.visible_texts(app.root, rtl=app.rtl)]


def search_screen(app):
    return app.manager.get_screen("search")


def type_on_screen(app, word):
    board = search_screen(app).ids.keyboard
    for char in word:
        key = next(k for row in board.keys for k in row if k.char == char and not k.disabled)
        harness.tap(key)


def open_search_from_home(app, lang="de"):
    harness.tap_at(540, 960)
    app.choose_language(lang)
    harness.settle()
    harness.tap(app.manager.get_screen("home").ids.header.ids.search)
    assert app.manager.current == "search"


def test_type_a_german_word_and_open_the_result(app):
    open_search_from_home(app)
    assert search_screen(app).ids.keyboard.layout == "de"
    type_on_screen(app, "schwimm")
    results = search_screen(app).ids.results.data
    assert results[0]["offer_id"] == "schwimmkurse-fuer-gefluechtete"
    assert app.catalog.offers["schwimmkurse-fuer-gefluechtete"].title.get("de") in texts(app)
    rows = search_screen(app).ids.results.layout_manager.children
    row = next(r for r in rows if r.offer_id == results[0]["offer_id"])
    harness.tap(row)
    assert app.manager.current == "detail" and app.offer_id == "schwimmkurse-fuer-gefluechtete"


def test_arabic_keyboard_query_is_shaped_and_finds_the_course_in_the_german_ui(app):
    open_search_from_home(app, "de")
    board = search_screen(app).ids.keyboard
    while board.layout != "ar":
        harness.tap(board.ids.switch)
    type_on_screen(app, "سباحة")
    query = search_screen(app).ids.query
    assert query.logical == "سباحة"
    assert not any("\u0600" <= c <= "\u06ff" for c in query.text)  # drawn joined, as presentation forms
    assert query.text == "ﺔﺣﺎﺒﺳ"  # visual order, right to left
    assert search_screen(app).ids.results.data[0]["offer_id"] == "schwimmkurse-fuer-gefluechtete"
    # titles in the UI language (German) while the query was Arabic
    german = app.catalog.offers["schwimmkurse-fuer-gefluechtete"].title.get("de")
    assert search_screen(app).ids.results.data[0]["title"] == german


def test_keyboard_defaults_to_the_ui_language_and_has_its_letters(app):
    open_search_from_home(app, "uk")
    board = search_screen(app).ids.keyboard
    assert board.layout == "uk"
    letters = {k.char for row in board.keys for k in row}
    assert {"є", "і", "ї", "ґ"} <= letters
    harness.tap(board.ids.switch)
    assert board.layout != "uk"
    assert set(board.layouts) == set(keyboard.layouts_for(app.languages))


def test_persian_layout_has_the_persian_letters():
    letters = set("".join(keyboard.LAYOUTS["fa"]))
    assert {"پ", "چ", "ژ", "گ", "ی", "ک"} <= letters
    assert {"ä", "ö", "ü", "ß"} <= set("".join(keyboard.LAYOUTS["de"]))
    assert {"ç", "ê", "î", "ş", "û"} <= set("".join(keyboard.LAYOUTS["ku"]))


def test_keys_are_at_least_15_mm(app):
    open_search_from_home(app, "fa")
    minimum = keyboard.MIN_KEY_MM * app.px_per_mm()
    keys = [k for row in search_screen(app).ids.keyboard.keys for k in row if not k.disabled]
    assert keys and min(min(k.size) for k in keys) >= minimum


def test_nothing_found_suggests_categories_and_a_contact_point(app):
    open_search_from_home(app)
    type_on_screen(app, "qxqx")
    screen = search_screen(app)
    assert screen.nothing_found and screen.ids.results.data == []
    shown = texts(app)
    assert any(text.startswith("Nichts gefunden.") for text in shown)
    assert app.catalog.offers["stabsstelle-integration"].title.get("de") in shown
    assert "Gesundheit" in shown  # a category to try
    contact = next(w for w in screen.ids.nothing.children if getattr(w, "icon", "") == "account-question")
    harness.tap(contact)
    assert app.manager.current == "detail" and app.offer_id == "stabsstelle-integration"


def test_backspace_clear_and_reset(app):
    open_search_from_home(app)
    type_on_screen(app, "kita")
    board = search_screen(app).ids.keyboard
    backspace = next(b for b in board.walk() if getattr(b, "icon", "") == "backspace-outline")
    harness.tap(backspace)
    assert search_screen(app).query == "kit"
    app.reset()
    harness.settle()
    assert search_screen(app).query == "" and search_screen(app).ids.results.data == []


def test_search_is_reachable_from_a_list(app):
    harness.tap_at(540, 960)
    app.open_category("bildung")
    harness.settle()
    harness.tap(app.manager.get_screen("list").ids.header.ids.search)
    assert app.manager.current == "search"
