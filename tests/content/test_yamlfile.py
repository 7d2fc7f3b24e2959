from pathlib import Path

from kiosk.content.yamlfile import MAX_NODES, read_yaml


def read(tmp_path: Path, text: str | bytes):
    path = tmp_path / "x.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return read_yaml(path, "x.yaml")


def test_lines_of_nested_values(tmp_path):
    doc, problems = read(tmp_path, "a: 1\nb:\n  c: [x, y]\n  d:\n    - e: 2\n")
    assert problems == []
    assert doc.line(("a",)) == 1
    assert doc.line(("b", "c")) == 3
    assert doc.line(("b", "d", 0, "e")) == 5
    assert doc.line(("b", "d", 0, "missing")) == 5  # falls back to the parent


def test_times_postcodes_and_yes_no_keys_stay_as_written(tmp_path):
    doc, _ = read(tmp_path, "start: 18:00\npostcode: 01234\non: 1\nno: 2\nn: 24937\n")
    assert doc.data == {"start": "18:00", "postcode": "01234", "on": 1, "no": 2, "n": 24937}


def test_duplicate_key_is_reported_with_its_line(tmp_path):
    _, problems = read(tmp_path, "a: 1\nb: 2\na: 3\n")
    assert [(p.line, p.message) for p in problems] == [(3, "duplicate key 'a'")]


def test_syntax_error_names_the_line(tmp_path):
    doc, problems = read(tmp_path, "a: 1\nb: [1, 2\nc: 3\n")
    assert doc is None
    assert problems[0].path == "x.yaml"
    assert problems[0].line in (3, 4)
    assert "YAML syntax error" in problems[0].message


def test_not_utf8(tmp_path):
    doc, problems = read(tmp_path, b"title: \xff\xfe\n")
    assert doc is None and "not UTF-8" in problems[0].message


def test_impossible_date_is_kept_as_text_for_validation(tmp_path):
    doc, problems = read(tmp_path, "updated: 2026-02-30\n")
    assert problems == [] and doc.data == {"updated": "2026-02-30"}


def test_alias_bomb_is_refused(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 8):
        lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]")
    doc, problems = read(tmp_path, "\n".join(lines) + "\n")
    assert doc is None and str(MAX_NODES) in problems[0].message
