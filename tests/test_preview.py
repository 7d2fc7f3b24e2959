"""`kiosk preview` and `kiosk run` from the shell, as a newcomer would use them."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from PIL import Image


def kiosk(*args, display: bool = False):
    env = dict(os.environ)
    if not display:
        # The commands must cope with no display at all: preview starts its own, run explains.
        env.pop("DISPLAY", None)
        env.pop("WAYLAND_DISPLAY", None)
    return subprocess.run([sys.executable, "-m", "kiosk", *args], capture_output=True, text=True, env=env,
                          timeout=180)  # fmt: skip


def colours(path) -> int:
    with Image.open(path) as image:
        return len(image.convert("RGB").getcolors(maxcolors=1 << 20) or [])


@pytest.mark.parametrize(
    ("screen", "extra", "expected"),
    [
        ("attract", [], ["Willkommen", "Flensburg liebt dich. So wie du bist!"]),
        ("home", ["--lang", "en"], ["Deutsch", "English", "Health", "Help & advice"]),
        ("list", ["--category", "gesundheit"], ["Gesundheit", "MiMi-Gesundheitsschulungen auf Arabisch und Persisch"]),
        ("detail", ["--offer", "handwerkskammer-flensburg"], ["Handwerkskammer Flensburg", "Ausbildung & Arbeit"]),
    ],
)
def test_preview_renders_state_and_texts(tmp_path, screen, extra, expected):
    out, texts = tmp_path / f"{screen}.png", tmp_path / f"{screen}.json"
    result = kiosk("preview", "--screen", screen, *extra, "--out", str(out), "--texts", str(texts))
    assert result.returncode == 0, result.stderr
    with Image.open(out) as image:
        assert image.size == (1080, 1920)
    assert colours(out) > 20  # a real picture, not an empty frame
    report = json.loads(texts.read_text(encoding="utf-8"))
    shown = [item["text"] for item in report["texts"]]
    for text in expected:
        assert text in shown, (text, shown)
    assert report["screen"] == screen
    # reading order: top to bottom
    assert [item["y"] for item in report["texts"]] == sorted(item["y"] for item in report["texts"])


def test_preview_detail_shows_phone_numbers_of_contacts(tmp_path):
    texts = tmp_path / "t.json"
    result = kiosk("preview", "--screen", "detail", "--offer", "handwerkskammer-flensburg", "--out",
                   str(tmp_path / "d.png"), "--texts", str(texts))  # fmt: skip
    assert result.returncode == 0, result.stderr
    shown = "\n".join(item["text"] for item in json.loads(texts.read_text())["texts"])
    assert "0461 - 866 292" in shown and "0461 - 866 293" in shown


def test_preview_landscape(tmp_path):
    out = tmp_path / "home.png"
    result = kiosk("preview", "--screen", "home", "--size", "1920x1080", "--out", str(out))
    assert result.returncode == 0, result.stderr
    with Image.open(out) as image:
        assert image.size == (1920, 1080)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--screen", "detail", "--offer", "nope"], "unknown offer 'nope'"),
        (["--screen", "list", "--category", "nope"], "unknown category 'nope'"),
        (["--lang", "xx"], "unknown language 'xx'"),
    ],
)
def test_preview_bad_state_is_a_clear_error(tmp_path, args, message):
    result = kiosk("preview", *args, "--out", str(tmp_path / "x.png"))
    assert result.returncode == 1
    assert message in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "x.png").exists()


def test_run_without_display_says_so_in_one_line():
    result = kiosk("run")
    assert result.returncode == 3
    assert result.stderr.count("\n") == 1
    assert "No display found" in result.stderr and "kiosk preview" in result.stderr
    assert "Traceback" not in result.stderr


def test_make_run_without_display_exits_cleanly():
    env = {key: value for key, value in os.environ.items() if key not in ("DISPLAY", "WAYLAND_DISPLAY", "MAKEFLAGS")}
    result = subprocess.run(["make", "-s", "run"], capture_output=True, text=True, env=env, timeout=600,
                            cwd=os.path.dirname(os.path.dirname(__file__)))  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "No display found" in result.stderr
    assert "Traceback" not in result.stderr and "Error" not in result.stderr


def test_run_starts_on_a_display_and_keeps_running(tmp_path):
    import time

    process = subprocess.Popen([sys.executable, "-m", "kiosk", "run", "--windowed"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)  # fmt: skip
    try:
        time.sleep(6)
        assert process.poll() is None, process.communicate()[1][-2000:]
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=20)
    assert "Traceback" not in stderr


@pytest.mark.parametrize("lang", ["ar", "fa"])
@pytest.mark.parametrize("screen", ["home", "list", "detail"])
def test_preview_in_arabic_and_persian(tmp_path, lang, screen):
    from kiosk.content import load_catalog

    catalog, _ = load_catalog("content")
    offer = catalog.offers["psychosoziale-beratungsstelle-fuer-migrantinnen"]
    category = catalog.category(offer.category)
    texts = tmp_path / "t.json"
    result = kiosk("preview", "--screen", screen, "--lang", lang, "--offer", offer.id, "--out",
                   str(tmp_path / "s.png"), "--texts", str(texts))  # fmt: skip
    assert result.returncode == 0, result.stderr
    report = json.loads(texts.read_text(encoding="utf-8"))
    shown = [item["text"] for item in report["texts"]]
    expected = {
        "home": [category.title.get(lang), i18n_name(lang)],
        "list": [category.title.get(lang), offer.title.get(lang)],
        "detail": [offer.title.get(lang), offer.summary.get(lang), "0461 - 812 17 29"],
    }[screen]
    for text in expected:
        assert text in shown, (text, shown)
    if screen == "list":  # the rows are laid out for the real width: several fit on the screen
        titles = {o.title.get(lang) for o in catalog.offers.values() if o.category == category.id}
        assert len(titles & set(shown)) >= 3, shown
    # right-to-left: the offer title ends at the right margin
    if screen == "detail":
        title = next(item for item in report["texts"] if item["text"] == offer.title.get(lang))
        assert title["x"] + title["width"] > 1000


def i18n_name(lang):
    from kiosk import i18n

    return i18n.native_name(lang)
