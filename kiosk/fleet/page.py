"""The fleet server's admin page (GET /fleet/): one table of kiosks, the ones needing care marked."""

from __future__ import annotations

from pathlib import Path

import jinja2

from kiosk.fleet import status

_TEMPLATES = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).parent), autoescape=True)


def admin_page(fleet: dict) -> str:
    """The page for ``fleet`` (status.report's object)."""
    rows = list(zip(fleet["kiosks"], status.rows(fleet), strict=True))
    return _TEMPLATES.get_template("page.html").render(
        fleet=fleet, columns=status.COLUMNS, kiosks=rows, stale=f"{fleet['stale_after_minutes']:g}",
        unsynced=f"{fleet['unsynced_after_hours']:g}")
