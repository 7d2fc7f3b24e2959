"""Bidi layout against the reference implementation (python-bidi), on a corpus of mixed strings."""

from __future__ import annotations

import unicodedata

import pytest
from bidi import get_display
from bidi.mirror import MIRRORED

from kiosk import textlayout
from kiosk.textlayout import embedding_levels, layout, reorder_line, shape

CORPUS = [
    ("R", "اتصل بنا على 0461 - 85 11 88 (Stabsstelle Integration)."),
    ("R", "Jobcenter Flensburg (مركز العمل)"),
    ("R", "البريد الإلكتروني: info@fluechtlingshilfe-flensburg.de، الموقع: https://www.flensburg.de"),
    ("R", "المبلغ 2.000 يورو في السنة، أي حوالي 300 يورو لكل طفل."),
    ("R", "تلفن: ۰۴۶۱ ۸۵۱۱۸۸ و 0461 - 85 11 88"),
    ("R", "می‌توانید با ما تماس بگیرید: kiosk@flensburg.de"),
    ("R", "کلاس‌های زبان (Deutschkurs) برای مادران در مهدکودک‌ها [Kita] برگزار می‌شود."),
    ("R", "جلسه هر دو ماه یک‌بار در Ratssaal شهرداری (Rathausplatz 1) برگزار می‌شود."),
    ("R", "\u200f5 ديسمبر 2026\u200f، 18:00–20:00"),
    ("L", "Flensburg sagt Danke! (شكرا) am 5. Dezember"),
    ("L", "Katja Jüngling (Stabsstelle Integration – هماهنگی مرکز مشاوره)"),
    ("L", "Deutsch, العربية, فارسی, Türkçe"),
    ("R", "لا إله إلا الله"),
    ("R", "((نص)) [abc] {۱۲۳}"),
]


@pytest.mark.parametrize(("base", "text"), CORPUS)
def test_single_line_order_matches_reference(base, text):
    """Our reordering (L1, L2) gives python-bidi's display order; python-bidi does not mirror."""
    shaped = textlayout.isolate_data(shape(text))
    ours = reorder_line(shaped, embedding_levels(shaped, base), 1 if base == "R" else 0, mirror=False)
    assert ours == get_display(shaped, base_dir=base).translate(textlayout.BIDI_CONTROLS).rstrip()


@pytest.mark.parametrize(("base", "text"), CORPUS)
def test_exactly_the_characters_at_rtl_levels_are_mirrored(base, text):
    shaped = textlayout.isolate_data(shape(text))
    levels = embedding_levels(shaped, base)
    plain = reorder_line(shaped, levels, 1 if base == "R" else 0, mirror=False)
    mirrored = reorder_line(shaped, levels, 1 if base == "R" else 0)
    rtl_brackets = sum(1 for c, level in zip(shaped, levels, strict=True) if level % 2 and c in MIRRORED)
    assert sum(a != b for a, b in zip(plain, mirrored, strict=True)) == rtl_brackets


@pytest.mark.parametrize(("base", "text"), CORPUS)
@pytest.mark.parametrize("width", [8, 15, 25])
def test_multi_line_each_line_matches_reference_and_keeps_logical_order(base, text, width):
    shaped = textlayout.isolate_data(shape(text))
    lines, direction = layout(text, width, len, base, force=True)
    assert direction == base
    # every line fits and the lines, read in order, are the paragraph in logical order
    logical_lines = [line for line in textlayout_lines(shaped, width)]
    assert "".join(logical_lines).translate(textlayout.BIDI_CONTROLS).replace(" ", "") == \
        shaped.translate(textlayout.BIDI_CONTROLS).replace(" ", "")  # fmt: skip
    levels = embedding_levels(shaped, base)
    position = 0
    for visual, logical in zip(lines, logical_lines, strict=True):
        start = shaped.index(logical, position)
        position = start + len(logical)
        expected = reorder_line(logical, levels[start:position], 1 if base == "R" else 0).strip()
        assert visual == expected
        assert sorted(visual.replace(" ", "")) == sorted(
            "".join(MIRRORED.get(c, c) if lv % 2 else c for c, lv in zip(logical, levels[start:position],
                                                                           strict=True))
            .translate(textlayout.BIDI_CONTROLS).replace(" ", "")
        )  # fmt: skip


def textlayout_lines(shaped: str, width: int) -> list[str]:
    return [shaped[a:b] for a, b in textlayout.break_lines(shaped, width, len)]


def test_first_sentence_is_on_the_top_line():
    text = "الجملة الأولى هنا. والجملة الثانية هناك."
    lines, _ = layout(text, 20, len, "R")
    first = shape("الجملة الأولى هنا.")
    assert sorted(lines[0].replace(" ", "")) == sorted(first.replace(" ", ""))


def test_phone_number_stays_dialable_inside_rtl_text():
    (line,), _ = layout("اتصل على 0461 - 85 11 88 الآن", None, len, "R")
    assert "0461 - 85 11 88" in line


def test_phone_number_as_data_field_is_left_to_right():
    (line,), _ = layout("0461 - 812 17 29", None, len, "L", force=True)
    assert line == "0461 - 812 17 29"
    # plain UAX #9 would show "29 17 812 - 0461" in a right-to-left paragraph; the isolate prevents it
    (isolated,), _ = layout("0461 - 812 17 29", None, len, "R", force=True)
    assert isolated == "0461 - 812 17 29"


def test_brackets_around_latin_in_rtl_are_mirrored_and_enclose():
    (line,), _ = layout("اتصل (Stabsstelle) الآن", None, len, "R")
    assert "(Stabsstelle)" in line


def test_arabic_is_joined_and_lam_alef_is_one_ligature():
    shaped = shape("لا سلام")
    assert "\ufefb" in shaped  # LAM WITH ALEF ISOLATED FORM
    assert all(not ("\u0600" <= c <= "\u06ff") for c in shaped if not c.isspace())


def test_persian_zwnj_keeps_letters_apart():
    shaped = shape("می‌شود")
    before_zwnj = shaped[: shaped.index("\u200c")]
    # MEEM initial + YEH FARSI final: the YEH ends the part before the ZWNJ
    assert unicodedata.name(before_zwnj[-1]).endswith("FINAL FORM")
    after = shaped[shaped.index("\u200c") + 1]
    assert unicodedata.name(after).endswith(("INITIAL FORM", "ISOLATED FORM"))


def test_bidi_controls_are_not_drawn():
    (line,), _ = layout("\u200f5 ديسمبر\u200f، 18:00", None, len, "R")
    assert not any(ord(c) in textlayout.BIDI_CONTROLS for c in line)


def test_latin_text_passes_through_unchanged():
    lines, direction = layout("Hallo Welt, wie geht es?", 10, len, "L")
    assert lines == ["Hallo", "Welt, wie", "geht es?"] and direction == "L"


def test_long_word_is_broken_between_characters():
    spans = textlayout.break_lines("Donaudampfschifffahrt", 8, len)
    assert [b - a for a, b in spans] == [8, 8, 5]


def test_association_abbreviation_keeps_its_period():
    (line,), _ = layout("Deutsch-Iranischer Verein e.V. (الجمعية)", None, len, "R")
    assert "Deutsch-Iranischer Verein e.V." in line


def test_has_rtl_finds_every_right_to_left_letter():
    """The quick check misses no character whose bidi class is R or AL (it may flag marks and digits)."""
    missed = [hex(code) for code in range(0x110000) if textlayout.is_rtl_char(chr(code))
              and not textlayout.has_rtl(f"abc {chr(code)} 12")]  # fmt: skip
    assert missed == []
    assert not textlayout.has_rtl("Grüße aus Flensburg, Україна, 2026")


def test_a_long_compound_breaks_after_its_hyphen_not_inside_a_word():
    text = "MiMi-Gesundheitsschulungen auf Arabisch"
    lines = [text[a:b] for a, b in textlayout.break_lines(text, 24, len)]
    assert lines == ["MiMi-", "Gesundheitsschulungen ", "auf Arabisch"]


def test_phone_numbers_are_not_broken_at_their_hyphen():
    text = "Telefon 0461 85-2617"
    assert [text[a:b] for a, b in textlayout.break_lines(text, 16, len)] == ["Telefon 0461 ", "85-2617"]
