"""The offer form through the editor's pages: every field survives a save, problems stand at their fields."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from kiosk.editor import database
from tests.editor.conftest import OFFER, form_of, login, problems_of


def _save(client, offer_id, change=None):
    page = client.get(f"/angebote/{offer_id}")
    assert page.status_code == 200
    form = form_of(page.text)
    for name, value in (change or {}).items():
        form.setlist(name, value if isinstance(value, list) else [value])
    form["action"] = "save"
    return client.post(f"/angebote/{offer_id}", data=form)


def test_every_offer_survives_a_save_unchanged(app, settings):
    """Opening and saving each of the 76 real offers changes nothing but the day it was checked."""
    client = login(app, "erik")
    files = sorted((settings.content / "offers").glob("*.yaml"))
    assert len(files) >= 70
    for path in files:
        before = yaml.safe_load(path.read_text(encoding="utf-8"))
        response = _save(client, path.stem)
        assert response.status_code == 302, (path.stem, problems_of(response.text))
        after = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert after.pop("updated") == dt.date.today()
        before.pop("updated")
        assert after == before, path.stem
        assert list(after) == list(before), f"{path.stem}: keys reordered"


def test_a_change_is_one_revision_with_its_author(app, settings):
    client = login(app, "erik")
    response = _save(client, OFFER, {"title.de": "Afghanisch-Deutscher Kulturverein e. V.", "summary.ar": "نص جديد"})
    assert response.status_code == 302
    history = app.extensions["editor"]["history"]
    last = history.log(f"offers/{OFFER}.yaml", limit=1)[0]
    assert last.author == "Erik"
    assert "Afghanisch-Deutscher Kulturverein e. V." in last.message
    changed = [path for _status, path in history.changed(f"{last.rev}~1", last.rev)]
    assert changed == [f"offers/{OFFER}.yaml"]
    text = (settings.content / "offers" / f"{OFFER}.yaml").read_text(encoding="utf-8")
    assert "  de: Afghanisch-Deutscher Kulturverein e. V.\n" in text and "  ar: نص جديد\n" in text


def test_problems_are_shown_next_to_their_fields_in_german_and_nothing_is_saved(app, settings):
    client = login(app, "erik")
    path = settings.content / "offers" / f"{OFFER}.yaml"
    before = path.read_bytes()
    broken = {"phone": "0461 abc", "contacts.0.email": "kein-mail", "website": "javascript:alert(1)", "title.de": "",
              "opening_hours.0.days": ["mo"], "opening_hours.0.from": "12:00", "opening_hours.0.to": "09:00"}
    response = _save(client, OFFER, broken)
    assert response.status_code == 422
    problems = problems_of(response.text)
    assert "0461 abc" in problems["f-phone"][0] and "Telefonnummer" in problems["f-phone"][0]
    assert "E-Mail" in problems["f-contacts-0-email"][0]
    assert "f-website" in problems
    assert "f-title-de" in problems
    assert "f-opening-hours-0-to" in problems
    for messages in problems.values():
        for message in messages:
            assert " must " not in message and " is not " not in message, message  # German, not the English original
    assert path.read_bytes() == before
    # what was typed is still in the form
    form = form_of(response.text)
    assert form["phone"] == "0461 abc" and form["contacts.0.email"] == "kein-mail"
    # and kept as a draft for the next visit
    with database.connect(app.extensions["editor"]["settings"].database) as db:
        kept, _saved = database.draft(db, "erik", "offer", OFFER)
    assert kept["phone"] == "0461 abc"
    again = client.get(f"/angebote/{OFFER}")
    assert "Entwurf" in again.text
    restored = client.get(f"/angebote/{OFFER}?draft=1")
    assert form_of(restored.text)["phone"] == "0461 abc"


def test_two_people_editing_get_a_conflict_not_a_silent_overwrite(app, settings):
    erik, anna = login(app, "erik"), login(app, "anna")
    erik_form = form_of(erik.get(f"/angebote/{OFFER}").text)
    assert _save(anna, OFFER, {"summary.de": "Von Anna geändert."}).status_code == 302
    erik_form["summary.de"] = "Von Erik geändert."
    erik_form["action"] = "save"
    response = erik.post(f"/angebote/{OFFER}", data=erik_form)
    assert response.status_code == 409
    assert "Anna" in response.text and "Von Anna geändert." in response.text
    text = (settings.content / "offers" / f"{OFFER}.yaml").read_text(encoding="utf-8")
    assert "Von Anna geändert." in text and "Von Erik geändert." not in text
    kept = form_of(response.text)
    assert kept["summary.de"] == "Von Erik geändert."  # what Erik typed is not lost
    kept["action"] = "save"  # saving again, having seen Anna's version, overwrites it on purpose
    assert erik.post(f"/angebote/{OFFER}", data=kept).status_code == 302
    assert "Von Erik geändert." in (settings.content / "offers" / f"{OFFER}.yaml").read_text(encoding="utf-8")


def test_recurring_dates_are_edited_as_people_say_them(app, settings):
    client = login(app, "erik")
    response = _save(client, OFFER, {"dates.0.kind": "weekly", "dates.0.interval": "2", "dates.0.weekday": "tu",
                                     "dates.0.start": "16:00", "dates.0.end": "18:00"})  # fmt: skip
    assert response.status_code == 302
    data = yaml.safe_load((settings.content / "offers" / f"{OFFER}.yaml").read_text(encoding="utf-8"))
    assert data["dates"] == [{"repeat": "weekly", "interval": 2, "weekday": "tu", "start": "16:00", "end": "18:00"}]
    page = client.get(f"/angebote/{OFFER}")
    assert "jeden zweiten Dienstag, 16:00–18:00 Uhr" in page.text


def test_adding_a_row_keeps_what_was_typed(app):
    client = login(app, "erik")
    form = form_of(client.get(f"/angebote/{OFFER}").text)
    form["summary.de"] = "Noch nicht gespeichert."
    form["action"] = "add:contacts"
    response = client.post(f"/angebote/{OFFER}", data=form)
    assert response.status_code == 200
    again = form_of(response.text)
    assert again["summary.de"] == "Noch nicht gespeichert."
    assert "contacts.2.name" in again  # one existing contact, the empty row, and the added row


def test_a_new_offer(app, settings):
    client = login(app, "erik")
    form = form_of(client.get("/angebote/neu").text)
    for name, value in {"id": "sprachcafe-muerwik", "category": "bildung", "kind": "event",
                        "title.de": "Sprachcafé Mürwik", "summary.de": "Deutsch sprechen bei Kaffee und Tee.",
                        "action": "save"}.items():  # fmt: skip
        form[name] = value
    response = client.post("/angebote/neu", data=form)
    assert response.status_code == 302, problems_of(response.text)
    assert (settings.content / "offers" / "sprachcafe-muerwik.yaml").exists()
    form["nonce"] = "another-one"
    again = client.post("/angebote/neu", data=form)
    assert again.status_code == 422 and "gibt es schon" in again.text


@pytest.mark.parametrize("query", [{"problems": "yes"}, {"lang": "ar", "state": "missing"}, {"kind": "event"},
                                   {"category": "bildung"}, {"q": "kultur"}])  # fmt: skip
def test_the_list_filters(app, query):
    client = login(app, "otto")
    page = client.get("/angebote", query_string=query)
    assert page.status_code == 200
    everything = client.get("/angebote").text
    assert page.text.count('<th scope="row">') <= everything.count('<th scope="row">')
    if query == {"q": "kultur"}:
        assert "Kulturverein" in page.text and "Schwimm" not in page.text
