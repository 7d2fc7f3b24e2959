"""Reusable widgets of the kiosk; their look is in widgets.kv."""

from __future__ import annotations

from kivy.lang import Builder
from kivy.properties import BooleanProperty, ColorProperty, ListProperty, NumericProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label
from kivy.uix.recycleview.views import RecycleDataViewBehavior

from kiosk import icons, paths, theme


class Icon(Label):
    """A pictogram from the icon font, by name."""

    name = StringProperty("")

    def on_name(self, _widget, name: str) -> None:
        self.text = icons.glyph(name)


class Para(Label):
    """Text that wraps to the widget's width and is as tall as its lines."""


class Pressable(ButtonBehavior):
    """Touch feedback shared by everything that can be tapped."""

    pressed_tint = NumericProperty(0)

    def on_state(self, _widget, state: str) -> None:
        self.pressed_tint = 0.18 if state == "down" else 0


class IconButton(Pressable, BoxLayout):
    icon = StringProperty("")
    text = StringProperty("")
    bg_color = ColorProperty(theme.ACCENT)
    fg_color = ColorProperty(theme.ON_ACCENT)


class LanguageButton(Pressable, Label):
    lang = StringProperty("")
    selected = BooleanProperty(False)


class Tile(Pressable, BoxLayout):
    """A category tile: pictogram, title and summary."""

    category_id = StringProperty("")
    icon = StringProperty("")
    title = StringProperty("")
    summary = StringProperty("")
    bg_color = ColorProperty(theme.ACCENT)


class OfferRow(RecycleDataViewBehavior, Pressable, BoxLayout):
    """One offer in a list, reused by the RecycleView."""

    offer_id = StringProperty("")
    icon = StringProperty("")
    title = StringProperty("")
    summary = StringProperty("")
    pictograms = ListProperty([])


class InfoRow(BoxLayout):
    """A detail line: pictogram and text; hidden when the text is empty."""

    icon = StringProperty("")
    text = StringProperty("")


class Header(BoxLayout):
    """Top bar: back on the leading side, the title, home on the trailing side."""

    title = StringProperty("")
    show_back = BooleanProperty(True)


Builder.load_file(str(paths.SCREENS.parent / "widgets.kv"))
