"""Every screen, portrait and landscape: touch targets of at least 20 mm, no text cut off."""

from __future__ import annotations

import pytest
from kivy.core.window import Window
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.label import Label

from kiosk import harness, theme

SIZES = {"portrait": (1080, 1920), "landscape": (1920, 1080)}


def show(app, name, size, lang="de"):
    Window.size = size
    harness.settle()
    app.choose_language(lang)
    if name != "attract":
        app.start()
    if name in ("list", "detail"):
        app.open_category("anlaufstellen")
    if name == "detail":
        app.open_offer("handwerkskammer-flensburg")
    harness.settle()


def visible(app):
    return list(harness._visible_widgets(app.root, Window))


@pytest.mark.parametrize("orientation", SIZES)
@pytest.mark.parametrize("name", ["home", "list", "detail"])
def test_touch_targets_at_least_20_mm(app, name, orientation):
    show(app, name, SIZES[orientation])
    minimum = theme.MIN_TARGET_MM * app.px_per_mm()
    targets = [w for w in visible(app) if isinstance(w, ButtonBehavior) and not w.disabled]
    assert targets
    small = [(type(w).__name__, w.size) for w in targets if min(w.size) < minimum]
    assert not small, f"targets under {theme.MIN_TARGET_MM} mm ({minimum:.0f} px): {small}"


@pytest.mark.parametrize("orientation", SIZES)
@pytest.mark.parametrize("name", ["attract", "home", "list", "detail"])
@pytest.mark.parametrize("lang", ["de", "en", "ar", "fa", "ru", "de-simple"])
def test_no_text_cut_off(app, name, orientation, lang):
    show(app, name, SIZES[orientation], lang)
    cut = []
    for widget in visible(app):
        if not isinstance(widget, Label) or not widget.text or widget.shorten:
            continue
        width, height = widget.texture_size
        if width > widget.width + 2 or height > widget.height + 2:
            cut.append((widget.text[:40], tuple(widget.size), (width, height)))
        if not inside(widget, widget.parent):
            cut.append((widget.text[:40], "sticks out of", type(widget.parent).__name__))
    assert not cut, cut


def inside(widget, parent, slack=2) -> bool:
    left, bottom = widget.to_window(widget.x, widget.y)
    right, top = widget.to_window(widget.right, widget.top)
    p_left, p_bottom = parent.to_window(parent.x, parent.y)
    p_right, p_top = parent.to_window(parent.right, parent.top)
    return (left >= p_left - slack and bottom >= p_bottom - slack
            and right <= p_right + slack and top <= p_top + slack)  # fmt: skip


def test_home_fits_a_portrait_screen_without_scrolling(app):
    show(app, "home", SIZES["portrait"])
    tiles = app.manager.get_screen("home").ids.tiles
    bottom = tiles.to_window(tiles.x, tiles.y)[1]
    assert bottom >= 0, "the last category tile is below the screen"


def test_landscape_uses_more_columns(app):
    show(app, "home", SIZES["landscape"])
    assert app.manager.get_screen("home").ids.tiles.cols == 4
    show(app, "home", SIZES["portrait"])
    assert app.manager.get_screen("home").ids.tiles.cols == 2


@pytest.mark.parametrize("lang", ["de", "ar"])
@pytest.mark.parametrize("name", ["home", "list", "detail"])
def test_largest_text_size_reflows_without_cutting(app, name, lang):
    app.text_scale = 1.5
    test_no_text_cut_off(app, name, "portrait", lang)
    app.text_scale = 1.0
