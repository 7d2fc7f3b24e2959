"""The offers of one category, in a RecycleView so long lists reuse their rows."""

from __future__ import annotations

from kivy.app import App
from kivy.clock import Clock
from kivy.lang import Builder
from kivy.properties import StringProperty
from kivy.uix.screenmanager import Screen

from kiosk import i18n, icons, paths, theme
from kiosk.widgets import OfferRow, Para, text_height


def _scroll_position(heights: list[float], index: int, viewport: float) -> float:
    """scroll_y that brings row ``index`` to the top of the viewport (1 = top of the list)."""
    total = sum(heights)
    if total <= viewport:
        return 1.0
    return max(0.0, min(1.0, 1 - sum(heights[:index]) / (total - viewport)))


class ListScreen(Screen):
    title = StringProperty("")

    def on_kv_post(self, _base) -> None:
        app = App.get_running_app()
        self._refresh = Clock.create_trigger(self.refresh)
        app.bind(lang=self._refresh, category_id=self._refresh)
        self.ids.offers.bind(width=self._refresh)

    def on_pre_enter(self, *_args) -> None:
        self.refresh()

    def refresh(self, *_args) -> None:
        app = App.get_running_app()
        category = app.catalog.category(app.category_id)
        if category is None:
            self.title, self.ids.offers.data = "", []
            return
        self.title = category.title.get(app.lang)
        u = app.u
        text_width = self.ids.offers.width - u * (2 * 24 + OfferRow.CHROME_WIDTH + 2 * Para.PAD)
        rows = []
        for offer in app.catalog.offers_in(category.id, app.lang, app.today()):
            (title, title_lang), summary = offer.title.resolve(app.lang), offer.summary.get(app.lang)
            height = (
                text_height(title, u * theme.FONT_LEAD, text_width, bold=True)
                + text_height(summary, u * theme.FONT_SMALL, text_width)
                + u * OfferRow.CHROME_HEIGHT
            )
            rows.append({"offer_id": offer.id, "icon": icons.KIND_ICONS.get(offer.kind, category.icon),
                         "title": title, "summary": summary, "height": max(height, u * 200),
                         "direction": "rtl" if i18n.is_rtl(title_lang) else "ltr"})  # fmt: skip
        self.ids.offers.data = rows
        self.ids.offers.scroll_y = 1
        self.ids.empty.opacity = 0 if self.ids.offers.data else 1


    def scroll_to(self, offer_id: str) -> None:
        """Bring one offer's row into view (a preview of a given offer, or coming back to it)."""
        view = self.ids.offers
        ids = [row["offer_id"] for row in view.data]
        if offer_id in ids:
            heights = [row["height"] for row in view.data]
            view.scroll_y = _scroll_position(heights, ids.index(offer_id), view.height)


Builder.load_file(str(paths.SCREENS / "list.kv"))
