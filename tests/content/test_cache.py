"""The parsed catalog kept on disk (kiosk.content.cache)."""

from __future__ import annotations

import logging
import threading

from kiosk import paths
from kiosk.content import load_catalog
from kiosk.content.cache import LazyOffers, load_cached


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


def test_offers_from_the_cache_are_unpickled_when_first_asked_for(tmp_path):
    content_dir = paths.CONTENT  # the real content: some offers have dates
    parsed, _problems = load_catalog(content_dir)
    load_cached(content_dir, tmp_path / "cache")
    catalog, _problems = load_cached(content_dir, tmp_path / "cache")
    offers = catalog.offers
    assert isinstance(offers, LazyOffers) and offers.unpickled() == 0
    # today's events need only the dates: they come without unpickling any offer
    assert dict(catalog.dated()) == {offer.id: offer.dates for offer in parsed.offers.values() if offer.dates}
    assert dict(catalog.dated()) and offers.unpickled() == 0
    assert len(offers) == len(parsed.offers) and set(offers) == set(parsed.offers)
    assert all(offer_id in offers for offer_id in parsed.offers)
    assert offers.unpickled() == 0
    some = next(iter(parsed.offers))
    first = offers[some]
    assert offers.unpickled() == 1 and offers[some] is first and first == parsed.offers[some]
    assert offers.get("no-such-offer") is None and "no-such-offer" not in offers
    assert catalog == parsed and offers.unpickled() == len(parsed.offers)


def test_an_offer_asked_for_by_two_threads_at_once_is_kept_once(content_dir, tmp_path):
    load_cached(content_dir, tmp_path / "cache")
    seen = []
    for _round in range(20):
        catalog, _problems = load_cached(content_dir, tmp_path / "cache")
        start = threading.Barrier(2)

        def ask(catalog=catalog, start=start):
            start.wait()
            seen.append([catalog.offers[offer_id] for offer_id in catalog.offers])

        threads = [threading.Thread(target=ask) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        one, two = seen[-2:]
        assert all(a is b for a, b in zip(one, two, strict=True))
        assert all(catalog.offers[offer.id] is offer for offer in one)
