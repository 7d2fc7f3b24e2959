"""Home: choose a language by its own name, then a field of action by its pictogram."""

from __future__ import annotations

from kivy.app import App
from kivy.clock import Clock
from kivy.lang import Builder
from kivy.properties import NumericProperty
from kivy.uix.screenmanager import Screen

from kiosk import i18n, paths
from kiosk.widgets import LanguageButton, Tile

MIN_TILE_HEIGHT = 300  # design px


class HomeScreen(Screen):
    tile_height = NumericProperty(MIN_TILE_HEIGHT)

    def on_kv_post(self, _base) -> None:
        app = App.get_running_app()
        self._refresh = Clock.create_trigger(self.refresh)
        self._fit = Clock.create_trigger(self.fit_tiles)
        app.bind(lang=self._refresh, fs=self._fit)
        self.ids.scroll.bind(height=self._fit)
        self.ids.languages.bind(height=self._fit, cols=self._fit)
        self.ids.tiles.bind(cols=self._fit)
        self.rebuild()

    def rebuild(self) -> None:
        """One button per language and one tile per category; between rebuilds only texts change.

        New content rarely changes the categories, and widgets bound to the app are not freed
        when dropped, so the tiles are rebuilt only when the categories themselves change.
        """
        app = App.get_running_app()
        signature = (tuple(app.languages), tuple((c.id, c.icon, c.color) for c in app.catalog.categories))
        if signature == getattr(self, "_built", None):
            self.refresh()
            return
        self._built = signature
        self.ids.languages.clear_widgets()
        self.ids.tiles.clear_widgets()
        for lang in app.languages:
            button = LanguageButton(lang=lang, logical=i18n.native_name(lang))
            button.bind(on_release=lambda button: app.choose_language(button.lang))
            self.ids.languages.add_widget(button)
        for category in app.catalog.categories:
            tile = Tile(category_id=category.id, icon=category.icon)
            tile.bg_color = category.color
            tile.bind(on_release=lambda tile: app.open_category(tile.category_id))
            self.ids.tiles.add_widget(tile)
        self.refresh()

    def fit_tiles(self, *_args) -> None:
        """Tiles share the height left under the language buttons, never below the minimum."""
        app = App.get_running_app()
        body, tiles = self.ids.body, self.ids.tiles
        rows = max(1, -(-len(tiles.children) // tiles.cols))
        free = self.ids.scroll.height - body.padding[1] - body.padding[3] - self.ids.languages.height - body.spacing
        minimum = app.u * MIN_TILE_HEIGHT + (app.fs - app.u) * 240  # larger text: taller tiles, the page scrolls
        self.tile_height = max(minimum, (free - tiles.spacing[1] * (rows - 1)) / rows)

    def refresh(self, *_args) -> None:
        app = App.get_running_app()
        for button in self.ids.languages.children:
            button.selected = button.lang == app.lang
        for tile in self.ids.tiles.children:
            category = app.catalog.category(tile.category_id)
            tile.title = category.title.get(app.lang)
            tile.summary = category.summary.get(app.lang)


Builder.load_file(str(paths.SCREENS / "home.kv"))
