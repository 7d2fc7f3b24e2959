"""The editor's Flask application: sessions (Flask-Login), CSRF (Flask-WTF), German and English (Flask-Babel).

Every request gets its own SQLite connection (``g.db``). Everything that refuses a request (a
forged or replayed form, a missing right, an oversized upload) says why in a page and writes a
line in the audit log; nothing that was saved before is touched.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from pathlib import Path

from flask import Flask, abort, g, render_template, request, session
from flask_babel import Babel, gettext
from flask_login import LoginManager, current_user
from flask_wtf.csrf import CSRFError, CSRFProtect
from markupsafe import Markup

from kiosk import i18n
from kiosk.editor import accounts, database
from kiosk.editor.history import History
from kiosk.editor.settings import Settings
from kiosk.editor.workspace import Workspace

HERE = Path(__file__).resolve().parent
UI_LANGUAGES = {"de": "Deutsch", "en": "English"}
NONCE_FIELD = "nonce"


def create_app(settings: Settings) -> Flask:
    app = Flask("kiosk.editor", template_folder=str(HERE / "templates"), static_folder=str(HERE / "static"))
    app.config.update(
        SECRET_KEY=settings.secret_key(),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_NAME="infopoint_editor",
        MAX_CONTENT_LENGTH=settings.max_upload,
        WTF_CSRF_TIME_LIMIT=12 * 3600,  # a working day: a long form must still save in the afternoon
        BABEL_DEFAULT_LOCALE="de",
        BABEL_TRANSLATION_DIRECTORIES=str(HERE / "translations"),
        BABEL_DOMAIN="editor",
        TEMPLATES_AUTO_RELOAD=False,
    )
    database.create(settings.database)
    history = History(settings.content, settings.git_dir)
    history.ensure()
    app.extensions["editor"] = {"settings": settings, "history": history,
                                "workspace": Workspace(settings.content, history)}  # fmt: skip

    Babel(app, locale_selector=_locale)
    login = LoginManager(app)
    login.login_view = "auth.login"
    login.login_message = "Bitte melden Sie sich an."
    login.session_protection = "strong"
    login.user_loader(lambda name: _active_user(name))

    @app.before_request
    def _open_db():
        g.db = database.connect(settings.database)

    @app.teardown_request
    def _close_db(_error=None):
        db = g.pop("db", None)
        if db is not None:
            db.close()

    CSRFProtect(app)  # after the database opens (a refusal is audited), before the replay check

    @app.before_request
    def _refuse_replays():
        if request.method == "POST" and request.endpoint not in ("auth.login",):
            nonce = request.form.get(NONCE_FIELD, "")
            if not nonce or not database.use_nonce(g.db, nonce):
                log("refused", request.path, "a form sent twice or without its nonce (replayed)")
                abort(409)

    @app.after_request
    def _headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Content-Security-Policy",
                                    "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                                    "frame-ancestors 'self'; form-action 'self'")  # fmt: skip
        return response

    @app.errorhandler(CSRFError)
    def _csrf(error):
        log("refused", request.path, f"CSRF: {error.description}")
        return _error_page(400, "Dieses Formular kommt nicht von diesem Editor oder ist abgelaufen. "
                                "Es wurde nichts gespeichert. Bitte öffnen Sie die Seite neu.")  # fmt: skip

    @app.errorhandler(403)
    def _forbidden(_error):
        log("refused", request.path, "no right to this page")
        return _error_page(403, "Dafür hat Ihr Konto keine Berechtigung. Es wurde nichts geändert.")

    @app.errorhandler(404)
    def _missing(_error):
        return _error_page(404, "Diese Seite gibt es nicht.")

    @app.errorhandler(409)
    def _replayed(_error):
        return _error_page(409, "Dieses Formular wurde schon einmal abgeschickt. Es wurde nichts doppelt "
                                "gespeichert. Bitte öffnen Sie die Seite neu.")  # fmt: skip

    @app.errorhandler(413)
    def _too_large(_error):
        log("refused", request.path, f"upload over {settings.max_upload} bytes")
        limit = settings.max_upload // (1024 * 1024)
        return _error_page(413, f"Die Datei ist zu groß (höchstens {limit} MB). Es wurde nichts gespeichert.")

    @app.context_processor
    def _helpers():
        return {"nonce_field": nonce_field, "native_name": i18n.native_name, "ui_languages": UI_LANGUAGES,
                "rtl": lambda lang: lang.split("-")[0] in i18n.RTL_LANGUAGES, "settings": settings}  # fmt: skip

    app.add_template_filter(anchor)
    app.add_template_test(lambda value, prefix: str(value).startswith(prefix), "startswith")
    app.add_template_filter(_datetime, "datetime")

    from kiosk.editor.views import register

    register(app)
    # Templates compiled now, not in a person's first request (the offer form takes ~170 ms to compile).
    for name in app.jinja_env.list_templates(filter_func=lambda name: name.endswith(".html")):
        app.jinja_env.get_template(name)
    return app


def anchor(name: str) -> str:
    """The id of a field's element, from its dotted name (``contacts.0.role.ar`` -> ``f-contacts-0-role-ar``)."""
    return "f-" + re.sub(r"[^a-z0-9]+", "-", str(name).lower()).strip("-")


def _datetime(value) -> str:
    if isinstance(value, (int, float)):
        value = dt.datetime.fromtimestamp(value).astimezone()
    return value.strftime("%d.%m.%Y %H:%M") if value else "—"


def _locale() -> str:
    if current_user and current_user.is_authenticated:
        return current_user.ui_language
    return session.get("ui_language") or request.accept_languages.best_match(list(UI_LANGUAGES)) or "de"


def _active_user(name: str):
    db = g.get("db")
    user = accounts.get(db, name) if db is not None else None
    return user if user is not None and user.active else None


def _error_page(status: int, message: str):
    return render_template("error.html", status=status, message=gettext(message)), status


def nonce_field() -> Markup:
    """A hidden field that makes each rendered form usable once (replayed forms are refused)."""
    return Markup(f'<input type="hidden" name="{NONCE_FIELD}" value="{secrets.token_urlsafe(16)}">')


def editor(name: str):
    from flask import current_app

    return current_app.extensions["editor"][name]


def log(action: str, target: str = "", detail: str = "") -> None:
    if current_user and current_user.is_authenticated:
        user = current_user.name
    else:  # a log-in attempt: the name as typed, marked as not known to be anyone
        typed = request.form.get("name", "")[:40]
        user = f"?{typed}" if typed else "-"
    database.audit(g.db, user, action, target, detail, request.remote_addr or "")


def author() -> tuple[str, str]:
    return current_user.display_name, current_user.email
