"""The fleet server's fleet file: which kiosks may report, by their token hashes, and thresholds.

    admin_token_sha256: 9f86d0...        # opens /fleet/ and kiosks.json (kiosk fleet, kiosk stats)
    stale_after_minutes: 15              # no heartbeat for this long: "stale"
    unsynced_after_hours: 24             # no good sync for this long: "unsynced"
    kiosks:
      rathaus-1: {token_sha256: 2c26b4...}

Only SHA-256 hashes of tokens are stored (tokens are 256 random bits, so a plain hash is
enough; no salt or slow hash is needed). ``kiosk fleet-token`` makes a token, prints it once
and writes its hash here. The server reads the file again when it changes.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import re
import secrets
import threading
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kiosk.errors import FleetError
from kiosk.fleet.beat import KIOSK_ID

log = logging.getLogger("kiosk.fleet")
SHA256 = re.compile(r"^[0-9a-f]{64}$")
KEYS = {"admin_token_sha256", "stale_after_minutes", "unsynced_after_hours", "kiosks"}
HEADER = ("# Fleet file for `kiosk serve --fleet` (docs/fleet.md). Only token hashes: `kiosk fleet-token`\n"
          "# adds kiosks and prints each token once. This file is rewritten by that command.\n")  # fmt: skip


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Thresholds:
    stale_after_minutes: float = 15.0
    unsynced_after_hours: float = 24.0


@dataclass(frozen=True)
class Fleet:
    """What a fleet file says."""

    kiosks: dict[str, str] = field(default_factory=dict)  # kiosk id -> token hash
    admin_hash: str = ""
    thresholds: Thresholds = field(default_factory=Thresholds)

    def kiosk_for(self, token: str) -> str | None:
        """The kiosk this token belongs to, or None. Compares hashes in constant time."""
        presented = hash_token(token)
        found = None
        for kiosk_id, token_hash in self.kiosks.items():
            if hmac.compare_digest(presented, token_hash):
                found = kiosk_id
        return found

    def is_admin(self, token: str) -> bool:
        return bool(self.admin_hash) and hmac.compare_digest(hash_token(token), self.admin_hash)


def read_fleet(path: Path) -> Fleet:
    """Read and check a fleet file; FleetError names the file and what is wrong."""
    raw = _read_raw(path)
    unknown = set(raw) - KEYS
    if unknown:
        raise FleetError(f"unknown key(s) {', '.join(sorted(unknown))} in fleet file [{path}]")
    kiosks_raw = raw.get("kiosks") or {}
    if not isinstance(kiosks_raw, dict):
        raise FleetError(f"kiosks must be a mapping of kiosk ids [{path}]")
    kiosks = {}
    for kiosk_id, entry in kiosks_raw.items():
        token_hash = entry.get("token_sha256") if isinstance(entry, dict) else None
        if not isinstance(kiosk_id, str) or not KIOSK_ID.match(kiosk_id):
            raise FleetError(f"kiosk id {kiosk_id!r} must be letters, digits, '.', '_' or '-' [{path}]")
        if not isinstance(token_hash, str) or not SHA256.match(token_hash):
            raise FleetError(f"kiosk {kiosk_id} needs token_sha256 (64 hex digits, from kiosk fleet-token) [{path}]")
        kiosks[kiosk_id] = token_hash
    admin_hash = raw.get("admin_token_sha256") or ""
    if admin_hash and not (isinstance(admin_hash, str) and SHA256.match(admin_hash)):
        raise FleetError(f"admin_token_sha256 must be 64 hex digits (from kiosk fleet-token --admin) [{path}]")
    try:
        thresholds = Thresholds(float(raw.get("stale_after_minutes", 15)), float(raw.get("unsynced_after_hours", 24)))
    except (TypeError, ValueError):
        raise FleetError(f"stale_after_minutes and unsynced_after_hours must be numbers [{path}]") from None
    if thresholds.stale_after_minutes <= 0 or thresholds.unsynced_after_hours <= 0:
        raise FleetError(f"stale_after_minutes and unsynced_after_hours must be positive [{path}]")
    return Fleet(kiosks, admin_hash, thresholds)


def _read_raw(path: Path) -> dict:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as error:
        raise FleetError(f"cannot read fleet file: {error.strerror or error} [{path}]") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise FleetError(f"invalid YAML in fleet file [{path}{f':{mark.line + 1}' if mark else ''}]") from None
    if not isinstance(raw, dict):
        raise FleetError(f"a fleet file must be a mapping [{path}]")
    return raw


class FleetFile:
    """A fleet file the server watches: read again when it changes, the last good one kept if broken."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._stamp = self._stat()
        self._fleet = read_fleet(self.path)

    def current(self) -> Fleet:
        stamp = self._stat()
        with self._lock:
            if stamp != self._stamp:
                self._stamp = stamp
                try:
                    self._fleet = read_fleet(self.path)
                    log.info("fleet file read again: %d kiosk(s) [%s]", len(self._fleet.kiosks), self.path)
                except FleetError as error:
                    log.error("%s; keeping the fleet file read before", error)
            return self._fleet

    def _stat(self) -> tuple[int, int] | None:
        try:
            status = self.path.stat()
        except OSError:
            return None
        return status.st_mtime_ns, status.st_size


def add_token(path: Path, kiosk_id: str | None) -> str:
    """Make a new token for ``kiosk_id`` (None: the admin token), store its hash, return the token.

    A kiosk (or admin) that had a token before loses it: this is also how a token is revoked.
    """
    if kiosk_id is not None and not KIOSK_ID.match(kiosk_id):
        raise FleetError(f"kiosk id {kiosk_id!r} must be letters, digits, '.', '_' or '-' (at most 100)")
    raw = {}
    if path.exists():
        read_fleet(path)  # refuse to rewrite a file that is wrong already
        raw = _read_raw(path)
    token = secrets.token_urlsafe(32)
    if kiosk_id is None:
        raw["admin_token_sha256"] = hash_token(token)
    else:
        kiosks = raw.get("kiosks") or {}
        kiosks[kiosk_id] = {"token_sha256": hash_token(token)}
        raw["kiosks"] = dict(sorted(kiosks.items()))
    raw.setdefault("stale_after_minutes", 15)
    raw.setdefault("unsynced_after_hours", 24)
    text = HEADER + yaml.safe_dump(raw, sort_keys=False, allow_unicode=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    except OSError as error:
        raise FleetError(f"cannot write fleet file: {error.strerror or error} [{path}]") from None
    return token
