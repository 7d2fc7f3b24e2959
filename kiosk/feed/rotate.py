"""``kiosk rotate-key ROLE``: replace one role's key, signed by the (offline) root key.

A new root version names the new key; kiosks fetch it (N+1.root.json) before anything else
and from then on accept only the new key. Rotating the root itself signs the new root with
both the old and the new root key, so kiosks can follow the chain of trust.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from securesystemslib.signer import CryptoSigner
from tuf.api.metadata import Metadata

from kiosk.errors import FeedError
from kiosk.feed import keys
from kiosk.feed.layout import METADATA_DIR
from kiosk.feed.publish import LIFETIMES, SERIALIZER, _write_atomic


def rotate(role: str, key_dir: Path, feed_dir: Path) -> Path:
    """Make a new key for ``role``, keep the old one as <role>.pem.retired-<date>; returns the new root file."""
    if role not in ("root", "targets", "snapshot", "timestamp", "bins"):
        raise FeedError(f"unknown role '{role}'")
    meta_dir = feed_dir / METADATA_DIR
    try:
        root = Metadata.from_bytes((meta_dir / "root.json").read_bytes())
    except OSError:
        raise FeedError(f"no feed to rotate keys of [{meta_dir / 'root.json'}]") from None
    old_root_signer = keys.load_signer(key_dir, "root")  # the offline key, brought in for this
    new_signer = CryptoSigner.generate_ed25519()
    stamp = dt.date.today().isoformat()
    old_path = key_dir / f"{role}.pem"
    old_path.rename(key_dir / f"{role}.pem.retired-{stamp}")
    descriptor = os.open(old_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(new_signer.private_bytes)

    if role == "bins":  # delegated by targets, not by root: the next publish re-signs targets
        return meta_dir / "root.json"
    signed = root.signed
    for keyid in list(signed.roles[role].keyids):
        signed.revoke_key(keyid, role)
    signed.add_key(new_signer.public_key, role)
    signed.version += 1
    signed.expires = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(days=LIFETIMES["root"])
    root.signatures.clear()
    root.sign(new_signer if role == "root" else old_root_signer, append=True)
    if role == "root":
        root.sign(old_root_signer, append=True)  # the old root vouches for the new one
    data = root.to_bytes(SERIALIZER)
    _write_atomic(meta_dir / f"{signed.version}.root.json", data)
    _write_atomic(meta_dir / "root.json", data)
    return meta_dir / f"{signed.version}.root.json"
