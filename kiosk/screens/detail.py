"""One offer in full: what, when, where, whom to call."""

from __future__ import annotations

from kivy.app import App
from kivy.clock import Clock
from kivy.factory import Factory
from kivy.lang import Builder
from kivy.properties import ListProperty, StringProperty
from kivy.uix.screenmanager import Screen

from kiosk import i18n, paths, schedule
from kiosk.content import Offer
from kiosk.icons import ATTRIBUTE_ICONS
from kiosk.pages import calendar, urls, vcard
from kiosk.widgets import InfoRow, clear_properties, is_shown

# The labels that show an offer's own texts: id in detail.kv (= the text property) -> property of its
# direction hint (None: the label's own, fixed in detail.kv).
LINE_FIELDS = {
    "title": "title_direction", "fallback_note": None, "summary": "summary_direction", "when": None,
    "hours": None, "address": None, "phone": None, "email": None, "website": None, "contacts": None,
    "cost": "cost_direction", "languages": None, "organiser": None, "description_note": None,
    "description": "description_direction",
}  # fmt: skip


class DetailScreen(Screen):
    category = StringProperty("")
    title = StringProperty("")
    summary = StringProperty("")
    description = StringProperty("")
    when = StringProperty("")
    hours = StringProperty("")
    address = StringProperty("")
    phone = StringProperty("")
    email = StringProperty("")
    website = StringProperty("")
    contacts = StringProperty("")
    cost = StringProperty("")
    languages = StringProperty("")
    organiser = StringProperty("")
    fallback_note = StringProperty("")
    description_note = StringProperty("")
    title_direction = StringProperty("")
    summary_direction = StringProperty("")
    description_direction = StringProperty("")
    cost_direction = StringProperty("")
    pictograms = ListProperty([])  # [(icon name, label)]
    qr_mode = StringProperty("page")  # what the QR code opens: page, contact, date or route
    qr_modes = ListProperty(["page"])  # the kinds this offer has
    qr_data = StringProperty("")

    def __init__(self, **kwargs):
        self._pool: list = []
        self._qr_targets: dict[str, str] = {}
        super().__init__(**kwargs)

    def on_kv_post(self, _base) -> None:
        app = App.get_running_app()
        self._refresh = Clock.create_trigger(self.refresh_if_shown)
        app.bind(lang=self._refresh, offer_id=self._refresh)

    def reset(self) -> None:
        """Nothing of the visitor stays: the last offer is not shown (and its text textures, a few MB
        for a long description, are freed: memory at rest does not depend on what was read last)."""
        clear_properties(self, DetailScreen)
        self._qr_targets = {}

    def on_pre_enter(self, *_args) -> None:
        self._refresh.cancel()  # open_offer has just pulled the trigger: one refresh is enough
        self.refresh()
        self.ids.scroll.scroll_y = 1

    def refresh_if_shown(self, *_args) -> None:
        if is_shown(self):
            self.refresh()

    def refresh(self, *_args) -> None:
        app = App.get_running_app()
        offer = app.catalog.offers.get(app.offer_id)
        if offer is None:
            return
        self.show(offer, app.lang, app.tr)

    def show(self, offer: Offer, lang: str, tr) -> None:
        app = App.get_running_app()
        for name, value in self.texts(offer, lang, tr).items():
            setattr(self, name, value)
        self.pictograms = [(ATTRIBUTE_ICONS[a], tr(i18n.ATTRIBUTE_LABELS[a])) for a in offer.attributes if a]
        self._qr_targets = self.qr_targets(app.catalog.site, offer, lang)
        self.qr_modes = list(self._qr_targets)
        self.show_qr("page")

    @staticmethod
    def texts(offer: Offer, lang: str, tr) -> dict[str, str]:
        """What the screen's text properties are for ``offer`` in ``lang`` (property name -> value)."""
        app = App.get_running_app()
        category = app.catalog.category(offer.category)
        texts = {"category": category.title.get(lang) if category else ""}
        texts["title"], title_lang = offer.title.resolve(lang)
        texts["title_direction"] = i18n.text_direction(title_lang)
        texts["summary"], summary_lang = offer.summary.resolve(lang)
        texts["summary_direction"] = i18n.text_direction(summary_lang)
        texts["description"], description_lang = offer.description.resolve(lang)
        texts["description_direction"] = i18n.text_direction(description_lang)
        texts["fallback_note"] = i18n.fallback_note(title_lang, lang)
        texts["description_note"] = i18n.fallback_note(description_lang, lang) if texts["description"] else ""
        when = [schedule.describe_rule(rule, lang, tr) for rule in offer.dates if rule.date or rule.repeat]
        if offer.when:
            when.insert(0, offer.when.get(lang))
        texts["when"] = "\n".join(dict.fromkeys(when))
        texts["hours"] = "\n".join(schedule.describe_hours(offer.opening_hours, lang))
        address = offer.address.lines() if offer.address else []
        if offer.address and offer.address.district:
            address.append(offer.address.district)
        texts["address"] = "\n".join(address)
        texts["phone"] = "\n".join(offer.phones())
        texts["email"] = "\n".join(offer.emails())
        texts["website"] = offer.website
        texts["contacts"] = "\n".join(
            f"{contact.name} ({contact.role.get(lang)})" if contact.role and contact.name else contact.name
            for contact in offer.contacts
            if contact.name
        )
        texts["cost"], cost_lang = offer.cost.resolve(lang)
        texts["cost_direction"] = i18n.text_direction(cost_lang)
        texts["languages"] = ", ".join(i18n.native_name(code) for code in offer.languages_spoken)
        texts["organiser"] = offer.organiser
        return texts

    def prepare_lines(self, offer: Offer, lang: str, tr) -> bool:
        """Break the texts of ``offer`` into lines as this screen's labels will show them (kiosk.idle, before
        the visitor opens it: the lines are cached by ``visual_text``). False while the screen has not been
        laid out to its size (before its first visitor): the widths are not known yet."""
        if self.manager is not None and self.size != self.manager.size:
            self.size = self.manager.size  # laid out by the next frame, hidden as it is
            return False
        texts = self.texts(offer, lang, tr)
        for name, hint in LINE_FIELDS.items():
            label = self.ids[name]
            if isinstance(label, InfoRow):
                label = label.ids.text_label
            label.prepare(texts[name], texts[hint] if hint else label.direction_hint)
        return True

    @staticmethod
    def qr_targets(site, offer: Offer, lang: str) -> dict[str, str]:
        """What the QR code can open for this offer, in the visitor's language."""
        targets = {"page": urls.page_url(site, offer.id, lang)}
        if vcard.has_contact(offer):
            targets["contact"] = urls.contact_url(site, offer.id, lang)
        if calendar.has_calendar(offer):
            targets["date"] = urls.calendar_url(site, offer.id, lang)
        if offer.address and (offer.address.street or offer.address.lat is not None):
            targets["route"] = urls.route_url(offer.address)
        return targets

    def show_qr(self, mode: str) -> None:
        if mode in self._qr_targets:
            self.qr_mode = mode
            self.qr_data = self._qr_targets[mode]

    def on_pictograms(self, _screen, pictograms) -> None:
        # Few pictograms per offer; a small pool is reused so browsing for hours does not grow memory.
        holder = self.ids.pictograms
        while len(self._pool) < len(pictograms):
            self._pool.append(Factory.Pictogram())
        holder.clear_widgets()
        for widget, (icon, text) in zip(self._pool, pictograms, strict=False):
            widget.icon, widget.text = icon, text
            holder.add_widget(widget)


Builder.load_file(str(paths.SCREENS / "detail.kv"))
