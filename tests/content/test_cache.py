"""The parsed catalog kept on disk (kiosk.content.cache)."""

from __future__ import annotations

import logging

from kiosk.content import load_catalog
from kiosk.content.cache import load_cached


def test_the_cache_gives_what_a_parse_gives(content_dir, tmp_path):
    parsed = load_catalog(content_dir)
    first = load_cached(content_dir, tmp_path / "cache")
    assert len(list((tmp_path / "cache").glob("catalog-*.pickle"))) == 1
    again = load_cached(content_dir, tmp_path / "cache")
    assert first == parsed and again == parsed
    assert again[0].offers["schwimmkurs"].title.get("en") == "Swimming course"
    try:
        again[0].offers["schwimmkurs"].title.values["en"] = "changed"
        raise AssertionError("a cached text must be read-only like a parsed one")
    except TypeError:
        pass


def test_a_changed_file_is_parsed_again(content_dir, tmp_path):
    load_cached(content_dir, tmp_path / "cache")
    offer = content_dir / "offers" / "schwimmkurs.yaml"
    offer.write_text(offer.read_text().replace("Learn to swim.", "Learn to swim in the sea."))
    catalog, _problems = load_cached(content_dir, tmp_path / "cache")
    assert catalog.offers["schwimmkurs"].summary.get("en") == "Learn to swim in the sea."
    for number in range(4):
        offer.write_text(offer.read_text() + f"# edit {number}\n")
        load_cached(content_dir, tmp_path / "cache")
    assert len(list((tmp_path / "cache").glob("catalog-*.pickle"))) == 3  # the oldest are gone


def test_a_broken_cache_costs_only_a_parse(content_dir, tmp_path, caplog):
    load_cached(content_dir, tmp_path / "cache")
    (cache,) = (tmp_path / "cache").glob("catalog-*.pickle")
    cache.write_bytes(b"not a pickle")
    with caplog.at_level(logging.WARNING, logger="kiosk.content"):
        catalog, _problems = load_cached(content_dir, tmp_path / "cache")
    assert "schwimmkurs" in catalog.offers and "catalog cache unreadable" in caplog.text


def test_no_writable_cache_still_loads(content_dir, tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("")
    catalog, _problems = load_cached(content_dir, blocked / "cache")
    assert "schwimmkurs" in catalog.offers
