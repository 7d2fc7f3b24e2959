"""A parsed catalog kept on disk, so a kiosk starts without parsing thousands of YAML files.

The cache is keyed by every content file's path, size and modification time and by the
source of the code that reads them; anything changed means a fresh parse. Only the kiosk
writes its data directory, so the pickle is trusted like the rest of it. Imports no Kivy.

Each offer is pickled on its own and unpickled when first asked for (``LazyOffers``): the
attract screen needs only the offers' dates for its first frame, and the rest are unpickled
by the search index's thread right after it. With 1,000 offers this takes ~25 ms off start-up.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
from collections.abc import Iterator, Mapping
from pathlib import Path

from kiosk.content.catalog import Catalog, load_catalog
from kiosk.content.model import DateRule, Offer
from kiosk.content.problems import Problem

log = logging.getLogger("kiosk.content")
READER_SOURCES = Path(__file__).parent
KEEP = 3  # cache files


class LazyOffers(Mapping):
    """The offers by id, each kept pickled until it is first asked for; read-only like a parsed catalog's.

    ``dates`` holds the date rules of the offers that have any, unpickled at once (today's events).
    Safe across threads: an offer unpickled twice at the same moment is kept once (dict.setdefault).
    """

    def __init__(self, blobs: dict[str, bytes], dates: dict[str, tuple[DateRule, ...]]):
        self._blobs = blobs
        self._offers: dict[str, Offer] = {}
        self.dates = dates

    @classmethod
    def of(cls, offers: Mapping[str, Offer]) -> LazyOffers:
        lazy = cls({offer_id: pickle.dumps(offer, protocol=pickle.HIGHEST_PROTOCOL)
                    for offer_id, offer in offers.items()},
                   {offer_id: offer.dates for offer_id, offer in offers.items() if offer.dates})  # fmt: skip
        lazy._offers.update(offers)
        return lazy

    def __getitem__(self, offer_id: str) -> Offer:
        try:
            return self._offers[offer_id]
        except KeyError:
            return self._offers.setdefault(offer_id, pickle.loads(self._blobs[offer_id]))

    def __contains__(self, offer_id: object) -> bool:
        return offer_id in self._blobs

    def __iter__(self) -> Iterator[str]:
        return iter(self._blobs)

    def __len__(self) -> int:
        return len(self._blobs)

    def __reduce__(self):
        return (LazyOffers, (self._blobs, self.dates))

    def unpickled(self) -> int:
        """How many offers have been unpickled so far (for tests and the start-up benchmark)."""
        return len(self._offers)


def signature(directory: Path) -> str:
    """Every file's relative path, size and mtime, under the content and the reader's code."""
    digest = hashlib.sha256()
    for base in (str(directory), str(READER_SOURCES)):
        cut = len(base) + 1
        for root, dirs, files in os.walk(base):
            dirs[:] = sorted(name for name in dirs if name != "__pycache__")
            prefix = root[cut:] + "/" if len(root) >= cut else ""
            for name in sorted(files):
                stat = os.stat(os.path.join(root, name))
                digest.update(f"{prefix}{name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:32]


def load_cached(directory: Path, cache_dir: Path) -> tuple[Catalog, list[Problem]]:
    """Like load_catalog, but from ``cache_dir`` when nothing changed since the last parse."""
    cache = Path(cache_dir) / f"catalog-{signature(directory)}.pickle"
    try:
        with open(cache, "rb") as handle:
            return pickle.load(handle)
    except FileNotFoundError:
        pass
    except Exception as error:  # noqa: BLE001 - a bad cache file only costs a parse
        log.warning("catalog cache unreadable, parsing again: %s [%s]", error, cache)
    catalog, problems = load_catalog(directory)
    catalog.offers = LazyOffers.of(catalog.offers)  # the same kind of catalog as from the cache
    result = catalog, problems
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        scratch = cache.with_name(f".{cache.name}.{os.getpid()}")
        with open(scratch, "wb") as handle:
            pickle.dump(result, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(scratch, cache)
        # the newest few stay: a new version and the one before it, or a test content beside the real one
        kept = sorted(cache.parent.glob("catalog-*.pickle"), key=lambda path: path.stat().st_mtime, reverse=True)
        for old in kept[KEEP:]:
            old.unlink(missing_ok=True)
    except OSError as error:
        log.warning("cannot keep the catalog cache: %s [%s]", error, cache)
    return result
