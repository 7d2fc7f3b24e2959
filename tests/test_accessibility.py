"""Reading aloud, seeing (contrast, text size) and reaching, on the running kiosk."""

from __future__ import annotations

import itertools
import wave

import pytest
from kivy.core.window import Window
from kivy.uix.behaviors import ButtonBehavior

from kiosk import harness, keyboard, speech, theme
from kiosk.config import REACH_MM

# -- seeing ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("palette", "minimum"), [(theme.NORMAL, 4.5), (theme.HIGH_CONTRAST, 7.0)])
def test_every_text_and_pictogram_colour_pair_has_enough_contrast(palette, minimum):
    low = [(name, round(theme.contrast(fg, bg), 2)) for name, fg, bg in palette.text_pairs()
           if theme.contrast(fg, bg) < minimum]  # fmt: skip
    assert not low, low


def test_category_tiles_have_enough_contrast(app):
    for category in app.catalog.categories:
        ratio = theme.contrast(theme.NORMAL.ON_TILE, theme.rgba(category.color))
        assert ratio >= 4.5, (category.id, ratio)


def test_contrast_formula():
    assert theme.contrast(theme.rgba("#000000"), theme.rgba("#ffffff")) == pytest.approx(21.0)
    assert theme.contrast(theme.rgba("#777777"), theme.rgba("#ffffff")) == pytest.approx(4.48, abs=0.01)


def bar(app):
    return app.root.children[0]  # the accessibility bar is the lowest child of the root


def test_contrast_and_text_size_by_touch_then_reset(app):
    harness.tap_at(540, 960)
    harness.tap(bar(app).ids.contrast)
    assert app.palette is theme.HIGH_CONTRAST
    assert tuple(Window.clearcolor) == theme.HIGH_CONTRAST.BACKGROUND
    header = app.manager.get_screen("home").ids.header
    assert list(header.canvas.before.children[0].rgba) == list(theme.HIGH_CONTRAST.HEADER)
    harness.tap(bar(app).ids.text_size)
    assert app.text_scale == 1.25 and app.fs == pytest.approx(app.u * 1.25)
    harness.tap(bar(app).ids.text_size)
    harness.tap(bar(app).ids.text_size)
    assert app.text_scale == 1.0  # three steps, then round again
    harness.tap(bar(app).ids.text_size)
    app.reset()
    assert app.palette is theme.NORMAL and app.text_scale == 1.0


# -- reading aloud ---------------------------------------------------------------------------------


def test_phone_numbers_and_postcodes_are_read_digit_by_digit():
    assert speech.spell_digits("Tel. 0461 - 85 11 88") == "Tel. 0 4 6 1, 8 5, 1 1, 8 8"
    assert speech.spell_digits("24937 Flensburg") == "2 4 9 3 7 Flensburg"
    assert speech.spell_digits("seit 2019") == "seit 2019"


@pytest.mark.parametrize("lang", ["de", "ar", "fa", "uk"])
def test_screen_is_synthesised_to_a_wav_of_the_right_length(app, tmp_path, lang):
    app.choose_language(lang)
    app.start()
    app.open_category("hilfe")
    app.open_offer("psychosoziale-beratungsstelle-fuer-migrantinnen")
    harness.settle()
    text = app.screen_text()
    offer = app.catalog.offers["psychosoziale-beratungsstelle-fuer-migrantinnen"]
    assert offer.title.get(lang) in text
    assert text.index(offer.title.get(lang)) < text.index(offer.summary.get(lang)[:20])  # reading order
    wav = speech.synthesize(text, lang, tmp_path / "screen.wav")
    with wave.open(str(wav)) as audio:
        seconds = audio.getnframes() / audio.getframerate()
        samples = audio.readframes(audio.getnframes())
    assert any(samples) and max(samples) > 10  # not silence
    characters = len(speech.spell_digits(text))
    assert 0.02 * characters < seconds < 0.2 * characters, (seconds, characters)


def test_reading_stops_when_the_visitor_navigates_or_leaves(app):
    # This machine has no sound card, so espeak-ng may end by itself at once; what must hold is that a
    # voice is started by the button and that navigating or leaving ends it.
    harness.tap_at(540, 960)
    harness.tap(bar(app).ids.speak)
    process = app.speaker.process
    assert process is not None and process.args[:3] == [speech.espeak(), "-v", "de"]
    harness.tap(app.manager.get_screen("home").ids.tiles.children[0])
    assert app.speaker.process is None and not app.speaking and process.poll() is not None
    harness.tap(bar(app).ids.speak)
    process = app.speaker.process
    assert process is not None
    app.reset()
    assert app.speaker.process is None and not app.speaking and process.poll() is not None


def test_speaker_is_disabled_for_a_language_espeak_cannot_speak(app):
    assert speech.voice_for("zz") is None
    harness.tap_at(540, 960)
    assert app.can_speak and not bar(app).ids.speak.disabled
    app.lang = "zz"  # a language without a voice
    harness.settle()
    assert not app.can_speak and bar(app).ids.speak.disabled
    harness.tap(bar(app).ids.speak)
    assert not app.speaking


# -- reaching --------------------------------------------------------------------------------------


SCREENS = ["home", "list", "detail", "search"]


def show(app, name):
    app.start()
    if name in ("list", "detail"):
        app.open_category("arbeit")
    if name == "detail":
        app.open_offer("handwerkskammer-flensburg")
    if name == "search":
        app.open_search()
    harness.settle()


def targets(app):
    return [w for w in harness._visible_widgets(app.root, Window)
            if isinstance(w, ButtonBehavior) and not w.disabled and w.opacity > 0]  # fmt: skip


def rect(widget):
    left, bottom = widget.to_window(widget.x, widget.y)
    return left, bottom, left + widget.width, bottom + widget.height


@pytest.mark.parametrize("text_size", [1.0, 1.5])
@pytest.mark.parametrize("name", SCREENS)
def test_touch_targets_20_mm_with_2_mm_between(app, name, text_size):
    app.text_scale = text_size
    show(app, name)
    per_mm = app.px_per_mm()
    found = targets(app)
    assert found
    for widget in found:
        minimum = keyboard.MIN_KEY_MM if type(widget).__name__ == "Key" else theme.MIN_TARGET_MM
        assert min(widget.size) >= minimum * per_mm - 0.5, (type(widget).__name__, widget.size)
    for first, second in itertools.combinations(found, 2):
        a, b = rect(first), rect(second)
        if first in second.walk() or second in first.walk():
            continue
        gap = max(b[0] - a[2], a[0] - b[2], b[1] - a[3], a[1] - b[3])
        assert gap >= 2 * per_mm - 0.5, (type(first).__name__, type(second).__name__, round(gap / per_mm, 2))


@pytest.mark.parametrize("name", SCREENS)
def test_lower_the_screen_puts_every_control_within_a_seated_reach(app, name):
    show(app, name)
    harness.tap(bar(app).ids.reach)
    assert app.reach_low
    harness.settle()
    screen = app.kiosk_config.screen
    per_mm = app.px_per_mm()
    for widget in targets(app):
        _, bottom, _, top = rect(widget)
        low_mm, high_mm = screen.bottom_mm + bottom / per_mm, screen.bottom_mm + top / per_mm
        assert REACH_MM[0] <= low_mm and high_mm <= REACH_MM[1] + 0.5, (type(widget).__name__, low_mm, high_mm)
    app.reset()
    assert not app.reach_low


def test_without_lowering_some_controls_are_out_of_reach(app):
    show(app, "home")
    screen = app.kiosk_config.screen
    tops = [screen.bottom_mm + rect(w)[3] / app.px_per_mm() for w in targets(app)]
    assert max(tops) > REACH_MM[1]  # the check above can fail: the header is 1.9 m up
