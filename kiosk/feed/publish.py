"""``kiosk publish``: validate content and write it as a signed TUF repository any web server can host.

Only roles whose content changed get a new version, so a kiosk polling an unchanged feed
downloads one small file, and a kiosk after a one-offer change downloads that offer, its hash
bin, the snapshot and the timestamp. The root key is needed only to create the root, so it
can stay offline (docs/feed.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from tuf.api.exceptions import RepositoryError
from tuf.api.metadata import (
    Delegations,
    Metadata,
    MetaFile,
    Root,
    Snapshot,
    SuccinctRoles,
    TargetFile,
    Targets,
    Timestamp,
)
from tuf.api.serialization.json import JSONSerializer

from kiosk.content import load_catalog
from kiosk.errors import FeedError
from kiosk.feed import keys
from kiosk.feed.layout import BIN_BITS, BIN_PREFIX, INDEX, METADATA_DIR, TARGETS_DIR, is_content_path
from kiosk.pages import render

SERIALIZER = JSONSerializer(compact=True)
LIFETIMES = {"root": 365, "targets": 180, "bins": 180, "snapshot": 30, "timestamp": 7}  # days
RENEW_BEFORE = dt.timedelta(days=14)


@dataclass
class PublishResult:
    version: int
    files: int
    changed_files: list[str] = field(default_factory=list)
    changed_roles: list[str] = field(default_factory=list)
    pages: int = 0


def content_files(content_dir: Path) -> dict[str, bytes]:
    """Every file of the content directory that belongs in the feed, by feed path."""
    files = {}
    for path in sorted(content_dir.rglob("*")):
        if not path.is_file() or path.name.startswith("."):
            continue
        name = path.relative_to(content_dir).as_posix()
        if is_content_path(name):
            files[name] = path.read_bytes()
        elif not name.endswith((".md", ".txt")):
            raise FeedError(f"file name not allowed in a feed [{path}]")
    return files


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _expiry(role: str, lifetimes: dict[str, float]) -> dt.datetime:
    return _now() + dt.timedelta(days=lifetimes[role])


def _load(path: Path) -> Metadata | None:
    if not path.exists():
        return None
    try:
        return Metadata.from_bytes(path.read_bytes())
    except (RepositoryError, ValueError, OSError) as error:
        raise FeedError(f"cannot read existing feed metadata: {error} [{path}]") from None


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.chmod(temporary, 0o644)
    os.replace(temporary, path)


def _needs_renewal(md: Metadata | None, signer=None) -> bool:
    """A role is signed again when missing, close to expiry, or signed by a key that was rotated out."""
    if md is None or md.signed.expires - _now() < RENEW_BEFORE:
        return True
    return signer is not None and signer.public_key.keyid not in md.signatures


def publish(content_dir: Path, key_dir: Path, feed_dir: Path, *, lifetimes: dict[str, float] | None = None,
            ) -> PublishResult:  # fmt: skip
    """Validate ``content_dir`` and publish it into ``feed_dir``; raises FeedError and writes nothing on failure."""
    lifetimes = {**LIFETIMES, **(lifetimes or {})}
    catalog, problems = load_catalog(content_dir)
    if problems:
        listed = "; ".join(str(problem) for problem in problems[:5])
        raise FeedError(f"content has {len(problems)} problem(s), not publishing: {listed}")
    files = content_files(content_dir)
    files[INDEX] = json.dumps({"paths": sorted(files)}, separators=(",", ":")).encode()

    signers = {role: keys.load_signer(key_dir, role) for role in ("targets", "snapshot", "timestamp", "bins")}
    meta_dir = feed_dir / METADATA_DIR
    new_metadata: dict[str, bytes] = {}
    changed_roles: list[str] = []

    # -- root: created once with the root key; afterwards the keys must match it ---------------
    root = _load(meta_dir / "root.json")
    if root is None:
        root_signer = keys.load_signer(key_dir, "root")
        root = Metadata(Root(expires=_expiry("root", lifetimes), consistent_snapshot=True))
        root.signed.add_key(root_signer.public_key, "root")
        for role in ("targets", "snapshot", "timestamp"):
            root.signed.add_key(signers[role].public_key, role)
        root.sign(root_signer)
        new_metadata[f"{root.signed.version}.root.json"] = new_metadata["root.json"] = root.to_bytes(SERIALIZER)
        changed_roles.append("root")
    for role in ("targets", "snapshot", "timestamp"):
        if signers[role].public_key.keyid not in root.signed.roles[role].keyids:
            raise FeedError(f"the {role} key in {key_dir} is not the one the feed's root trusts; "
                            "rotate keys with the root key (docs/feed.md)")  # fmt: skip

    # -- previous state --------------------------------------------------------------------------
    old_timestamp = _load(meta_dir / "timestamp.json")
    old_snapshot = old_targets = None
    old_bins: dict[str, Metadata] = {}
    if old_timestamp is not None:
        old_snapshot = _load(meta_dir / f"{old_timestamp.signed.snapshot_meta.version}.snapshot.json")
    if old_snapshot is not None:
        for name, meta in old_snapshot.signed.meta.items():
            role = name[: -len(".json")]
            loaded = _load(meta_dir / f"{meta.version}.{name}")
            if role == "targets":
                old_targets = loaded
            elif loaded is not None:
                old_bins[role] = loaded

    # -- hash bins: one delegated targets role per bin ---------------------------------------
    succinct = SuccinctRoles([signers["bins"].public_key.keyid], 1, BIN_BITS, BIN_PREFIX)
    wanted: dict[str, dict[str, TargetFile]] = {name: {} for name in succinct.get_roles()}
    for path, data in files.items():
        wanted[succinct.get_role_for_target(path)][path] = TargetFile.from_data(path, data, ["sha256"])
    bins: dict[str, Metadata] = {}
    for name, targets in wanted.items():
        old = old_bins.get(name)
        if old is not None and old.signed.targets == targets and not _needs_renewal(old, signers["bins"]):
            bins[name] = old
            continue
        md = Metadata(Targets(version=(old.signed.version + 1) if old else 1, expires=_expiry("bins", lifetimes),
                              targets=targets))  # fmt: skip
        md.sign(signers["bins"])
        bins[name] = md
        new_metadata[f"{md.signed.version}.{name}.json"] = md.to_bytes(SERIALIZER)
        changed_roles.append(name)

    # -- top-level targets: only the delegation to the bins ----------------------------------
    delegations = Delegations(keys={signers["bins"].public_key.keyid: signers["bins"].public_key}, roles=None,
                              succinct_roles=succinct)  # fmt: skip
    if (old_targets is not None and old_targets.signed.delegations == delegations
            and not _needs_renewal(old_targets, signers["targets"])):  # fmt: skip
        targets_md = old_targets
    else:
        version = old_targets.signed.version + 1 if old_targets else 1
        targets_md = Metadata(Targets(version=version, expires=_expiry("targets", lifetimes)))
        targets_md.signed.delegations = delegations
        targets_md.sign(signers["targets"])
        new_metadata[f"{version}.targets.json"] = targets_md.to_bytes(SERIALIZER)
        changed_roles.append("targets")

    # -- snapshot and timestamp ------------------------------------------------------------------
    meta = {"targets.json": MetaFile(version=targets_md.signed.version)}
    meta.update({f"{name}.json": MetaFile(version=md.signed.version) for name, md in bins.items()})
    if old_snapshot is not None and old_snapshot.signed.meta == meta and not _needs_renewal(old_snapshot,
                                                                                          signers["snapshot"]):
        snapshot_md = old_snapshot
        snapshot_bytes = (meta_dir / f"{snapshot_md.signed.version}.snapshot.json").read_bytes()
    else:
        version = old_snapshot.signed.version + 1 if old_snapshot else 1
        snapshot_md = Metadata(Snapshot(version=version, expires=_expiry("snapshot", lifetimes), meta=meta))
        snapshot_md.sign(signers["snapshot"])
        snapshot_bytes = snapshot_md.to_bytes(SERIALIZER)
        new_metadata[f"{version}.snapshot.json"] = snapshot_bytes
        changed_roles.append("snapshot")
    timestamp_md = Metadata(Timestamp(
        version=old_timestamp.signed.version + 1 if old_timestamp else 1,
        expires=_expiry("timestamp", lifetimes),
        snapshot_meta=MetaFile(version=snapshot_md.signed.version, length=len(snapshot_bytes),
                               hashes={"sha256": hashlib.sha256(snapshot_bytes).hexdigest()}),
    ))  # fmt: skip
    timestamp_md.sign(signers["timestamp"])

    # -- write: targets first, then versioned metadata, the timestamp last -----------------
    changed_files = []
    for path, data in files.items():
        digest = hashlib.sha256(data).hexdigest()
        directory, _, name = path.rpartition("/")
        target = feed_dir / TARGETS_DIR / directory / f"{digest}.{name}"
        if not target.exists():
            _write_atomic(target, data)
            changed_files.append(path)
    for name, data in new_metadata.items():
        if name != "root.json":
            _write_atomic(meta_dir / name, data)
    if "root.json" in new_metadata:
        _write_atomic(meta_dir / "root.json", new_metadata["root.json"])
    _write_atomic(meta_dir / "timestamp.json", timestamp_md.to_bytes(SERIALIZER))
    pages = render.write(catalog, feed_dir, _write_atomic)  # the phone pages QR codes lead to
    return PublishResult(snapshot_md.signed.version, len(files), changed_files, changed_roles + ["timestamp"], pages)
