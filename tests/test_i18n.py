"""UI catalogs are complete and their placeholders intact."""

import re

import pytest
from babel.messages.pofile import read_po

from kiosk import i18n

CATALOGS = sorted(i18n.LOCALE_DIR.glob("*/LC_MESSAGES/kiosk.po"))
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def test_there_are_catalogs():
    assert CATALOGS


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.parent.parent.name)
def test_catalog_is_complete_and_placeholders_match(path):
    with open(i18n.LOCALE_DIR / "kiosk.pot", "rb") as handle:
        template = {m.id for m in read_po(handle) if m.id}
    with open(path, "rb") as handle:
        catalog = read_po(handle)
    translated = {m.id: m.string for m in catalog if m.id}
    fuzzy = [m.id for m in catalog if m.id and "fuzzy" in m.flags]
    assert not fuzzy, f"gettext ignores fuzzy entries: {fuzzy}"
    assert template <= set(translated), f"not in catalog: {template - set(translated)}"
    for message_id, text in translated.items():
        assert text, f"untranslated: {message_id!r}"
        assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(message_id)), message_id


def test_compiled_catalog_is_used():
    assert i18n.translate("de", "Back") == "Zurück"
    assert i18n.translate("en", "Back") == "Back"


@pytest.mark.parametrize(
    ("lang", "name"),
    [("de", "Deutsch"), ("en", "English"), ("ar", "العربية"), ("fa", "فارسی"), ("uk", "Українська"),
     ("de-simple", "Einfaches Deutsch")],  # fmt: skip
)
def test_native_names(lang, name):
    assert i18n.native_name(lang) == name


def test_rtl():
    assert i18n.is_rtl("ar") and i18n.is_rtl("fa") and not i18n.is_rtl("de")


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.parent.parent.name)
def test_every_catalog_is_compiled_and_used(path):
    """pybabel skips catalogs marked fuzzy without a word: the kiosk would silently show English."""
    lang = path.parent.parent.name.replace("_", "-")
    i18n.translations.cache_clear()
    assert i18n.translate(lang, "Back") != "Back"
    assert i18n.translate(lang, "Scan with your phone to take this offer along.") != \
        "Scan with your phone to take this offer along."  # fmt: skip
