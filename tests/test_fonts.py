"""The shipped font has a glyph for every character the kiosk draws, in every language."""

from __future__ import annotations

import pytest
from babel.messages.pofile import read_po
from fontTools.ttLib import TTFont

from kiosk import i18n, paths, textlayout
from kiosk.content import load_catalog

FONTS = sorted(paths.FONTS.glob("InfopointSans-*.ttf"))
CATALOG, _ = load_catalog(paths.CONTENT)
INVISIBLE = {"\n", "\t"}


def drawn(text: str, lang: str) -> str:
    """Exactly the characters a label gets for ``text``: shaped, reordered, controls removed."""
    lines, _ = textlayout.layout(text, None, len, "R" if i18n.is_rtl(lang) else "L")
    return "".join(lines)


def strings(lang: str) -> list[str]:
    found = [offer.title.get(lang) for offer in CATALOG.offers.values()]
    found += [offer.summary.get(lang) for offer in CATALOG.offers.values()]
    found += [offer.description.get(lang) for offer in CATALOG.offers.values()]
    found += [c.role.get(lang) for offer in CATALOG.offers.values() for c in offer.contacts]
    found += [category.title.get(lang) for category in CATALOG.categories]
    found += [category.summary.get(lang) for category in CATALOG.categories]
    found += [text.get(lang) for text in (CATALOG.site.name, CATALOG.site.motto, CATALOG.site.welcome)]
    found.append(i18n.native_name(lang))
    path = i18n.LOCALE_DIR / lang.replace("-", "_") / "LC_MESSAGES" / "kiosk.po"
    if path.exists():
        with open(path, "rb") as handle:
            found += [message.string for message in read_po(handle) if message.id and message.string]
    return found


@pytest.fixture(scope="module", params=FONTS, ids=lambda p: p.stem)
def cmap(request):
    return set(TTFont(request.param).getBestCmap())


def test_both_weights_are_shipped():
    assert [p.stem for p in FONTS] == ["InfopointSans-Bold", "InfopointSans-Regular"]


@pytest.mark.parametrize("lang", CATALOG.site.languages)
def test_every_character_has_a_glyph(cmap, lang):
    missing = {}
    for text in strings(lang):
        for char in drawn(text, lang):
            if char not in INVISIBLE and ord(char) not in cmap:
                missing.setdefault(f"U+{ord(char):04X}", text[:40])
    assert not missing, missing


def test_the_check_would_see_a_missing_glyph(cmap):
    assert ord("\u4e2d") not in cmap  # a CJK character: not in our font, so the test can fail
