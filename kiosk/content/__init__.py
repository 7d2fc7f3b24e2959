"""Content model, YAML loading and validation. Imports no Kivy."""

from kiosk.content.catalog import Catalog, load_catalog
from kiosk.content.model import Address, Announcement, Category, Contact, DateRule, Offer, OpeningSlot, Site, Text
from kiosk.content.problems import Problem

__all__ = [
    "Address",
    "Announcement",
    "Catalog",
    "Category",
    "Contact",
    "DateRule",
    "Offer",
    "OpeningSlot",
    "Problem",
    "Site",
    "Text",
    "load_catalog",
]
