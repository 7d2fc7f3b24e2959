"""Previews before publishing: the offer on the kiosk (detail, list; any language; both orientations) and a phone."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, render_template, request, send_file
from flask_login import login_required

from kiosk.content import fields
from kiosk.editor import previews
from kiosk.editor.app import editor, log
from kiosk.errors import EditorError

blueprint = Blueprint("previews", __name__)


def _offer(offer_id: str):
    if not fields.SLUG.match(offer_id):
        abort(404)
    index = editor("workspace").index()
    entry = index.offers.get(offer_id)
    if entry is None:
        abort(404)
    return index, entry


@blueprint.route("/angebote/<offer_id>/vorschau")
@login_required
def offer(offer_id: str):
    index, entry = _offer(offer_id)
    languages = index.site.languages if index.site else ("de",)
    lang = request.args.get("lang", "de")
    lang = lang if lang in languages else "de"
    orientation = request.args.get("orientation", "portrait")
    orientation = orientation if orientation in previews.SIZES else "portrait"
    text_size = request.args.get("text_size", "normal")
    text_size = text_size if text_size in previews.TEXT_SIZES else "normal"
    title = ((entry.data or {}).get("title") or {}).get("de", offer_id) if isinstance(entry.data, dict) else offer_id
    return render_template("preview.html", offer_id=offer_id, title=title, valid=entry.offer is not None,
                           languages=languages, lang=lang, orientation=orientation, text_size=text_size,
                           sizes=previews.SIZES, text_sizes=previews.TEXT_SIZES)  # fmt: skip


@blueprint.route("/vorschau/<offer_id>/<lang>/<screen>-<orientation>-<text_size>.png")
@login_required
def picture(offer_id: str, lang: str, screen: str, orientation: str, text_size: str):
    index, entry = _offer(offer_id)
    if entry.offer is None or index.site is None or lang not in index.site.languages:
        abort(404)
    settings = editor("settings")
    try:
        path = previews.kiosk_picture(settings.previews, settings.content, previews.content_state(index.stamps),
                                      screen=screen, offer_id=offer_id, lang=lang, orientation=orientation,
                                      text_size=text_size, command=settings.preview_command)  # fmt: skip
    except EditorError as error:
        log("preview-failed", offer_id, str(error))
        abort(404)
    return send_file(path, mimetype="image/png", max_age=0)


@blueprint.route("/vorschau/<offer_id>/<lang>/handy/")
@login_required
def phone(offer_id: str, lang: str):
    from kiosk.pages import render

    index, entry = _offer(offer_id)
    if entry.offer is None or index.site is None or lang not in index.site.languages:
        abort(404)
    html = render.offer_page(index.catalog(), entry.offer, lang, dt.date.today())
    response = editor_response(html)
    return response


def editor_response(html: str):
    from flask import make_response

    response = make_response(html)
    # The phone page carries its own inline styles; it runs no script (its JSON-LD is data).
    response.headers["Content-Security-Policy"] = ("default-src 'none'; style-src 'unsafe-inline'; img-src 'self' "
                                                   "data:; frame-ancestors 'self'")  # fmt: skip
    return response
