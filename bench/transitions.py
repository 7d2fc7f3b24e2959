"""Screen transitions: UI-thread work from a touch to the next screen fully built, 1,000 offers.

    python -m bench.transitions [--taps 400] [--offers 1000] [--one-language] [--think-ms 1000]

Visitors in a row, each on the home screen: chooses a language (a new one for each visitor
unless ``--one-language``), opens a category by its tile, an offer by a row in view of the list,
goes back to the list and back home. Every tap is a real touch (kiosk.touch at the widget's
window position, through Kivy's input pipeline). What one tap counts is said in bench.frames:
touch dispatch and every frame until the layout has settled, drawing included, never the
clock's sleep. Window 1080x1920 on Xvfb or the display in DISPLAY.

Before the first visitor the kiosk gets the time it has on the attract screen after new content
to prepare what visitors will need (kiosk.idle: every list's rows in every language); that time is
reported. Between two taps the visitor pauses for ``--think-ms`` (1,000 ms: reading a screen and reaching
for the next button takes a passer-by a second or more) with frames at 60 per second; what the kiosk prepares for the
next tap in that time (kiosk.idle) is reported as the work of those frames. ``--think-ms 0``
taps again as soon as the screen has settled (nothing prepared: the cold case).

With ``KIVY_GL_BACKEND=mock`` every GL call does nothing: what is left of ``on_draw`` is Kivy
walking the canvas, so that run shows the UI thread's own work as if the GL driver (here Mesa's
llvmpipe, which transforms vertices and converts textures on the CPU) cost nothing.

After the kiosk, the same run times the same visits (a new language each, a random list and a
row in view, back, home) in plain Kivy widgets (``bare_kivy``): the baseline of what Kivy itself
costs on this machine at this moment for rendering, laying out and drawing those texts, and the
kiosk's taps as a ratio to it.

Goal (issue 9): p95 at most 16.7 ms (one frame at 60 Hz) for home -> list -> detail -> back.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from bench.frames import FrameClock, summary_ms
from bench.synthetic import make_catalogue
from bench.xdisplay import ensure_display
from kiosk import allocator
from kiosk.config import load_config
from kiosk.content import load_catalog

GOAL_P95_MS = 16.7
NAVIGATION = ("list", "detail", "back_to_list", "back_to_home")


def visible(view, widgets):
    """The widgets whose centre is inside ``view`` on the window: what a visitor can touch."""
    bottom, top = view.to_window(view.x, view.y)[1], view.to_window(view.x, view.top)[1]
    return [w for w in widgets if bottom < w.to_window(*w.center)[1] < top]


def run(taps: int, offers: int, one_language: bool, think_ms: float = 1000, seed: int = 9) -> dict:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="bench-transitions-") as scratch, ensure_display():
        catalog, problems = load_catalog(make_catalogue(Path(scratch) / "content", offers))
        assert not problems, problems[:3]
        from kiosk import harness

        config = load_config()
        config = replace(config, feed=replace(config.feed, data=Path(scratch) / "data"))  # usage figures go there
        app = harness.launch(catalog, config, (1080, 1920))
        frames = FrameClock()
        screen = app.manager.get_screen
        times: dict[str, list] = {kind: [] for kind in ("language", *NAVIGATION)}
        frames.tap_at(540, 960)  # the attract screen: start
        prepared = prepare(app, frames)
        counted = 0
        idle_frames: list[float] = []

        def tap(widget):
            timing = frames.tap(widget)
            idle_frames.extend(frames.think(think_ms / 1000))
            return timing

        targets = {
            "list": lambda: rng.choice(screen("home").ids.tiles.children),
            "detail": lambda: rng.choice(visible(screen("list").ids.offers,
                                                 screen("list").ids.offers.layout_manager.children)),
            "back_to_list": lambda: screen("detail").ids.header.ids.back,
            "back_to_home": lambda: screen("list").ids.header.ids.back,
        }  # fmt: skip
        while counted < taps:
            if not one_language or app.lang != "en":
                lang = "en" if one_language else rng.choice([lang for lang in app.languages if lang != app.lang])
                button = next(b for b in screen("home").ids.languages.children if b.lang == lang)
                times["language"].append(tap(button))
            for kind in NAVIGATION:
                times[kind].append(tap(targets[kind]()))
                counted += 1
            assert app.manager.current == "home", app.manager.current
        all_taps = [t for kind in NAVIGATION for t in times[kind]]
        total = summary_ms([t.seconds for t in all_taps])
        without_swap = summary_ms([t.without_swap for t in all_taps])
        without_drawing = summary_ms([t.without_drawing for t in all_taps])
        baseline = redraw_baselines(app, frames)
        bare = bare_kivy(app, frames, taps, think_ms, rng)
    return {
        "offers": offers, "taps": len(all_taps), "window": "1080x1920", "gl_renderer": renderer(),
        "allocator": allocator.name(),
        "languages": "one (en)" if one_language else "a new one per visitor",
        "load_average": round(os.getloadavg()[0], 2),
        "counted": "touch dispatch + every frame until the layout settled, no clock sleep",
        "think_ms": think_ms,
        "prepared_before_first_visitor": prepared,
        "idle_frame_ms": summary_ms(idle_frames) if idle_frames else None,
        "tap_ms": total,
        "tap_without_swap_ms": without_swap,
        "tap_without_drawing_ms": without_drawing,
        "parts_ms": {"on_draw": summary_ms([t.draw_seconds for t in all_taps]),
                     "swap": summary_ms([t.swap_seconds for t in all_taps])},
        "by_kind_ms": {kind: summary_ms([t.seconds for t in values]) for kind, values in times.items()},
        "by_kind_without_swap_ms": {kind: summary_ms([t.without_swap for t in values])
                                    for kind, values in times.items()},
        "by_kind_without_drawing_ms": {kind: summary_ms([t.without_drawing for t in values])
                                       for kind, values in times.items()},
        "frames_per_tap": {kind: round(sum(t.frames for t in values) / max(1, len(values)), 1)
                           for kind, values in times.items()},
        "redraw_one_frame_ms": baseline,
        "bare_kivy": bare,
        "ratio_to_bare_kivy": {"p50": round(total["p50"] / bare["tap_ms"]["p50"], 2),
                               "p95": round(total["p95"] / bare["tap_ms"]["p95"], 2)},
        "goal_p95_ms": GOAL_P95_MS,
        "met": total["p95"] <= GOAL_P95_MS, "met_without_swap": without_swap["p95"] <= GOAL_P95_MS,
        "met_without_drawing": without_drawing["p95"] <= GOAL_P95_MS,
    }  # fmt: skip


def prepare(app, frames: FrameClock, limit: float = 300) -> dict:
    """Frames at 60 per second until the kiosk has prepared what visitors will need (kiosk.idle: the
    rows of every list in every language), as it does on the attract screen after new content."""
    import time

    started, works = time.perf_counter(), []
    while app.idle.pending and time.perf_counter() - started < limit:
        works.extend(frames.think(0.25))
    return {"seconds": round(time.perf_counter() - started, 1), "frames": len(works),
            "work_s": round(sum(works), 2), "done": not app.idle.pending}  # fmt: skip


def renderer() -> str:
    from kivy.graphics.cgl import cgl_get_backend_name
    from kivy.graphics.opengl import GL_RENDERER, glGetString

    if cgl_get_backend_name() == "mock":
        return "none: Kivy's mock GL backend (every GL call does nothing)"
    return glGetString(GL_RENDERER).decode()


def redraw_baselines(app, frames: FrameClock) -> dict:
    """One unchanged frame drawn again (ms): the home screen, an empty window, one Label."""
    from kivy.core.window import Window
    from kivy.uix.label import Label

    baseline = {"home": round(frames.redraw() * 1000, 2)}
    root = app.root
    Window.remove_widget(root)
    baseline["empty_window"] = round(frames.redraw() * 1000, 2)
    label = Label(text="Hello world")
    Window.add_widget(label)
    baseline["hello_label"] = round(frames.redraw() * 1000, 2)
    Window.remove_widget(label)
    Window.add_widget(root)
    return baseline


def bare_kivy(app, frames: FrameClock, taps: int, think_ms: float, rng: random.Random) -> dict:
    """The same visits in the least a Kivy app does to show them, timed the same way: a baseline.

    Three screens of Kivy's own widgets in a ScreenManager without transition: a button to open
    a list; the list as a RecycleView of Buttons, each with the offer's title and summary wrapped
    in the kiosk's font and sizes (the rows' heights the kiosk measured); the offer as three
    wrapped Labels (title, summary, description) and a back button. Each visitor takes a new
    language. No shaping or bidi for Arabic and Persian, no pictograms, QR codes or chrome: what
    is left is Kivy rendering the same texts into textures, laying them out and drawing them.
    """
    from kivy.core.window import Window
    from kivy.lang import Builder
    from kivy.uix.screenmanager import NoTransition

    from kiosk import theme

    listing = app.manager.get_screen("list")
    width = listing.view_width()
    root = Builder.load_string(BARE_KV)
    root.transition = NoTransition()
    Window.remove_widget(app.root)
    Window.add_widget(root)
    times: dict[str, list] = {kind: [] for kind in NAVIGATION}
    fs, catalog = app.fs, app.catalog
    ids = root.ids  # the ids of a kv rule are its root's

    def open_list(lang):
        category = rng.choice(catalog.categories)
        heights = listing.heights(catalog, lang, width)
        offers = catalog.offers_in(category.id, lang, app.today())
        ids.rv.data = [
            {"text": f"{o.title.get(lang)}\n{o.summary.get(lang)}", "font_size": fs * theme.FONT_SMALL,
             "text_size": (width - 48, None), "height": heights.get(o.id, app.u * 200),
             "on_release": lambda o=o: open_offer(o, lang)}
            for o in offers]  # fmt: skip
        root.current = "list"

    def open_offer(offer, lang):
        ids.title.text, ids.summary.text = offer.title.get(lang), offer.summary.get(lang)
        ids.description.text = offer.description.get(lang)
        ids.title.font_size, ids.summary.font_size = fs * theme.FONT_TITLE, fs * theme.FONT_LEAD
        ids.description.font_size = fs * theme.FONT_BODY
        root.current = "detail"

    steps = {
        "list": lambda: ids.go,
        "detail": lambda: rng.choice(visible(ids.rv, ids.rv.layout_manager.children)),
        "back_to_list": lambda: ids.back_to_list,
        "back_to_home": lambda: ids.back_to_home,
    }  # fmt: skip
    frames.settle()
    counted = -len(NAVIGATION)  # one visit first, not counted: Kivy builds the rows' views once
    try:
        while counted < taps:
            lang = rng.choice(app.languages)
            ids.go.on_release = lambda lang=lang: open_list(lang)
            for kind in NAVIGATION:
                timing = frames.tap(steps[kind]())
                frames.think(think_ms / 1000)
                if counted >= 0:
                    times[kind].append(timing)
                counted += 1
            assert root.current == "home", root.current
    finally:
        Window.remove_widget(root)
        Window.add_widget(app.root)
    all_taps = [t for kind in NAVIGATION for t in times[kind]]
    by_kind = {kind: summary_ms([t.seconds for t in values]) for kind, values in times.items()}
    return {"taps": len(all_taps), "tap_ms": summary_ms([t.seconds for t in all_taps]), "by_kind_ms": by_kind,
            "tap_without_drawing_ms": summary_ms([t.without_drawing for t in all_taps])}  # fmt: skip


BARE_KV = """
ScreenManager:
    Screen:
        name: "home"
        Button:
            id: go
            text: "Offers"
            size_hint: 0.5, 0.2
            pos_hint: {"center_x": 0.5, "center_y": 0.5}
    Screen:
        name: "list"
        BoxLayout:
            orientation: "vertical"
            Button:
                id: back_to_home
                text: "Back"
                size_hint_y: None
                height: 160
                on_release: root.current = "home"
            RecycleView:
                id: rv
                viewclass: "Button"
                RecycleBoxLayout:
                    orientation: "vertical"
                    default_size_hint: 1, None
                    size_hint_y: None
                    height: self.minimum_height
                    spacing: 12
    Screen:
        name: "detail"
        BoxLayout:
            orientation: "vertical"
            Button:
                id: back_to_list
                text: "Back"
                size_hint_y: None
                height: 160
                on_release: root.current = "list"
            Label:
                id: title
                text_size: self.width, None
                size_hint_y: None
                height: self.texture_size[1]
            Label:
                id: summary
                text_size: self.width, None
                size_hint_y: None
                height: self.texture_size[1]
            Label:
                id: description
                text_size: self.width, None
                size_hint_y: None
                height: self.texture_size[1]
            Widget:
"""


def main() -> None:
    allocator.ensure(["-m", "bench.transitions", *sys.argv[1:]])  # the allocator `kiosk run` uses
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--taps", type=int, default=400)
    parser.add_argument("--offers", type=int, default=1000)
    parser.add_argument("--one-language", action="store_true", help="every visitor in English")
    parser.add_argument("--think-ms", type=float, default=1000, help="the visitor's pause between taps")
    args = parser.parse_args()
    print(json.dumps(run(args.taps, args.offers, args.one_language, args.think_ms)))


if __name__ == "__main__":
    main()
