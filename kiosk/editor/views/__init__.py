"""The editor's pages, one blueprint a module: auth, home, offers, texts, history, previews, publish, accounts."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    from kiosk.editor.views import accounts, auth, history, home, offers, previews, publish, texts

    for module in (auth, home, offers, texts, history, previews, publish, accounts):
        app.register_blueprint(module.blueprint)
