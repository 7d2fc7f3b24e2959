"""Log-in, log-out and the account's own settings (password, language of the editor)."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from kiosk.editor import accounts
from kiosk.editor.app import UI_LANGUAGES, editor, log

blueprint = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only a path on this site: never send someone elsewhere after logging in."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("home.index")


@blueprint.route("/login", methods=["GET", "POST"])
def login():
    message = ""
    if request.method == "POST":
        settings = editor("settings")
        name = request.form.get("name", "").strip().lower()
        result = accounts.authenticate(g.db, name, request.form.get("password", ""), failures=settings.lockout_failures,
                                       minutes=settings.lockout_minutes)
        if result.user is not None:
            session.clear()
            login_user(result.user)
            log("login", name)
            return redirect(_safe_next(request.args.get("next")))
        log("login-failed", name, "account locked" if result.locked_now else result.message)
        message = result.message
        current_app.logger.info("failed log-in for %r", name)
    return render_template("login.html", message=message), (401 if message else 200)


@blueprint.route("/logout", methods=["POST"])
@login_required
def logout():
    log("logout", current_user.name)
    logout_user()
    session.clear()
    return redirect(url_for("auth.login"))


@blueprint.route("/konto", methods=["GET", "POST"])
@login_required
def account():
    problems = {}
    if request.method == "POST":
        if request.form.get("action") == "language":
            lang = request.form.get("ui_language", "de")
            if lang in UI_LANGUAGES:
                accounts.set_ui_language(g.db, current_user.name, lang)
                log("account-language", current_user.name, lang)
            return redirect(url_for("auth.account"))
        old, new = request.form.get("old_password", ""), request.form.get("new_password", "")
        if accounts.authenticate(g.db, current_user.name, old).user is None:
            problems["old_password"] = "Das bisherige Passwort stimmt nicht."
        problems.update(accounts.check_new(current_user.name, new, current_user.role, current_user.languages,
                                           current_user.organisation))  # fmt: skip
        if "password" in problems:
            problems["new_password"] = problems.pop("password")
        if not problems:
            accounts.set_password(g.db, current_user.name, new)
            log("account-password", current_user.name)
            flash("Ihr Passwort ist geändert.")
            return redirect(url_for("auth.account"))
    return render_template("account.html", problems=problems), (422 if problems else 200)
