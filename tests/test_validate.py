"""`kiosk validate` as editors run it."""

import json
import subprocess
import sys

from tests.conftest import write_offer


def kiosk(*args):
    return subprocess.run([sys.executable, "-m", "kiosk", *args], capture_output=True, text=True, timeout=120)


def test_real_content_ok(real_content):
    result = kiosk("validate", str(real_content))
    assert result.returncode == 0, result.stdout
    assert result.stdout.count("\n") == 1
    assert "OK" in result.stdout and "offers" in result.stdout


def test_problems_print_path_line_message_and_exit_1(content_dir):
    write_offer(content_dir, "kurs", "website: javascript:alert(1)\nfoo: 1\n")
    result = kiosk("validate", str(content_dir))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    expected = "kurs.yaml:8: unsafe URL 'javascript:alert(1)': only http:// and https:// links are allowed"
    assert any(line.endswith(expected) for line in lines), lines
    assert any("kurs.yaml:9: unknown key 'foo'" in line for line in lines)
    assert "Traceback" not in result.stderr


def test_json_report(content_dir):
    result = kiosk("validate", "--json", str(content_dir))
    report = json.loads(result.stdout)
    assert result.returncode == 0
    assert report["offers"] == 1 and report["categories"] == 1
    assert report["languages"] == {"de": 1.0, "en": 1.0, "ar": 0.0}


def test_json_report_with_problems(content_dir):
    (content_dir / "offers" / "broken.yaml").write_text("id: [\n")
    result = kiosk("validate", "--json", str(content_dir))
    report = json.loads(result.stdout)
    assert result.returncode == 1
    assert report["problems"][0]["path"].endswith("broken.yaml")


def test_missing_directory(tmp_path):
    result = kiosk("validate", str(tmp_path / "nowhere"))
    assert result.returncode == 1
    assert result.stderr.startswith("kiosk: content directory not found")
    assert "Traceback" not in result.stderr
