"""Reusable widgets of the kiosk; their look is in widgets.kv."""

from __future__ import annotations

from functools import lru_cache

from kivy.app import App
from kivy.clock import Clock
from kivy.core.text import DEFAULT_FONT
from kivy.core.text import Label as CoreLabel
from kivy.lang import Builder
from kivy.properties import BooleanProperty, ColorProperty, ListProperty, NumericProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label
from kivy.uix.recycleview.views import RecycleDataViewBehavior

from kiosk import icons, paths, theme


@lru_cache(maxsize=4096)
def text_height(text: str, font_size: float, width: float, bold: bool = False) -> float:
    """Height of ``text`` wrapped to ``width``, measured by the text provider without drawing."""
    label = CoreLabel(text=text, font_size=font_size, text_size=(max(width, 1), None), bold=bold,
                      font_name=DEFAULT_FONT)  # fmt: skip
    label.resolve_font_name()
    return label.render()[1]


def word_width(text: str, font_size: float, bold: bool = False) -> float:
    """Width of the longest word of ``text``: a title must fit it without breaking it."""
    label = CoreLabel(font_size=font_size, bold=bold, font_name=DEFAULT_FONT)
    label.resolve_font_name()
    return max((label.get_extents(word)[0] for word in text.split()), default=0)


def fitting_font_size(text: str, width: float, sizes: list[float], bold: bool = False) -> float:
    """The largest of ``sizes`` at which no word of ``text`` is wider than ``width``."""
    for size in sizes:
        if word_width(text, size, bold) <= width:
            return size
    return sizes[-1]


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
    """A category tile: pictogram, title and summary, sized so that no word is broken."""

    category_id = StringProperty("")
    icon = StringProperty("")
    title = StringProperty("")
    summary = StringProperty("")
    bg_color = ColorProperty(theme.ACCENT)
    title_size = NumericProperty(theme.FONT_LEAD)
    show_summary = BooleanProperty(True)

    def on_kv_post(self, _base) -> None:
        self._fit = Clock.create_trigger(self.fit)
        self.bind(size=self._fit, title=self._fit, summary=self._fit)
        self.ids.texts.bind(size=self._fit)

    def fit(self, *_args) -> None:
        app = App.get_running_app()
        column = self.ids.texts
        width = column.width
        sizes = [app.u * size for size in (theme.FONT_LEAD, theme.FONT_BODY, theme.FONT_SMALL)]
        self.title_size = fitting_font_size(self.title, width, sizes, bold=True)
        # title, summary and the filler below them: two gaps
        needed = text_height(self.title, self.title_size, width, bold=True) + 2 * column.spacing
        needed += text_height(self.summary, app.u * theme.FONT_SMALL, width)
        self.show_summary = needed <= self.height - self.padding[1] - self.padding[3]


class OfferRow(RecycleDataViewBehavior, Pressable, BoxLayout):
    """One offer in a list, reused by the RecycleView; its height comes with the data."""

    # Horizontal room taken by everything but the texts (design px): paddings, icon, chevron, spacing.
    CHROME_WIDTH = 24 * 2 + 110 + 75 + 24 * 2
    CHROME_HEIGHT = 24 * 2 + 6 + 12

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
