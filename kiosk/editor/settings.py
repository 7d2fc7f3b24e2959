"""Where the editor keeps its things; one object handed to the app, so tests swap paths, not globals."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from kiosk.errors import EditorError

MAX_UPLOAD = 2 * 1024 * 1024  # bytes of one request: a form with every language of an offer is ~40 KB


@dataclass
class Settings:
    content: Path  # the content directory, edited in place
    data: Path  # the editor's own files: database, history repository, secret key, preview cache
    keys: Path | None = None  # the feed's online keys (targets, snapshot, timestamp, bins), never root
    feed: Path | None = None  # where publishing writes the feed
    fleet_db: Path | None = None  # the fleet server's database: which kiosks hold which version
    max_upload: int = MAX_UPLOAD
    lockout_failures: int = 5  # failed log-ins in a row that lock an account
    lockout_minutes: float = 15.0
    preview_command: tuple[str, ...] | None = None  # how to run `kiosk preview` (default: this Python)

    def __post_init__(self) -> None:
        self.content = Path(self.content).resolve()
        self.data = Path(self.data).resolve()
        for name in ("keys", "feed", "fleet_db"):
            value = getattr(self, name)
            if value is not None:
                setattr(self, name, Path(value).resolve())
        if not (self.content / "site.yaml").exists():
            raise EditorError(f"not a content directory (no site.yaml) [{self.content}]")

    @property
    def database(self) -> Path:
        return self.data / "editor.sqlite"

    @property
    def git_dir(self) -> Path:
        return self.data / "history.git"

    @property
    def previews(self) -> Path:
        return self.data / "previews"

    def secret_key(self) -> bytes:
        """The key that signs session cookies: made once, kept readable by the editor only."""
        path = self.data / "secret.key"
        self.data.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(secrets.token_bytes(32))
        return path.read_bytes()
