"""Accounts (for the administration) and the audit log."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from kiosk.editor import accounts as store
from kiosk.editor import database
from kiosk.editor.app import editor, log

blueprint = Blueprint("accounts", __name__)


def _admin_only():
    if not current_user.is_admin:
        abort(403)


@blueprint.route("/konten")
@login_required
def index():
    _admin_only()
    return render_template("accounts.html", users=store.every(g.db), roles=store.ROLES)


@blueprint.route("/konten/<name>", methods=["GET", "POST"])
@login_required
def edit(name: str):
    _admin_only()
    new = name == "neu"
    user = None if new else store.get(g.db, name)
    if user is None and not new:
        abort(404)
    languages = editor("workspace").languages()
    problems, form = {}, request.form
    if request.method == "POST":
        chosen = tuple(lang for lang in form.getlist("languages") if lang in languages)
        login_name = form.get("name", "").strip().lower() if new else name
        password = form.get("password", "")
        problems = store.check_new(login_name, password if (new or password) else None, form.get("role", ""),
                                   chosen, form.get("organisation", ""))  # fmt: skip
        if new and not problems and store.get(g.db, login_name):
            problems["name"] = "Diesen Anmeldenamen gibt es schon."
        if not new and name == current_user.name and (form.get("role") != "admin" or not form.get("active")):
            problems["role"] = "Sie können sich nicht selbst die Administration oder das Konto entziehen."
        if not problems:
            display = form.get("display_name", "").strip() or login_name
            if new:
                store.create(g.db, login_name, display, password, form["role"], form.get("organisation", ""), chosen)
                log("account-create", login_name, f"role {form['role']}")
            else:
                store.update(g.db, name, display_name=display, role=form["role"],
                             organisation=form.get("organisation", ""), languages=chosen,
                             active=bool(form.get("active")))  # fmt: skip
                if password:
                    store.set_password(g.db, name, password)
                log("account-change", name, f"role {form['role']}, active {bool(form.get('active'))}"
                    + (", new password" if password else ""))  # fmt: skip
            flash("Gespeichert.")
            return redirect(url_for("accounts.index"))
    return render_template("account_form.html", user=user, new=new, roles=store.ROLES, languages=languages,
                           problems=problems, form=form), (422 if problems else 200)  # fmt: skip


@blueprint.route("/protokoll")
@login_required
def audit():
    _admin_only()
    rows = database.audit_log(g.db, limit=500, user=request.args.get("user", ""), action=request.args.get("action", ""))
    return render_template("audit.html", rows=rows, args=request.args)
