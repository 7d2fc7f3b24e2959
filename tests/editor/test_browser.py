"""The editor in Debian's chromium, driven by Playwright as a member of staff would use it; axe-core on every page type.

The story: log in, change an offer's German title and its Arabic summary, see the problem of a
broken phone number next to its field, preview on the kiosk and the phone, publish, and a
kiosk (`kiosk sync`, then the kiosk's own screen) shows the new text; roll the offer back and
publish again, and the kiosk shows the old text.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
import yaml

from kiosk import paths
from kiosk.editor import demo
from kiosk.editor.app import create_app
from kiosk.feed.server import serve_in_background as serve_feed
from kiosk.feed.store import Store
from tests.editor.conftest import ACCOUNTS, OFFER, PASSWORD

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = paths.ROOT / "node_modules" / "axe-core" / "axe.min.js"
LAPTOP = {"width": 1280, "height": 800}
TABLET = {"width": 768, "height": 1024}


@pytest.fixture
def office(tmp_path):
    """The editor on a copy of the real content, its feed served over HTTP, and a kiosk's data directory."""
    if not AXE.exists():
        pytest.fail("axe-core is missing: `make test` runs npm install")
    settings = demo.prepare(tmp_path / "editor", tmp_path / "content", copy_from=paths.CONTENT)
    for name, (role, extra) in ACCOUNTS.items():
        demo.add_account(settings, name, PASSWORD, role, display_name=name.capitalize(), **extra)
    editor = demo.serve_in_background(create_app(settings))
    feed = serve_feed(settings.feed)

    class Office:
        url = editor.url
        feed_url = f"http://127.0.0.1:{feed.server_address[1]}"
        kiosk_data = tmp_path / "kiosk"
        trust = settings.feed / "metadata" / "1.root.json"
        work = tmp_path

        def sync(self) -> dict:
            done = subprocess.run([sys.executable, "-m", "kiosk", "sync", "--once", "--feed", self.feed_url,
                                   "--data", str(self.kiosk_data), "--trust", str(self.trust)],
                                  capture_output=True, text=True, timeout=120)  # fmt: skip
            assert done.returncode == 0, done.stderr
            return json.loads(done.stdout)

        def kiosk_texts(self, lang: str) -> list[str]:
            """What the kiosk's detail screen shows for the offer, from the content it synced."""
            current = Store(self.kiosk_data).current()
            out = self.work / f"kiosk-{lang}.png"
            done = subprocess.run([sys.executable, "-m", "kiosk", "preview", "--content", str(current),
                                   "--screen", "detail", "--offer", OFFER, "--lang", lang, "--out", str(out),
                                   "--texts", str(out.with_suffix(".json"))], capture_output=True, text=True,
                                  timeout=120)  # fmt: skip
            assert done.returncode == 0, done.stderr
            return [item["text"] for item in json.loads(out.with_suffix(".json").read_text("utf-8"))["texts"]]

    yield Office()
    editor.stop()
    feed.shutdown()
    feed.server_close()


def _log_in(page, url: str, name: str = "anna") -> None:
    page.goto(f"{url}/login")
    page.get_by_label("Anmeldename").fill(name)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(f"{url}/")


def _axe(page) -> list:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]


def test_change_check_preview_publish_and_roll_back(office, browser):
    page = browser.new_page(viewport=LAPTOP)
    try:
        office.sync()
        original = yaml.safe_load((office.work / "content" / "offers" / f"{OFFER}.yaml").read_text("utf-8"))
        assert original["title"]["de"] in office.kiosk_texts("de")

        _log_in(page, office.url)
        page.get_by_role("link", name="Angebote", exact=True).click()
        page.get_by_label("Suche").fill("Kulturverein")
        page.get_by_role("button", name="Filtern").click()
        page.get_by_role("link", name=original["title"]["de"]).click()

        # change the German title and the Arabic summary
        title = page.locator("#f-title-de")
        title.fill("Afghanisch-Deutscher Kulturverein Flensburg")
        arabic = page.locator("#f-summary-ar")
        assert arabic.get_attribute("dir") == "rtl" and arabic.get_attribute("lang") == "ar"
        arabic.fill("جمعية ثقافية للأفغان والألمان في فلنسبورغ.")
        page.get_by_role("button", name="Speichern").click()
        page.get_by_role("status").filter(has_text="Gespeichert").wait_for()

        # a broken phone number: its problem next to its field, in German; nothing typed is lost
        page.locator("#f-phone").fill("0461 / 85 abc")
        page.get_by_role("button", name="Speichern").click()
        problem = page.locator("#f-phone-p1")
        problem.wait_for()
        assert "Telefonnummer" in problem.inner_text() and "0461 / 85 abc" in problem.inner_text()
        assert page.locator(".field.has-problem #f-phone").count() == 1  # the same field
        assert page.locator("#f-phone").get_attribute("aria-invalid") == "true"
        assert "f-phone-p1" in page.locator("#f-phone").get_attribute("aria-describedby")
        assert page.locator("#f-phone").input_value() == "0461 / 85 abc"
        page.get_by_role("link", name="0461 / 85 abc").first.click()  # the summary links to the field
        assert page.evaluate("document.activeElement.id") == "f-phone"
        page.locator("#f-phone").fill(original["phone"])
        page.get_by_role("button", name="Speichern").click()
        page.get_by_role("status").filter(has_text="Gespeichert").wait_for()

        # preview: the kiosk's own detail and list screens, and the phone page, in Arabic
        page.get_by_role("link", name="Vorschau").click()
        page.get_by_label("Sprache").select_option("ar")
        page.get_by_role("button", name="Zeigen").click()
        for image in page.locator(".previews img").all():
            image.scroll_into_view_if_needed()
            page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle(),
                                   timeout=120_000)  # fmt: skip
            assert image.evaluate("img => img.naturalWidth") == 1080
        phone = page.frame_locator("iframe")
        assert phone.locator("h1").inner_text().startswith("Afghanisch Deutscher Kulturverein")  # Arabic title as was
        assert "جمعية ثقافية للأفغان والألمان" in phone.locator("body").inner_text()

        # publish: what changed, then the button
        page.get_by_role("link", name="Veröffentlichen").click()
        page.get_by_role("button", name="Jetzt veröffentlichen").click()
        page.get_by_role("status").filter(has_text="Veröffentlicht").wait_for()
        synced = office.sync()
        assert synced["error"] is None, synced
        texts = office.kiosk_texts("de")
        assert "Afghanisch-Deutscher Kulturverein Flensburg" in texts
        assert any("جمعية ثقافية للأفغان والألمان" in text for text in office.kiosk_texts("ar"))
        page.reload()
        assert "Nichts geändert." in page.content()

        # roll the offer back to the state before the change, publish again
        page.goto(f"{office.url}/angebote/{OFFER}/verlauf")
        rows = page.locator("tbody tr")
        # the change and the first state: the refused save made no revision, and the phone put back is no change
        assert rows.count() == 2
        rows.nth(1).get_by_role("button", name="zurücksetzen").click()
        page.get_by_role("status").filter(has_text="zurückgesetzt").wait_for()
        assert page.locator("#f-title-de").input_value() == original["title"]["de"]
        page.get_by_role("link", name="Veröffentlichen").click()
        assert page.get_by_text("geändert:").count() >= 1
        page.get_by_role("button", name="Jetzt veröffentlichen").click()
        page.get_by_role("status").filter(has_text="Veröffentlicht").wait_for()
        office.sync()
        texts = office.kiosk_texts("de")
        assert original["title"]["de"] in texts and "Afghanisch-Deutscher Kulturverein Flensburg" not in texts
    finally:
        page.close()


PAGES = ["/", "/angebote", f"/angebote/{OFFER}", "/angebote/neu", "/bereiche", "/bereiche/bildung?icon_q=school",
         "/bereiche/neu", "/seite", "/hinweise", "/hinweise/neu", "/verlauf", f"/angebote/{OFFER}/verlauf",
         f"/angebote/{OFFER}/vorschau", "/veroeffentlichen", "/konten", "/konten/anna", "/konten/neu", "/protokoll",
         "/konto", "/gibt-es-nicht"]  # fmt: skip


@pytest.mark.parametrize("viewport", [LAPTOP, TABLET], ids=["laptop-1280", "tablet-768"])
def test_every_page_type_is_accessible_and_fits(office, browser, viewport):
    # axe-core is injected as a script: the editor's Content-Security-Policy would rightly refuse it
    context = browser.new_context(viewport=viewport, bypass_csp=True)
    page = context.new_page()
    try:
        page.goto(f"{office.url}/login")
        assert _axe(page) == []
        _log_in(page, office.url)
        # pages that need a state: a revision, a comparison, a page with problems shown
        page.goto(f"{office.url}/angebote/{OFFER}")
        page.locator("#f-phone").fill("abc")
        page.locator("#f-email").fill("kein-mail")
        page.get_by_role("button", name="Speichern").click()
        page.locator("#f-phone-p1").wait_for()
        assert _axe(page) == [], "offer form with problems"
        page.locator("#f-phone").fill("0461 12345")
        page.locator("#f-email").fill("")
        page.get_by_role("button", name="Speichern").click()
        page.get_by_role("status").filter(has_text="Gespeichert").wait_for()
        revision = page.evaluate("fetch('/verlauf').then(r => r.text())"
                                 ".then(t => t.match(/verlauf\\/([0-9a-f]{40})/g))")
        extra = [f"/{revision[0]}", f"/angebote/{OFFER}/{revision[-1]}"]
        for path in [*PAGES, *extra]:
            page.goto(office.url + path)
            assert _axe(page) == [], path
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{path} is {overflow} px wider than the {viewport['width']} px screen"
    finally:
        context.close()


def test_keyboard_only(office, browser):
    """Log in, open the offers and reach the first field with the keyboard alone; focus is always visible."""
    page = browser.new_page(viewport=LAPTOP)
    try:
        page.goto(f"{office.url}/login")
        assert page.evaluate("document.activeElement.id") == "name"  # the name field has the focus
        page.keyboard.type("anna")
        page.keyboard.press("Tab")
        page.keyboard.type(PASSWORD)
        page.keyboard.press("Enter")
        page.wait_for_url(f"{office.url}/")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Zum Inhalt springen"
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main"
        page.goto(f"{office.url}/")
        for _ in range(30):
            page.keyboard.press("Tab")
            focused = page.evaluate("""(() => { const e = document.activeElement; const s = getComputedStyle(e);
                return {text: e.textContent.trim(), outline: s.outlineStyle, width: s.outlineWidth}; })()""")
            assert focused["outline"] != "none" and focused["width"] != "0px", focused
            if focused["text"] == "Angebote":
                break
        else:
            pytest.fail("the offers link cannot be reached with Tab")
        page.keyboard.press("Enter")
        page.wait_for_url(f"{office.url}/angebote")
        assert page.evaluate("[...document.querySelectorAll('[tabindex]')].filter(e => e.tabIndex > 0).length") == 0
    finally:
        page.close()
