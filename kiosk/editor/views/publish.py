"""Publishing: what would change, the button, and which kiosks have taken the new version."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from flask_login import current_user, login_required

from kiosk.editor import database, publisher
from kiosk.editor.app import editor, log
from kiosk.editor.problems_de import german
from kiosk.errors import EditorError

blueprint = Blueprint("publish", __name__)


def _titles(changes, index) -> list[dict]:
    shown = []
    for status, path in changes:
        title = path
        if path.startswith("offers/"):
            entry = index.offers.get(path[7:-5])
            data = entry.data if entry and isinstance(entry.data, dict) else {}
            title = (data.get("title") or {}).get("de") or path
        shown.append({"status": status, "path": path, "title": title})
    return shown


@blueprint.route("/veroeffentlichen")
@login_required
def index():
    settings = editor("settings")
    workspace = editor("workspace")
    history = editor("history")
    content_index = workspace.index()
    catalog = content_index.catalog()
    last = database.last_publish(g.db)
    history.commit_outside_changes()
    changes = _titles(history.changed(last["revision"]), content_index) if last else None
    kiosks, fleet_note = publisher.kiosks(settings)
    zone = ZoneInfo(catalog.site.timezone)
    problems = content_index.problems()
    return render_template(
        "publish.html", problems=[f"{p.file}:{p.line}: {german(p.message)}" for p in problems], last=last,
        changes=changes, kiosks=kiosks, fleet_note=fleet_note, not_ready=publisher.ready(settings),
        root_key=publisher.root_key_present(settings), publishes=database.publishes(g.db),
        planned=publisher.planned(catalog, dt.date.today(), dt.datetime.now(zone)),
    )  # fmt: skip


@blueprint.route("/veroeffentlichen", methods=["POST"])
@login_required
def run():
    if not current_user.can_publish:
        abort(403)
    try:
        done = publisher.publish(editor("settings"), editor("history"), g.db, current_user.name)
    except EditorError as error:
        log("publish-refused", "feed", str(error)[:1000])
        flash(f"Nicht veröffentlicht: {german(str(error))}")
        return redirect(url_for("publish.index"))
    log("publish", "feed", f"version {done.version}, revision {done.revision[:12]}, {len(done.changed_files)} files")
    flash(f"Veröffentlicht: Version {done.version} ({len(done.changed_files)} geänderte Dateien). "
          "Die Kiosks holen sie sich bei ihrer nächsten Abfrage.")  # fmt: skip
    return redirect(url_for("publish.index"))
