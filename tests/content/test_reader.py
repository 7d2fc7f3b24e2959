"""Validation messages: each names the file and the line of the problem."""

import pytest

from kiosk.content import load_catalog
from tests.conftest import write_offer


def problems_of(root):
    _, problems = load_catalog(root)
    return [(p.path.rsplit("/", 1)[-1], p.line, p.message) for p in problems]


def test_small_content_is_valid(content_dir):
    catalog, problems = load_catalog(content_dir)
    assert problems == []
    assert list(catalog.offers) == ["schwimmkurs"]


@pytest.mark.parametrize(
    ("extra", "line", "message"),
    [
        ("colour: red\n", 8, "unknown key 'colour'"),
        ("email: someone@\n", 8, "'someone@' is not an e-mail address"),
        ("website: javascript:alert(1)\n", 8, "unsafe URL 'javascript:alert(1)'"),
        ("website: file:///etc/passwd\n", 8, "unsafe URL"),
        ("website: https://user:pw@example.org\n", 8, "must not contain a user name"),
        ("valid_from: 2026-13-01\n", 8, "'2026-13-01' is not a date"),
        ("opening_hours:\n  - {days: [mo], from: '9 Uhr', to: '12:00'}\n", 9, "'9 Uhr' is not a time"),
        ("opening_hours:\n  - days: [mo, xx]\n    from: '09:00'\n    to: '12:00'\n", 9, "'xx' is not one of"),
        ("opening_hours:\n  - {days: [mo], from: '12:00', to: '09:00'}\n", 9, "end before they start"),
        ("dates:\n  - repeat: yearly\n    month: 2\n    day: 30\n", 11, "there is no day 30 in month 2"),
        ("dates:\n  - repeat: daily\n", 9, "'daily' is not one of"),
        ("dates:\n  - {date: 2026-12-05, repeat: yearly}\n", 9, "either 'date'"),
        ("attributes: [free, cheap]\n", 8, "'cheap' is not one of"),
        ("address:\n  postcode: 249\n", 9, "postcode '249' must have five digits"),
        ("address:\n  lat: 54.78\n", 8, "give both lat and lon"),
        ("description: {en: Only English}\n", 8, "description has no German text (de)"),
        ("cost: {de: kostenlos, xx-yy-zz: x}\n", 8, "'xx-yy-zz' is not a language code"),
        ("cost: {de: kostenlos, fr: gratuit}\n", 8, "language 'fr' is not listed in site.yaml"),
    ],
)
def test_offer_problem_is_reported_with_file_and_line(content_dir, extra, line, message):
    write_offer(content_dir, "kurs", extra)
    found = problems_of(content_dir)
    assert any(
        path == "kurs.yaml" and at == line and message in text for path, at, text in found
    ), found


def test_bad_phone_number(content_dir):
    source = (content_dir / "offers" / "schwimmkurs.yaml").read_text()
    body = source.replace("schwimmkurs", "kurs").replace('"0461 - 85 11 88"', "'0461 85 11 88 oder später'")
    write_offer(content_dir, "kurs", "", body=body)
    message = "phone number '0461 85 11 88 oder später' may contain only digits, spaces and + - / ( )"
    assert ("kurs.yaml", 6, message) in problems_of(content_dir)


def test_missing_german_title(content_dir):
    text = (content_dir / "offers" / "schwimmkurs.yaml").read_text().replace("de: Schwimmkurs, ", "")
    (content_dir / "offers" / "schwimmkurs.yaml").write_text(text)
    assert ("schwimmkurs.yaml", 4, "title has no German text (de)") in problems_of(content_dir)


def test_dangling_category(content_dir):
    text = (content_dir / "offers" / "schwimmkurs.yaml").read_text().replace("category: gesundheit", "category: sport")
    (content_dir / "offers" / "schwimmkurs.yaml").write_text(text)
    assert ("schwimmkurs.yaml", 2, "unknown category 'sport' (known: gesundheit)") in problems_of(content_dir)


def test_duplicate_ids(content_dir):
    source = content_dir / "offers" / "schwimmkurs.yaml"
    (content_dir / "offers" / "schwimmkurs.yml").write_text(source.read_text())
    catalog, problems = load_catalog(content_dir)
    assert [p.message for p in problems] == ["duplicate offer id 'schwimmkurs'"]
    assert problems[0].path.endswith("schwimmkurs.yml") and problems[0].line == 1
    assert list(catalog.offers) == ["schwimmkurs"]


def test_id_must_match_file_name(content_dir):
    write_offer(content_dir, "kurs", "", body=(content_dir / "offers" / "schwimmkurs.yaml").read_text())
    assert ("kurs.yaml", 1, "id 'schwimmkurs' differs from the file name 'kurs.yaml'") in problems_of(content_dir)


def test_missing_required_keys(content_dir):
    write_offer(content_dir, "leer", "", body="id: leer\ncategory: gesundheit\n")
    messages = [m for path, _, m in problems_of(content_dir) if path == "leer.yaml"]
    for key in ("kind", "title", "summary", "updated"):
        assert f"missing required key '{key}'" in messages


def test_bad_offer_is_dropped_and_good_ones_kept(content_dir):
    write_offer(content_dir, "kaputt", "website: javascript:alert(1)\n")
    catalog, problems = load_catalog(content_dir)
    assert list(catalog.offers) == ["schwimmkurs"]
    assert len(problems) == 1


def test_site_problems(content_dir):
    (content_dir / "site.yaml").write_text("name: {en: X}\nlanguages: [en, en]\ndefault_language: fr\nwhat: 1\n")
    found = problems_of(content_dir)
    messages = {m for _, _, m in found}
    assert "a language is listed twice" in messages
    assert "languages must include German (de)" in messages
    assert any(m.startswith("'fr' is not one of") for m in messages)
    assert any(m.startswith("unknown key 'what'") for m in messages)
    assert ("site.yaml", 1, "name has no German text (de)") in found


def test_category_problems(content_dir):
    (content_dir / "categories.yaml").write_text(
        "- id: gesundheit\n  title: {de: G}\n  icon: no-such-icon\n  color: red\n"
        "- id: gesundheit\n  title: {de: H}\n  icon: school\n"
    )
    found = problems_of(content_dir)
    assert ("categories.yaml", 3, "unknown pictogram 'no-such-icon' (see assets/icons/codepoints.json)") in found
    assert ("categories.yaml", 4, "colour 'red' must be written as #rrggbb") in found
    assert ("categories.yaml", 5, "duplicate category id 'gesundheit'") in found


def test_missing_files(tmp_path):
    (tmp_path / "offers").mkdir()
    found = problems_of(tmp_path)
    assert ("site.yaml", 1, "site.yaml is missing") in found
    assert ("categories.yaml", 1, "categories.yaml is missing") in found


def test_missing_directory_is_an_error(tmp_path):
    from kiosk.errors import ContentError

    with pytest.raises(ContentError, match="content directory not found"):
        load_catalog(tmp_path / "nowhere")


def test_announcement_problems(content_dir):
    (content_dir / "announcements.yaml").write_text(
        "- id: zu\n  text: {en: Closed}\n  start: 2026-12-24 10:00\n  end: 2026-12-24 09:00\n"
        "- id: kaputt\n  text: {de: X}\n  start: morgen\n  end: 2026-12-25\n"
    )
    found = problems_of(content_dir)
    assert ("announcements.yaml", 2, "text has no German text (de)") in found
    assert ("announcements.yaml", 4, "the announcement ends before it starts") in found
    assert ("announcements.yaml", 7, "'morgen' is not a date and time; write it as 2026-12-01 08:00") in found
