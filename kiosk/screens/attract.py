"""The attract screen: shown while nobody uses the kiosk. Any touch starts."""

from __future__ import annotations

from kivy.app import App
from kivy.factory import Factory
from kivy.lang import Builder
from kivy.properties import NumericProperty
from kivy.uix.screenmanager import Screen

from kiosk import paths, theme
from kiosk.widgets import Para, fits_on_one_line


class AttractScreen(Screen):
    greeting_size = NumericProperty(theme.FONT_LEAD)

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
        greetings.clear_widgets()
        # Each greeting once ("Willkommen" serves both kinds of German), in the languages' order.
        for text in dict.fromkeys(site.welcome.values[lang] for lang in app.languages if site.welcome.has(lang)):
            if text:
                greeting = Factory.Greeting(logical=text)
                greetings.add_widget(greeting)
        self.fit_greetings()
        self.ids.motto.logical = site.motto.get(app.default_language)
        touch = [site.touch_to_start.get(app.default_language)]
        if "en" in app.languages and site.touch_to_start.has("en"):
            touch.append(site.touch_to_start.get("en"))
        self.ids.touch.logical = "\n".join(dict.fromkeys(text for text in touch if text))

    def on_touch_down(self, touch) -> bool:
        App.get_running_app().start()
        return True


Builder.load_file(str(paths.SCREENS / "attract.kv"))
