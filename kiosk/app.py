"""The kiosk App: a thin composition root wiring content and settings into the screens."""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from functools import partial

from kivy.app import App
from kivy.clock import Clock
from kivy.core.text import DEFAULT_FONT, LabelBase
from kivy.core.window import Window
from kivy.properties import BooleanProperty, DictProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import ScreenManager

from kiosk import heap, i18n, icons, paths, reading, speech, theme
from kiosk.admin import Knock, PinGate
from kiosk.config import KioskConfig
from kiosk.content import Catalog
from kiosk.fleet.beat import LastSync
from kiosk.fleet.usage import Usage
from kiosk.idle import IdleQueue
from kiosk.session import Session
from kiosk.watchdog import Watchdog

LabelBase.register(
    DEFAULT_FONT,
    fn_regular=str(paths.FONTS / "InfopointSans-Regular.ttf"),
    fn_bold=str(paths.FONTS / "InfopointSans-Bold.ttf"),
)
LabelBase.register("Icons", fn_regular=str(icons.FONT))

from kiosk import widgets  # noqa: E402 - registers the widget rules after the fonts
from kiosk.screens.attract import AttractScreen  # noqa: E402 - the other screens are imported after the first frame

log = logging.getLogger("kiosk.app")
KNOCK_CORNER_MM = 40  # the admin entry: five taps within three seconds in this top-left square


class KioskApp(App):
    """Holds what the screens observe: language, category and offer being shown."""

    use_kivy_settings = False  # lockdown: no settings panel (F1), see also open_settings

    lang = StringProperty("de")
    rtl = BooleanProperty(False)
    portrait = BooleanProperty(True)
    u = NumericProperty(1.0)  # one design pixel (designs are 1080 px on the short side)
    text_scale = NumericProperty(1.0)  # the visitor's text size step (theme.TEXT_SCALES)
    fs = NumericProperty(1.0)  # one design pixel of text: u times the text size step
    # rebind: kv expressions like app.palette.TEXT follow a new palette (Kivy binds only the last name otherwise)
    palette = ObjectProperty(theme.NORMAL, rebind=True)  # colours: normal or high contrast
    reach_low = BooleanProperty(False)  # "lower the screen": every control within a seated reach
    reach_offset = NumericProperty(0)  # px kept empty at the top while reach_low
    speaking = BooleanProperty(False)
    asking = BooleanProperty(False)  # the "still there?" question is on screen
    seconds_left = NumericProperty(0)
    can_speak = BooleanProperty(False)  # espeak-ng has a voice for the current language
    tr = ObjectProperty(None)  # tr("English text") -> text in the current language
    category_id = StringProperty("")
    offer_id = StringProperty("")
    announcement = StringProperty("")  # the banner text in the current language, "" for none
    last_sync = DictProperty({})  # the last sync result, for the admin panel and heartbeats

    def __init__(self, catalog: Catalog, config: KioskConfig, **kwargs):
        super().__init__(**kwargs)
        self.catalog = catalog
        self.kiosk_config = config
        self.history: list[str] = []
        self.manager: ScreenManager | None = None
        self.pending_catalog: Catalog | None = None
        self.worker = None
        self._search_index = None
        self._pending_index = None
        self.languages = [
            lang for lang in catalog.site.languages if not config.languages or lang in config.languages
        ] or [catalog.site.default_language]
        self.default_language = (
            catalog.site.default_language if catalog.site.default_language in self.languages else self.languages[0]
        )
        self.tr = partial(i18n.translate, self.default_language)
        self.speaker = speech.Speaker()
        self.session = Session(config.idle_seconds, config.countdown_seconds)
        self.lang = self.default_language
        self.started = time.monotonic()
        self.knock = Knock()
        admin = config.admin
        self.pin_gate = PinGate(admin.pin_hash, admin.attempts, admin.lock_seconds)
        self.watchdog = Watchdog()
        self.leaving = False  # set by the admin panel: the one way out of the app
        self.restart_requested = False
        # Usage figures: counts per day only (kiosk.fleet.usage), saved and sent by the heartbeat thread
        self.usage = Usage(config.feed.data / "usage.json")
        self.idle = IdleQueue()  # work for the next tap, done between taps
        self.sync_record = LastSync()
        self.heartbeat = None
        self._nothing_found = False  # the search screen shows "nothing found" right now
        self._drawn = False  # the first frame has been drawn
        self._workers_wanted = False

    # -- building -------------------------------------------------------------------------

    def build(self):
        self.title = self.catalog.site.name.get(self.lang)
        Window.bind(size=self._on_window_size)
        self._on_window_size(Window, Window.size)
        manager = widgets.Screens()
        manager.add_widget(AttractScreen(name="attract"))  # the others come after the first frame
        manager.current = "attract"
        manager.bind(current=self._on_screen)
        self.manager = manager
        self.paint_window()
        root = BoxLayout(orientation="vertical")
        root.add_widget(widgets.ReachSpacer())
        root.add_widget(widgets.AnnouncementBar())
        root.add_widget(manager)
        root.add_widget(widgets.AccessBar())
        manager.bind(current=lambda *_: self.stop_speaking())
        self.bind(lang=self.update_announcement)
        Clock.schedule_interval(self.update_announcement, 15)  # expired banners go, even offline
        Window.bind(on_touch_down=self._on_any_touch)
        Window.fbind("on_touch_down", self.idle.touched)
        Window.fbind("on_touch_up", self.idle.touched)
        Window.bind(on_request_close=self._on_request_close)
        Clock.schedule_interval(self.check_session, 0.25)
        self.still_there = self.pin_pad = self.test_pattern = None  # made with the other screens
        Window.bind(on_flip=self._first_frame)
        self.update_announcement()
        return root

    def _first_frame(self, *_args) -> None:
        """The attract screen is on the glass: now the work that need not delay it."""
        Window.unbind(on_flip=self._first_frame)
        Clock.schedule_once(self._after_first_frame)  # on_flip runs before the swap: wait one more frame

    def _after_first_frame(self, _dt=None) -> None:
        self._drawn = True
        self._ready()
        self._index_in_background()
        threading.Thread(target=self._learn_voices, name="voices", daemon=True).start()
        if self._workers_wanted:
            self.on_start()
        Clock.schedule_once(lambda _dt: self.add_screens())

    def _learn_voices(self) -> None:
        """On its own thread: ask espeak-ng which voices it has (a subprocess), then say if we can speak."""
        speech.installed_voices()
        Clock.schedule_once(lambda _dt: setattr(self, "can_speak", speech.voice_for(self.lang) is not None))

    def add_screens(self) -> None:
        """Every screen but the attract screen: built once, right after the first frame (or at the first touch)."""
        manager = self.manager
        if manager.has_screen("home") or self.leaving:  # not while stopping: kv rules need the running app
            return
        # imported here, not at the top: their modules (and kv rules) are not needed for the first frame
        from kiosk.screens.admin import AdminScreen, PinPad, TestPattern
        from kiosk.screens.detail import DetailScreen
        from kiosk.screens.home import HomeScreen
        from kiosk.screens.list import ListScreen
        from kiosk.screens.search import SearchScreen

        self.still_there = widgets.StillThere()
        self.pin_pad = PinPad()
        self.test_pattern = TestPattern()
        for screen in (HomeScreen(name="home"), ListScreen(name="list"), DetailScreen(name="detail"),
                       SearchScreen(name="search"), AdminScreen(name="admin")):  # fmt: skip
            manager.add_widget(screen)
        search = manager.get_screen("search")
        search.bind(nothing_found=lambda _screen, value: setattr(self, "_nothing_found", value))
        manager.get_screen("detail").bind(qr_mode=self._on_qr_mode)

    def on_start(self) -> None:
        """The sync worker and the heartbeat, started on their own thread once the first frame is drawn:
        importing requests and tuf alone takes 0.3 s."""
        if not self._drawn:
            self._workers_wanted = True
            return
        self._workers_wanted = False
        threading.Thread(target=self._start_workers, name="start-workers", daemon=True).start()

    def _start_workers(self) -> None:
        feed = self.kiosk_config.feed
        if feed.url and feed.trust:
            from kiosk.feed.sync import Sync
            from kiosk.feed.worker import SyncWorker

            sync = Sync(feed.url, feed.data, feed.trust.read_bytes())
            on_result = self._from_worker(self._on_sync_result)

            def record(result) -> None:  # on the sync thread: for heartbeats, then for the panel
                self.sync_record.record(result)
                on_result(result)

            self.worker = SyncWorker(sync, feed.interval, record, self._catalog_from_worker)
            self.worker.start()
        from kiosk.fleet.heartbeat import HeartbeatWorker

        # Without a fleet URL it only saves the usage figures now and then.
        self.heartbeat = HeartbeatWorker(self.kiosk_config, self.usage, self.sync_record)
        self.heartbeat.start()

    def _ready(self, _dt=None) -> None:
        """Tell systemd the kiosk runs; from now on ping its watchdog from this (the UI) thread."""
        self.watchdog.ready(f"kiosk {self.kiosk_config.kiosk_id}")
        if self.watchdog.interval:
            Clock.schedule_interval(self.watchdog.ping, self.watchdog.interval)

    def on_stop(self) -> None:
        self.watchdog.stopping()
        if self.worker is not None:
            self.worker.stop()
        if self.heartbeat is not None:
            self.heartbeat.stop()  # saves the usage figures one last time

    @staticmethod
    def _from_worker(callback):
        """Hand a worker thread's result to the UI thread: Kivy is not thread-safe."""
        return lambda value: Clock.schedule_once(lambda _dt: callback(value))

    def _catalog_from_worker(self, catalog: Catalog) -> None:
        """On the sync thread: build the new catalog's search index there, then hand both over."""
        index = self._build_index(catalog)
        Clock.schedule_once(lambda _dt: self.offer_catalog(catalog, index))

    def _build_index(self, catalog: Catalog):
        from kiosk.search import SearchIndex

        return SearchIndex(catalog, self.kiosk_config.coordinates)

    def _index_in_background(self) -> None:
        """The first search must not wait for the index (1.6 s at 5,000 offers): build it now, off the UI thread."""
        catalog = self.catalog

        def build() -> None:
            index = self._build_index(catalog)
            Clock.schedule_once(lambda _dt: self._keep_index(index))

        threading.Thread(target=build, name="search-index", daemon=True).start()

    def _keep_index(self, index) -> None:
        current = self._search_index
        if index.catalog is self.catalog and (current is None or current.catalog is not self.catalog):
            self._search_index = index

    def _on_sync_result(self, result) -> None:
        self.last_sync = {**result.__dict__, "time": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}

    # -- content updates ------------------------------------------------------------------

    def offer_catalog(self, catalog: Catalog, index=None) -> None:
        """New verified content: announcements at once, offers when nobody is reading.

        ``index`` is the catalog's search index when the sync thread built it already.
        """
        self.pending_catalog = catalog
        self._pending_index = index
        self.update_announcement()
        if self.manager.current == "attract":
            self.apply_pending_catalog()

    def apply_pending_catalog(self) -> None:
        if self.pending_catalog is None:
            return
        self.catalog, self.pending_catalog = self.pending_catalog, None
        index, self._pending_index = self._pending_index, None
        if index is not None and index.catalog is self.catalog:
            self._search_index = index
        for screen in self.manager.screens:
            if hasattr(screen, "rebuild"):
                screen.rebuild()
        self.update_announcement()

    def paint_window(self, *_args) -> None:
        """The window's clear colour is the background of the screen shown: the attract screen's own
        colour while it is shown, so that none of its frames paints the whole window twice (with
        llvmpipe, which draws on the CPU, a full-window rectangle is ~15 ms of each frame)."""
        attract = self.manager is not None and self.manager.current == "attract"
        Window.clearcolor = self.palette.HEADER if attract else self.palette.BACKGROUND

    def _on_screen(self, _manager, name: str) -> None:
        self.paint_window()
        if name != "search":
            self._count_unanswered_search()
        if name == "attract":
            self.apply_pending_catalog()

    def _on_qr_mode(self, _screen, mode: str) -> None:
        if mode != "page":  # the visitor switched the QR code to the contact, a date or the route
            self.usage.count("qr", self.offer_id)

    def _count_unanswered_search(self) -> None:
        """A search that ended on "nothing found" counts once (never its text)."""
        if self._nothing_found:
            self._nothing_found = False
            self.usage.count("no_result")

    def update_announcement(self, *_args, now: dt.datetime | None = None) -> None:
        """Show the announcement that is on at ``now`` (default: this moment), or none."""
        catalog = self.pending_catalog or self.catalog
        now = now or dt.datetime.now(dt.UTC)
        config = self.kiosk_config
        active = catalog.active_announcements(now, config.group, config.district)
        self.announcement = active[0].text.get(self.lang) if active else ""

    def _on_window_size(self, _window, size) -> None:
        width, height = size
        self.portrait = height >= width
        self.u = min(width, height) / 1080
        self.fs = self.u * self.text_scale
        self._update_reach()

    def on_text_scale(self, _app, scale: float) -> None:
        self.fs = self.u * scale

    def on_palette(self, _app, _palette) -> None:
        self.paint_window()

    def next_text_size(self) -> None:
        """One button cycles the text size; it stays for the visitor's session."""
        steps = theme.TEXT_SCALES
        self.text_scale = steps[(steps.index(self.text_scale) + 1) % len(steps)] if self.text_scale in steps else 1.0

    def toggle_contrast(self) -> None:
        self.palette = theme.NORMAL if self.palette is theme.HIGH_CONTRAST else theme.HIGH_CONTRAST

    def on_lang(self, _app, lang: str) -> None:
        self.rtl = i18n.is_rtl(lang)
        self.tr = partial(i18n.translate, lang)
        self.can_speak = speech.voice_for(lang, ask=False) is not None  # known after the first frame
        self.stop_speaking()

    # -- the visitor's session ------------------------------------------------------------------

    def _on_any_touch(self, _window, touch) -> bool:
        self.session.touched()
        corner = KNOCK_CORNER_MM * self.px_per_mm()
        if touch.x <= corner and touch.y >= Window.height - corner:
            if self.knock.tap():
                self.open_admin()
                return True  # the fifth tap opens the PIN pad and nothing else
        else:
            self.knock.other_tap()
        return False  # only noticed; the touch goes on to whatever was touched

    def check_session(self, *_args) -> None:
        """Run by Kivy's clock: ask after the idle time, start over after the countdown."""
        if self.manager is None or self.manager.current == "attract":
            self.session.touched()
            return
        state, left = self.session.state()
        if state == "active":
            if self.asking:
                self.still_there.dismiss()
                self.asking = False
        elif state == "asking":
            self.seconds_left = int(left + 0.999)
            if not self.asking:
                self.asking = True
                self.stop_speaking()
                self.still_there.open()
        else:
            self.reset()

    def still_here(self) -> None:
        """The visitor tapped "yes": the session goes on, as often as they like."""
        self.session.touched()
        self.check_session()

    # -- lockdown and the admin panel ----------------------------------------------------------

    def open_settings(self, *_args) -> bool:
        return False  # Kivy's settings panel (F1) stays closed

    def _on_request_close(self, *_args, **_kwargs) -> bool:
        """Escape, Alt-F4, the window manager's close: refused unless the admin panel said leave."""
        if not self.leaving:
            log.warning("refused a request to close the kiosk")
        return not self.leaving

    def open_admin(self) -> None:
        if not self.pin_gate.enabled:
            log.warning("admin entry knocked, but no admin pin_hash is configured")
            return
        self.stop_speaking()
        self.add_screens()
        self.pin_pad.open()

    def show_admin(self) -> None:
        self._show("admin")

    def leave_app(self, restart: bool = False) -> None:
        """The admin panel's exits: restart (runner starts the app again) or leave for good."""
        log.warning("%s the app", "restarting" if restart else "leaving")
        self.leaving = True
        self.restart_requested = restart
        self.stop()

    # -- accessibility ----------------------------------------------------------------------

    def screen_text(self) -> str:
        """What the speaker button reads: the visible texts of the screen in reading order."""
        texts = reading.visible_texts(self.manager, rtl=self.rtl)
        return ".\n".join(dict.fromkeys(item["text"].strip().rstrip(".") for item in texts if item["text"].strip()))

    def read_aloud(self) -> None:
        if self.speaking:
            self.stop_speaking()
            return
        self.speaking = self.speaker.speak(self.screen_text(), self.lang)
        if self.speaking:
            Clock.schedule_interval(self._watch_speech, 0.5)

    def _watch_speech(self, _dt) -> bool:
        if not self.speaker.speaking():
            self.speaking = False
            return False
        return True

    def stop_speaking(self) -> None:
        speaker = getattr(self, "speaker", None)
        if speaker is not None:
            speaker.stop()
        self.speaking = False

    def toggle_reach(self) -> None:
        self.reach_low = not self.reach_low

    def on_reach_low(self, *_args) -> None:
        self._update_reach()

    def _update_reach(self) -> None:
        screen = self.kiosk_config.screen
        self.reach_offset = screen.unreachable_top_mm() * self.px_per_mm() if self.reach_low and self.portrait else 0

    def search_index(self):
        """The search index of the catalog shown: built off the UI thread, here only if not ready yet."""
        if self._search_index is None or self._search_index.catalog is not self.catalog:
            log.info("search index not ready; building it on the UI thread")
            self._search_index = self._build_index(self.catalog)
        return self._search_index

    def px_per_mm(self) -> float:
        return self.kiosk_config.screen.px_per_mm(*Window.size)

    def today(self) -> dt.date:
        return dt.date.today()

    # -- navigation (called from kv) --------------------------------------------------------

    def _show(self, name: str, remember: bool = True) -> None:
        self.add_screens()
        manager = self.manager
        if remember and manager.current != name:
            self.history.append(manager.current)
        manager.current = name

    def start(self) -> None:
        self.history.clear()
        self.usage.count("sessions")
        self._show("home", remember=False)

    def choose_language(self, lang: str) -> None:
        if lang in self.languages:
            self.usage.count("languages", lang)
            self.lang = lang

    def open_category(self, category_id: str) -> None:
        if self.catalog.category(category_id) is None:
            return
        self.category_id = category_id
        self.usage.count("categories", category_id)
        self._show("list")

    def open_offer(self, offer_id: str) -> None:
        if offer_id not in self.catalog.offers:
            return
        self.offer_id = offer_id
        self.usage.count("offers", offer_id)
        self.usage.count("qr", offer_id)  # the detail screen always shows the offer's QR code
        self._show("detail")

    def open_search(self) -> None:
        self._show("search")

    def go_back(self) -> None:
        self._show(self.history.pop() if self.history else "home", remember=False)

    def go_home(self) -> None:
        self.history.clear()
        self._show("home", remember=False)

    @staticmethod
    def _rest(_dt=None) -> None:
        """Nobody here: the glyphs the last visitor's texts drew and the memory left behind are given back."""
        widgets.empty_glyph_caches()
        heap.settle()

    def reset(self) -> None:
        """Back to the attract screen as if nobody had been here."""
        Clock.schedule_once(self._rest, 0.5)  # after the attract screen is drawn
        self.history.clear()
        self._count_unanswered_search()
        self.lang = self.default_language
        self.text_scale = 1.0
        self.palette = theme.NORMAL
        self.reach_low = False
        self.stop_speaking()
        if getattr(self, "still_there", None) is not None and self.asking:
            self.still_there.dismiss()
        for modal in (getattr(self, "pin_pad", None), getattr(self, "test_pattern", None)):
            if modal is not None and modal.parent is not None:
                modal.dismiss(animation=False)
        self.asking = False
        self.category_id = ""
        self.offer_id = ""
        for screen in self.manager.screens:
            if hasattr(screen, "reset"):
                screen.reset()
        widgets.OfferRow.forget_all()  # after the lists' resets: no row shows data now
        self.manager.current = "attract"
