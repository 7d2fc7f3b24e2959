"""The embedded Flensburg content: it validates and has what the issue asks for."""

import datetime as dt

from kiosk.content import load_catalog

FIELDS_OF_ACTION = {"arbeit", "bildung", "gesundheit", "ehrenamt", "begegnung", "anlaufstellen", "hilfe"}


def test_real_content_validates(real_content):
    catalog, problems = load_catalog(real_content)
    assert [str(p) for p in problems] == []
    assert {category.id for category in catalog.categories} == FIELDS_OF_ACTION
    places = [o for o in catalog.offers.values() if o.kind == "place"]
    others = [o for o in catalog.offers.values() if o.kind != "place"]
    assert len(others) >= 25, "at least 25 offers from the measures and activities"
    assert len(places) >= 35, "every contact point of Anlage 1"


def test_every_category_has_offers(real_content):
    catalog, _ = load_catalog(real_content)
    for category in catalog.categories:
        assert catalog.offers_in(category.id, "de"), category.id


def test_titles_and_summaries_in_english(real_content):
    catalog, _ = load_catalog(real_content)
    assert catalog.coverage()["en"] == 1.0


def test_known_offers_from_the_concept(real_content):
    catalog, _ = load_catalog(real_content)
    titles = " | ".join(offer.title.get("de") for offer in catalog.offers.values())
    for expected in ("Runder Tisch", "Flensburg sagt Danke", "MiMi", "Schwimm", "Ehrenamtsakademie"):
        assert expected in titles
    danke = next(o for o in catalog.offers.values() if "Flensburg sagt Danke" in o.title.get("de"))
    assert any(rule.repeat == "yearly" and (rule.month, rule.day) == (12, 5) for rule in danke.dates)


def test_contact_points_as_printed(real_content):
    catalog, _ = load_catalog(real_content)
    by_phone = {phone: o for o in catalog.offers.values() for phone in o.phones()}
    assert "0461 - 866 292" in by_phone  # Handwerkskammer, Migrationsbeauftragte
    assert "0461 - 812 17 29" in by_phone  # Psychosoziale Beratungsstelle an der DIAKO
    emails = {email for o in catalog.offers.values() for email in o.emails()}
    assert "psc-migrants@diako.de" in emails


def test_offers_sorted_by_title_and_expired_hidden(content_dir):
    from tests.conftest import write_offer

    write_offer(content_dir, "alt", "valid_until: 2020-01-01\n")
    write_offer(content_dir, "aerobic", "", body=(content_dir / "offers" / "schwimmkurs.yaml").read_text()
                .replace("schwimmkurs", "aerobic").replace("Schwimmkurs", "Aerobic"))  # fmt: skip
    catalog, problems = load_catalog(content_dir)
    assert problems == []
    shown = catalog.offers_in("gesundheit", "de", dt.date(2026, 11, 24))
    assert [offer.id for offer in shown] == ["aerobic", "schwimmkurs"]


def test_coverage_counts_title_and_summary(content_dir):
    from tests.conftest import write_offer

    write_offer(content_dir, "nur-deutsch", "", body=(content_dir / "offers" / "schwimmkurs.yaml").read_text()
                .replace("schwimmkurs", "nur-deutsch").replace(", en: Learn to swim.", ""))  # fmt: skip
    catalog, _ = load_catalog(content_dir)
    assert catalog.coverage() == {"de": 1.0, "en": 0.5, "ar": 0.0}


ALL_LANGUAGES = ["de", "de-simple", "en", "da", "ar", "fa", "tr", "ru", "uk", "ku", "pl"]
DESCRIPTION_LANGUAGES = ["de", "de-simple", "en", "ar", "fa", "tr", "ru", "uk"]


def test_site_lists_the_eleven_languages_in_order(real_content):
    catalog, _ = load_catalog(real_content)
    assert list(catalog.site.languages) == ALL_LANGUAGES


def test_titles_and_summaries_in_every_language(real_content):
    catalog, _ = load_catalog(real_content)
    assert catalog.coverage() == dict.fromkeys(ALL_LANGUAGES, 1.0)
    for category in catalog.categories:
        assert all(category.title.has(lang) and category.summary.has(lang) for lang in ALL_LANGUAGES)


def test_descriptions_in_the_eight_main_languages(real_content):
    catalog, _ = load_catalog(real_content)
    missing = [(o.id, lang) for o in catalog.offers.values() if o.description
               for lang in DESCRIPTION_LANGUAGES if not o.description.has(lang)]  # fmt: skip
    assert missing == []
