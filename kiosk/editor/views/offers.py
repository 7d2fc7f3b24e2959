"""Offers: the list with filters, the form (every field, each text beside the German), saving."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from kiosk.content import fields
from kiosk.editor import database, offerform
from kiosk.editor.app import author, editor, log
from kiosk.editor.problems_de import german
from kiosk.editor.translations_state import offer_state
from kiosk.editor.workspace import FieldProblem

blueprint = Blueprint("offers", __name__)
PAGE = 100  # offers a list page shows


def _text(data, key: str, lang: str = "de") -> str:
    value = data.get(key) if isinstance(data, dict) else None
    return str(value.get(lang) or "") if isinstance(value, dict) else ""


@blueprint.route("/angebote")
@login_required
def index():
    workspace = editor("workspace")
    index = workspace.index()
    languages = workspace.languages()
    category, kind = request.args.get("category", ""), request.args.get("kind", "")
    state, lang = request.args.get("state", ""), request.args.get("lang", "")
    problems, query = request.args.get("problems", ""), request.args.get("q", "").strip()
    mine = request.args.get("mine")
    rows = []
    for offer_id, entry in sorted(index.offers.items(), key=lambda item: _text(item[1].data, "title").casefold()):
        data = entry.data if isinstance(entry.data, dict) else {}
        if category and data.get("category") != category or kind and data.get("kind") != kind:
            continue
        if problems == "yes" and not entry.problems or problems == "no" and entry.problems:
            continue
        if lang in languages and state and offer_state(data, lang) != state:
            continue
        if mine and not current_user.owns(data):
            continue
        title = _text(data, "title") or offer_id
        if query and query.casefold() not in f"{title} {data.get('organiser', '')} {offer_id}".casefold():
            continue
        states = {code: offer_state(data, code) for code in languages}
        rows.append({"id": offer_id, "title": title, "data": data, "problems": len(entry.problems), "states": states})
    page = max(1, request.args.get("page", 1, type=int))
    shown = rows[(page - 1) * PAGE: page * PAGE]
    return render_template("offers.html", rows=shown, total=len(rows), page=page, pages=max(1, -(-len(rows) // PAGE)),
                           categories=index.categories, languages=languages, kinds=offerform.KIND_LABELS,
                           args=request.args)  # fmt: skip


def _problems_by_field(problems: list[FieldProblem], data: dict, languages) -> tuple[dict, list]:
    names = offerform.field_names(data, languages)
    by_field: dict[str, list[str]] = {}
    general = []
    for problem in problems:
        name = offerform.field_for(problem.path, names) if problem.file in ("", f"offers/{data.get('id')}.yaml") \
            else ""
        message = german(problem.message)
        if problem.file and not problem.file.startswith("offers/"):
            message = f"{problem.file}: {message}"
        if name:
            by_field.setdefault(name, []).append(message)
        else:
            general.append(message)
    return by_field, general


def _render(data: dict, *, base: str, new: bool, problems=(), conflict=None, extra=None, status=200, draft=None):
    workspace = editor("workspace")
    index = workspace.index()
    languages = workspace.languages()
    by_field, general = _problems_by_field(list(problems), data, languages)
    extra = extra or {}
    rows = {group: len(data.get(group) or []) + offerform.EXTRA_ROWS + extra.get(group, 0)
            for group in ("contacts", "opening_hours", "dates")}  # fmt: skip
    return render_template(
        "offer_form.html", data=data, base=base, new=new, languages=languages, categories=index.categories,
        editable=set(current_user.languages_for(languages, None if new else data)), owns=new or current_user.owns(data),
        by_field=by_field, general=general, conflict=conflict, rows=rows, extra=extra, draft=draft,
        value=lambda name: offerform.form_value(data, name), of=offerform, describe=offerform.describe,
    ), status  # fmt: skip


@blueprint.route("/angebote/neu", methods=["GET", "POST"])
@login_required
def new():
    if not current_user.can_create_offers:
        abort(403)
    if request.method == "GET":
        data = {"organiser": current_user.organisation} if current_user.role == "organisation" else {}
        return _render(data, base="", new=True)
    return _save(None, new=True)


@blueprint.route("/angebote/<offer_id>", methods=["GET", "POST"])
@login_required
def edit(offer_id: str):
    if not fields.SLUG.match(offer_id):
        abort(404)
    data, base = editor("workspace").raw(f"offers/{offer_id}.yaml")
    if data is None:
        abort(404)
    if not isinstance(data, dict):
        data = {"id": offer_id}
    if request.method == "POST":
        if not current_user.may_open(data) or not current_user.can_change_anything:
            abort(403)
        return _save(offer_id, new=False)
    entry = editor("workspace").index().offers.get(offer_id)
    saved_draft = database.draft(g.db, current_user.name, "offer", offer_id)
    if saved_draft and request.args.get("draft") == "1":
        return _render(saved_draft[0], base=base, new=False, draft=saved_draft)
    return _render(data, base=base, new=False, problems=entry.problems if entry else (), draft=saved_draft)


def _save(offer_id: str | None, *, new: bool):
    workspace = editor("workspace")
    languages = workspace.languages()
    rel = f"offers/{offer_id}.yaml" if offer_id else None
    current, current_sha = workspace.raw(rel) if rel else (None, "")
    submitted = offerform.from_form(request.form, languages, current)
    if new:
        offer_id = submitted.get("id") or ""
    if current_user.role == "organisation":  # its field is read-only for an organisation: always its own name
        submitted["organiser"] = current_user.organisation
    owns = new or current_user.owns(current or {})
    data = offerform.restrict(submitted, current, current_user.languages_for(languages, None if new else current),
                              owns)  # fmt: skip
    if owns:
        data["updated"] = dt.date.today()
        data = offerform.order_like(data, current)
    if current_user.role == "organisation" and data.get("organiser") != current_user.organisation:
        abort(403)  # an organisation may not hand an offer to another organiser
    action = request.form.get("action", "save")
    if action.startswith("add:"):
        group = action[4:]
        extra = {g: request.form.get(f"extra.{g}", 0, type=int) for g in ("contacts", "opening_hours", "dates")}
        if group in extra:
            extra[group] += 1
        return _render(data, base=request.form.get("base", ""), new=new, extra=extra)
    if new and not fields.SLUG.match(offer_id):
        problem = FieldProblem(("id",), 1, "Bitte geben Sie eine Kennung aus Kleinbuchstaben, Ziffern und "
                                           "Bindestrichen an, z. B. sprachcafe-muerwik.")  # fmt: skip
        return _render(data, base="", new=True, problems=[problem], status=422)
    rel = f"offers/{offer_id}.yaml"
    if new and workspace.raw(rel)[0] is not None:
        problem = FieldProblem(("id",), 1, f"Ein Angebot mit der Kennung „{offer_id}“ gibt es schon.")
        return _render(data, base="", new=True, problems=[problem], status=422)
    title = _text(data, "title") or offer_id
    message = f"Angebot „{title}“ {'angelegt' if new else 'geändert'} ({offer_id})"
    base = request.form.get("base", "")
    # A conflict page hands out the other version's hash as the new base: saving it again is a deliberate overwrite.
    outcome = workspace.save(rel, data, base, author(), message)
    if outcome.conflict:
        last = editor("history").last(rel)
        log("conflict", rel, f"form opened at {base[:12]}, file now {current_sha[:12]}")
        theirs = workspace.raw(rel)[0] or {}
        database.save_draft(g.db, current_user.name, "offer", offer_id, data)
        return _render(data, base=current_sha, new=new, conflict={"last": last, "theirs": theirs,
                       "diff": _differences(theirs, data)}, status=409)  # fmt: skip
    if not outcome.saved:
        database.save_draft(g.db, current_user.name, "offer", offer_id, data)
        log("save-refused", rel, "; ".join(p.message for p in outcome.problems)[:1000])
        return _render(data, base=base, new=new, problems=outcome.problems, status=422)
    database.drop_draft(g.db, current_user.name, "offer", offer_id)
    log("save", rel, f"revision {outcome.revision or '-'}: {message}")
    flash("Gespeichert." if outcome.revision else "Gespeichert (keine Änderung).")
    return redirect(url_for("offers.edit", offer_id=offer_id))


def _differences(theirs: dict, mine: dict) -> list[tuple[str, str, str]]:
    """(field, their value, my value) for every field that differs, for the conflict notice."""
    found = []

    def walk(prefix: str, a, b):
        if isinstance(a, dict) and isinstance(b, dict):
            for key in dict.fromkeys([*a, *b]):
                walk(f"{prefix}.{key}" if prefix else str(key), a.get(key), b.get(key))
        elif a != b and prefix != "updated":
            found.append((prefix, _show(a), _show(b)))

    walk("", theirs, mine)
    return found


def _show(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, list):
        return "; ".join(_show(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_show(v)}" for k, v in value.items())
    return str(value)
