"""Contact cards (.vcf) for offers with a phone number, e-mail or address."""

from __future__ import annotations

import vobject

from kiosk.content import Offer
from kiosk.pages.urls import dial


def has_contact(offer: Offer) -> bool:
    return bool(offer.phones() or offer.emails() or offer.address)


def build(offer: Offer, lang: str, url: str) -> bytes:
    card = vobject.vCard()
    card.add("fn").value = offer.title.get(lang)
    card.add("n").value = vobject.vcard.Name(family=offer.title.get(lang))
    card.add("org").value = [offer.organiser or offer.title.get(lang)]
    for phone in offer.phones():
        entry = card.add("tel")
        entry.value = dial(phone).removeprefix("tel:")
        entry.type_param = "WORK"
    for email in offer.emails():
        entry = card.add("email")
        entry.value = email
        entry.type_param = "INTERNET"
    if offer.address:
        card.add("adr").value = vobject.vcard.Address(street=offer.address.street, city=offer.address.city,
                                                      code=offer.address.postcode, country="Deutschland")  # fmt: skip
    card.add("url").value = offer.website or url
    card.add("note").value = offer.summary.get(lang)
    return card.serialize().encode("utf-8")
