"""The attract screen: shown while nobody uses the kiosk. Any touch starts."""

from __future__ import annotations

from kivy.app import App
from kivy.factory import Factory
from kivy.lang import Builder
from kivy.uix.screenmanager import Screen

from kiosk import i18n, paths


class AttractScreen(Screen):
    def on_kv_post(self, _base) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Greet in every enabled language that has a greeting in its own words."""
        app = App.get_running_app()
        site = app.catalog.site
        greetings = self.ids.greetings
        greetings.clear_widgets()
        for lang in app.languages:
            if site.welcome.has(lang):
                greeting = Factory.Greeting(text=site.welcome.values[lang])
                greeting.base_direction = "rtl" if i18n.is_rtl(lang) else "ltr"
                greetings.add_widget(greeting)
        self.ids.motto.text = site.motto.get(app.default_language)
        touch = [site.touch_to_start.get(app.default_language)]
        if "en" in app.languages and site.touch_to_start.has("en"):
            touch.append(site.touch_to_start.get("en"))
        self.ids.touch.text = "\n".join(dict.fromkeys(text for text in touch if text))

    def on_touch_down(self, touch) -> bool:
        App.get_running_app().start()
        return True


Builder.load_file(str(paths.SCREENS / "attract.kv"))
