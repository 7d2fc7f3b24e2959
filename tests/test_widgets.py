"""Text measured without drawing: our line breaks are the lines Kivy draws, at the height it draws them."""

from __future__ import annotations

import pytest

from kiosk import paths, theme
from kiosk.content import load_catalog

CATALOG, _ = load_catalog(paths.CONTENT)
LANGUAGES = CATALOG.site.languages


@pytest.fixture(scope="module")
def widgets():
    import kiosk.app  # noqa: F401 - registers the kiosk's fonts as Kivy's default
    from kiosk import widgets

    return widgets


def texts(lang: str) -> list[str]:
    offers = CATALOG.offers.values()
    found = [offer.title.get(lang) for offer in offers] + [offer.summary.get(lang) for offer in offers]
    found += [offer.description.get(lang) for offer in list(offers)[:12]]
    return [text for text in found if text]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_text_height_is_what_kivy_draws(widgets, lang):
    """Kivy gets our lines (as a Para does), wraps none of them again, and is as tall as we said."""
    from kivy.core.text import DEFAULT_FONT
    from kivy.core.text import Label as CoreLabel

    checked = 0
    # floats, as the app's sizes are (app.fs * theme size): Kivy caches a font under "48.0", not "48"
    sizes = ((theme.FONT_LEAD * 1.0, True), (theme.FONT_SMALL * 1.5, False), (theme.FONT_BODY * 1.0, False))
    for font_size, bold in sizes:
        for width in (360.0, 700.0, 950.0):
            for text in texts(lang):
                height = widgets.text_height(text, font_size, width, bold)
                shown, _ = widgets.visual_text(text, width * widgets.WRAP_SLACK, font_size, bold, "L", False)
                label = CoreLabel(text=shown, font_size=font_size, bold=bold, text_size=(width, None),
                                  font_name=DEFAULT_FONT)  # fmt: skip
                label.resolve_font_name()
                drawn_height = label.render()[1]
                assert len(label._cached_lines) == shown.count("\n") + 1, (lang, width, shown)
                assert drawn_height == height, (lang, width, font_size, text[:60])
                checked += 1
    assert checked > 100


def _drawn(label) -> tuple:
    """What ``label`` (a core label) lays out and draws: its size, its lines and its pixels."""
    size = label.render()
    lines = [(line.w, line.h, [word.text for word in line.words]) for line in label._cached_lines]
    if not label._cached_lines:
        return size, lines, b""
    label._size = size
    label._render_begin()
    label.render_lines(label._cached_lines, label._default_line_options(label._cached_lines), label._render_text,
                       0, size)  # fmt: skip
    data = label._render_end()
    return size, lines, (data.width, data.height, bytes(data.data))


def _counting_extents(label) -> list:
    calls = []
    measure = label.get_extents

    def get_extents(text):
        calls.append(text)
        return measure(text)

    label.get_extents = get_extents
    return calls


@pytest.mark.parametrize("lang", ["de", "ar", "fa", "uk"])
def test_broken_lines_are_laid_out_as_kivy_does_with_one_measurement_a_line(widgets, lang):
    """A BidiLabel's lines are laid out without Kivy's word-by-word search for where a line wraps: the
    same lines, size and pixels as Kivy's layout at the label's width, in every alignment."""
    from kivy.core.text import DEFAULT_FONT
    from kivy.core.text import Label as CoreLabel

    width, font_size = 600.0, theme.FONT_BODY * 1.0
    checked = 0
    for text in texts(lang)[:24]:
        shown, _ = widgets.visual_text(text, width * widgets.WRAP_SLACK, font_size, False, "L", False)
        for halign in ("left", "right", "center"):
            options = {"text": shown, "font_size": font_size, "font_name": DEFAULT_FONT, "halign": halign,
                       "text_size": (width, None), "padding": [6, 0, 6, 0]}  # fmt: skip
            kivy, ours = CoreLabel(**options), widgets._BrokenLines(**options)
            kivy_calls, our_calls = _counting_extents(kivy), _counting_extents(ours)
            for label in (kivy, ours):
                label.resolve_font_name()
            assert _drawn(ours) == _drawn(kivy), (lang, halign, shown)
            lines = shown.count("\n") + 1
            assert len(our_calls) <= lines + 2, our_calls  # each line once, a space and an empty line
            checked += len(kivy_calls) > len(our_calls)
    assert checked > 24  # Kivy's own layout measured more (multi-word lines), so the comparison means something


def test_broken_lines_still_wrap_what_does_not_fit(widgets):
    """A line wider than the label (not broken by us), a shortened text and no text: as Kivy lays them out."""
    from kivy.core.text import DEFAULT_FONT
    from kivy.core.text import Label as CoreLabel

    long = "Sprachcafé für alle, die Deutsch üben möchten " * 3
    for text, extra in ((long, {}), (long, {"shorten": True}), ("", {}), ("Kurz", {"text_size": (None, None)})):
        options = {"text": text, "font_size": theme.FONT_BODY * 1.0, "font_name": DEFAULT_FONT,
                   "text_size": (500.0, None), **extra}  # fmt: skip
        kivy, ours = CoreLabel(**options), widgets._BrokenLines(**options)
        for label in (kivy, ours):
            label.resolve_font_name()
        assert _drawn(ours) == _drawn(kivy), (text, extra)
    assert len(ours._cached_lines) == 1
    wrapped = widgets._BrokenLines(**{**options, "text": long, "text_size": (500.0, None)})
    wrapped.resolve_font_name()
    assert len(_drawn(wrapped)[1]) > 1


def test_a_bidi_label_lays_out_its_lines_without_searching_for_wraps(widgets, app):
    from kivy.core.text.markup import MarkupLabel

    label = widgets.BidiLabel(font_size=40.0, text_size=(900, None))
    assert type(label._label) is widgets._BrokenLines
    calls = _counting_extents(label._label)
    label.logical = "Beratung für Familien mit Kindern in der Neustadt und in Weiche"
    label.relayout()
    label.texture_update()
    assert label.texture_size == [900, label.texture.height] and len(calls) <= 3, calls
    label.markup = True  # Kivy's markup label lays out its own way
    assert isinstance(label._label, MarkupLabel)


def test_more_text_is_taller(widgets):
    short = widgets.text_height("Sprachcafé", theme.FONT_BODY, 600.0)
    long = widgets.text_height("Sprachcafé für alle, die Deutsch üben möchten, jeden Dienstag " * 4,
                               theme.FONT_BODY, 600.0)  # fmt: skip
    assert long >= 4 * short


def test_line_breaks_leave_room_for_the_last_glyph(widgets):
    """Every line we make is narrower than the width Kivy wraps at, measured by the font itself."""
    from kivy.core.text import DEFAULT_FONT
    from kivy.core.text import Label as CoreLabel

    label = CoreLabel(font_size=theme.FONT_BODY, font_name=DEFAULT_FONT)
    label.resolve_font_name()
    for lang in ("ar", "fa", "de", "uk"):
        for text in texts(lang):
            shown, _ = widgets.visual_text(text, 500 * widgets.WRAP_SLACK, theme.FONT_BODY, False, "L", False)
            for line in shown.split("\n"):
                assert label.get_extents(line)[0] <= 500, (lang, line)


def test_scrolling_does_not_pile_up_bindings(widgets):
    """Kivy's ScrollView binds bar_color on every scroll update; ours keeps one binding at most."""
    from kivy.uix.scrollview import ScrollView
    from kivy.uix.widget import Widget

    view = ScrollView(size=(400, 400))
    view.add_widget(Widget(size_hint_y=None, height=4000))
    for step in range(50):
        view.scroll_y = step / 50
        view.update_from_scroll()
    assert len(view.get_property_observers("bar_color")) <= 1


def test_a_modal_opened_again_and_again_keeps_its_bindings(widgets):
    from kiosk.harness import pump

    modal = widgets.ReusableModal(size_hint=(0.5, 0.5))
    counts = []
    for _ in range(6):
        modal.open(animation=False)
        pump(1)
        modal.dismiss(animation=False)
        pump(1)
        counts.append(len(modal.get_property_observers("center")) + len(modal.get_property_observers("size")))
    assert counts[-1] == counts[1], counts


def test_glyph_caches_are_emptied_between_visitors(widgets, app):
    """SDL_ttf keeps up to 256 drawn glyphs per font and size; ``empty_glyph_caches`` frees those of
    every font that drew, and the fonts still draw afterwards."""
    from kivy.uix.label import Label

    from kiosk import heap

    letters = "".join(map(chr, range(0x41, 0x5B))) + "".join(map(chr, range(0x410, 0x450)))  # Latin, Cyrillic

    def draw(font_size: float) -> list:
        labels = [Label(text=letters[start : start + 10], font_size=font_size) for start in range(0, len(letters), 10)]
        for label in labels:
            label.texture_update()
            label.texture.bind()  # Kivy draws a label's text into its texture when it is first used
        return labels

    draw(71.0), draw(93.0)  # the two fonts are open (SDL allocates for each font itself, too)
    widgets.empty_glyph_caches()
    empty = heap.sdl_allocations()
    assert empty is not None, "SDL's count of its allocations"
    draw(71.0), draw(93.0)
    drawn = heap.sdl_allocations()
    assert drawn >= empty + 2 * len(letters), "every glyph drawn in each size is kept"
    assert widgets.empty_glyph_caches() == 2, "the two fonts that drew since"
    assert heap.sdl_allocations() <= empty + 2, "no more than before"
    again = draw(71.0)
    assert heap.sdl_allocations() >= empty + len(letters), "the font draws its glyphs anew"
    assert all(label.texture.size[0] > 100 for label in again)


def test_a_prepared_label_has_its_glyphs_drawn_before_it_is_shown(widgets, app):
    """Between taps a label's lines are made and its glyphs drawn once (after a reset emptied SDL_ttf's
    caches): showing it then draws no glyph anew."""
    from kiosk import heap

    text = "Бесплатная консультация по вопросам работы, жилья и школы. Вторник 10–12 часов."
    label = widgets.BidiLabel(font_size=57.0, text_size=(900, None))
    widgets.empty_glyph_caches()
    before = heap.sdl_allocations()
    label.prepare(text)
    prepared = heap.sdl_allocations()
    assert prepared >= before + len(set(text) - {" "}), "each character's glyph is in the cache"
    label.logical = text
    label.relayout()
    label.texture_update()
    label.texture.bind()  # drawn now
    assert label.texture.height > 100
    assert heap.sdl_allocations() <= prepared + 2, "no glyph drawn anew"


@pytest.mark.parametrize("markup", [False, True])
def test_a_drawn_label_keeps_its_texture_but_not_a_second_copy(widgets, app, markup):
    """Kivy's SDL2 text provider kept the surface it drew on beside the texture (28 MB at rest in
    bench.soak); the kiosk frees it, and labels still draw and redraw their text."""
    from kivy.uix.label import Label

    def inked(texture) -> int:  # reading the pixels draws a label's text (Kivy draws it when first used)
        return sum(1 for alpha in texture.pixels[3::4] if alpha)

    label = widgets.BidiLabel(markup=markup, font_size=40, logical="Sprachcafé [b]dienstags[/b] ١٢ — مرحبا")
    label.texture_update()
    first = label.texture
    assert first is not None and first.width > 200
    assert inked(first) > 1000, "the texture holds the text's pixels"
    assert hasattr(label._label, "_surface") and label._label._surface is None
    label.logical = "Hallo"
    label.relayout()
    label.texture_update()
    assert 0 < inked(label.texture) < inked(first) / 2
    assert label.texture.width < first.width / 2
    assert label._label._surface is None
    plain = Label(text="Beratung für Familien", font_size=30, markup=markup)
    plain.texture_update()
    assert inked(plain.texture) > 500 and plain._label._surface is None
