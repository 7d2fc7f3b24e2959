"""The fields a browser would send from a form of an editor page (for bench.editor and the editor's tests)."""

from __future__ import annotations

from html.parser import HTMLParser

from werkzeug.datastructures import MultiDict


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
