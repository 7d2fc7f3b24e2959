"""Search across all languages, filters for lists. Imports no Kivy."""

from kiosk.search.index import Hit, SearchIndex

__all__ = ["Hit", "SearchIndex"]
