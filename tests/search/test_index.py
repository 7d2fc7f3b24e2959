"""Search on the real content: what visitors type, in their languages, and what they must find first."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from kiosk import paths
from kiosk.content import load_catalog
from kiosk.search import SearchIndex
from kiosk.search.normalize import normalize, tokens

CATALOG, _ = load_catalog(paths.CONTENT)
INDEX = SearchIndex(CATALOG)

# (language typed, query, the offer it must find first)
QUERIES = [
    ("de", "Schwimmkurs", "schwimmkurse-fuer-gefluechtete"),
    ("de", "schwi", "schwimmkurse-fuer-gefluechtete"),  # half typed
    ("de", "Deutschkurs", "mama-lernt-deutsch"),
    ("de", "Mütter", "mama-lernt-deutsch"),
    ("de", "Muetter", "mama-lernt-deutsch"),  # ü written as ue
    ("de", "Diskriminierung", "anlaufstelle-diskriminierung-und-rassismus"),
    ("de", "Dolmetscher", "ehrenamtliche-dolmetscher"),
    ("de", "Dolmetchser", "ehrenamtliche-dolmetscher"),  # two letters swapped
    ("de", "Rückkehr", "perspektiv-und-rueckkehrberatung"),
    ("de", "Sucht", "diakonisches-suchthilfezentrum"),
    ("de", "psychosoziale Beratung", "psychosoziale-beratungsstelle-fuer-migrantinnen"),
    ("en", "swimming", "schwimmkurse-fuer-gefluechtete"),
    ("en", "discrimination", "anlaufstelle-diskriminierung-und-rassismus"),
    ("en", "mindfulness", "mbsr-achtsamkeitstraining"),
    ("ar", "سباحة", "schwimmkurse-fuer-gefluechtete"),
    ("ar", "السباحة", "schwimmkurse-fuer-gefluechtete"),  # with the article
    ("ar", "مسجد", "ditib-fatih-moschee"),
    ("ar", "إدمان", "diakonisches-suchthilfezentrum"),
    ("fa", "شنا", "schwimmkurse-fuer-gefluechtete"),
    ("fa", "تبعیض", "anlaufstelle-diskriminierung-und-rassismus"),
    ("fa", "تبعيض", "anlaufstelle-diskriminierung-und-rassismus"),  # Arabic yeh for Persian yeh
    ("fa", "اعتیاد", "diakonisches-suchthilfezentrum"),
    ("ru", "плавание", "schwimmkurse-fuer-gefluechtete"),
    ("ru", "плаванье", "schwimmkurse-fuer-gefluechtete"),  # one letter wrong
    ("uk", "плавання", "schwimmkurse-fuer-gefluechtete"),
    ("tr", "yüzme", "schwimmkurse-fuer-gefluechtete"),
    ("tr", "yuzme", "schwimmkurse-fuer-gefluechtete"),  # without the dots
    ("tr", "tercüman", "ehrenamtliche-dolmetscher"),
]


@pytest.mark.parametrize(("lang", "query", "expected"), QUERIES)
def test_real_queries_find_the_right_offer_first(lang, query, expected):
    hits = INDEX.search(query)
    assert hits, f"nothing for {query!r}"
    assert hits[0].offer_id == expected, [(h.offer_id, h.score) for h in hits[:3]]


def test_queries_cover_at_least_six_languages():
    assert len({lang for lang, _, _ in QUERIES}) >= 6


@pytest.mark.parametrize(("typed", "written"), [
    ("MÜNCHEN", "muenchen"), ("Straße", "strasse"), ("café", "cafe"), ("İstanbul", "istanbul"),
    ("كتاب", "کتاب"), ("يوم", "یوم"), ("أحمد", "احمد"), ("إسلام", "اسلام"), ("مُدَرِّسَة", "مدرسه"),
    ("می‌شود", "میشود"), ("٠٤٦١", "0461"), ("۰۴۶۱", "0461"), ("عـربـي", "عربی"),
])  # fmt: skip
def test_normalize_what_people_type(typed, written):
    assert normalize(typed) == normalize(written)


def test_tokens_drop_the_arabic_article_as_well():
    assert tokens("السباحة") == ["السباحه", "سباحه"]


def test_short_words_need_to_be_exact_or_prefixes():
    assert INDEX.search("Kitx") == [] or INDEX.search("Kitx")[0].score < 50  # 4 letters: no typo tolerance


def test_ranking_title_before_keyword_before_body(content_dir):
    from tests.conftest import write_offer

    base = (content_dir / "offers" / "schwimmkurs.yaml").read_text()
    write_offer(content_dir, "im-titel", "", body=base.replace("schwimmkurs", "im-titel").replace(
        "de: Schwimmkurs,", "de: Wasserball,"))  # fmt: skip
    write_offer(content_dir, "im-stichwort", "keywords: {de: [Wasserball]}\n",
                body=base.replace("schwimmkurs", "im-stichwort") + "keywords: {de: [Wasserball]}\n")  # fmt: skip
    write_offer(content_dir, "im-text", "", body=base.replace("schwimmkurs", "im-text").replace(
        "Schwimmen lernen.", "Auch Wasserball."))  # fmt: skip
    catalog, problems = load_catalog(content_dir)
    assert problems == []
    ranked = [hit.offer_id for hit in SearchIndex(catalog).search("Wasserball ")]
    assert ranked == ["im-titel", "im-stichwort", "im-text"]


def test_ties_are_broken_by_distance_to_the_kiosk(content_dir):
    from tests.conftest import write_offer

    base = (content_dir / "offers" / "schwimmkurs.yaml").read_text()
    write_offer(content_dir, "nah", "", body=base.replace("schwimmkurs", "nah")
                + "address: {street: Rathausplatz 1, postcode: '24937', city: Flensburg, lat: 54.7836, lon: 9.4321}\n")
    write_offer(content_dir, "fern", "", body=base.replace("schwimmkurs", "fern")
                + "address: {street: Weiche, postcode: '24941', city: Flensburg, lat: 54.7601, lon: 9.3950}\n")
    catalog, problems = load_catalog(content_dir)
    assert problems == []
    hits = SearchIndex(catalog, kiosk_location=(54.7840, 9.4330)).search("Schwimmkurs ")
    assert [h.offer_id for h in hits][:2] == ["nah", "fern"]
    assert hits[0].distance_km < 0.2 < 3 < hits[1].distance_km < 4


def test_kiosk_search_command():
    result = subprocess.run([sys.executable, "-m", "kiosk", "search", "سباحة", "--lang", "de", "--json"],
                            capture_output=True, text=True, timeout=60)  # fmt: skip
    report = json.loads(result.stdout)
    assert result.returncode == 0
    assert report["results"][0]["id"] == "schwimmkurse-fuer-gefluechtete"
    assert report["results"][0]["title"] == CATALOG.offers["schwimmkurse-fuer-gefluechtete"].title.get("de")
    plain = subprocess.run([sys.executable, "-m", "kiosk", "search", "xqzzy"], capture_output=True, text=True,
                           timeout=60)  # fmt: skip
    assert "nothing found" in plain.stdout
