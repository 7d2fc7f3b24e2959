"""Test set-up: a virtual display for the whole session and one kiosk window on it."""

from __future__ import annotations

import contextlib
import os
import shutil
import textwrap
from pathlib import Path

import pytest

from kiosk import display, paths

_displays = contextlib.ExitStack()


def pytest_configure(config):
    # Kivy opens its window on import of kivy.core.window, so the display must exist first.
    if not display.has_display():
        os.environ["DISPLAY"] = _displays.enter_context(display.virtual_display(1920, 1920))


def pytest_unconfigure(config):
    _displays.close()


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    """A small valid content directory to break on purpose."""
    root = tmp_path / "content"
    (root / "offers").mkdir(parents=True)
    (root / "site.yaml").write_text(
        textwrap.dedent(
            """\
            name: {de: Infopoint Test, en: Infopoint Test}
            languages: [de, en, ar]
            default_language: de
            public_url: https://example.org
            """
        ),
        encoding="utf-8",
    )
    (root / "categories.yaml").write_text(
        textwrap.dedent(
            """\
            - id: gesundheit
              title: {de: Gesundheit, en: Health}
              icon: heart-pulse
              color: "#b3261e"
            """
        ),
        encoding="utf-8",
    )
    write_offer(root, "schwimmkurs", "")
    return root


def write_offer(root: Path, offer_id: str, extra: str, *, body: str | None = None) -> Path:
    """Write an offer file; ``extra`` is appended YAML, ``body`` replaces the whole file."""
    path = root / "offers" / f"{offer_id}.yaml"
    text = body if body is not None else (
        textwrap.dedent(
            f"""\
            id: {offer_id}
            category: gesundheit
            kind: course
            title: {{de: Schwimmkurs, en: Swimming course}}
            summary: {{de: Schwimmen lernen., en: Learn to swim.}}
            phone: "0461 - 85 11 88"
            updated: 2026-11-24
            """
        )
        + textwrap.dedent(extra)
    )
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def real_content() -> Path:
    return paths.CONTENT


@pytest.fixture
def copy_of_real_content(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(paths.CONTENT, target)
    return target


@pytest.fixture(scope="session")
def kiosk_app():
    """The kiosk on the real content in a 1080x1920 window, reset before each use."""
    from kiosk import harness
    from kiosk.config import load_config
    from kiosk.content import load_catalog

    config = load_config()
    catalog, _problems = load_catalog(config.content)
    return harness.launch(catalog, config, (1080, 1920))


@pytest.fixture
def app(kiosk_app):
    from kivy.core.window import Window

    from kiosk import harness

    if tuple(Window.size) != (1080, 1920):
        Window.size = (1080, 1920)
    kiosk_app.reset()
    harness.settle()
    yield kiosk_app
    kiosk_app.reset()


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium, headless, driven by Playwright (never a browser Playwright downloads)."""
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        pytest.fail("chromium is not installed: `make test` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
                  "--disable-background-networking", "--disable-component-update"],
        )  # fmt: skip
        yield launched
        launched.close()
