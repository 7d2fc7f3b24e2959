"""Infopoint Flensburg: a multilingual touch-screen kiosk for the city's offers."""

__version__ = "0.1.0"
