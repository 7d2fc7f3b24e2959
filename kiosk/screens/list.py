"""The offers of one category, in a RecycleView so long lists reuse their rows."""

from __future__ import annotations

from kivy.app import App
from kivy.clock import Clock
from kivy.lang import Builder
from kivy.properties import BooleanProperty, ListProperty, StringProperty
from kivy.uix.screenmanager import Screen

from kiosk import i18n, icons, paths, theme
from kiosk.i18n import N_
from kiosk.idle import FRAME
from kiosk.search import filters
from kiosk.widgets import (
    WRAP_SLACK,
    BidiLabel,
    OfferRow,
    Para,
    Pressable,
    QRCode,
    is_shown,
    text_height,
    visual_text,
)


def _scroll_position(heights: list[float], index: int, viewport: float) -> float:
    """scroll_y that brings row ``index`` to the top of the viewport (1 = top of the list)."""
    total = sum(heights)
    if total <= viewport:
        return 1.0
    return max(0.0, min(1.0, 1 - sum(heights[:index]) / (total - viewport)))


def set_scroll(view, scroll_y: float) -> None:
    """Jump to a position; a kinetic scroll still running would otherwise carry the view away."""
    view.effect_y.velocity = 0
    view.scroll_y = scroll_y
    view.effect_y.value = view.effect_y.min + (view.effect_y.max - view.effect_y.min) * scroll_y


def text_width(app, view_width: float) -> float:
    """The width of a row's texts (the Paras' width inside their padding)."""
    return view_width - app.u * (2 * 24 + OfferRow.CHROME_WIDTH + 2 * Para.PAD)


def draw_row_texts(app, row: dict, view_width: float) -> None:
    """Break a row's title and summary (``offer_rows`` data) into lines as its Paras will (cached by visual_text)."""
    default, inner = ("R" if row["direction"] == "rtl" else "L"), max(text_width(app, view_width), 1) * WRAP_SLACK
    visual_text(row["title"], inner, app.fs * theme.FONT_LEAD, True, default, True)
    visual_text(row["summary"], inner, app.fs * theme.FONT_SMALL, False, default, True)


def offer_rows(app, offers, view_width: float, fallback_icon: str = "map-marker", heights: dict | None = None,
               lang: str | None = None) -> list[dict]:  # fmt: skip
    """RecycleView data for offer rows, each as tall as its title and summary need.

    ``heights`` (offer id -> row height, for this language and width) is used and filled: a row
    measured once is not measured again.
    """
    u, lang = app.u, lang or app.lang
    inner_width = text_width(app, view_width)
    rows = []
    for offer in offers:
        (title, title_lang), summary = offer.title.resolve(lang), offer.summary.get(lang)
        height = heights.get(offer.id) if heights is not None else None
        if height is None:
            height = max(
                text_height(title, app.fs * theme.FONT_LEAD, inner_width, bold=True)
                + text_height(summary, app.fs * theme.FONT_SMALL, inner_width)
                + u * OfferRow.CHROME_HEIGHT,
                u * 200,
            )
            if heights is not None:
                heights[offer.id] = height
        rows.append({"offer_id": offer.id, "icon": icons.KIND_ICONS.get(offer.kind, fallback_icon),
                     "title": title, "summary": summary, "height": height,
                     "direction": i18n.text_direction(title_lang)})  # fmt: skip
    return rows


ROWS_IN_VIEW = 10  # rows a list shows at once on a 1080x1920 portrait screen, at most
ROW_VIEWS = ROWS_IN_VIEW + 2  # row views a list may need at once: those in view and one cut at each end


def _prepare_offers(app, offer_ids):
    """What opening one of ``offer_ids`` needs: its QR code and the lines of its texts on the detail screen."""
    from kiosk.screens.detail import DetailScreen

    site, lang = app.catalog.site, app.lang
    detail = app.manager.get_screen("detail") if app.manager.has_screen("detail") else None
    for offer_id in offer_ids:
        offer = app.catalog.offers.get(offer_id)
        if offer is None:
            continue
        QRCode.texture_for(DetailScreen.qr_targets(site, offer, lang)["page"])
        yield
        for _attempt in range(3):  # a detail screen never shown yet is laid out to its size first
            if detail is None or detail.prepare_lines(offer, lang, app.tr):
                break
            yield FRAME
        yield


FILTER_LABELS = {
    "today": N_("Today"), "week": N_("This week"), "open": N_("Open now"), "language": N_("In my language"),
    "free": N_("Free of charge"), "wheelchair": N_("Wheelchair accessible"), "near": N_("Near this kiosk"),
}  # fmt: skip


class FilterChip(Pressable, BidiLabel):
    name = StringProperty("")
    active = BooleanProperty(False)


class ListScreen(Screen):
    title = StringProperty("")
    active_filters = ListProperty([])
    _rows: dict = {}  # prepared rows of the unfiltered lists (kiosk.idle), by _rows_key
    _heights: dict = {}  # lang -> {offer id: row height} for _heights_for (kiosk.idle fills it)
    _heights_catalog = None  # the catalogue the heights are for
    _heights_for: tuple = ()  # and its font scale, unit and list width

    def on_kv_post(self, _base) -> None:
        app = App.get_running_app()
        self._refresh = Clock.create_trigger(self.refresh_if_shown)
        app.bind(lang=self._refresh, category_id=self._refresh, fs=self._refresh)
        self.bind(active_filters=self._refresh)
        self.ids.offers.bind(width=self._refresh)  # row heights depend on the width
        self._prepare = Clock.create_trigger(self.prepare)
        app.bind(lang=self._prepare, fs=self._prepare, u=self._prepare)
        self._prepare()  # on the attract screen, before the first visitor
        config = app.kiosk_config
        for name in filters.FILTERS:
            if name == "near" and not (config.district or config.coordinates):
                continue  # a kiosk that does not know where it stands cannot say what is near
            chip = FilterChip(name=name)
            chip.bind(on_release=lambda chip: self.toggle_filter(chip.name))
            self.ids.filters.add_widget(chip)

    def toggle_filter(self, name: str) -> None:
        active = list(self.active_filters)
        active.remove(name) if name in active else active.append(name)
        self.active_filters = active

    def reset(self) -> None:
        """The next visitor starts with no filters, at the top of every list."""
        self.active_filters = []
        self._shown_category = None
        self.ids.offers.data = []  # its rows go to Kivy's cache of views, emptied by the app's reset

    def on_pre_enter(self, *_args) -> None:
        self._refresh.cancel()  # open_category has just pulled the trigger: one refresh is enough
        self.refresh()

    def refresh_if_shown(self, *_args) -> None:
        """A hidden list is refreshed when it is entered, not on every change of language or size."""
        if is_shown(self):
            self.refresh()

    def refresh(self, *_args) -> None:
        app = App.get_running_app()
        category = app.catalog.category(app.category_id)
        if category is None:
            self.title, self.ids.offers.data = "", []
            return
        self.title = category.title.get(app.lang)
        self.label_chips(app)
        width = self.view_width()
        rows = self._rows.get(self._rows_key(app, category.id, width)) if not self.active_filters else None
        if rows is None:
            offers = app.catalog.offers_in(category.id, app.lang, app.today())
            config = app.kiosk_config
            lat, lon = config.coordinates or (None, None)
            place = filters.Place(config.district, lat, lon)
            offers = filters.apply(offers, set(self.active_filters), app.lang, place, app.catalog.site.timezone)
            rows = offer_rows(app, offers, width, category.icon, self.heights(app.catalog, app.lang, width))
        self.ids.offers.data = rows
        if category.id != getattr(self, "_shown_category", None):  # a new list starts at the top
            set_scroll(self.ids.offers, 1)
            self._shown_category = category.id
        self.ids.empty.opacity = 0 if self.ids.offers.data else 1
        self.prepare_codes()

    def label_chips(self, app) -> None:
        for chip in self.ids.filters.children:
            chip.logical = app.tr(FILTER_LABELS[chip.name])
            chip.active = chip.name in self.active_filters

    def _make_row_views(self):
        """Row views for a screenful of rows, made before the first list needs them (a new row costs a few
        milliseconds of kv rules). They wait in Kivy's cache of views, where every list's rows come from."""
        from kivy.uix.recycleview import views

        cls, adapter = self.ids.offers.viewclass, self.ids.offers.view_adapter
        while len(views._cached_views[cls]) + len(adapter.views) + len(adapter.dirty_views[cls]) < ROW_VIEWS:
            views._cached_views[cls].append(cls())
            views._cache_count += 1  # Kivy's count of cached views, by which it trims the cache
            yield

    def _prepare_chips(self, app):
        """The filter chips in the visitor's language, laid out and drawn into their textures before the list
        is opened (the same for every list)."""
        self.label_chips(app)
        yield FRAME  # Kivy lays them out and renders their texts before the next frame
        for chip in self.ids.filters.children:
            if chip.texture is not None:
                chip.texture.bind()  # fills the texture now, not when the list is first drawn
                yield

    def rebuild(self) -> None:
        """New content: its rows are measured before a visitor opens a list."""
        self._prepare()

    def prepare(self, *_args) -> None:
        """Measure the rows of every list in the visitor's language between taps (kiosk.idle)."""
        app = App.get_running_app()
        app.idle.put("list row views", self._make_row_views())
        app.idle.put("list chips", self._prepare_chips(app))
        app.idle.put("list rows", self._measure_rows(app, app.catalog, app.lang))

    def view_width(self) -> float:
        """The list spans the screen; a list never shown yet has not been laid out to its size."""
        return self.manager.width if self.manager else self.ids.offers.width

    @staticmethod
    def _rows_key(app, category_id: str, width: float) -> tuple:
        return (id(app.catalog), category_id, app.lang, app.fs, app.u, round(width, 2), app.today())

    def heights(self, catalog, lang: str, width: float) -> dict:
        """Row heights already measured in ``lang`` (offer id -> height), emptied when the catalogue,
        the text size or the list's width changed."""
        app = App.get_running_app()
        context = (app.fs, app.u, round(width, 2))
        if catalog is not self._heights_catalog or context != self._heights_for:
            self._heights_catalog, self._heights_for, self._heights = catalog, context, {}
        return self._heights.setdefault(lang, {})

    def _measure_rows(self, app, catalog, lang):
        """The visitor's language first: every list's rows, and the lines of the rows in view. Then the
        row heights in the other languages, so the next visitor's first list is ready too."""
        width = self.view_width()
        self._rows = {}  # the lists of one language, content, size and day: the visitor's
        for category in catalog.categories:
            heights, rows = self.heights(catalog, lang, width), []
            for number, offer in enumerate(catalog.offers_in(category.id, lang, app.today())):
                measured = offer.id in heights
                rows.append(row := offer_rows(app, (offer,), width, category.icon, heights, lang)[0])
                if number < ROWS_IN_VIEW:  # the rows a list shows when it opens: their lines too
                    draw_row_texts(app, row, width)
                    yield
                elif not measured:
                    yield
            if catalog is app.catalog and lang == app.lang:
                self._rows[self._rows_key(app, category.id, width)] = rows
        for other in app.languages:
            heights = self.heights(catalog, other, width)
            for offer in catalog.offers.values():
                if offer.id not in heights:
                    offer_rows(app, (offer,), width, "", heights, other)
                    yield

    def prepare_codes(self, *_args) -> None:
        """The QR codes and detail lines of the offers in view, made before one of them is opened."""
        app = App.get_running_app()
        rows = [row["offer_id"] for row in self.ids.offers.data[:ROWS_IN_VIEW]]
        app.idle.put("list codes", _prepare_offers(app, rows))

    def scroll_to(self, offer_id: str) -> None:
        """Bring one offer's row into view (a preview of a given offer, or coming back to it)."""
        view = self.ids.offers
        ids = [row["offer_id"] for row in view.data]
        if offer_id in ids:
            heights = [row["height"] for row in view.data]
            set_scroll(view, _scroll_position(heights, ids.index(offer_id), view.height))


Builder.load_file(str(paths.SCREENS / "list.kv"))
