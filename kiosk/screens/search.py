"""Search: an on-screen keyboard for every script, results as the visitor types."""

from __future__ import annotations

from kivy.app import App
from kivy.clock import Clock
from kivy.factory import Factory
from kivy.lang import Builder
from kivy.properties import BooleanProperty, ListProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import Screen

from kiosk import keyboard, paths
from kiosk.screens.list import offer_rows
from kiosk.widgets import BidiLabel, Pressable, is_shown

CONTACT_POINT = "stabsstelle-integration"  # whom to ask when nothing is found


class Key(Pressable, BidiLabel):
    char = StringProperty("")


class Keyboard(BoxLayout):
    """Rows of keys built once; switching the layout only changes their letters."""

    layout = StringProperty("de")
    layouts = ListProperty(["de"])
    layout_name = StringProperty("")

    __events__ = ("on_key",)

    def on_kv_post(self, _base) -> None:
        self.keys = []
        for row in self.ids.rows.children[::-1]:
            keys = [Key() for _ in range(keyboard.max_columns())]
            for key in keys:
                key.bind(on_release=lambda key: self.dispatch("on_key", key.char))
                row.add_widget(key)
            self.keys.append(keys)
        self.on_layout(self, self.layout)

    def on_layout(self, _widget, layout: str) -> None:
        self.layout_name = keyboard.NAMES[layout]
        if not getattr(self, "keys", None):
            return
        for row, keys in zip(keyboard.LAYOUTS[layout], self.keys, strict=False):
            for index, key in enumerate(keys):
                key.char = row[index] if index < len(row) else ""
                key.logical = key.char
                key.opacity = 1 if key.char else 0
                key.disabled = not key.char
                key.size_hint_x = 1 if key.char else 0

    def next_layout(self) -> None:
        position = self.layouts.index(self.layout) if self.layout in self.layouts else -1
        self.layout = self.layouts[(position + 1) % len(self.layouts)]

    def on_key(self, char: str) -> None:
        pass


BACKSPACE, CLEAR = "\b", "\x1b"


class SearchScreen(Screen):
    query = StringProperty("")
    contact_point = StringProperty(CONTACT_POINT)
    nothing_found = BooleanProperty(False)

    def on_kv_post(self, _base) -> None:
        app = App.get_running_app()
        self._search = Clock.create_trigger(self.search_if_shown)  # several keys in one frame: one search
        self.bind(query=self._search)
        self.ids.results.bind(width=self._search)  # row heights depend on the width
        app.bind(lang=self._search, fs=self._search)
        self.ids.keyboard.bind(on_key=lambda _board, char: self.type(char))
        self.rebuild()

    def rebuild(self) -> None:
        """Categories to suggest when nothing is found: built once per set of categories."""
        app = App.get_running_app()
        signature = tuple(category.id for category in app.catalog.categories)
        if signature == getattr(self, "_built", None):
            return
        self._built = signature
        holder = self.ids.suggestions
        holder.clear_widgets()
        for category in app.catalog.categories:
            button = Factory.SuggestionButton()
            button.category_id, button.icon = category.id, category.icon
            button.bind(on_release=lambda button: app.open_category(button.category_id))
            holder.add_widget(button)

    def on_pre_enter(self, *_args) -> None:
        app = App.get_running_app()
        board = self.ids.keyboard
        board.layouts = keyboard.layouts_for(app.languages)
        board.layout = keyboard.layout_for(app.lang)
        self._search.cancel()
        self.search()

    def type(self, char: str) -> None:
        if char == BACKSPACE:
            self.backspace()
        elif char == CLEAR:
            self.clear()
        elif char != " " or (self.query and not self.query.endswith(" ")):
            self.query += char

    def backspace(self) -> None:
        self.query = self.query[:-1]

    def clear(self) -> None:
        self.query = ""

    def search_if_shown(self, *_args) -> None:
        """Hidden, the screen does not search (a new language must not build the index)."""
        if is_shown(self):
            self.search()

    def search(self, *_args) -> None:
        app = App.get_running_app()
        hits = app.search_index().search(self.query)
        rows = offer_rows(app, [app.catalog.offers[hit.offer_id] for hit in hits], self.ids.results.width)
        self.ids.results.data = rows
        self.ids.results.scroll_y = 1
        self.nothing_found = bool(self.query.strip()) and not rows

    def reset(self) -> None:
        """Nothing of the visitor stays: no query, no results."""
        self.query = ""
        self.ids.results.data = []


Builder.load_file(str(paths.SCREENS / "search.kv"))
