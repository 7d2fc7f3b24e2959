"""History: every revision with author and time; compare any offer or the whole site, and roll back."""

from __future__ import annotations

import difflib

import yaml
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from kiosk.content import fields
from kiosk.editor.app import author, editor, log
from kiosk.editor.problems_de import german
from kiosk.editor.views.offers import _differences
from kiosk.errors import EditorError

blueprint = Blueprint("history", __name__)


def _revision(rev: str):
    try:
        return editor("history").revision(rev)
    except EditorError:
        abort(404)


def _parsed(data: bytes | None):
    if data is None:
        return None
    try:
        return yaml.safe_load(data.decode("utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError):
        return None


def _unified(old: bytes | None, new: bytes | None, name: str) -> list[tuple[str, str]]:
    """(kind, line) of a unified diff: kind is 'add', 'del', 'hunk' or ''."""
    a = (old or b"").decode("utf-8", "replace").splitlines()
    b = (new or b"").decode("utf-8", "replace").splitlines()
    lines = []
    for line in difflib.unified_diff(a, b, f"{name} (vorher)", f"{name} (nachher)", lineterm="", n=2):
        kind = "hunk" if line.startswith("@@") else "add" if line.startswith("+") else \
            "del" if line.startswith("-") else ""
        lines.append((kind, line))
    return lines


@blueprint.route("/verlauf")
@login_required
def index():
    return render_template("history.html", revisions=editor("history").log(limit=200))


@blueprint.route("/verlauf/<rev>")
@login_required
def revision(rev: str):
    history = editor("history")
    found = _revision(rev)
    parent = history.parent(found.rev)
    changes = []
    if parent:
        for status, path in history.changed(parent, found.rev):
            changes.append({"status": status, "path": path,
                            "diff": _unified(history.show(parent, path), history.show(found.rev, path), path)})
    else:
        changes = [{"status": "A", "path": path, "diff": []} for path in history.files_at(found.rev)]
    return render_template("revision.html", revision=found, changes=changes, parent=parent)


@blueprint.route("/verlauf/<rev>/zuruecksetzen", methods=["POST"])
@login_required
def rollback_site(rev: str):
    if not current_user.can_edit_structure:
        abort(403)
    found = _revision(rev)
    outcome = editor("workspace").restore_all(found.rev, author(), f"Gesamte Seite auf den Stand vom "
                                              f"{found.time:%d.%m.%Y %H:%M} zurückgesetzt ({found.short})")  # fmt: skip
    if not outcome.saved:
        log("rollback-refused", "*", f"to {found.short}: " + "; ".join(p.message for p in outcome.problems)[:900])
        messages = [f"{p.file}:{p.line}: {german(p.message)}" for p in outcome.problems]
        return render_template("error.html", status=422, message="Dieser Stand ist nicht gültig und wurde nicht "
                               "wiederhergestellt: " + "; ".join(messages[:5])), 422  # fmt: skip
    log("rollback", "*", f"to {found.short}, revision {outcome.revision or '-'}")
    flash("Die gesamte Seite ist auf den gewählten Stand zurückgesetzt." if outcome.revision else
          "Die Seite war schon auf diesem Stand.")  # fmt: skip
    return redirect(url_for("history.index"))


@blueprint.route("/angebote/<offer_id>/verlauf")
@login_required
def offer(offer_id: str):
    if not fields.SLUG.match(offer_id):
        abort(404)
    rel = f"offers/{offer_id}.yaml"
    revisions = editor("history").log(rel, limit=100)
    if not revisions:
        abort(404)
    data, _ = editor("workspace").raw(rel)
    return render_template("offer_history.html", offer_id=offer_id, revisions=revisions,
                           title=((data or {}).get("title") or {}).get("de", offer_id))  # fmt: skip


@blueprint.route("/angebote/<offer_id>/verlauf/<rev>")
@login_required
def offer_compare(offer_id: str, rev: str):
    if not fields.SLUG.match(offer_id):
        abort(404)
    rel = f"offers/{offer_id}.yaml"
    found = _revision(rev)
    old = editor("history").show(found.rev, rel)
    path = editor("workspace").content / rel
    now = path.read_bytes() if path.exists() else None
    differences = _differences(_parsed(old) or {}, _parsed(now) or {})
    return render_template("offer_compare.html", offer_id=offer_id, revision=found, differences=differences,
                           diff=_unified(old, now, rel), existed=old is not None)  # fmt: skip


@blueprint.route("/angebote/<offer_id>/zuruecksetzen/<rev>", methods=["POST"])
@login_required
def rollback_offer(offer_id: str, rev: str):
    if not fields.SLUG.match(offer_id):
        abort(404)
    rel = f"offers/{offer_id}.yaml"
    data, _ = editor("workspace").raw(rel)
    if not current_user.owns(data or {}) or not current_user.can_change_anything:
        abort(403)
    found = _revision(rev)
    outcome = editor("workspace").restore(rel, found.rev, author(), f"Angebot {offer_id} auf den Stand vom "
                                          f"{found.time:%d.%m.%Y %H:%M} zurückgesetzt ({found.short})")  # fmt: skip
    if not outcome.saved:
        log("rollback-refused", rel, f"to {found.short}: " + "; ".join(p.message for p in outcome.problems)[:900])
        return render_template("error.html", status=422, message="Dieser Stand passt nicht mehr zum übrigen Inhalt "
                               "und wurde nicht wiederhergestellt: " + "; ".join(german(p.message)
                                                                                for p in outcome.problems[:5])), 422
    log("rollback", rel, f"to {found.short}, revision {outcome.revision or '-'}")
    flash("Das Angebot ist auf den gewählten Stand zurückgesetzt.")
    if (editor("workspace").content / rel).exists():
        return redirect(url_for("offers.edit", offer_id=offer_id))
    return redirect(url_for("offers.index"))
