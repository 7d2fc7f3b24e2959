"""The kiosk's content versions on disk, switched atomically.

    DATA/versions/<n>/     a complete, verified content directory
    DATA/current           symlink to versions/<n>: what the kiosk shows
    DATA/tuf/              python-tuf's verified metadata and target cache

A new version is written under a temporary name, fsynced, renamed into place, and only then
``current`` is replaced by a new symlink (rename is atomic), so after a power cut the kiosk
finds exactly the old or exactly the new version.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

KEEP_VERSIONS = 2


def _fsync_dir(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


class Store:
    def __init__(self, data_dir: Path):
        self.root = Path(data_dir)
        self.versions = self.root / "versions"
        self.current_link = self.root / "current"

    def current(self) -> Path | None:
        """The directory of the version the kiosk shows, or None before the first sync."""
        if self.current_link.is_symlink() and self.current_link.resolve().is_dir():
            return self.current_link.resolve()
        return None

    def current_version(self) -> int | None:
        current = self.current()
        return int(current.name) if current is not None and current.name.isdigit() else None

    def install(self, version: int, files: dict[str, Path], check: Callable[[Path], None] | None = None) -> Path:
        """Copy verified files into versions/<version> and make it current, atomically.

        ``check(directory)`` sees the complete staged copy before it goes live; if it raises,
        the staged copy is removed and nothing changes.
        """
        self.versions.mkdir(parents=True, exist_ok=True)
        final = self.versions / str(version)
        if not final.is_dir():
            staging = self.versions / f".staging-{version}-{os.getpid()}"
            shutil.rmtree(staging, ignore_errors=True)
            for relative, source in files.items():
                target = staging / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
                with open(target, "rb") as handle:
                    os.fsync(handle.fileno())
            for directory in sorted({(staging / r).parent for r in files} | {staging}, reverse=True):
                _fsync_dir(directory)
            if check is not None:
                try:
                    check(staging)
                except BaseException:
                    shutil.rmtree(staging, ignore_errors=True)
                    raise
            os.replace(staging, final)
            _fsync_dir(self.versions)
        link = self.root / f".current-{os.getpid()}"
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(Path("versions") / str(version))
        os.replace(link, self.current_link)
        _fsync_dir(self.root)
        self.clean()
        return final

    def clean(self) -> None:
        """Remove half-written staging directories and all but the newest versions."""
        if not self.versions.is_dir():
            return
        current = self.current()
        numbered = sorted((p for p in self.versions.iterdir() if p.name.isdigit()), key=lambda p: int(p.name))
        for path in self.versions.iterdir():
            if path.name.startswith(".staging-"):
                shutil.rmtree(path, ignore_errors=True)
        for path in numbered[:-KEEP_VERSIONS]:
            if path != current:
                shutil.rmtree(path, ignore_errors=True)
        for stray in self.root.glob(".current-*"):
            stray.unlink(missing_ok=True)
