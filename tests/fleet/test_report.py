"""`kiosk stats`: the office's report from the fleet database or server."""

import re

import pytest
from PIL import Image

from kiosk.cli import main
from kiosk.fleet.registry import Registry
from tests.fleet.conftest import beat

# Three kiosks, three days; the test sums them up itself.
USAGE = {
    "rathaus-1": {
        "2026-11-20": {"sessions": 10, "no_result": 2, "languages": {"de": 6, "ar": 4},
                       "categories": {"gesundheit": 5}, "offers": {"schwimmkurs": 7, "deutschkurs": 1},
                       "qr": {"schwimmkurs": 3}},
        "2026-11-21": {"sessions": 5, "no_result": 0, "languages": {"uk": 5}, "categories": {"gesundheit": 1},
                       "offers": {"schwimmkurs": 2}, "qr": {}},
    },
    "bahnhof-1": {
        "2026-11-21": {"sessions": 8, "no_result": 3, "languages": {"ar": 3, "fa": 5}, "categories": {"arbeit": 2},
                       "offers": {"deutschkurs": 4}, "qr": {"deutschkurs": 2}},
        "2026-11-22": {"sessions": 1, "no_result": 1, "languages": {"de-simple": 1}, "categories": {},
                       "offers": {}, "qr": {}},
    },
    "buecherei-2": {"2026-11-22": {"sessions": 2, "no_result": 0, "languages": {"tr": 2}, "categories": {},
                                   "offers": {"schwimmkurs": 1}, "qr": {"schwimmkurs": 1}}},
}  # fmt: skip


def totals(first="0000", last="9999") -> dict:
    summed = {"sessions": 0, "no_result": 0, "offers": 0, "qr": 0, "categories": 0, "schwimmkurs": 0}
    for days in USAGE.values():
        for day, counts in days.items():
            if first <= day <= last:
                for kind in ("sessions", "no_result"):
                    summed[kind] += counts[kind]
                for kind in ("offers", "qr", "categories"):
                    summed[kind] += sum(counts[kind].values())
                summed["schwimmkurs"] += counts["offers"].get("schwimmkurs", 0)
    return summed


def cell(html: str, cell_id: str) -> str:
    found = re.search(rf'id="{re.escape(cell_id)}">([^<]*)<', html)
    assert found, f"no cell {cell_id}"
    return found.group(1)


@pytest.fixture
def fleet_db(tmp_path):
    db = tmp_path / "fleet.sqlite"
    with Registry(db) as registry:
        for kiosk_id, days in USAGE.items():
            registry.record(beat(kiosk_id, days, location=f"Standort {kiosk_id}"))
    return db


def test_the_report_has_the_city_totals_and_each_kiosk(fleet_db, tmp_path, content_dir, capsys):
    out = tmp_path / "report"
    assert main(["stats", "--db", str(fleet_db), "--out", str(out), "--content", str(content_dir)]) == 0
    index = out / "index.html"
    assert capsys.readouterr().out.strip() == str(index)
    html = index.read_text(encoding="utf-8")
    expected = totals()
    assert expected == {"sessions": 26, "no_result": 6, "offers": 15, "qr": 6, "categories": 8, "schwimmkurs": 10}
    for kind in ("sessions", "no_result", "offers", "qr", "categories"):
        assert cell(html, f"city-{kind}") == str(expected[kind]), kind
    assert cell(html, "city-offer-schwimmkurs") == "10"
    assert cell(html, "kiosk-bahnhof-1-sessions") == "9" and cell(html, "kiosk-buecherei-2-qr") == "1"
    assert "Schwimmkurs" in html and "Gesundheit" in html  # German titles from the content
    assert "deutschkurs" in html  # not in this content: shown by its id
    assert "Arabisch" in html and "Einfaches Deutsch" in html and "Standort rathaus-1" in html
    for name in ("offers.png", "languages.png", "categories.png", "sessions.png"):
        assert f'src="{name}"' in html
        with Image.open(out / name) as image:
            image.verify()
        with Image.open(out / name) as image:
            assert image.format == "PNG" and image.width >= 600 and image.height >= 250


def test_from_and_to_pick_the_days(fleet_db, tmp_path):
    out = tmp_path / "report"
    assert main(["stats", "--db", str(fleet_db), "--out", str(out), "--from", "2026-11-21", "--to", "2026-11-21"]) == 0
    html = (out / "index.html").read_text(encoding="utf-8")
    expected = totals("2026-11-21", "2026-11-21")
    assert expected["sessions"] == 13
    for kind in ("sessions", "no_result", "offers", "qr"):
        assert cell(html, f"city-{kind}") == str(expected[kind]), kind
    assert "2026-11-20" not in html and "2026-11-22" not in html
    assert cell(html, "kiosk-buecherei-2-sessions") == "0"  # known kiosk, no use in these days


def test_an_empty_period_still_makes_a_report(fleet_db, tmp_path):
    out = tmp_path / "report"
    assert main(["stats", "--db", str(fleet_db), "--out", str(out), "--from", "2027-01-01"]) == 0
    assert cell((out / "index.html").read_text(encoding="utf-8"), "city-sessions") == "0"
    with Image.open(out / "languages.png") as image:
        assert image.format == "PNG"


def test_stats_from_the_server_match_the_database(fleet_server, tmp_path):
    from tests.fleet.test_endpoint import post

    for kiosk_id in ("stats-1", "stats-2"):
        assert post(fleet_server, beat(kiosk_id, USAGE["rathaus-1"]), fleet_server.tokens[kiosk_id]).status_code == 200
    out = tmp_path / "report"
    assert main(["stats", "--server", fleet_server.url, "--token", fleet_server.admin, "--out", str(out),
                 "--from", "2026-11-20", "--to", "2026-11-21"]) == 0  # fmt: skip
    html = (out / "index.html").read_text(encoding="utf-8")
    assert cell(html, "kiosk-stats-1-sessions") == "15" and cell(html, "kiosk-stats-2-offers") == "10"


def test_from_after_to_is_refused(fleet_db, tmp_path, capsys):
    assert main(["stats", "--db", str(fleet_db), "--out", str(tmp_path), "--from", "2026-11-22", "--to",
                 "2026-11-21"]) == 1  # fmt: skip
    assert "is after" in capsys.readouterr().err
