"""Editor fixtures: a copy of the real content with keys and a first feed, accounts of every role, clients."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from werkzeug.datastructures import MultiDict

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


class _Form(HTMLParser):
    """The fields a browser would send from the n-th form of a page (disabled fields are not sent)."""

    def __init__(self, index: int):
        super().__init__()
        self.index, self.seen, self.fields = index, -1, []
        self.textarea = self.select = None
        self.inside = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.seen += 1
            self.inside = self.seen == self.index
        if not self.inside or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button"):
            if attrs.get("type") in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.fields.append([name, attrs.get("value", "on")])
            else:
                self.fields.append([name, attrs.get("value", "")])
        elif tag == "textarea" and name:
            self.textarea = len(self.fields)
            self.fields.append([name, ""])
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self.fields.append([self.select, attrs.get("value", "")])

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None

    def handle_data(self, data):
        if self.textarea is not None:
            self.fields[self.textarea][1] += data


def form_of(html: str, index: int = 1) -> MultiDict:
    """The fields of a page's form (0 is the log-out form in the header of every page after log-in)."""
    parser = _Form(index)
    parser.feed(html)
    fields = [(name, value.removeprefix("\n")) for name, value in parser.fields]
    return MultiDict(fields)


def problems_of(html: str) -> dict[str, list[str]]:
    """The problems shown next to fields, by the field's id."""
    found: dict[str, list[str]] = {}
    for field_id, message in re.findall(r'<span class="problem" id="(f-[a-z0-9-]+?)-p\d+">([^<]+)</span>', html):
        found.setdefault(field_id, []).append(message)
    return found
