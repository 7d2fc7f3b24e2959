"""A visitor's session: "still there?" and the reset, driven by Kivy's clock with a clock we move."""

from __future__ import annotations

import pytest

from kiosk import harness
from kiosk.session import Session


class FakeTime:
    """Time that moves only when the test says so; Kivy's clock keeps running the checks."""

    def __init__(self) -> None:
        self.value = 1000.0

    def __call__(self) -> float:
        return self.value


def test_session_states():
    now = FakeTime()
    session = Session(60, 20, now)
    now.value += 59
    assert session.state() == ("active", 0.0)
    now.value += 2
    assert session.state() == ("asking", pytest.approx(19))
    session.touched()
    assert session.state() == ("active", 0.0)
    now.value += 80.5
    assert session.state() == ("expired", 0.0)


@pytest.fixture
def timed(app):
    now = FakeTime()
    app.session.now = now
    app.session.touched()
    yield now
    app.session.now = __import__("time").monotonic
    app.session.touched()


def texts(app):
    from kivy.core.window import Window

    return [item["text"] for widget in Window.children for item in harness.visible_texts(widget)]


def test_ask_then_start_over_for_the_next_visitor(app, timed):
    harness.tap_at(540, 960)
    app.choose_language("ar")
    app.text_scale = 1.5
    app.open_search()
    harness.settle()
    app.manager.get_screen("search").query = "سباحة"
    harness.settle()
    timed.value += app.kiosk_config.idle_seconds - 1
    harness.pump_for(0.4)
    assert not app.asking
    timed.value += 2
    harness.pump_for(0.4)
    assert app.asking
    from kiosk import i18n

    question = i18n.translate("ar", "Are you still there?")
    assert question != "Are you still there?" and question in texts(app)  # asked in the visitor's language
    assert app.seconds_left == app.kiosk_config.countdown_seconds - 1
    timed.value += app.kiosk_config.countdown_seconds
    harness.pump_for(0.4)
    harness.settle()
    assert app.manager.current == "attract" and not app.asking
    assert app.lang == "de" and app.text_scale == 1.0
    assert app.manager.get_screen("search").query == ""
    assert app.manager.get_screen("search").ids.results.data == []


def test_still_here_extends_any_number_of_times(app, timed):
    harness.tap_at(540, 960)
    app.open_category("bildung")
    harness.settle()
    for _ in range(3):
        timed.value += app.kiosk_config.idle_seconds + 5
        harness.pump_for(0.4)
        assert app.asking
        harness.tap(app.still_there.ids.yes)  # a real touch on "yes, I am still here"
        harness.pump_for(0.4)
        assert not app.asking and app.manager.current == "list"


def test_the_attract_screen_never_asks(app, timed):
    timed.value += 1000
    harness.pump_for(0.4)
    assert not app.asking and app.manager.current == "attract"
