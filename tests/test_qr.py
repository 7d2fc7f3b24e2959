"""QR codes: a real decoder reads them off the rendered screen, as a phone would."""

from __future__ import annotations

import subprocess
import sys
import tracemalloc

import pytest
import zxingcpp
from PIL import Image, ImageFilter

from kiosk import harness, paths, qrcodes
from kiosk.content import load_catalog
from kiosk.pages import urls

CATALOG, _ = load_catalog(paths.CONTENT)
OFFER = "psychosoziale-beratungsstelle-fuer-migrantinnen"


def decode(image: Image.Image) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(image) if result.format == zxingcpp.BarcodeFormat.QRCode]


def test_matrix_has_quiet_zone_and_medium_error_correction():
    data = urls.page_url(CATALOG.site, OFFER, "de")
    rows = qrcodes.matrix(data)
    assert all(not any(row) for row in rows[: qrcodes.QUIET_ZONE])
    assert all(not any(row[: qrcodes.QUIET_ZONE]) for row in rows)
    side, pixels = qrcodes.rgba(data)
    image = Image.frombytes("RGBA", (side, side), pixels).resize((side * 8, side * 8), Image.NEAREST)
    (result,) = zxingcpp.read_barcodes(image)
    assert result.text == data and result.ec_level == "M"


def test_the_codes_kept_for_hundreds_of_offers_take_little_memory():
    """Visitors come across hundreds of codes (offers x languages x kinds) and each takes ~9 ms to make, so
    made codes are kept; kept as tuples of modules they held ~19 KB each, 9.6 MB for a full cache."""
    qrcodes.packed.cache_clear()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for lang in ("de", "ar", "uk"):
            for offer_id in CATALOG.offers:
                side, pixels = qrcodes.rgba(urls.page_url(CATALOG.site, offer_id, lang))
                assert len(pixels) == side * side * 4
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    kept = qrcodes.packed.cache_info().currsize
    assert kept >= 150
    assert held / kept < 1024, f"{held / kept:.0f} bytes per code kept"


@pytest.mark.parametrize("lang", ["de", "ar", "fa"])
def test_decoder_reads_the_page_url_from_a_preview_screenshot(tmp_path, lang):
    out = tmp_path / "detail.png"
    command = [sys.executable, "-m", "kiosk", "preview", "--screen", "detail", "--lang", lang, "--offer", OFFER,
               "--out", str(out)]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    expected = urls.page_url(CATALOG.site, OFFER, lang)
    with Image.open(out) as screenshot:
        assert decode(screenshot) == [expected]
        # a phone camera a metre away: half the resolution, slightly out of focus
        far = screenshot.resize((screenshot.width // 2, screenshot.height // 2), Image.BILINEAR)
        assert decode(far.filter(ImageFilter.GaussianBlur(radius=1))) == [expected]


def test_switching_the_code_by_touch_and_its_size(app, tmp_path):
    app.start()
    app.open_category("arbeit")
    app.open_offer("handwerkskammer-flensburg")
    harness.settle()
    detail = app.manager.get_screen("detail")
    qr = detail.ids.qr
    assert qr.width / app.px_per_mm() >= 40  # at least 4 cm on the configured 55" screen
    assert qr.width % qr.modules == 0  # a whole number of pixels per module: all modules alike
    buttons = [b for b in detail.ids.qr_side.children if getattr(b, "available", False)]
    contact = next(b for b in buttons if b.text == "Kontakt speichern")
    harness.tap(contact)
    harness.screenshot(tmp_path / "s.png")
    with Image.open(tmp_path / "s.png") as screenshot:
        assert decode(screenshot) == [urls.contact_url(CATALOG.site, "handwerkskammer-flensburg", "de")]
    route = next(b for b in buttons if b.text == "Weg dorthin")
    harness.tap(route)
    assert detail.qr_data.startswith("https://www.openstreetmap.org/search?query=Johanniskirchhof+1")
    assert "Termin speichern" not in [b.text for b in buttons]  # no date to save for a contact point


def test_qr_textures_are_cached_and_bounded(app):
    from kiosk.widgets import QRCode

    app.start()
    seen = set()
    for offer_id in list(CATALOG.offers)[:70]:
        app.open_category(CATALOG.offers[offer_id].category)
        app.open_offer(offer_id)
        harness.pump(1)
        seen.add(id(app.manager.get_screen("detail").ids.qr.texture))
    assert len(QRCode._cache) <= QRCode.CACHE_SIZE
    first = QRCode.texture_for(urls.page_url(CATALOG.site, offer_id, "de"))
    assert QRCode.texture_for(urls.page_url(CATALOG.site, offer_id, "de")) is first  # made once, reused
