"""Home: choose a language by its own name, then a field of action by its pictogram."""

from __future__ import annotations

from kivy.app import App
from kivy.clock import Clock
from kivy.lang import Builder
from kivy.uix.screenmanager import Screen

from kiosk import i18n, paths
from kiosk.widgets import LanguageButton, Tile


class HomeScreen(Screen):
    def on_kv_post(self, _base) -> None:
        app = App.get_running_app()
        self._refresh = Clock.create_trigger(self.refresh)
        app.bind(lang=self._refresh)
        # Built once: one button per language, one tile per category; later only texts change.
        for lang in app.languages:
            button = LanguageButton(lang=lang, text=i18n.native_name(lang))
            button.base_direction = "rtl" if i18n.is_rtl(lang) else "ltr"
            button.bind(on_release=lambda button: app.choose_language(button.lang))
            self.ids.languages.add_widget(button)
        for category in app.catalog.categories:
            tile = Tile(category_id=category.id, icon=category.icon)
            tile.bg_color = category.color
            tile.bind(on_release=lambda tile: app.open_category(tile.category_id))
            self.ids.tiles.add_widget(tile)
        self.refresh()

    def refresh(self, *_args) -> None:
        app = App.get_running_app()
        for button in self.ids.languages.children:
            button.selected = button.lang == app.lang
        for tile in self.ids.tiles.children:
            category = app.catalog.category(tile.category_id)
            tile.title = category.title.get(app.lang)
            tile.summary = category.summary.get(app.lang)


Builder.load_file(str(paths.SCREENS / "home.kv"))
