"""Editor fixtures: a copy of the real content with keys and a first feed, accounts of every role, clients."""

from __future__ import annotations

import re

import pytest

from bench.formfields import form_of  # noqa: F401 - the tests' form parser, shared with bench.editor
from kiosk import paths
from kiosk.editor import demo
from kiosk.editor.app import create_app

PASSWORD = "Flensburg-2026!"
ACCOUNTS = {
    "anna": ("admin", {}),
    "erik": ("editor", {}),
    "olga": ("organisation", {"organisation": "Stabsstelle Integration"}),
    "tara": ("translator", {"languages": ("ar", "fa")}),
    "otto": ("observer", {}),
}
OFFER = "afghanisch-deutscher-kulturverein"  # organiser: not the Stabsstelle
OWN_OFFER = "begruessungsflyer"  # organiser: Stadt Flensburg
STABSSTELLE_OFFER = None  # found in the fixture


@pytest.fixture
def settings(tmp_path):
    made = demo.prepare(tmp_path / "editor", tmp_path / "content", copy_from=paths.CONTENT)
    for name, (role, extra) in ACCOUNTS.items():
        demo.add_account(made, name, PASSWORD, role, display_name=name.capitalize(), **extra)
    return made


@pytest.fixture
def app(settings):
    made = create_app(settings)
    made.config["TESTING"] = True
    return made


def login(app, name: str, password: str = PASSWORD):
    client = app.test_client()
    page = client.get("/login")
    response = client.post("/login", data={"name": name, "password": password, "csrf_token": csrf(page.text)})
    assert response.status_code == 302, response.text[:500]
    return client


def csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def problems_of(html: str) -> dict[str, list[str]]:
    """The problems shown next to fields, by the field's id."""
    found: dict[str, list[str]] = {}
    for field_id, message in re.findall(r'<span class="problem" id="(f-[a-z0-9-]+?)-p\d+">([^<]+)</span>', html):
        found.setdefault(field_id, []).append(message)
    return found
