"""The attract screen: shown while nobody uses the kiosk. Any touch starts."""

from __future__ import annotations

import datetime as dt

from kivy.app import App
from kivy.clock import Clock
from kivy.factory import Factory
from kivy.lang import Builder
from kivy.properties import BooleanProperty, NumericProperty
from kivy.uix.screenmanager import Screen

from kiosk import i18n, paths, theme
from kiosk.search.filters import occurs_on
from kiosk.widgets import Para, fits_on_one_line

MAX_EVENTS = 4


def todays_events(catalog, day) -> list[tuple[str, str]]:
    """(offer id, start time) of the offers with a date today, earliest first."""
    events = []
    for offer_id, dates in catalog.dated():
        rules = [rule for rule in dates if occurs_on(rule, day)]
        if rules:
            first = min(rules, key=lambda rule: rule.start or dt.time())
            events.append((first.start or dt.time(), offer_id, first))
    return [(offer_id, rule) for _start, offer_id, rule in sorted(events)]


class AttractScreen(Screen):
    """Greetings in every language, today's events, "touch to start" cycling through the languages."""

    greeting_size = NumericProperty(theme.FONT_LEAD)
    has_events = BooleanProperty(False)
    CYCLE_SECONDS = 3.0
    _cycle = None
    _turn = 0

    def __init__(self, **kwargs):
        self._greetings: list = []
        self._event_rows: list = []
        super().__init__(**kwargs)

    def on_kv_post(self, _base) -> None:
        self.refresh()

    def fit_greetings(self) -> None:
        """One font size for all greetings, the largest at which each fits its cell on one line."""
        app = App.get_running_app()
        grid = self.ids.greetings
        cell = (grid.width - grid.spacing[0] * (grid.cols - 1)) / grid.cols - 2 * app.u * Para.PAD
        sizes = [app.fs * size for size in (theme.FONT_LEAD, theme.FONT_BODY, theme.FONT_SMALL)]
        texts = [child.logical for child in grid.children]
        self.greeting_size = next(
            (size for size in sizes if all(fits_on_one_line(text, size, cell) for text in texts)), sizes[-1]
        )
        for child in grid.children:
            child.font_size = self.greeting_size

    def rebuild(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Greet in every enabled language that has a greeting in its own words."""
        app = App.get_running_app()
        site = app.catalog.site
        greetings = self.ids.greetings
        # Each greeting once ("Willkommen" serves both kinds of German), in the languages' order.
        texts = [text for text in dict.fromkeys(site.welcome.values[lang] for lang in app.languages
                                                if site.welcome.has(lang)) if text]  # fmt: skip
        # New content rebuilds this screen: the labels are reused, since dropped widgets with kv
        # bindings to the app linger (kivy#949) and a binding can fire on a collected one.
        while len(self._greetings) < len(texts):
            self._greetings.append(Factory.Greeting())
        greetings.clear_widgets()
        for greeting, text in zip(self._greetings, texts, strict=False):
            greeting.logical = text
            greetings.add_widget(greeting)
        self.fit_greetings()
        self.ids.motto.logical = site.motto.get(app.default_language)
        self.ids.touch.logical = site.touch_to_start.get(app.default_language)
        self._turn = 0
        self.next_language()
        self.show_events()

    def show_events(self) -> None:
        """Today's events from the content, in the default language; the box goes when there are none."""
        app = App.get_running_app()
        box = self.ids.events
        box.clear_widgets()
        lang = app.default_language
        events = todays_events(app.catalog, app.today())[:MAX_EVENTS]
        # Rows are reused: this runs each time the screen is entered, and dropped widgets with
        # kv bindings to the app would pile up over a day.
        rows = self._event_rows
        while len(rows) < len(events):
            rows.append(Factory.TodayEvent())
        if events:
            from kiosk import schedule  # babel.dates looks up the local time zone on import: ~8 ms of start-up
        for (offer_id, rule), row in zip(events, rows, strict=False):
            offer = app.catalog.offers[offer_id]
            row.time = i18n.localize_digits(schedule.times(rule, lang), lang)
            row.title = offer.title.get(lang)
            box.add_widget(row)
        self.has_events = bool(events)

    def next_language(self, *_args) -> None:
        """The second "touch to start" line, in the next language that has its own words."""
        app = App.get_running_app()
        site = app.catalog.site
        others = [lang for lang in app.languages if lang != app.default_language and site.touch_to_start.has(lang)
                  and site.touch_to_start.get(lang) != site.touch_to_start.get(app.default_language)]  # fmt: skip
        if not others:
            self.ids.touch_other.logical = ""
            return
        lang = others[self._turn % len(others)]
        self._turn += 1
        self.ids.touch_other.direction_hint = i18n.text_direction(lang)
        self.ids.touch_other.logical = site.touch_to_start.get(lang)

    def on_enter(self, *_args) -> None:
        self.show_events()  # the day may have changed while nobody was here
        if self._cycle is None:
            self._cycle = Clock.schedule_interval(self.next_language, self.CYCLE_SECONDS)

    def on_leave(self, *_args) -> None:
        if self._cycle is not None:
            self._cycle.cancel()
            self._cycle = None

    def on_touch_down(self, touch) -> bool:
        App.get_running_app().start()
        return True


Builder.load_file(str(paths.SCREENS / "attract.kv"))
