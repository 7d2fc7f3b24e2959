"""What is on screen, in reading order: for reading aloud, previews and tests."""

from __future__ import annotations

from pathlib import Path


def visible_texts(root, rtl: bool = False) -> list[dict]:
    """Texts on screen in reading order (top to bottom; within a line, by script direction)."""
    from kivy.core.window import Window
    from kivy.uix.label import Label

    from kiosk.icons import FONT

    found = []
    for widget in _visible_widgets(root, Window):
        if not isinstance(widget, Label) or not widget.text.strip():
            continue
        if Path(str(widget.font_name)).name == FONT.name or widget.font_name == "Icons":
            continue
        x, y = widget.to_window(widget.x, widget.top)
        text = getattr(widget, "logical", None) or widget.text
        found.append({"text": text, "x": round(x), "y": round(Window.height - y),
                      "width": round(widget.width), "height": round(widget.height)})  # fmt: skip
    found.sort(key=lambda item: (item["y"], -item["x"] if rtl else item["x"]))
    return found


def _visible_widgets(widget, window, clip=None):
    """Walk the tree, skipping what is hidden, outside the window or scrolled out of view."""
    from kivy.uix.screenmanager import ScreenManager
    from kivy.uix.scrollview import ScrollView

    if widget.opacity == 0 or widget.width <= 0 or widget.height <= 0:
        return
    left, bottom = widget.to_window(widget.x, widget.y)
    right, top = widget.to_window(widget.right, widget.top)
    box = (max(left, 0), max(bottom, 0), min(right, window.width), min(top, window.height))
    if clip:
        box = (max(box[0], clip[0]), max(box[1], clip[1]), min(box[2], clip[2]), min(box[3], clip[3]))
    if box[0] >= box[2] or box[1] >= box[3]:
        return
    yield widget
    if isinstance(widget, ScrollView):
        clip = box
    children = widget.children
    if isinstance(widget, ScreenManager) and widget.current_screen:
        children = [widget.current_screen]
    for child in reversed(children):
        yield from _visible_widgets(child, window, clip)
