"""Roles, forged and replayed forms, oversized requests, lock-out: refused with a message, audited, nothing lost."""

from __future__ import annotations

import yaml

from kiosk.editor import accounts, database
from tests.editor.conftest import OFFER, PASSWORD, csrf, form_of, login


def _audit(app, action=""):
    with database.connect(app.extensions["editor"]["settings"].database) as db:
        return [dict(row) for row in database.audit_log(db, action=action)]


def _offer(settings, offer_id=OFFER):
    return yaml.safe_load((settings.content / "offers" / f"{offer_id}.yaml").read_text(encoding="utf-8"))


def test_pages_need_a_log_in(app):
    client = app.test_client()
    for url in ("/", "/angebote", f"/angebote/{OFFER}", "/veroeffentlichen", "/konten", "/verlauf"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url


def test_a_translator_changes_only_the_texts_of_her_languages(app, settings):
    client = login(app, "tara")
    page = client.get(f"/angebote/{OFFER}")
    form = form_of(page.text)
    assert "summary.ar" in form and "summary.fa" in form
    assert "summary.de" not in form and "phone" not in form  # not sent: disabled for her
    form["summary.ar"] = "ترجمة جديدة"
    form["action"] = "save"
    # a hand-made request with the German title and the phone is not taken either
    form["title.de"] = "Von der Übersetzerin"
    form["phone"] = "0461 12345"
    before = _offer(settings)
    assert client.post(f"/angebote/{OFFER}", data=form).status_code == 302
    after = _offer(settings)
    assert after["summary"]["ar"] == "ترجمة جديدة"
    assert after["title"]["de"] == before["title"]["de"] and after["phone"] == before["phone"]
    assert after["updated"] == before["updated"]  # a translation is not a check of the facts
    assert client.get("/angebote/neu").status_code == 403


def test_an_organisation_changes_only_its_own_offers(app, settings):
    stabsstelle = [p.stem for p in (settings.content / "offers").glob("*.yaml")
                   if yaml.safe_load(p.read_text(encoding="utf-8")).get("organiser") == "Stabsstelle Integration"]
    assert stabsstelle
    client = login(app, "olga")
    form = form_of(client.get(f"/angebote/{stabsstelle[0]}").text)
    form["summary.de"] = "Von der Stabsstelle geändert."
    form["action"] = "save"
    assert client.post(f"/angebote/{stabsstelle[0]}", data=form).status_code == 302
    assert _offer(settings, stabsstelle[0])["summary"]["de"] == "Von der Stabsstelle geändert."
    # another organisation's offer: the form is read-only, and a hand-made post is refused
    other = form_of(client.get(f"/angebote/{OFFER}").text)
    assert "summary.de" not in other
    other["summary.de"], other["action"] = "fremd", "save"
    before = _offer(settings)
    assert client.post(f"/angebote/{OFFER}", data=other).status_code == 403
    assert _offer(settings) == before
    assert any(row["action"] == "refused" and row["user"] == "olga" for row in _audit(app))


def test_an_observer_reads_but_changes_nothing(app, settings):
    client = login(app, "otto")
    page = client.get(f"/angebote/{OFFER}")
    assert page.status_code == 200 and 'value="save"' not in page.text
    form = form_of(page.text)
    form["title.de"], form["action"] = "x", "save"
    assert client.post(f"/angebote/{OFFER}", data=form).status_code == 403
    assert client.get("/konten").status_code == 403
    assert client.post("/veroeffentlichen", data={"csrf_token": csrf(page.text), "nonce": "n1"}).status_code == 403


def test_only_the_administration_publishes_and_manages_accounts(app):
    client = login(app, "erik")
    page = client.get("/veroeffentlichen")
    assert "Jetzt veröffentlichen" not in page.text
    assert client.post("/veroeffentlichen", data={"csrf_token": csrf(page.text), "nonce": "n2"}).status_code == 403
    assert client.get("/konten").status_code == 403 and client.get("/protokoll").status_code == 403


def test_a_forged_form_is_refused_and_audited(app, settings):
    client = login(app, "erik")
    form = form_of(client.get(f"/angebote/{OFFER}").text)
    form["csrf_token"] = "forged"
    form["action"], form["title.de"] = "save", "Gefälscht"
    before = _offer(settings)
    response = client.post(f"/angebote/{OFFER}", data=form)
    assert response.status_code == 400 and "nichts gespeichert" in response.text
    assert _offer(settings) == before
    assert any("CSRF" in row["detail"] for row in _audit(app, "refused"))
    # without any token at all
    assert app.test_client().post("/login", data={"name": "erik", "password": PASSWORD}).status_code == 400


def test_a_replayed_form_is_refused_and_audited(app, settings):
    client = login(app, "erik")
    form = form_of(client.get(f"/angebote/{OFFER}").text)
    form.setlist("summary.de", ["Erste Fassung."])
    form["action"] = "save"
    assert client.post(f"/angebote/{OFFER}", data=form).status_code == 302
    form.setlist("summary.de", ["Zweite Fassung."])
    response = client.post(f"/angebote/{OFFER}", data=form)  # the same form (nonce) sent again
    assert response.status_code == 409 and "schon einmal abgeschickt" in response.text
    assert _offer(settings)["summary"]["de"] == "Erste Fassung."
    assert any("replayed" in row["detail"] for row in _audit(app, "refused"))


def test_an_oversized_request_is_refused_and_audited(app, settings):
    client = login(app, "erik")
    form = form_of(client.get(f"/angebote/{OFFER}").text)
    form.setlist("description.de", ["x" * (3 * 1024 * 1024)])
    form["action"] = "save"
    before = _offer(settings)
    response = client.post(f"/angebote/{OFFER}", data=form)
    assert response.status_code == 413 and "zu groß" in response.text
    assert _offer(settings) == before
    assert any("upload over" in row["detail"] for row in _audit(app, "refused"))


def test_lock_out_after_repeated_failures(app):
    client = app.test_client()
    for _ in range(5):
        page = client.get("/login")
        response = client.post("/login", data={"name": "erik", "password": "falsch", "csrf_token": csrf(page.text)})
        assert response.status_code == 401
    assert "gesperrt" in response.text
    page = client.get("/login")
    response = client.post("/login", data={"name": "erik", "password": PASSWORD, "csrf_token": csrf(page.text)})
    assert response.status_code == 401 and "gesperrt" in response.text  # the right password does not help now
    assert [row["detail"] for row in _audit(app, "login-failed")][0].startswith("Nach zu vielen")
    assert any(row["detail"] == "account locked" for row in _audit(app, "login-failed"))


def test_passwords_are_argon2_hashes(app):
    with database.connect(app.extensions["editor"]["settings"].database) as db:
        stored = db.execute("SELECT password_hash FROM users WHERE name = 'anna'").fetchone()[0]
        assert stored.startswith("$argon2id$") and PASSWORD not in stored
        assert accounts.authenticate(db, "anna", PASSWORD).user.role == "admin"
        assert accounts.authenticate(db, "nobody", PASSWORD).user is None


def test_the_next_address_after_log_in_stays_on_the_site(app):
    client = app.test_client()
    page = client.get("/login")
    response = client.post("/login?next=https://evil.example/", data={"name": "anna", "password": PASSWORD,
                                                                       "csrf_token": csrf(page.text)})  # fmt: skip
    assert response.headers["Location"] == "/"


def test_the_administration_makes_accounts(app):
    client = login(app, "anna")
    form = form_of(client.get("/konten/neu").text)
    for name, value in {"name": "fatima", "display_name": "Fatima", "role": "translator", "password": "kurz"}.items():
        form[name] = value
    response = client.post("/konten/neu", data=form)
    assert response.status_code == 422 and "10 Zeichen" in response.text and "Sprache" in response.text
    form = form_of(response.text)
    form.setlist("password", ["lang-genug-2026"])
    form.setlist("languages", ["fa"])
    assert client.post("/konten/neu", data=form).status_code == 302
    fatima = login(app, "fatima", "lang-genug-2026")
    assert "summary.fa" in form_of(fatima.get(f"/angebote/{OFFER}").text)
    assert any(row["action"] == "account-create" and row["target"] == "fatima" for row in _audit(app))
