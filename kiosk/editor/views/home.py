"""The overview: what needs doing (problems, missing translations, unpublished changes)."""

from __future__ import annotations

from flask import Blueprint, g, render_template
from flask_login import login_required

from kiosk.editor import database
from kiosk.editor.app import editor
from kiosk.editor.translations_state import coverage

blueprint = Blueprint("home", __name__)


@blueprint.route("/")
@login_required
def index():
    index = editor("workspace").index()
    history = editor("history")
    last = database.last_publish(g.db)
    unpublished = history.changed(last["revision"]) if last else None
    return render_template("home.html", index=index, coverage=coverage(index), last=last, unpublished=unpublished,
                           recent=history.log(limit=8))  # fmt: skip
