"""Categories (with their pictograms), the site's texts and the announcements: the files besides the offers."""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import cache

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required

from kiosk import paths
from kiosk.editor.app import author, editor, log
from kiosk.editor.offerform import _clean, _text, merge_texts, order_like
from kiosk.editor.problems_de import german
from kiosk.editor.workspace import FieldProblem

blueprint = Blueprint("texts", __name__)
SITE_TEXTS = {"name": "Name des Angebots (Kopfzeile)", "motto": "Motto (Startbildschirm)",
              "welcome": "Begrüßung (Startbildschirm)", "touch_to_start": "Aufforderung „Zum Starten berühren“"}
ICON_RESULTS = 60


@cache
def icon_codepoints() -> dict[str, int]:
    with open(paths.ICONS / "codepoints.json", encoding="utf-8") as handle:
        return json.load(handle)


@blueprint.route("/piktogramme/schrift.ttf")
@login_required
def icon_font():
    return send_file(paths.ICONS / "materialdesignicons-webfont.ttf", mimetype="font/ttf", max_age=86400)


def _by_field(problems, prefix: tuple = ()) -> tuple[dict, list]:
    """Problems of one entry by field name (``title.de``); the rest as general messages."""
    by_field: dict[str, list[str]] = {}
    general: list[str] = []
    for problem in problems:
        path = problem.path
        if prefix and path[: len(prefix)] == prefix:
            path = path[len(prefix):]
        elif prefix:
            general.append(f"{problem.file}: {german(problem.message)}" if problem.file else german(problem.message))
            continue
        name = ".".join(str(part) for part in path)
        if len(path) == 1 and path[0] in ("title", "summary", "text", *SITE_TEXTS):
            name += ".de"
        if name:
            by_field.setdefault(name, []).append(german(problem.message))
        else:
            general.append(german(problem.message))
    return by_field, general


def _value(data):
    def get(name: str):
        value = data
        for part in name.split("."):
            value = value.get(part) if isinstance(value, dict) else None
            if value is None:
                return ""
        return value
    return get


def _texts_from_form(current: dict, keys, languages, editable) -> dict:
    result = dict(current)
    for key in keys:
        merge_texts(result, key, _text(request.form, key, languages), editable)
    return result


def _entry(rel: str, entry_id: str) -> tuple[list, str, int | None, dict, bool]:
    """One entry of a list file (categories, announcements): the list, its hash, the entry's place and values.

    ``entry_id`` 'neu' is a new entry (for accounts that may add one); an unknown id is a 404.
    """
    listing, base = editor("workspace").raw(rel)
    listing = listing if isinstance(listing, list) else []
    new = entry_id == "neu"
    if new and not current_user.can_edit_structure:
        abort(403)
    position = next((i for i, e in enumerate(listing) if isinstance(e, dict) and e.get("id") == entry_id), None)
    if position is None and not new:
        abort(404)
    return listing, base, position, ({} if new else listing[position]), new


def _put(listing: list, position: int | None, data: dict) -> tuple[list, int]:
    """The list with ``data`` at ``position`` (appended when new), and where it stands."""
    updated = list(listing)
    if position is None:
        updated.append(data)
        return updated, len(updated) - 1
    updated[position] = data
    return updated, position


# -- categories --------------------------------------------------------------------------------


@blueprint.route("/bereiche")
@login_required
def categories():
    data, _ = editor("workspace").raw("categories.yaml")
    index = editor("workspace").index()
    counts = {}
    for entry in index.offers.values():
        if isinstance(entry.data, dict):
            counts[entry.data.get("category")] = counts.get(entry.data.get("category"), 0) + 1
    return render_template("categories.html", categories=data if isinstance(data, list) else [], counts=counts,
                           codepoints=icon_codepoints())  # fmt: skip


@blueprint.route("/bereiche/<category_id>", methods=["GET", "POST"])
@login_required
def category(category_id: str):
    workspace = editor("workspace")
    listing, base, position, current, new = _entry("categories.yaml", category_id)
    languages = workspace.languages()
    editable = current_user.languages_for(languages) if current_user.can_edit_structure or \
        current_user.role == "translator" else ()
    problems, status = [], 200
    data = current
    if request.method == "POST":
        if not editable:
            abort(403)
        data = _texts_from_form(current, ("title", "summary"), languages, editable)
        if current_user.can_edit_structure:
            data["icon"] = _clean(request.form.get("icon")) or current.get("icon")
            data["color"] = _clean(request.form.get("color")) or current.get("color")
            if new:
                data = {"id": _clean(request.form.get("id")), **data}
            data = order_like({k: v for k, v in data.items() if v}, current or {"id": 0, "title": 0, "summary": 0,
                                                                                  "icon": 0, "color": 0})  # fmt: skip
        if request.form.get("action") != "icons":
            updated, position = _put(listing, position, data)
            title = (data.get("title") or {}).get("de") or data.get("id")
            outcome = workspace.save("categories.yaml", updated, base, author(), f"Bereich „{title}“ geändert")
            if outcome.saved:
                log("save", "categories.yaml", f"revision {outcome.revision or '-'}: {data.get('id')}")
                flash("Gespeichert.")
                return redirect(url_for("texts.category", category_id=data.get("id")))
            if outcome.conflict:
                problems = [FieldProblem((), 1, "Jemand anderes hat die Bereiche inzwischen gespeichert. Ihre "
                                                "Eingaben sind unten erhalten; speichern Sie erneut, um sie zu "
                                                "übernehmen.")]  # fmt: skip
                base, status = workspace.raw("categories.yaml")[1], 409
            else:
                problems, status = outcome.problems, 422
                log("save-refused", "categories.yaml", "; ".join(p.message for p in problems)[:1000])
    by_field, general = _by_field(problems, (position,) if position is not None else ())
    query = request.values.get("icon_q", "").strip().lower()
    codepoints = icon_codepoints()
    found = [name for name in codepoints if query and query in name][:ICON_RESULTS] if query else []
    return render_template("category_form.html", data=data, new=new, base=base, languages=languages,
                           editable=set(editable), structure=current_user.can_edit_structure, by_field=by_field,
                           general=general, value=_value(data), codepoints=codepoints, found=found, icon_q=query),\
        status  # fmt: skip


# -- the site's texts ------------------------------------------------------------------------------


@blueprint.route("/seite", methods=["GET", "POST"])
@login_required
def site():
    workspace = editor("workspace")
    data, base = workspace.raw("site.yaml")
    data = data if isinstance(data, dict) else {}
    languages = workspace.languages()
    editable = current_user.languages_for(languages) if current_user.role != "organisation" else ()
    problems, status = [], 200
    if request.method == "POST":
        if not editable:
            abort(403)
        changed = _texts_from_form(data, SITE_TEXTS, languages, editable)
        if current_user.can_edit_structure:
            url = _clean(request.form.get("public_url"))
            if url:
                changed["public_url"] = url
        outcome = workspace.save("site.yaml", changed, base, author(), "Texte der Seite geändert")
        if outcome.saved:
            log("save", "site.yaml", f"revision {outcome.revision or '-'}")
            flash("Gespeichert.")
            return redirect(url_for("texts.site"))
        problems = outcome.problems or [FieldProblem((), 1, "Jemand anderes hat die Seite inzwischen gespeichert. "
                                                            "Bitte speichern Sie erneut.")]  # fmt: skip
        status = 409 if outcome.conflict else 422
        base = workspace.raw("site.yaml")[1] if outcome.conflict else base
        data = changed
    by_field, general = _by_field(problems)
    return render_template("site_form.html", data=data, base=base, languages=languages, editable=set(editable),
                           by_field=by_field, general=general, value=_value(data), texts=SITE_TEXTS,
                           structure=current_user.can_edit_structure), status  # fmt: skip


# -- announcements ---------------------------------------------------------------------------------


def _moment(value) -> str:
    """A start or end as the datetime-local field shows it."""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M")
    text = str(value or "")
    return text.replace(" ", "T")[:16]


@blueprint.route("/hinweise")
@login_required
def announcements():
    data, _ = editor("workspace").raw("announcements.yaml")
    return render_template("announcements.html", announcements=data if isinstance(data, list) else [],
                           moment=_moment, now=dt.datetime.now().strftime("%Y-%m-%dT%H:%M"))  # fmt: skip


@blueprint.route("/hinweise/<announcement_id>", methods=["GET", "POST"])
@login_required
def announcement(announcement_id: str):
    workspace = editor("workspace")
    listing, base, position, current, new = _entry("announcements.yaml", announcement_id)
    languages = workspace.languages()
    editable = current_user.languages_for(languages) if current_user.role != "organisation" else ()
    data, problems, status = current, [], 200
    if request.method == "POST":
        if not editable:
            abort(403)
        if request.form.get("action") == "delete":
            if not current_user.can_edit_structure or new:
                abort(403)
            updated = [a for i, a in enumerate(listing) if i != position]
            outcome = workspace.save("announcements.yaml", updated, base, author(),
                                     f"Hinweis „{announcement_id}“ gelöscht")  # fmt: skip
            if outcome.saved:
                log("delete", "announcements.yaml", announcement_id)
                flash("Gelöscht.")
                return redirect(url_for("texts.announcements"))
        data = _texts_from_form(current, ("text",), languages, editable)
        if current_user.can_edit_structure:
            if new:
                data["id"] = _clean(request.form.get("id"))
            for key in ("start", "end"):
                text = _clean(request.form.get(key)).replace("T", " ")
                data[key] = text or None
            priority = _clean(request.form.get("priority"))
            data["priority"] = int(priority) if re.fullmatch(r"-?[0-9]+", priority or "x") else (priority or None)
            for key in ("groups", "districts"):
                words = [w.strip() for w in _clean(request.form.get(key)).split(",") if w.strip()]
                data[key] = words or None
            data = order_like({k: v for k, v in data.items() if v not in (None, "", [])},
                              current or dict.fromkeys(("id", "text", "start", "end", "priority")))  # fmt: skip
        updated, position = _put(listing, position, data)
        outcome = workspace.save("announcements.yaml", updated, base, author(), f"Hinweis „{data.get('id')}“ geändert")
        if outcome.saved:
            log("save", "announcements.yaml", f"revision {outcome.revision or '-'}: {data.get('id')}")
            flash("Gespeichert.")
            return redirect(url_for("texts.announcement", announcement_id=data.get("id")))
        problems = outcome.problems or [FieldProblem((), 1, "Jemand anderes hat die Hinweise inzwischen gespeichert. "
                                                            "Bitte speichern Sie erneut.")]  # fmt: skip
        status = 409 if outcome.conflict else 422
        base = workspace.raw("announcements.yaml")[1] if outcome.conflict else base
    by_field, general = _by_field(problems, (position,) if position is not None else ())
    return render_template("announcement_form.html", data=data, new=new, base=base, languages=languages,
                           editable=set(editable), structure=current_user.can_edit_structure, by_field=by_field,
                           general=general, value=_value(data), moment=_moment), status  # fmt: skip
