"""Signing keys of a feed: one Ed25519 key per role, stored as PEM files in a key directory."""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.hazmat.primitives.serialization import load_pem_private_key
from securesystemslib.signer import CryptoSigner

from kiosk.errors import FeedError
from kiosk.feed.layout import ROLES


def keygen(directory: Path) -> list[Path]:
    """Create a new key for every role; refuses to overwrite existing keys."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for role in ROLES:
        path = directory / f"{role}.pem"
        if path.exists():
            raise FeedError(f"key exists, not overwriting it [{path}]")
        signer = CryptoSigner.generate_ed25519()
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(signer.private_bytes)
        written.append(path)
    return written


def load_signer(directory: Path, role: str) -> CryptoSigner:
    path = directory / f"{role}.pem"
    try:
        private_key = load_pem_private_key(path.read_bytes(), None)
    except FileNotFoundError:
        raise FeedError(f"missing {role} key [{path}]") from None
    except (ValueError, TypeError) as error:
        raise FeedError(f"not a private key: {error} [{path}]") from None
    return CryptoSigner(private_key)
