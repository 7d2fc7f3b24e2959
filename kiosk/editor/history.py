"""Every save is a revision: a git commit in the editor's own repository of the content directory.

The repository's git directory lives in the editor's data directory and its work tree is
``content/`` itself, so the content stays plain files that ``kiosk validate`` and ``kiosk publish``
read, and the project's own repository (if content/ is inside one) is left alone. Changes made
to the files outside the editor are committed as such before the next save, so the history
never mixes them into someone's revision.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path

from kiosk.errors import EditorError

OUTSIDE = ("Außerhalb des Editors", "outside@editor.infopoint")
_FIELD = "\x1f"


@dataclass(frozen=True)
class Revision:
    rev: str
    author: str
    email: str
    time: dt.datetime
    message: str

    @property
    def short(self) -> str:
        return self.rev[:8]


class History:
    """The git history of one content directory. One lock: git's index is not for concurrent writers."""

    def __init__(self, content: Path, git_dir: Path):
        self.content = Path(content)
        self.git_dir = Path(git_dir)
        self.lock = threading.RLock()

    def _git(self, *args: str, author: tuple[str, str] | None = None, check: bool = True,
             binary: bool = False) -> str | bytes:  # fmt: skip
        name, email = author or OUTSIDE
        env = {**os.environ, "GIT_DIR": str(self.git_dir), "GIT_WORK_TREE": str(self.content),
               "GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email, "GIT_COMMITTER_NAME": "Infopoint-Editor",
               "GIT_COMMITTER_EMAIL": "editor@editor.infopoint", "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(self.git_dir),
               "LC_ALL": "C"}  # fmt: skip
        try:
            done = subprocess.run(["git", *args], cwd=self.content, env=env, capture_output=True, timeout=60)
        except FileNotFoundError:
            raise EditorError("git is not installed: the editor keeps its history with git") from None
        except subprocess.TimeoutExpired:
            raise EditorError(f"git {args[0]} took over 60 s [{self.git_dir}]") from None
        if check and done.returncode != 0:
            raise EditorError(f"git {' '.join(args[:2])} failed: {done.stderr.decode(errors='replace').strip()} "
                              f"[{self.git_dir}]")  # fmt: skip
        return done.stdout if binary else done.stdout.decode("utf-8", errors="replace")

    def ensure(self) -> None:
        """Create the repository with the content as its first revision; commit changes made outside."""
        with self.lock:
            if not (self.git_dir / "HEAD").exists():
                self.git_dir.parent.mkdir(parents=True, exist_ok=True)
                self._git("init", "-q", "-b", "main")
                self._git("config", "core.quotepath", "off")
                self._git("config", "gc.auto", "0")
            self.commit_outside_changes()

    def commit_outside_changes(self) -> str | None:
        with self.lock:
            if not self._git("status", "--porcelain", "--untracked-files=all").strip():
                return None
            self._git("add", "-A", ".")
            first = not self._git("rev-parse", "--verify", "-q", "HEAD", check=False).strip()
            message = "Stand beim ersten Start des Editors" if first else "Änderungen außerhalb des Editors"
            self._git("commit", "-q", "-m", message, author=OUTSIDE)
            return self.head()

    def head(self) -> str:
        return self._git("rev-parse", "HEAD").strip()

    def commit(self, paths: list[str], message: str, author: tuple[str, str]) -> str | None:
        """Commit ``paths`` (relative to content/) as ``author``; None when nothing changed."""
        with self.lock:
            self._git("add", "-A", "--", *paths)
            if not self._git("diff", "--cached", "--name-only", "--", *paths).strip():
                return None
            self._git("commit", "-q", "-m", message, "--", *paths, author=author)
            return self.head()

    def log(self, path: str | None = None, limit: int = 100) -> list[Revision]:
        fmt = _FIELD.join(("%H", "%an", "%ae", "%at", "%s"))
        args = ["log", f"--format={fmt}", f"-n{limit}"]
        if path:
            args += ["--follow", "--", path]
        revisions = []
        for line in self._git(*args).splitlines():
            rev, author, email, stamp, message = line.split(_FIELD, 4)
            when = dt.datetime.fromtimestamp(int(stamp), dt.UTC).astimezone()
            revisions.append(Revision(rev, author, email, when, message))
        return revisions

    def last(self, path: str) -> Revision | None:
        found = self.log(path, limit=1)
        return found[0] if found else None

    def revision(self, rev: str) -> Revision:
        self._check_rev(rev)
        fmt = _FIELD.join(("%H", "%an", "%ae", "%at", "%s"))
        line = self._git("show", "-s", f"--format={fmt}", rev).strip()
        full, author, email, stamp, message = line.split(_FIELD, 4)
        return Revision(full, author, email, dt.datetime.fromtimestamp(int(stamp), dt.UTC).astimezone(), message)

    def _check_rev(self, rev: str) -> None:
        if not rev or not all(c in "0123456789abcdef" for c in rev) or len(rev) < 7:
            raise EditorError(f"'{rev}' is not a revision")
        if self._git("cat-file", "-t", rev, check=False).strip() != "commit":
            raise EditorError(f"no revision '{rev}' in the history [{self.git_dir}]")

    def show(self, rev: str, path: str) -> bytes | None:
        """A file as it was at ``rev``; None if it did not exist then."""
        self._check_rev(rev)
        if not self._git("ls-tree", "--name-only", rev, "--", path).strip():
            return None
        return self._git("show", f"{rev}:{path}", binary=True)

    def parent(self, rev: str) -> str | None:
        """The revision before ``rev``; None for the first."""
        parents = self._git("rev-list", "--parents", "-n1", rev).split()[1:]
        return parents[0] if parents else None

    def changed(self, old: str, new: str = "HEAD") -> list[tuple[str, str]]:
        """(status letter, path) of every file that differs between two revisions."""
        out = self._git("diff", "--name-status", "--no-renames", old, new)
        return [tuple(line.split("\t", 1)) for line in out.splitlines() if "\t" in line]

    def files_at(self, rev: str) -> list[str]:
        self._check_rev(rev)
        return self._git("ls-tree", "-r", "--name-only", rev).splitlines()
