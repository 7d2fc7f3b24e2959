"""A day in an afternoon: thousands of visitor actions and content syncs in one kiosk process.

    python -m bench.soak [--actions 10000] [--sync-every 250] [--offers 0] [--trace]

Random visitors, every action a real touch through Kivy's input pipeline (kiosk.touch at the
widget's window position): start, choose a language, open a category and an offer, scroll a
list, filter it, switch the QR code, go back and home, search by typing on the on-screen
keyboard and open a result, change the text size and contrast, lower the screen, read aloud,
and leave: the session clock is moved past the idle time, and the visitor either taps "yes,
I am still here" or the kiosk starts over.

Every ``--sync-every`` actions the content changes (an offer's title, an offer added or
removed, an announcement) and is published to a signed feed served by the embedded server
(kiosk.feed.server); the app's own sync worker installs it and hands the catalog over as
the app does (``offer_catalog``, applied on the attract screen). ``--offers N`` uses a
synthetic catalogue of N offers instead of content/.

Measured: resident memory (VmRSS) after a warm-up (a fifth of the actions) and at the end,
split into anonymous and file-backed pages, glibc's heap and CPython's small-object arenas,
Python objects (gc), Kivy textures, the bytes held by every ``functools.lru_cache`` (bounded
caches fill while visitors browse), errors logged (ERROR and above, Kivy's logger and the
root logger) and exceptions. Every measurement is taken in the same state: the last sync
handed over, the kiosk reset to the attract screen as when a visitor has gone, one second of
frames so its own collection and heap trim (kiosk.heap.settle) have run. That state is sampled 50
times over the run (``rss_samples``): one sample moves by more than the goal (the heap at rest
holds 10-20 MB more or less from one sample to the next), so growth is the median of the last
five samples minus the median of the first five after the warm-up, with the least-squares slope
beside it; the single end-minus-start difference is reported too. The feed server runs in its own
process, as the feed's host is another machine. The kiosk's allocator is the one ``kiosk run``
uses (jemalloc, kiosk.allocator); ``INFOPOINT_ALLOCATOR=glibc`` measures glibc's malloc instead.
``--trace`` adds tracemalloc and prints where memory grew (slow; for finding a leak). Memory that
C code holds (Kivy's Cython, SDL, Mesa) tracemalloc does not see: ``--heap-profile DIR`` starts
jemalloc with its heap profiler and writes a profile at every sample (``DIR/<actions>.heap``);
``jeprof --text --base=DIR/02000.heap .venv/bin/python DIR/10000.heap`` shows by call stack what
grew in between (``--cum`` adds the callers; that is how the text surfaces kiosk.widgets frees were found).

Goal (issue 9): at most 5 MB growth over 10,000 actions, no crash, no error logged.
"""

from __future__ import annotations

import argparse
import ctypes
import datetime as dt
import gc
import json
import logging
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from dataclasses import replace
from pathlib import Path

from bench import memory
from bench.frames import FrameClock
from bench.synthetic import make_catalogue
from bench.xdisplay import ensure_display
from kiosk import allocator, heap, paths
from kiosk.config import FeedConfig, load_config
from kiosk.content import load_catalog
from kiosk.feed import keys

GOAL_GROWTH_MB = 5.0
SAMPLES = 50  # at-rest samples over the run
WINDOW = 5  # samples whose median stands for "after warm-up" and for "at the end"


class Tally:
    """How many times something went wrong, with the first few messages. Only the first ones are kept:
    a soak where every action fails must not measure its own list of 10,000 tracebacks (it did, as
    +6 MiB of C memory that looked like the kiosk's)."""

    KEEP = 5

    def __init__(self):
        self.count, self.first = 0, []

    def add(self, message: str) -> None:
        self.count += 1
        if len(self.first) < self.KEEP:
            self.first.append(message[:1500])

    @property
    def last(self) -> str:
        return self.first[-1] if self.first else ""


class ErrorCount(logging.Handler):
    """Counts records at ERROR and above (each once, whichever logger it reached first)."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.last_record = None
        self.tally = Tally()

    def emit(self, record: logging.LogRecord) -> None:
        if record is self.last_record:  # the same record reached the second logger
            return
        self.last_record = record
        message = f"{record.name}: {record.getMessage()}"
        if record.exc_info:
            message += " | " + " | ".join(traceback.format_exception(*record.exc_info)[-3:]).replace("\n", " ")
        self.tally.add(message)


class ContentEditor:
    """Changes the published content a little each time, as an editor would."""

    def __init__(self, content: Path, work: Path):
        self.content, self.work, self.round = content, work, 0
        self.offer_files = sorted((content / "offers").glob("*.yaml"))
        self.titles: dict[Path, str] = {}
        self.announcements = content / "announcements.yaml"
        existed = self.announcements.exists()
        self.original_announcements = self.announcements.read_text(encoding="utf-8") if existed else None

    def change(self) -> None:
        """One of three edits in turn: a title, an offer added (removed next time), a banner."""
        self.round += 1
        step = self.round % 3
        if step == 1:
            self.retitle(self.offer_files[self.round % len(self.offer_files)])
        new_offer = self.content / "offers" / "soak-neu.yaml"
        if step == 2:
            first = self.offer_files[0]
            new_offer.write_text(first.read_text(encoding="utf-8").replace(f"id: {first.stem}", "id: soak-neu", 1),
                                 encoding="utf-8")  # fmt: skip
        elif new_offer.exists():
            new_offer.unlink()
        if step == 0:
            now = dt.datetime.now(dt.UTC)
            start, end = now - dt.timedelta(minutes=5), now + dt.timedelta(hours=1)
            self.announcements.write_text(
                f"- id: soak-{self.round}\n  text: {{de: Heute geschlossen ({self.round}), en: Closed today}}\n"
                f"  start: {start.isoformat(timespec='seconds')}\n  end: {end.isoformat(timespec='seconds')}\n",
                encoding="utf-8",
            )
        elif self.original_announcements is not None:
            self.announcements.write_text(self.original_announcements, encoding="utf-8")
        else:
            self.announcements.unlink(missing_ok=True)

    def retitle(self, path: Path) -> None:
        """The German title gets the round's number: ``title:`` then ``  de: ...`` as in content/."""
        lines = path.read_text(encoding="utf-8").splitlines()
        row = lines.index("title:") + 1
        while not lines[row].startswith("  de:"):
            row += 1
        value = self.titles.setdefault(path, lines[row].split(":", 1)[1].strip())
        quote = value[-1] if value[-1:] in "'\"" else ""
        lines[row] = f"  de: {value[:len(value) - len(quote)]} ({self.round}){quote}"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    def publish(self) -> None:
        """``kiosk publish`` in its own process: the editor's machine, not the kiosk's memory."""
        subprocess.run([sys.executable, "-m", "kiosk", "publish", str(self.content), "--keys", str(self.work / "keys"),
                        "--out", str(self.work / "feed")], check=True, stdout=subprocess.DEVNULL)  # fmt: skip


class Visitors:
    """Random visitor actions on whatever screen is shown, each one a real touch."""

    def __init__(self, app, frames: FrameClock, rng: random.Random):
        from kiosk import widgets

        self.app, self.frames, self.rng = app, frames, rng
        self.access = next(w for w in app.root.children if isinstance(w, widgets.AccessBar))
        self.idle_offset = 0.0
        app.session.now = lambda: time.monotonic() + self.idle_offset
        self.done: Counter = Counter()

    def screen(self, name=None):
        return self.app.manager.get_screen(name or self.app.manager.current)

    def tap(self, widget) -> None:
        self.frames.tap(widget)

    def act(self) -> str:
        current = self.app.manager.current
        choices = getattr(self, f"on_{current}")()
        choices += [("text_size", 2), ("contrast", 2), ("reach", 1), ("read_aloud", 1), ("leave", 3)]
        if current == "attract":
            choices = [("start", 1)]
        names, weights = zip(*choices, strict=True)
        kind = self.rng.choices(names, weights)[0]
        getattr(self, f"do_{kind}")()
        self.done[kind] += 1
        return kind

    # -- what can be done where ----------------------------------------------------------

    def on_attract(self):
        return [("start", 1)]

    def on_home(self):
        return [("language", 4), ("category", 8), ("search", 3)]

    def on_list(self):
        return [("offer", 8), ("scroll", 3), ("filter", 2), ("back", 3), ("home", 2)]

    def on_detail(self):
        return [("qr_mode", 3), ("back", 5), ("home", 2)]

    def on_search(self):
        return [("type", 12), ("backspace", 2), ("keyboard_layout", 1), ("result", 2), ("back", 2)]

    def on_admin(self):
        return [("home", 1)]

    # -- the actions ---------------------------------------------------------------------

    def do_start(self):
        self.frames.tap_at(540, 960)

    def do_language(self):
        self.tap(self.rng.choice(self.screen("home").ids.languages.children))

    def do_category(self):
        home = self.screen("home")
        self.tap(self.rng.choice(visible(home.ids.scroll, home.ids.tiles.children) or home.ids.tiles.children))

    def do_search(self):
        self.tap(self.screen().ids.header.ids.search)

    def do_offer(self):
        view = self.screen("list").ids.offers
        rows = visible(view, view.layout_manager.children)
        self.tap(self.rng.choice(rows)) if rows else self.do_back()

    def do_scroll(self):
        """A swipe up or down over the list: touch down, move in steps, up."""
        from kiosk.touch import Touch

        view = self.screen("list").ids.offers
        x, y = view.to_window(*view.center)
        distance = self.rng.choice((-1, 1)) * view.height * 0.35
        touch = Touch(x, y - distance / 2)
        touch.down()
        for step in range(1, 7):
            self.frames.frame_only()
            touch.move_to(x, y - distance / 2 + distance * step / 6)
        touch.up()
        for _ in range(20):  # let the kinetic scroll run out a little
            self.frames.frame_only()

    def do_filter(self):
        self.tap(self.rng.choice(self.screen("list").ids.filters.children))

    def do_back(self):
        self.tap(self.screen().ids.header.ids.back)

    def do_home(self):
        header = self.screen().ids.get("header")
        if header is not None and header.show_home:
            self.tap(header.ids.home)
        else:
            self.app.go_home()  # the admin panel has its own buttons; not a visitor's screen

    def do_qr_mode(self):
        detail = self.screen("detail")
        buttons = [child for child in detail.ids.qr_side.children if getattr(child, "available", False)]
        buttons = visible(detail.ids.scroll, buttons)
        self.tap(self.rng.choice(buttons)) if buttons else self.do_back()

    def do_type(self):
        board = self.screen("search").ids.keyboard
        keys = [key for row in board.keys for key in row if key.char and not key.disabled]
        self.tap(self.rng.choice(keys))

    def do_backspace(self):
        board = self.screen("search").ids.keyboard
        backspace = next(b for b in board.walk(restrict=True) if getattr(b, "icon", "") == "backspace-outline")
        self.tap(backspace)

    def do_keyboard_layout(self):
        self.tap(self.screen("search").ids.keyboard.ids.switch)

    def do_result(self):
        view = self.screen("search").ids.results
        rows = visible(view, view.layout_manager.children)
        self.tap(self.rng.choice(rows)) if rows else self.do_type()

    def do_text_size(self):
        self.tap(self.access.ids.text_size)

    def do_contrast(self):
        self.tap(self.access.ids.contrast)

    def do_reach(self):
        self.tap(self.access.ids.reach)

    def do_read_aloud(self):
        self.tap(self.access.ids.speak)
        if self.app.speaking:
            self.tap(self.access.ids.speak)  # and stop it again: the bench is silent

    def do_leave(self):
        """The visitor walks away: past the idle time the kiosk asks, then starts over."""
        app = self.app
        self.idle_offset += app.session.idle_seconds + 1
        self._wait(lambda: app.asking)
        if self.rng.random() < 0.3:
            self.tap(app.still_there.ids.yes)
        else:
            self.idle_offset += app.session.countdown_seconds + 1
            self._wait(lambda: app.manager.current == "attract")

    def _wait(self, condition, seconds: float = 3.0) -> None:
        deadline = time.monotonic() + seconds
        while not condition() and time.monotonic() < deadline:
            self.frames.frame_only()
            time.sleep(0.01)  # the session check runs every 0.25 s of real time
        self.frames.settle()


def visible(view, widgets):
    """The widgets whose centre is inside ``view`` on the window: what a visitor can touch."""
    bottom, top = view.to_window(view.x, view.y)[1], view.to_window(view.x, view.top)[1]
    return [w for w in widgets if bottom < w.to_window(*w.center)[1] < top and not w.disabled]


def textures(objects: list) -> tuple[int, float]:
    """Live Kivy textures among ``objects`` and their pixels in MiB (with llvmpipe they live in this process)."""
    from kivy.graphics.texture import Texture, TextureRegion

    # type(), not isinstance: gc also holds weak proxies, and isinstance on a dead one raises
    found = [item for item in objects if issubclass(type(item), Texture)]
    pixels = sum(t.width * t.height * 4 for t in found if not issubclass(type(t), TextureRegion))
    return len(found), round(pixels / 2**20, 1)


def live_objects() -> list:
    """Every object the collector tracks, after a full collection."""
    gc.collect()
    return gc.get_objects()


def deep_size(roots, seen: set[int]) -> int:
    """Bytes of ``roots`` and all they hold (each object once), not counting classes, functions and modules."""
    import types

    skip = (type, types.ModuleType, types.FunctionType, types.BuiltinFunctionType, types.MethodType)
    total, stack = 0, list(roots)
    while stack:
        item = stack.pop()
        if id(item) in seen or isinstance(item, skip):
            continue
        seen.add(id(item))
        total += sys.getsizeof(item)
        stack.extend(gc.get_referents(item))
    return total


def lru_caches(objects: list) -> list:
    import functools

    return [item for item in objects if isinstance(item, functools._lru_cache_wrapper)]


_LINK_KEY, _LINK_RESULT = 5, 6  # an lru link's words: refcount, type, prev, next, hash, key, result


def lru_results(cache: dict) -> list:
    """The results an lru_cache's dict holds. Its values are links (functools._lru_list_elem) that do not
    show their key and result to gc.get_referents, so the result is read from the link's C struct
    (CPython 3.11: PyObject_HEAD, prev, next, hash, key, result), checked by finding the dict's key there."""
    results = []
    for key, link in cache.items():
        if type(link).__qualname__ != "_lru_list_elem":  # an unbounded cache holds its results as the values
            continue
        words = (ctypes.c_void_p * (_LINK_RESULT + 1)).from_address(id(link))
        if words[_LINK_KEY] != id(key):
            raise RuntimeError(f"an lru_cache link of this Python ({sys.version.split()[0]}) has another layout")
        results.append(ctypes.cast(words[_LINK_RESULT], ctypes.py_object).value)
    return results


def cache_bytes(wrappers: list) -> int:
    """Bytes held by the given functools.lru_caches: their dicts, keys, links and results."""
    seen: set[int] = set()
    total = 0
    for wrapper in wrappers:
        if not wrapper.cache_info().currsize:
            continue
        held = [item for item in gc.get_referents(wrapper) if isinstance(item, dict) and "__wrapped__" not in item]
        total += deep_size(held, seen) + deep_size([r for cache in held for r in lru_results(cache)], seen)
    return total


def cache_sizes(objects: list) -> dict:
    """Entries in the bounded caches among ``objects`` that fill while visitors browse (they grow until full)."""
    from kivy.cache import Cache
    from kivy.uix.recycleview import views

    from kiosk import textlayout, widgets

    wrappers = lru_caches(objects)
    return {
        "text_height": widgets.text_height.cache_info().currsize, "shape": textlayout.shape.cache_info().currsize,
        "fonts_measured": widgets._font.cache_info().currsize,
        "characters_measured": sum(len(font.widths) for font in objects if isinstance(font, widgets._Font)),
        "all_lru_entries": sum(wrapper.cache_info().currsize for wrapper in wrappers),
        "qr_textures": len(widgets.QRCode._cache),
        "kivy": {name: len(items) for name, items in Cache._objects.items() if items},
        "recycled_views": {cls.__name__: len(items) for cls, items in views._cached_views.items()},
        "lru_mib": round(cache_bytes(wrappers) / 2**20, 2),
    }  # fmt: skip


class Handovers:
    """The content versions the app was handed (``offer_catalog``), as its sync worker delivers them."""

    def __init__(self, app, frames: FrameClock):
        self.app, self.frames, self.versions = app, frames, []
        original = app.offer_catalog

        def offer_catalog(catalog, *args, **kwargs):
            # on the UI thread, after the worker's result for this version set last_sync
            self.versions.append(app.last_sync.get("version"))
            original(catalog, *args, **kwargs)

        app.offer_catalog = offer_catalog  # the worker's callback looks the method up when it runs

    def wait_for(self, version: int, seconds: float = 120.0) -> bool:
        """Run frames until ``version`` was handed over: the worker is idle again."""
        deadline = time.monotonic() + seconds
        while version not in self.versions and time.monotonic() < deadline:
            self.frames.frame_only()
            time.sleep(0.02)
        return version in self.versions


class MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in
                ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks",
                 "keepcost")]  # fmt: skip


def malloc_state() -> dict:
    """glibc's own account of the C heap (all arenas), MiB: in use, free but kept, mmapped."""
    libc = ctypes.CDLL("libc.so.6")
    libc.mallinfo2.restype = MallInfo2
    info = libc.mallinfo2()
    mib = 2**20
    return {"in_use": round(info.uordblks / mib, 1), "free_kept": round(info.fordblks / mib, 1),
            "mmapped": round(info.hblkhd / mib, 1)}  # fmt: skip


def rest(frames: FrameClock, seconds: float) -> None:
    """Frames for ``seconds`` of real time with nobody touching (what the clock has scheduled runs)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        frames.frame_only()
        time.sleep(1 / 60)


def snapshot(app, frames: FrameClock) -> dict:
    """Memory on the attract screen after the visitor has gone, the same state every time.

    Memory is read first, before anything is counted (counting allocates: lists of every object,
    sets of ids). Then how much glibc could still give back (``malloc_trim``): memory that is free
    inside the heap is not a leak, it only has not been returned to the system yet.
    """
    app.reset()
    frames.settle()
    rest(frames, 1.0)  # the kiosk settles its memory 0.5 s after a reset: measure the state it rests in
    rss = memory.rss_kb() / 1024
    parts = {name: round(kb / 1024, 1) for name, kb in memory.rss_parts_kb().items()}
    in_heap = malloc_state()
    jemalloc = {name: round(value / 2**20, 1) for name, value in (heap.jemalloc_stats() or {}).items()}
    small = memory.pymalloc_state()
    sdl_blocks = heap.sdl_allocations()  # SDL_ttf's glyph caches and surfaces, in blocks
    objects = live_objects()  # one full collection for every count below
    count, pixels = textures(objects)
    caches = cache_sizes(objects)
    python_objects = len(objects)
    del objects
    heap.trim()
    return {"rss_mib": round(rss, 1), "rss_after_trim_mib": round(memory.rss_kb() / 1024, 1), "malloc_mib": in_heap,
            "rss_parts_mib": parts, "pymalloc_mib": small, "jemalloc_mib": jemalloc,
            "python_objects": python_objects, "python_blocks": sys.getallocatedblocks(), "sdl_blocks": sdl_blocks,
            "textures": count, "texture_mib": pixels, "caches": caches}  # fmt: skip


class FeedServer:
    """``kiosk serve`` in its own process, as the feed's web host is another machine: its threads and
    buffers are not the kiosk's memory."""

    def __init__(self, directory: Path):
        import socket

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen([sys.executable, "-m", "kiosk", "serve", str(directory), "--host", "127.0.0.1",
                                         "--port", str(self.port)], stdout=subprocess.DEVNULL)  # fmt: skip
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("kiosk serve did not start") from None
                time.sleep(0.1)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)


def window_growth(samples: list[dict], key: str, size: int) -> float | None:
    """Median of the last ``size`` samples minus the median of the first ``size``: growth, robust to one
    sample's luck (the heap at rest moves by more than the goal from one sample to the next)."""
    import statistics

    values = [sample[key] for sample in samples]
    if len(values) < 2 * size:
        return None
    return round(statistics.median(values[-size:]) - statistics.median(values[:size]), 1)


def slope_per_1000(samples: list[dict], key: str) -> float | None:
    """Least-squares growth in MiB per 1,000 actions over the samples."""
    points = [(sample["actions"], sample[key]) for sample in samples]
    if len(points) < 3:
        return None
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    return round(1000 * sum((x - mean_x) * (y - mean_y) for x, y in points) / spread, 2)


def run(actions: int, sync_every: int, offers: int, trace: bool, seed: int = 5, types: bool = False,
        samples_wanted: int = SAMPLES, heap_profile: Path | None = None) -> dict:
    rng = random.Random(seed)
    errors = ErrorCount()
    for logger in (logging.getLogger(), logging.getLogger("kivy")):
        logger.addHandler(errors)
    exceptions = Tally()
    with tempfile.TemporaryDirectory(prefix="bench-soak-") as scratch, ensure_display():
        work = Path(scratch)
        content = work / "content"
        if offers:
            make_catalogue(content, offers)
        else:
            shutil.copytree(paths.CONTENT, content)
        keys.keygen(work / "keys")
        editor = ContentEditor(content, work)
        editor.publish()
        server = FeedServer(work / "feed")
        url = server.url
        config = load_config()
        # a long interval: the bench wakes the worker itself right after each publish
        config = replace(config, feed=FeedConfig(url=url, trust=work / "feed" / "metadata" / "1.root.json",
                                                 data=work / "data", interval=3600))  # fmt: skip
        catalog, problems = load_catalog(content)
        assert not problems, problems[:3]
        from kiosk import harness

        app = harness.launch(catalog, config, (1080, 1920))  # on_start: the sync worker, the heartbeat
        frames = FrameClock()
        visitors = Visitors(app, frames, rng)
        handovers = Handovers(app, frames)
        warm_up = max(1, actions // 5)
        sample_every = max(1, actions // samples_wanted)
        catalogs, published, started = {id(app.catalog)}, 1, time.monotonic()
        samples, baseline, traced, failing = [], None, None, 0
        try:
            for number in range(1, actions + 1):
                try:
                    visitors.act()
                    failing = 0
                except Exception as error:  # noqa: BLE001 - counted and reported; the soak goes on
                    last = traceback.format_exc()[-1500:]
                    exceptions.add(last)
                    failing += 1
                    if failing >= GIVE_UP_AFTER:  # the bench itself is broken: no point in an hour of it
                        raise RuntimeError(f"{failing} actions in a row failed; the last:\n{last}") from error
                    app.reset()
                    frames.settle()
                catalogs.add(id(app.catalog))
                if number % sync_every == 0:
                    editor.change()
                    editor.publish()
                    published += 1
                    if app.worker is not None:
                        app.worker.sync_now()
                if number == warm_up:
                    handovers.wait_for(published)  # measured with no sync under way
                    baseline = snapshot(app, frames)
                    if trace:
                        import tracemalloc

                        tracemalloc.start(12)
                        traced = (tracemalloc.take_snapshot(), type_counts())
                    elif types:
                        traced = (None, type_counts())
                if number % sample_every == 0:
                    moment = {"actions": number, "rss_between_actions_mib": round(memory.rss_kb() / 1024, 1)}
                    handovers.wait_for(published)
                    at_rest = snapshot(app, frames)  # as if the visitor had gone: the same state every time
                    if heap_profile is not None:
                        heap.dump_profile(heap_profile / f"{number:05d}.heap")
                    kept = ("rss_mib", "python_objects", "sdl_blocks", "textures", "texture_mib")
                    moment.update({name: at_rest[name] for name in kept},
                                  malloc_in_use_mib=at_rest["malloc_mib"]["in_use"],
                                  malloc_free_kept_mib=at_rest["malloc_mib"]["free_kept"],
                                  anon_mib=at_rest["rss_parts_mib"]["RssAnon"],
                                  file_mib=at_rest["rss_parts_mib"]["RssFile"],
                                  pymalloc_arenas_mib=at_rest["pymalloc_mib"]["arenas_mib"],
                                  pymalloc_blocks_mib=at_rest["pymalloc_mib"]["blocks_mib"],
                                  lru_mib=at_rest["caches"]["lru_mib"],
                                  jemalloc_allocated_mib=at_rest["jemalloc_mib"].get("allocated"),
                                  jemalloc_resident_mib=at_rest["jemalloc_mib"].get("resident"))
                    samples.append(moment)
            # the last sync: wait until the app has it, then measure on the attract screen showing it
            handovers.wait_for(published)
            catalogs.add(id(app.catalog))
            end = snapshot(app, frames)
            catalogs.add(id(app.catalog))
            growth_report = top_growth(traced) if traced else None
        finally:
            app.on_stop()
            server.stop()
            for logger in (logging.getLogger(), logging.getLogger("kivy")):
                logger.removeHandler(errors)
    settled = [sample for sample in samples if sample["actions"] >= warm_up]
    growth = window_growth(settled, "rss_mib", WINDOW)
    if growth is None:  # too few samples for two windows (tiny runs): the two single measurements
        growth = end["rss_mib"] - baseline["rss_mib"]
    result = {
        "actions": actions, "actions_by_kind": dict(sorted(visitors.done.items())),
        "content": f"synthetic, {offers} offers" if offers else "content/ (real)",
        "allocator": allocator.name(),
        "seconds": round(time.monotonic() - started, 1), "load_average": round(os.getloadavg()[0], 2),
        "syncs": {"published": published, "last_installed_version": app.last_sync.get("version"),
                  "last_error": app.last_sync.get("error"), "catalogs_shown": len(catalogs),
                  "handed_over": len(handovers.versions)},
        "warm_up_actions": warm_up,
        "after_warm_up": baseline, "end": end, "rss_samples": samples,
        "rss_growth_mib": round(growth, 1),
        "rss_growth_how": f"median of the last {WINDOW} samples at rest minus the first {WINDOW} after warm-up",
        "rss_growth_single_mib": round(end["rss_mib"] - baseline["rss_mib"], 1),
        "rss_slope_mib_per_1000_actions": slope_per_1000(settled, "rss_mib"),
        "window_growth_mib": {key: window_growth(settled, key, WINDOW) for key in
                              ("anon_mib", "file_mib", "malloc_in_use_mib", "pymalloc_arenas_mib",
                               "pymalloc_blocks_mib", "lru_mib", "texture_mib", "jemalloc_allocated_mib",
                               "jemalloc_resident_mib")
                              if settled and settled[0].get(key) is not None},
        "rss_after_trim_growth_mib": round(end["rss_after_trim_mib"] - baseline["rss_after_trim_mib"], 1),
        "python_objects_growth": end["python_objects"] - baseline["python_objects"],
        "sdl_blocks_growth": end["sdl_blocks"] - baseline["sdl_blocks"] if end["sdl_blocks"] is not None else None,
        "textures_growth": end["textures"] - baseline["textures"],
        "lru_caches_growth_mib": round(end["caches"]["lru_mib"] - baseline["caches"]["lru_mib"], 2),
        "growth_by_part_mib": {  # where the resident memory grew: anonymous vs. file pages, and who holds the heap
            "anonymous": round(end["rss_parts_mib"]["RssAnon"] - baseline["rss_parts_mib"]["RssAnon"], 1),
            "file": round(end["rss_parts_mib"]["RssFile"] - baseline["rss_parts_mib"]["RssFile"], 1),
            "pymalloc_arenas": round(end["pymalloc_mib"]["arenas_mib"] - baseline["pymalloc_mib"]["arenas_mib"], 1),
            "pymalloc_blocks": round(end["pymalloc_mib"]["blocks_mib"] - baseline["pymalloc_mib"]["blocks_mib"], 1),
            "malloc_in_use": round(end["malloc_mib"]["in_use"] - baseline["malloc_mib"]["in_use"], 1),
            "malloc_free_kept": round(end["malloc_mib"]["free_kept"] - baseline["malloc_mib"]["free_kept"], 1),
        },
        "errors_logged": errors.tally.count, "first_errors": errors.tally.first,
        "exceptions": exceptions.count, "first_exceptions": exceptions.first[:3],
        "goal": f"growth <= {GOAL_GROWTH_MB} MB, no crash, no error logged",
        "met": growth * 1.048576 <= GOAL_GROWTH_MB and not errors.tally.count and not exceptions.count,
    }  # fmt: skip
    if growth_report is not None:
        result["tracemalloc_top_growth"] = growth_report
    return result


def type_counts() -> Counter:
    """Objects by type, and observers by (type, property): where bindings pile up."""
    from kivy.event import EventDispatcher

    counts = Counter()
    for item in live_objects():
        kind = f"{type(item).__module__}.{type(item).__qualname__}"
        counts[kind] += 1
        if isinstance(item, EventDispatcher) and type(item) is item.__class__:  # not weak proxies of them
            for name in item.properties():
                observers = item.get_property_observers(name, args=True)
                counts[f"observers {kind}.{name}"] += len(observers)
                key = f"observers by callback most on one {kind}.{name}"
                counts[key] = max(counts[key], len(observers))
                for observer in observers:
                    callback = observer[0]
                    function = getattr(callback, "__func__", None) or getattr(callback, "func", None) or callback
                    if hasattr(function, "method_name"):  # kivy.weakmethod.WeakMethod
                        function = function.method_name
                    counts[f"observers by callback .{name}: {getattr(function, '__qualname__', function)!s:.80}"] += 1
    return counts


def top_growth(before, limit: int = 15) -> list[str]:
    import tracemalloc

    after = tracemalloc.take_snapshot() if before[0] is not None else None
    before, types_before = before
    grown = type_counts()
    grown.subtract(types_before)
    lines = [f"{count:+d} {name}" for name, count in grown.most_common(limit)]
    ours = Counter({name: count for name, count in grown.items()
                    if name.startswith(("kiosk.", "kivy.uix.", "observers by"))})  # fmt: skip
    lines += [f"{count:+d} {name}" for name, count in ours.most_common(limit) if count]
    widgets = Counter({name: count for name, count in grown.items() if name.startswith(("kiosk.", "kivy."))
                       and not name.startswith("kivy.properties") and "observers" not in name})  # fmt: skip
    lines += [f"{count:+d} {name}" for name, count in widgets.most_common(60) if count]
    if before is None:
        return lines
    stats = after.compare_to(before, "traceback")
    for stat in stats[:limit]:
        frames = [f"{frame.filename.split('site-packages/')[-1]}:{frame.lineno}" for frame in stat.traceback[-6:]]
        lines.append(f"{stat.size_diff / 1024:+.0f} KiB {stat.count_diff:+d} blocks: " + " < ".join(reversed(frames)))
    return lines


GIVE_UP_AFTER = 25  # failed actions in a row
PROFILING = "prof:true,lg_prof_sample:14"  # jemalloc's heap profiler, one sample per 16 KiB allocated


def main() -> None:
    if "--heap-profile" in sys.argv and not allocator.loaded():
        os.environ["MALLOC_CONF"] = f"{allocator.CONF},{PROFILING}"
    allocator.ensure(["-m", "bench.soak", *sys.argv[1:]])  # the allocator `kiosk run` uses (kiosk.allocator)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=10_000)
    parser.add_argument("--sync-every", type=int, default=250)
    parser.add_argument("--offers", type=int, default=0, help="a synthetic catalogue instead of content/")
    parser.add_argument("--samples", type=int, default=SAMPLES, help="measurements at rest over the run")
    parser.add_argument("--trace", action="store_true", help="tracemalloc: where memory grew")
    parser.add_argument("--types", action="store_true", help="which kinds of Python object grew in number")
    parser.add_argument("--heap-profile", type=Path, metavar="DIR",
                        help="jemalloc heap profiles at every sample, for jeprof: where C memory grew")
    args = parser.parse_args()
    if args.heap_profile is not None:
        args.heap_profile.mkdir(parents=True, exist_ok=True)
    print(json.dumps(run(args.actions, args.sync_every, args.offers, args.trace, types=args.types,
                         samples_wanted=args.samples, heap_profile=args.heap_profile)))


if __name__ == "__main__":
    main()
