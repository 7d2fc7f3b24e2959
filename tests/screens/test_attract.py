"""The attract screen: greetings, "touch to start" cycling through the languages, today's events."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk import harness
from kiosk.content import load_catalog
from tests.conftest import write_offer


@pytest.fixture
def with_catalog(app):
    """Show another catalog on the attract screen; the real one comes back afterwards."""
    saved = app.catalog

    def show(catalog):
        app.catalog = catalog
        app.manager.get_screen("attract").refresh()
        harness.settle()
        return app.manager.get_screen("attract")

    yield show
    app.catalog = saved
    app.manager.get_screen("attract").refresh()
    harness.settle()


def visible(app):
    return [item["text"] for item in harness.visible_texts(app.manager)]


def dated_offer(content_dir, offer_id, title, dates):
    path = write_offer(content_dir, offer_id, "dates:\n" + dates)
    path.write_text(path.read_text().replace("{de: Schwimmkurs, en: Swimming course}", f"{{de: {title}}}"))


def test_todays_events_are_shown_earliest_first(app, content_dir, with_catalog):
    today = dt.date.today()
    weekday = ["mo", "tu", "we", "th", "fr", "sa", "su"][today.weekday()]
    dated_offer(content_dir, "abendtreff", "Abendtreff", f'- date: {today}\n  start: "18:00"\n  end: "20:00"\n')
    dated_offer(content_dir, "fruehstueck", "Frühstück", f'- repeat: weekly\n  weekday: {weekday}\n  start: "09:30"\n')
    dated_offer(content_dir, "morgen", "Morgen", f"- date: {today + dt.timedelta(days=1)}\n")
    catalog, problems = load_catalog(content_dir)
    assert not problems, problems
    screen = with_catalog(catalog)
    assert screen.has_events and screen.ids.today.height > 0
    rows = list(reversed(screen.ids.events.children))
    assert [(row.time, row.title) for row in rows] == [("09:30", "Frühstück"), ("18:00–20:00", "Abendtreff")]
    shown = visible(app)
    assert "Heute" in shown and "Abendtreff" in shown and "Morgen" not in shown


def test_no_events_today_no_box(app, content_dir, with_catalog):
    catalog, _problems = load_catalog(content_dir)
    screen = with_catalog(catalog)
    assert not screen.has_events and screen.ids.today.height == 0
    assert "Heute" not in visible(app)


def test_touch_to_start_cycles_through_the_languages(app):
    screen = app.manager.get_screen("attract")
    site = app.catalog.site
    assert screen._cycle is not None  # runs on Kivy's clock while the screen is shown
    seen = []
    for _ in range(len(app.languages) + 2):
        seen.append(screen.ids.touch_other.logical)
        screen.next_language()
    expected = {site.touch_to_start.get(lang) for lang in app.languages} - {site.touch_to_start.get("de")}
    assert set(seen) == expected
    assert screen.ids.touch.logical == site.touch_to_start.get("de")
    harness.tap_at(540, 960)
    assert app.manager.current == "home" and screen._cycle is None  # stopped while nobody sees it


def test_the_kiosk_starts_without_importing_babel_dates():
    """babel.dates looks up the local time zone when it is imported (~8 ms of start-up, pytz's list of
    zones); the attract screen needs it only to show today's events, and imports it then."""
    import os
    import subprocess
    import sys

    code = "import sys, kiosk.app; print('babel.dates' in sys.modules, 'kiosk.screens.attract' in sys.modules)"
    env = {**os.environ, "KIVY_NO_ARGS": "1", "KIVY_NO_CONSOLELOG": "1"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert result.stdout.split()[-2:] == ["False", "True"], result.stdout


def test_the_window_is_cleared_in_the_colour_of_the_screen_shown(app):
    """The attract screen paints no background of its own: the window's clear colour is its colour while it
    is shown (one full-window layer less per frame), and the other screens' colour once a visitor starts."""
    from kivy.core.window import Window
    from kivy.graphics import Rectangle

    from kiosk import theme

    attract = app.manager.get_screen("attract")
    assert app.manager.current == "attract"
    assert tuple(Window.clearcolor) == tuple(app.palette.HEADER)
    assert not any(isinstance(i, Rectangle) for i in attract.canvas.before.children), "no background of its own"
    harness.tap_at(540, 960)
    assert tuple(Window.clearcolor) == tuple(app.palette.BACKGROUND)
    app.toggle_contrast()
    assert tuple(Window.clearcolor) == tuple(theme.HIGH_CONTRAST.BACKGROUND)
    app.reset()
    harness.settle()
    assert app.manager.current == "attract"
    assert tuple(Window.clearcolor) == tuple(app.palette.HEADER)
