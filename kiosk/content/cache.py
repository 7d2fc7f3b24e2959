"""A parsed catalog kept on disk, so a kiosk starts without parsing thousands of YAML files.

The cache is keyed by every content file's path, size and modification time and by the
source of the code that reads them; anything changed means a fresh parse. Only the kiosk
writes its data directory, so the pickle is trusted like the rest of it. Imports no Kivy.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
from pathlib import Path

from kiosk.content.catalog import Catalog, load_catalog
from kiosk.content.problems import Problem

log = logging.getLogger("kiosk.content")
READER_SOURCES = Path(__file__).parent
KEEP = 3  # cache files


def signature(directory: Path) -> str:
    """Every file's relative path, size and mtime, under the content and the reader's code."""
    digest = hashlib.sha256()
    for base in (str(directory), str(READER_SOURCES)):
        for root, dirs, files in os.walk(base):
            dirs[:] = sorted(name for name in dirs if name != "__pycache__")
            for name in sorted(files):
                path = os.path.join(root, name)
                stat = os.stat(path)
                digest.update(f"{os.path.relpath(path, base)}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
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
    result = load_catalog(directory)
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
