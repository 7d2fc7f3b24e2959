"""The phone pages in a real browser: Debian's chromium driven by Playwright, checked with axe-core."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kiosk import paths
from kiosk.content import load_catalog
from kiosk.feed import keys, publish
from kiosk.feed.server import serve_in_background

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = paths.ROOT / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 360, "height": 740}
CASES = [("psychosoziale-beratungsstelle-fuer-migrantinnen", lang) for lang in ("de", "ar", "fa", "uk")] + [
    ("flensburg-sagt-danke", "de"), ("handwerkskammer-flensburg", "tr")]  # fmt: skip


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The real content published with `kiosk publish` and served over HTTP."""
    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is not installed: `make test` installs Debian's chromium")
    if not AXE.exists():
        pytest.fail("axe-core is missing: `make test` runs npm install")
    work = tmp_path_factory.mktemp("site")
    keys.keygen(work / "keys")
    publish.publish(paths.CONTENT, work / "keys", work / "feed")
    server = serve_in_background(work / "feed")
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(("offer_id", "lang"), CASES)
def test_page_on_a_phone(site, browser, offer_id, lang):
    catalog, _ = load_catalog(paths.CONTENT)
    offer = catalog.offers[offer_id]
    page = browser.new_page(viewport=PHONE)
    try:
        response = page.goto(f"{site}/o/{offer_id}/{lang}/")
        assert response.status == 200
        assert page.locator("h1").inner_text() == offer.title.get(lang)
        assert page.get_attribute("html", "dir") == ("rtl" if lang in ("ar", "fa") else "ltr")
        assert page.get_attribute("html", "lang") == lang
        # readable on a 360 px phone: nothing wider than the screen
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        if offer.phones():
            href = page.locator("a[href^='tel:']").first.get_attribute("href")
            digits = "".join(c for c in offer.phones()[0] if c.isdigit())
            assert href == "tel:+49" + digits[1:]
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        bad = [(v["id"], v["impact"], len(v["nodes"])) for v in result["violations"]
               if v["impact"] in ("serious", "critical")]  # fmt: skip
        assert bad == [], bad
    finally:
        page.close()


def test_index_page_lists_categories_and_links_work(site, browser):
    page = browser.new_page(viewport=PHONE)
    try:
        page.goto(f"{site}/ar/")
        assert page.get_attribute("html", "dir") == "rtl"
        headings = page.locator("h2").all_inner_texts()
        assert "الصحة" in headings
        page.locator("a", has_text="MiMi").first.click()
        assert "/o/mimi-gesundheitsschulungen/ar/" in page.url
        page.get_by_role("link", name="Deutsch", exact=True).click()
        assert page.url.endswith("/o/mimi-gesundheitsschulungen/de/")
    finally:
        page.close()
