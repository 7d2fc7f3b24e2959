"""Screenshots of the office's editor for docs/editor.md: ``.venv/bin/python tools/editor_screenshots.py docs/editor``.

Sets the editor up on a temporary copy of content/ (kiosk.editor.demo: keys, a first feed, the
admin "anna"), adds a small fleet database with three kiosks, serves the editor in the
background and drives Debian's chromium with Playwright through a day's work: log in, publish
once, open an offer, save a change, try a broken phone number, preview in Arabic, look at the
history and the publish page. Each page is saved as a small palette PNG (at most 1000 px wide).
Nothing outside the temporary directory and the output directory is touched.
"""

from __future__ import annotations

import io
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageDraw

from kiosk import paths
from kiosk.editor import demo
from kiosk.editor.app import create_app

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
         "--disable-background-networking", "--disable-component-update"]  # fmt: skip
VIEWPORT = {"width": 1280, "height": 800}
MAX_WIDTH = 1000
PASSWORD = "Flensburg-2026!"
OFFER = "afghanisch-deutscher-kulturverein"
KIOSKS = [("rathaus", "Rathaus, Foyer"), ("neustadt", "Stadtteilbüro Neustadt"), ("muerwik", "Bürgerhaus Mürwik")]


def save_png(data: bytes | Image.Image, path: Path) -> None:
    """At most MAX_WIDTH wide, 256 colours, optimized."""
    image = data if isinstance(data, Image.Image) else Image.open(io.BytesIO(data))
    image = image.convert("RGB")
    if image.width > MAX_WIDTH:
        image = image.resize((MAX_WIDTH, round(image.height * MAX_WIDTH / image.width)), Image.LANCZOS)
    image.quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(path, optimize=True)
    print(f"{path}: {image.width}x{image.height}, {path.stat().st_size // 1024} KB")


def stacked(parts: list[bytes]) -> Image.Image:
    """Screenshots one below the other, divided by a grey band (parts of one page that are far apart)."""
    images = [Image.open(io.BytesIO(part)).convert("RGB") for part in parts]
    gap = 14
    width = max(image.width for image in images)
    out = Image.new("RGB", (width, sum(image.height for image in images) + gap * (len(images) - 1)), "white")
    y = 0
    for number, image in enumerate(images):
        out.paste(image, (0, y))
        y += image.height
        if number < len(images) - 1:
            ImageDraw.Draw(out).rectangle((0, y, width, y + gap - 1), fill="#b0aca4")
            y += gap
    return out


def region(page, top_selector: str, bottom_selector: str, *, above: int = 12, below: int = 12) -> dict:
    """A clip of the viewport from the top of one element to the bottom of another (after scrolling to the first)."""
    page.locator(top_selector).first.evaluate("e => window.scrollTo(0, e.getBoundingClientRect().top "
                                              "+ window.scrollY - 12)")  # fmt: skip
    top = page.locator(top_selector).first.bounding_box()
    bottom = page.locator(bottom_selector).first.bounding_box()
    y = max(0, top["y"] - above)
    end = min(VIEWPORT["height"], bottom["y"] + bottom["height"] + below)
    return {"x": 0, "y": y, "width": VIEWPORT["width"], "height": end - y}


def fleet(path: Path, version: int) -> None:
    """Three kiosks: two hold ``version``, one is a version behind and cannot reach the feed."""
    from kiosk.fleet.registry import Registry

    now = time.time()
    with Registry(path) as registry:
        for number, (kiosk_id, location) in enumerate(KIOSKS):
            behind = number == len(KIOSKS) - 1 and version > 1
            beat = {"kiosk_id": kiosk_id, "group": "stadtteile", "location": location,
                    "content_version": version - 1 if behind else version,
                    "sync": {"version": version - 1 if behind else version, "time": None,
                             "error": "Feed nicht erreichbar (Zeitüberschreitung)" if behind else None}}  # fmt: skip
            registry.record(beat, received_at=now - 60 * (3 + 40 * number))


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: tools/editor_screenshots.py OUT_DIR", file=sys.stderr)
        return 2
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="editor-shots-") as temp:
        work = Path(temp)
        settings = demo.prepare(work / "editor", work / "content", copy_from=paths.CONTENT,
                                fleet_db=work / "fleet.sqlite")  # fmt: skip
        demo.add_account(settings, "anna", PASSWORD, "admin", display_name="Anna Petersen")
        running = demo.serve_in_background(create_app(settings))
        url = running.url
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
                page = browser.new_page(viewport=VIEWPORT, locale="de-DE")
                page.set_default_timeout(30_000)

                # log in
                page.goto(f"{url}/login")
                page.get_by_label("Anmeldename").fill("anna")
                page.get_by_label("Passwort").fill(PASSWORD)
                save_png(page.screenshot(clip={"x": 0, "y": 0, "width": 1280, "height": 420}), out / "login.png")
                page.get_by_role("button", name="Anmelden").click()
                page.wait_for_url(f"{url}/")

                # the offer form: each text beside the German
                page.goto(f"{url}/angebote/{OFFER}")
                clip = region(page, "#h-texts", ".lang-row:has(#f-title-fa)")
                save_png(page.screenshot(clip=clip), out / "offer-form.png")

                # a change that saves: the cost, in German, English and Arabic
                page.locator("#f-cost-de").fill("kostenlos")
                page.locator("#f-cost-en").fill("free of charge")
                page.locator("#f-cost-ar").fill("مجانًا")
                page.get_by_role("button", name="Speichern").click()
                page.get_by_role("status").filter(has_text="Gespeichert").wait_for()

                # published; two kiosks take it, one does not
                page.goto(f"{url}/veroeffentlichen")
                page.get_by_role("button", name="Jetzt veröffentlichen").click()
                page.get_by_role("status").filter(has_text="Veröffentlicht").wait_for()
                with sqlite3.connect(settings.database) as db:
                    version = db.execute("SELECT version FROM publishes ORDER BY id DESC LIMIT 1").fetchone()[0]
                fleet(settings.fleet_db, version)

                # a second change, not yet published: the Danish description
                page.goto(f"{url}/angebote/{OFFER}")
                page.locator("#f-description-da").fill("Migrantorganisationer er foreninger og grupper, "
                                                       "som indvandrere selv driver.")  # fmt: skip
                page.get_by_role("button", name="Speichern").click()
                page.get_by_role("status").filter(has_text="Gespeichert").wait_for()

                # a broken phone number: the summary on top, the problem beside the field
                page.locator("#f-phone").fill("0461 abc")
                page.get_by_role("button", name="Speichern").click()
                page.locator("#f-phone-p1").wait_for()
                top = page.screenshot(clip=region(page, "main h1", "#problems", above=16, below=16))
                field = page.screenshot(clip=region(page, "#h-contact", "#f-phone-p1", above=8, below=60))
                save_png(stacked([top, field]), out / "offer-problem.png")

                # the preview: the kiosk draws it in a child process, which takes a while the first time
                page.goto(f"{url}/angebote/{OFFER}/vorschau?lang=ar")
                for image in page.locator(".previews img").all():
                    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle(),
                                           timeout=120_000)  # fmt: skip
                page.frame_locator("iframe").locator("h1").wait_for()
                page.evaluate("window.scrollTo(0, 0)")
                save_png(page.screenshot(full_page=True), out / "preview.png")

                # the offer's history
                page.goto(f"{url}/angebote/{OFFER}/verlauf")
                save_png(page.screenshot(), out / "history.png")

                # the publish page: what changed, what is planned, which kiosks have which version
                page.goto(f"{url}/veroeffentlichen")
                save_png(page.screenshot(full_page=True), out / "publish.png")

                # the overview and the list of offers
                page.goto(f"{url}/")
                save_png(page.screenshot(full_page=True), out / "overview.png")
                for query in ("lang=ar&state=missing", "lang=da&state=partial", ""):  # the first filter that finds any
                    page.goto(f"{url}/angebote?{query}")
                    if page.locator("table.offers tbody tr").count():
                        break
                save_png(page.screenshot(), out / "offers.png")
                browser.close()
        finally:
            running.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
