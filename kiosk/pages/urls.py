"""The public addresses of phone pages, shared by the publisher and the kiosk's QR codes."""

from __future__ import annotations

import re
from urllib.parse import quote_plus

from kiosk.content import Address, Site


def page_path(offer_id: str, lang: str) -> str:
    return f"o/{offer_id}/{lang}/"


def page_url(site: Site, offer_id: str, lang: str) -> str:
    """The shortest stable address of an offer's page in one language."""
    return f"{site.public_url}/{page_path(offer_id, lang)}"


def calendar_url(site: Site, offer_id: str, lang: str) -> str:
    return f"{page_url(site, offer_id, lang)}{offer_id}.ics"


def contact_url(site: Site, offer_id: str, lang: str) -> str:
    return f"{page_url(site, offer_id, lang)}{offer_id}.vcf"



def route_url(address: Address) -> str:
    """OpenStreetMap for the address: coordinates when known, else a search for the address."""
    if address.lat is not None and address.lon is not None:
        return f"https://www.openstreetmap.org/?mlat={address.lat:.5f}&mlon={address.lon:.5f}#map=18/{address.lat:.5f}/{address.lon:.5f}"
    query = ", ".join(part for part in (address.street, f"{address.postcode} {address.city}".strip()) if part)
    return f"https://www.openstreetmap.org/search?query={quote_plus(query)}"


def dial(phone: str, country_code: str = "49") -> str:
    """A tel: link that dials ``phone`` as printed in Germany: '0461 - 85 11 88' -> 'tel:+49461851188'."""
    digits = re.sub(r"[^\d+]", "", phone)
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    elif digits.startswith("0"):
        digits = f"+{country_code}{digits[1:]}"
    return f"tel:{digits}"
