"""One sync of a kiosk with its feed: verify everything with python-tuf, then switch atomically."""

from __future__ import annotations

import json
import logging
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from tuf.api import exceptions as tuf_errors
from tuf.api.metadata import Metadata
from tuf.ngclient import Updater, UpdaterConfig

from kiosk.content import load_catalog
from kiosk.errors import FeedRefused
from kiosk.feed.fetcher import CountingFetcher
from kiosk.feed.layout import INDEX, METADATA_DIR, TARGETS_DIR, is_content_path
from kiosk.feed.store import Store

log = logging.getLogger("kiosk.feed")

# Upper bounds for metadata (python-tuf refuses longer downloads: the "endless data" attack).
LIMITS = UpdaterConfig(root_max_length=64_000, timestamp_max_length=4_000, snapshot_max_length=256_000,
                       targets_max_length=1_000_000, app_user_agent="infopoint-flensburg")  # fmt: skip


@dataclass
class SyncResult:
    version: int | None
    changed: int
    bytes: int
    requests: int
    error: str | None
    seconds: float = 0.0

    def to_json(self) -> str:
        return json.dumps(asdict(self))


class Sync:
    """Brings ``data_dir`` up to the feed at ``feed_url``, trusting ``trusted_root`` (root.json bytes)."""

    def __init__(self, feed_url: str, data_dir: Path, trusted_root: bytes, fetcher: CountingFetcher | None = None):
        self.feed_url = feed_url.rstrip("/")
        self.store = Store(data_dir)
        self.tuf_dir = Path(data_dir) / "tuf"
        self.trusted_root = trusted_root
        self.fetcher = fetcher or CountingFetcher()

    def run_once(self) -> SyncResult:
        """Never raises for a bad feed: the result's ``error`` says why it was refused."""
        started = time.monotonic()
        before_requests, before_bytes = self.fetcher.requests, self.fetcher.bytes
        version, changed, error = self.store.current_version(), 0, None
        try:
            version, changed = self._sync()
        except FeedRefused as refused:
            error = str(refused)
            log.warning("feed refused: %s", error)
        return SyncResult(version, changed, self.fetcher.bytes - before_bytes, self.fetcher.requests - before_requests,
                          error, round(time.monotonic() - started, 3))  # fmt: skip

    def _updater(self) -> Updater:
        metadata_dir = self.tuf_dir / "metadata"
        metadata_dir.mkdir(parents=True, exist_ok=True)
        (self.tuf_dir / "targets").mkdir(parents=True, exist_ok=True)
        # Once a root is cached it is the trust anchor (it may have been rotated since install).
        bootstrap = None if (metadata_dir / "root.json").exists() else self.trusted_root
        return Updater(str(metadata_dir), f"{self.feed_url}/{METADATA_DIR}/", str(self.tuf_dir / "targets"),
                       f"{self.feed_url}/{TARGETS_DIR}/", self.fetcher, LIMITS, bootstrap=bootstrap)  # fmt: skip

    def _sync(self) -> tuple[int | None, int]:
        try:
            updater = self._updater()
            updater.refresh()
            # The snapshot version is the feed's content version; refresh() stored it only once verified.
            snapshot = Metadata.from_bytes((self.tuf_dir / "metadata" / "snapshot.json").read_bytes())
            snapshot_version = snapshot.signed.version
            if snapshot_version == self.store.current_version():
                return snapshot_version, 0
            downloaded = 0
            index_path, fetched = self._target(updater, INDEX)
            downloaded += fetched
            paths = self._read_index(index_path)
            files = {}
            for path in paths:
                files[path], fetched = self._target(updater, path)
                downloaded += fetched
        except tuf_errors.RepositoryError as error:
            raise FeedRefused(f"{type(error).__name__}: {error}") from None
        except tuf_errors.DownloadError as error:
            raise FeedRefused(f"download failed: {error}") from None
        except (OSError, ValueError) as error:
            raise FeedRefused(f"{type(error).__name__}: {error}") from None
        try:
            self.store.install(snapshot_version, files, check=self._check_content)
        except OSError as error:  # a full or read-only disk: the last good content stays
            raise FeedRefused(f"could not install version {snapshot_version}: {error}") from None
        log.info("content version %s installed (%d files downloaded)", snapshot_version, downloaded)
        return snapshot_version, downloaded

    def _target(self, updater: Updater, path: str) -> tuple[Path, int]:
        info = updater.get_targetinfo(path)
        if info is None:
            raise FeedRefused(f"the feed's index names a file its signed metadata does not list: {path}")
        local = self.tuf_dir / "targets" / path
        cached = updater.find_cached_target(info, str(local))
        if cached:
            return Path(cached), 0
        local.parent.mkdir(parents=True, exist_ok=True)
        return Path(updater.download_target(info, str(local))), 1

    @staticmethod
    def _read_index(path: Path) -> list[str]:
        try:
            paths = json.loads(path.read_bytes())["paths"]
        except (ValueError, KeyError, TypeError) as error:
            raise FeedRefused(f"malformed index: {error}") from None
        if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
            raise FeedRefused("malformed index: paths must be a list of names")
        bad = [p for p in paths if not is_content_path(p)]
        if bad:
            raise FeedRefused(f"unsafe file name in feed: {bad[0]!r}")
        return paths

    @staticmethod
    def _check_content(directory: Path) -> None:
        """Signed is not enough: the content must also load without a single problem."""
        _catalog, problems = load_catalog(directory)
        if problems:
            raise FeedRefused(f"feed content does not validate: {problems[0].message} ({len(problems)} problems)")
