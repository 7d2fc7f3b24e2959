"""What a visitor's session leaves in the usage figures: counts per day, nothing else."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from kiosk import harness
from kiosk.fleet.usage import Usage
from tests.screens.test_search import type_on_screen
from tests.test_app import language_button, offer_row, screen, tile


def qr_buttons(detail):
    return [b for b in detail.ids.qr_side.children if getattr(b, "available", False)]


@pytest.fixture
def usage(app):
    saved = app.usage
    app.usage = Usage(None)
    yield app.usage
    app.usage = saved


def test_a_visit_is_counted_by_kind(app, usage):
    harness.tap_at(540, 960)
    harness.tap(language_button(app, "ar"))
    harness.tap(tile(app, "hilfe"))
    offer_id = "psychosoziale-beratungsstelle-fuer-migrantinnen"
    harness.tap(offer_row(app, offer_id))
    detail = screen(app, "detail")
    contact = next(b for b in qr_buttons(detail) if b.icon == "card-account-phone")
    harness.tap(contact)
    assert detail.qr_mode == "contact"
    harness.tap(detail.ids.header.ids.home)
    harness.tap(screen(app, "home").ids.header.ids.search)
    assert app.manager.current == "search"
    type_on_screen(app, "ظظظظ")
    assert screen(app, "search").nothing_found
    type_on_screen(app, "ضضضض")  # more keys, still nothing
    app.reset()  # the visitor leaves; the search ended on "nothing found": one count, not one per key
    harness.settle()
    days = usage.days()
    assert list(days) == [dt.date.today().isoformat()]
    day = days[dt.date.today().isoformat()]
    assert day["sessions"] == 1
    assert day["languages"] == {"ar": 1}
    assert day["categories"] == {"hilfe": 1}
    assert day["offers"] == {offer_id: 1}
    assert day["qr"] == {offer_id: 2}  # the page's code with the detail, then the contact's
    assert day["no_result"] == 1
    text = json.dumps(day, ensure_ascii=False)
    assert "ظ" not in text and "ض" not in text  # never what was typed


def test_a_search_that_found_something_is_not_counted(app, usage):
    harness.tap_at(540, 960)
    harness.tap(screen(app, "home").ids.header.ids.search)
    type_on_screen(app, "schwimm")
    assert not screen(app, "search").nothing_found
    harness.tap(screen(app, "search").ids.header.ids.home)
    app.reset()
    harness.settle()
    assert usage.days()[dt.date.today().isoformat()]["no_result"] == 0
