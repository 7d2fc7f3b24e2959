"""Reusable widgets of the kiosk; their look is in widgets.kv."""

from __future__ import annotations

import unicodedata
import weakref
from collections import OrderedDict
from functools import lru_cache

from kivy.app import App
from kivy.clock import Clock
from kivy.core.text import DEFAULT_FONT
from kivy.core.text import Label as CoreLabel
from kivy.graphics.texture import Texture
from kivy.lang import Builder
from kivy.properties import (
    BooleanProperty,
    ColorProperty,
    ListProperty,
    NumericProperty,
    ObjectProperty,
    Property,
    StringProperty,
)
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label
from kivy.uix.modalview import ModalView
from kivy.uix.recycleview.views import RecycleDataViewBehavior
from kivy.uix.screenmanager import NoTransition, ScreenManager
from kivy.uix.widget import Widget

from kiosk import icons, paths, textlayout, theme


def _render_end_and_free(label):
    """The pixels of what ``label`` drew, and its drawing surface freed.

    Kivy's SDL2 text provider keeps the surface a text was drawn on after it has copied the
    pixels out (``_render_end``): every label holds a second copy of its texture in SDL's
    memory until it draws again. At rest that was 28 MB of the kiosk's heap, and it grew as
    the labels that had drawn the largest texts stayed (+13 MB in 1,200 visitor actions of
    bench.soak, jemalloc's heap profile). Nothing reads the surface after this point.
    """
    surface = label._surface
    label._surface = None
    _note_font(label)
    return surface.get_data()


def _note_font(label) -> None:
    font_id = label._get_font_id()
    if font_id not in _FONTS_DRAWN:
        _FONTS_DRAWN[font_id] = {name: label.options[name] for name in _FONT_OPTIONS}


# SDL_ttf keeps the glyphs a font has drawn: 256 per font and size, each its rendered pixels
# (up to ~10 KB at the kiosk's sizes). With ~27 fonts and sizes in use (11 scripts, the text
# sizes visitors choose) these caches filled for thousands of visitor actions: +2.9 MB over the
# first 2,600 of bench.soak (jemalloc's heap profile, Load_Glyph), still creeping at its end.
_FONTS_DRAWN: dict[str, dict] = {}  # Kivy's id of an SDL_ttf font -> the label options that open it
_FONT_OPTIONS = ("font_name_r", "font_size", "bold", "italic", "underline", "strikethrough", "font_hinting")
_OTHER_HINTING = {"normal": "light"}  # any other value flips to "normal"


def empty_glyph_caches() -> int:
    """Empty SDL_ttf's glyph cache of every font that has drawn since the last call; how many fonts.

    SDL_ttf empties a font's cache when its hinting changes (``TTF_SetFontHinting``), and Kivy
    changes the hinting when a text asks for another: each font draws a dot with another hinting
    and one with its own. The fonts stay open; the next visitor's texts draw their glyphs anew.
    """
    if not _FONTS_DRAWN:  # nothing drew since, or another text provider, which keeps no glyphs
        return 0
    from kivy.core.text._text_sdl2 import _SurfaceContainer

    surface = _SurfaceContainer(4, 4)
    fonts = list(_FONTS_DRAWN.values())
    _FONTS_DRAWN.clear()
    for options in fonts:
        own = options["font_hinting"]
        same = {name: options[name] for name in _FONT_OPTIONS[1:-1]}
        for hinting in (_OTHER_HINTING.get(own, "normal"), own):
            label = CoreLabel(font_name=options["font_name_r"], font_hinting=hinting, **same)
            label.resolve_font_name()
            surface.render(label, ".", 0, 0)
    return len(fonts)


def draw_glyphs(text: str, label) -> None:
    """Each character of ``text`` drawn once in the font of ``label`` (a core label), so that SDL_ttf has
    the glyphs when the text itself is drawn: between taps (kiosk.idle), after a reset emptied the caches
    (the first offer of a visit took ~9 ms longer to open without this)."""
    characters = "".join(sorted(set(text) - {" ", "\n"}))
    if characters and SDL2_TEXT:
        from kivy.core.text._text_sdl2 import _SurfaceContainer

        label.resolve_font_name()
        _SurfaceContainer(4, 4).render(label, characters, 0, 0)
        _note_font(label)


def _sdl2_provider():
    """Kivy's SDL2 text provider when it is the one in use (it keeps surfaces and glyph caches), else None."""
    try:
        from kivy.core.text import text_sdl2
    except ImportError:  # no SDL2_ttf: another provider
        return None
    return text_sdl2 if issubclass(CoreLabel, text_sdl2.LabelSDL2) else None


def free_text_surfaces() -> bool:
    """Every core label (Label, TextInput, markup) frees its drawing surface once drawn. True when
    the text provider is SDL2's, the one that keeps it."""
    text_sdl2 = _sdl2_provider()
    if text_sdl2 is None:
        return False
    text_sdl2.LabelSDL2._render_end = _render_end_and_free
    return True


SDL2_TEXT = free_text_surfaces()

# Our own line breaking leaves a little room, so Kivy never wraps a line we made again.
WRAP_SLACK = 0.98
END_ROOM = 0.1  # of the font size


class _Font:
    """Widths and heights of single characters in one font and size, each asked of the font once.

    A line's width is the sum of its characters' widths and its height the tallest of them
    (combining marks may stack higher: ``text_height`` lets Kivy lay out a text that has them):
    breaking and measuring a new language's texts costs a dictionary lookup per letter.
    """

    def __init__(self, font_name: str, font_size: float, bold: bool):
        self.options = {"font_name": font_name, "font_size": font_size, "bold": bold}
        label = CoreLabel(**self.options)
        label.resolve_font_name()
        self._extents = label.get_extents
        self.widths: dict[str, int] = {}
        self.heights: dict[str, int] = {}
        self.marks: set[str] = set()
        self.empty_height = label.get_extents(" ")[1]

    def _learn(self, text: str) -> None:
        for char in set(text).difference(self.widths):
            self.widths[char], self.heights[char] = self._extents(char)
            if unicodedata.combining(char):
                self.marks.add(char)

    def width(self, text: str) -> float:
        try:
            return sum(map(self.widths.__getitem__, text))
        except KeyError:
            self._learn(text)
            return sum(map(self.widths.__getitem__, text))

    def height(self, line: str) -> float:
        self._learn(line)
        return max(map(self.heights.__getitem__, line), default=self.empty_height)


@lru_cache(maxsize=64)
def _font(font_name: str, font_size: float, bold: bool) -> _Font:
    return _Font(font_name, font_size, bold)


def _breaking_width(width: float, font_size: float) -> float:
    """The width lines are broken to: room for the ink of a line's last glyph reaching past its advance."""
    return max(width - END_ROOM * font_size, 1)


def _measurer(font_name: str, font_size: float, bold: bool):
    """Width of a single line of text in one font and size, for line breaking."""
    return _font(font_name, float(font_size), bool(bold)).width


def visual_text(logical: str, width: float | None, font_size: float, bold: bool, default: str, force: bool,
                font_name: str = DEFAULT_FONT) -> tuple[str, str]:  # fmt: skip
    """What a label draws for ``logical`` and the text's direction ('L' or 'R'); cached.

    The width is rounded to 1/100 px for the cache: a width computed by a layout and the same
    width computed for preparing a list (kiosk.idle) may differ in the last bits of a float.
    """
    return _visual_text(logical, None if width is None else round(width, 2), float(font_size), bool(bold), default,
                        bool(force), font_name)  # fmt: skip


@lru_cache(maxsize=2048)
def _visual_text(logical: str, width: float | None, font_size: float, bold: bool, default: str, force: bool,
                 font_name: str) -> tuple[str, str]:  # fmt: skip
    """What a label draws for ``logical`` and the text's direction ('L' or 'R').

    Lines are broken here in every script (Kivy then never wraps them again), so the height of
    a text is known from its number of lines without drawing it (``text_height``).
    Left-to-right text without a width is passed through.
    """
    if width is None and default == "L" and not textlayout.has_rtl(logical):
        return logical.translate(textlayout.BIDI_CONTROLS), "L"
    measure = _measurer(font_name, float(font_size), bool(bold))
    if width is not None:
        width = _breaking_width(width, font_size)
    lines, direction = textlayout.layout(logical, width, measure, default, force=force)
    return "\n".join(lines), direction


@lru_cache(maxsize=4096)
def text_height(text: str, font_size: float, width: float, bold: bool = False, default: str = "L") -> float:
    """Height of ``text`` wrapped to ``width`` as a Para draws it: the sum of its lines' heights.

    The lines are broken as ``visual_text`` breaks them, but not reordered: a line's height
    does not depend on the order of its characters (unless combining marks stack on them).
    """
    if not text:
        return 0
    font = _font(DEFAULT_FONT, float(font_size), bool(bold))
    inner = _breaking_width(max(width, 1) * WRAP_SLACK, font_size)
    total = 0
    for paragraph in text.split("\n"):
        shaped = textlayout.shape(paragraph)
        font.width(shaped)  # learns its characters
        if not font.marks.isdisjoint(shaped):  # stacked marks: Kivy's own layout of our lines says how tall
            shown, _direction = visual_text(paragraph, max(width, 1) * WRAP_SLACK, font_size, bold, default, False)
            label = CoreLabel(text=shown, text_size=(max(width, 1), None), **font.options)
            label.resolve_font_name()
            total += label.render()[1]
            continue
        for start, end in textlayout.break_lines(shaped, inner, font.width):
            total += font.height(shaped[start:end].rstrip())
    return total


def fits_on_one_line(text: str, font_size: float, width: float, bold: bool = False) -> bool:
    return _measurer(DEFAULT_FONT, float(font_size), bool(bold))(textlayout.shape(text)) <= width


def word_width(text: str, font_size: float, bold: bool = False) -> float:
    """Width of the longest word of ``text``: a title must fit it without breaking it."""
    label = CoreLabel(font_size=font_size, bold=bold, font_name=DEFAULT_FONT)
    label.resolve_font_name()
    return max((label.get_extents(word)[0] for word in textlayout.shape(text).split()), default=0)


def clear_properties(widget, cls) -> None:
    """Every property ``cls`` itself declares, back to its default on ``widget`` (what a visitor left)."""
    for name, prop in vars(cls).items():
        if isinstance(prop, Property):
            setattr(widget, name, prop.defaultvalue)


def is_shown(screen) -> bool:
    """Whether ``screen`` is the one its ScreenManager shows (or stands alone)."""
    return screen.manager is None or screen.manager.current == screen.name


class _BrokenLines(CoreLabel):
    """Kivy's core label for a text whose lines were broken already (BidiLabel), laid out line by line.

    Given a width, Kivy's layout measures a line word by word, each time the line up to the next
    word, to find where it wraps: ~200 measurements of text for a list of ten rows, ~1.9 ms of a
    list tap (2026-12-06). A BidiLabel's lines fit their width by construction, so here they are
    laid out without a width (one measurement per line) and the texture gets the label's width, as
    Kivy's layout gives it: the same lines, heights and alignment. A line that would not fit (and
    a shortened text) is left to Kivy's own layout, which wraps it.
    """

    def render(self, real=False):
        width, height = self._text_size
        if real or width is None or self.options["shorten"] or self.options["halign"] == "justify":
            return super().render(real)
        self._text_size = (None, height)
        try:
            size = super().render()
        finally:
            self._text_size = (width, height)
        if not self._cached_lines:  # no text
            return size
        if self._internal_size[0] > int(width):  # a line wider than the label: Kivy wraps it
            return super().render()
        return max(int(width), 2 if size[1] > 1 else 0), size[1]


class BidiLabel(Label):
    """A label that shows ``logical`` text right in every script.

    Kivy's text provider neither joins Arabic letters nor applies the bidi algorithm, so
    text that needs it is shaped, broken into lines in logical order and reordered line
    by line (kiosk.textlayout) before Kivy sees it. ``text`` holds what is drawn.
    """

    logical = StringProperty("")
    # "" follows the UI language; "ltr"/"rtl" when the text's own language is known or the
    # text is data (phone numbers, e-mail and web addresses stay left-to-right as written).
    direction_hint = StringProperty("")
    direction = StringProperty("ltr")  # of the text's first paragraph, after layout

    def __init__(self, **kwargs):
        self._relayout = Clock.create_trigger(self.relayout, -1)
        super().__init__(**kwargs)
        self.fbind("logical", self._relayout)
        self.fbind("text_size", self._relayout)
        self.fbind("font_size", self._relayout)
        self.fbind("bold", self._relayout)
        self.fbind("direction_hint", self._relayout)
        app = App.get_running_app()
        if app is not None:
            app.fbind("rtl", self._relayout)
        self.relayout()

    def _create_label(self) -> None:
        super()._create_label()
        if type(self._label) is CoreLabel:
            self._label.__class__ = _BrokenLines  # the same core label, laid out line by line

    def relayout(self, *_args) -> None:
        lines = self._lines(self.logical, self.direction_hint)
        if lines is None:  # not laid out yet (a new row, a hidden screen): nothing to break
            self.text = ""
            return
        self.text, direction = lines
        self.direction = "rtl" if direction == "R" else "ltr"

    def prepare(self, logical: str, hint: str = "") -> None:
        """Break ``logical`` into lines as this label would show it with ``hint`` as its direction hint, so
        that showing it later finds them in ``visual_text``'s cache, and draw its glyphs once (kiosk.idle,
        between taps)."""
        if logical:
            shown = self._lines(logical, hint)
            if shown is not None:
                draw_glyphs(shown[0], self._label)

    def _lines(self, logical: str, hint: str) -> tuple[str, str] | None:
        app = App.get_running_app()
        rtl = hint == "rtl" if hint else bool(app is not None and app.rtl)
        default = "R" if rtl else "L"
        width = self.text_size[0]
        if width is not None:
            width = max(width - self.padding[0] - self.padding[2], 1) * WRAP_SLACK
            if width < self.font_size:
                return None
        return visual_text(logical, width, self.font_size, self.bold, default, bool(hint), str(self.font_name))

    def texture_update(self, *args) -> None:
        super().texture_update(*args)
        if self.texture is None:  # no text: Kivy's core label would keep the last text's texture
            self._label.texture = None


class MirrorBox(BoxLayout):
    """A horizontal box whose children run right-to-left in an RTL language."""

    mirrored = BooleanProperty(False)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        app = App.get_running_app()
        if app is not None:
            app.fbind("rtl", self._follow)
            Clock.schedule_once(lambda _dt: self._follow(app, app.rtl))

    def _follow(self, _app, rtl: bool) -> None:
        if bool(rtl) != self.mirrored:
            self.children.reverse()
            self.mirrored = bool(rtl)
            self._trigger_layout()


class Icon(Label):
    """A pictogram from the icon font, by name."""

    name = StringProperty("")

    def on_name(self, _widget, name: str) -> None:
        self.text = icons.glyph(name)


class Para(BidiLabel):
    """Text that wraps to the widget's width and is as tall as its lines."""

    PAD = 6  # design px left and right, so the last glyph of a right-aligned line is not clipped


class Pressable(ButtonBehavior):
    """Touch feedback shared by everything that can be tapped."""

    pressed_tint = NumericProperty(0)

    def on_state(self, _widget, state: str) -> None:
        self.pressed_tint = 0.18 if state == "down" else 0


class IconButton(Pressable, MirrorBox):
    available = BooleanProperty(True)
    selected = BooleanProperty(False)
    icon = StringProperty("")
    text = StringProperty("")
    bg_color = ColorProperty(theme.ACCENT)
    fg_color = ColorProperty(theme.ON_ACCENT)


class LanguageButton(Pressable, BidiLabel):
    lang = StringProperty("")
    selected = BooleanProperty(False)


class Tile(Pressable, MirrorBox):
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
        App.get_running_app().fbind("fs", self._fit)

    def fit(self, *_args) -> None:
        app = App.get_running_app()
        column = self.ids.texts
        width = column.width - 2 * Para.PAD * app.u
        sizes = [app.fs * size for size in (theme.FONT_LEAD, theme.FONT_BODY, theme.FONT_SMALL)]
        default = "R" if app.rtl else "L"
        room = self.height - self.padding[1] - self.padding[3]
        # the largest size at which no word breaks and the title fits the tile
        candidates = [size for size in sizes if word_width(self.title, size, True) <= width
                      and text_height(self.title, size, width, True, default) + column.spacing <= room]  # fmt: skip
        self.title_size = candidates[0] if candidates else sizes[-1]
        # title, summary and the filler below them: two gaps
        needed = text_height(self.title, self.title_size, width, True, default) + 2 * column.spacing
        needed += text_height(self.summary, app.fs * theme.FONT_SMALL, width, False, default)
        self.show_summary = needed <= self.height - self.padding[1] - self.padding[3]


class OfferRow(RecycleDataViewBehavior, Pressable, MirrorBox):
    """One offer in a list, reused by the RecycleView; its height comes with the data."""

    # Horizontal room taken by everything but the texts (design px): paddings, icon, chevron, spacing.
    CHROME_WIDTH = 24 * 2 + 110 + 75 + 24 * 2
    CHROME_HEIGHT = 24 * 2 + 6 + 12

    offer_id = StringProperty("")
    icon = StringProperty("")
    title = StringProperty("")
    summary = StringProperty("")
    direction = StringProperty("")  # of the title and summary's language
    pictograms = ListProperty([])

    # Every row there is: the RecycleViews' own and those Kivy keeps in its global cache of views.
    _rows: weakref.WeakSet = weakref.WeakSet()

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        OfferRow._rows.add(self)

    @classmethod
    def forget_all(cls) -> None:
        """Empty every row (between visitors, when no list shows them): Kivy keeps the row views a list
        once needed, each holding the textures of the last offer it showed. The RecycleViews must have
        no data then, so that every row is stale and refilled from its data when it is used again."""
        for row in cls._rows:
            clear_properties(row, OfferRow)


class InfoRow(MirrorBox):
    """A detail line: pictogram and text; hidden when the text is empty."""

    icon = StringProperty("")
    text = StringProperty("")
    direction = StringProperty("")


class QRCode(Widget):
    """A QR code drawn with sharp modules: one texel per module, scaled without smoothing.

    Textures are cached by content and the cache is bounded, so browsing for hours does not
    create texture after texture (each code is made once per offer, language and kind).
    """

    data = StringProperty("")
    modules = NumericProperty(0)
    texture = ObjectProperty(None, allownone=True)
    _cache: OrderedDict = OrderedDict()
    CACHE_SIZE = 64

    def on_data(self, _widget, data: str) -> None:
        self.texture = self.texture_for(data) if data else None
        self.modules = self.texture.width if data else 0  # one texel per module

    @classmethod
    def texture_for(cls, data: str):
        texture = cls._cache.get(data)
        if texture is not None:
            cls._cache.move_to_end(data)
            return texture
        from kiosk import qrcodes

        side, pixels = qrcodes.rgba(data)
        texture = Texture.create(size=(side, side), colorfmt="rgba")
        texture.blit_buffer(pixels, colorfmt="rgba", bufferfmt="ubyte")
        texture.flip_vertical()
        texture.mag_filter = "nearest"
        texture.min_filter = "nearest"
        cls._cache[data] = texture
        while len(cls._cache) > cls.CACHE_SIZE:
            cls._cache.popitem(last=False)
        return texture


class ReusableModal(ModalView):
    """A ModalView that is opened again and again for years.

    Kivy's ``open()`` binds the view's center and size to ``_align_center`` every time and
    never unbinds them: each opening left two bindings behind (bench.soak found them).
    """

    def _real_remove_widget(self):
        was_open = self._is_open
        super()._real_remove_widget()
        if was_open:
            self.funbind("center", self._align_center)
            self.funbind("size", self._align_center)


def _bind_bar_color_once() -> None:
    """Kivy's ScrollView binds ``bar_color`` on every scroll update and unbinds it once, half a second
    after the last one: every list, detail page and search that scrolled or changed size left
    bindings behind (hundreds per hour on a kiosk). Unbinding first keeps it at one."""
    from kivy.uix.scrollview import ScrollView

    original = ScrollView.update_from_scroll
    if getattr(original, "binds_bar_color_once", False):
        return

    def update_from_scroll(self, *args):
        self.funbind("bar_color", self._change_bar_color)
        return original(self, *args)

    update_from_scroll.binds_bar_color_once = True
    ScrollView.update_from_scroll = update_from_scroll


_bind_bar_color_once()


class StillThere(ReusableModal):
    """ "Are you still there?" with a countdown; built once and reused."""


class Screens(ScreenManager):
    """Kivy's ScreenManager without the stencil it draws around its screens (widgets.kv).

    Kivy clips the screens so that a sliding transition does not draw over the rest of the
    window: a stencil mask of the manager's area before the screens and its removal after them,
    two rectangles as large as the manager in every frame, and every screen drawn through the
    stencil test. The kiosk changes screens without a transition, and each screen fills the
    manager's area exactly (tests/test_app.py). With Mesa's llvmpipe, which draws on the CPU,
    the buffer swap of an attract screen frame took ~77 ms with the stencil and ~66 ms without
    (2026-12-06); a GPU does that work beside the UI thread, but fills the same pixels.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("transition", NoTransition())
        super().__init__(**kwargs)


class ReachSpacer(Widget):
    """Empty room at the top in "lower the screen" mode."""


class AccessBar(MirrorBox):
    """Read aloud, text size, contrast, lower the screen: on every screen but the attract screen."""


class AnnouncementBar(MirrorBox):
    """The banner above every screen; takes no room when there is no announcement."""


class Header(MirrorBox):
    """Top bar: back on the leading side, the title, search and home on the trailing side.

    The title takes the room the buttons leave; when two lines of it do not fit even in a
    smaller font, the buttons keep their pictograms and drop their words.
    """

    title = StringProperty("")
    show_back = BooleanProperty(True)
    show_search = BooleanProperty(False)
    show_home = BooleanProperty(True)
    title_size = NumericProperty(theme.FONT_BODY)
    compact = BooleanProperty(False)

    def on_kv_post(self, _base) -> None:
        self._fit = Clock.create_trigger(self.fit)
        self.bind(size=self._fit, title=self._fit, show_back=self._fit, show_search=self._fit, show_home=self._fit)
        app = App.get_running_app()
        if app is not None:
            app.fbind("lang", self._fit)
            app.fbind("fs", self._fit)

    def fit(self, *_args) -> None:
        """Pick words or pictograms only, and the title's size, from widths computed up front."""
        app = App.get_running_app()
        u = app.u
        room = self.height - self.padding[1] - self.padding[3]
        default = "R" if app.rtl else "L"
        label_width = _measurer(DEFAULT_FONT, float(theme.FONT_BODY * app.fs), True)
        buttons = [(self.show_back, app.tr("Back")), (self.show_search, ""), (self.show_home, app.tr("Home"))]
        for compact in (False, True):
            width = self.width - self.padding[0] - self.padding[2] - 3 * self.spacing
            for shown, text in buttons:
                if shown:  # an IconButton: padding 24 on each side, the icon, spacing 16, its words
                    words = label_width(textlayout.shape(text)) if text and not compact else 0
                    width -= u * (48 + theme.ICON_SMALL * 1.3 + 16) + words
            for size in (theme.FONT_BODY * app.fs, theme.FONT_SMALL * app.fs):
                fits_lines = text_height(self.title, size, width, True, default) <= room
                if fits_lines and word_width(self.title, size, True) <= width:
                    self.title_size, self.compact = size, compact
                    return
        self.title_size, self.compact = theme.FONT_SMALL * app.fs, True


Builder.load_file(str(paths.SCREENS.parent / "widgets.kv"))
