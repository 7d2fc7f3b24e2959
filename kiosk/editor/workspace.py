"""The content directory as the editor sees it: every file with its problems, and saves that validate.

An offer is checked by the very reader ``kiosk validate`` uses (``read_offer_file``); a change to
site.yaml, categories.yaml or announcements.yaml is checked by ``load_catalog`` over the whole
content with the new file in place, so a save can never make another file invalid unnoticed.
The index is kept between requests and only files whose size or time changed are read again.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import os
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kiosk.content.catalog import Catalog, icon_names, load_catalog, read_offer_file
from kiosk.content.model import Announcement, Category, Offer, Site
from kiosk.content.problems import Problem
from kiosk.content.reader import read_announcements, read_categories, read_site
from kiosk.content.yamlfile import YamlDoc, read_yaml
from kiosk.editor.history import History

SITE_FILES = ("site.yaml", "categories.yaml", "announcements.yaml")


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def dump(data: Any) -> str:
    """YAML as the content files are written (a file read and dumped again is byte-identical)."""
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=4096)


@dataclass(frozen=True)
class FieldProblem:
    """A validation problem with the path of the value it concerns, for showing it next to its field."""

    path: tuple
    line: int
    message: str
    file: str = ""


def field_problems(doc: YamlDoc | None, problems: list[Problem]) -> list[FieldProblem]:
    """Attach to each problem the deepest value path written on its line."""
    by_line: dict[int, tuple] = {}
    if doc is not None:
        for where, line in doc.lines.items():
            if line not in by_line or len(where) > len(by_line[line]):
                by_line[line] = where
    return [FieldProblem(by_line.get(p.line, ()), p.line, p.message, p.path) for p in problems]


@dataclass
class OfferEntry:
    rel: str
    stamp: tuple
    data: Any
    offer: Offer | None
    problems: list[FieldProblem]
    digest: str

    @property
    def id(self) -> str:
        return Path(self.rel).stem


@dataclass
class Index:
    site: Site | None = None
    categories: list[Category] = field(default_factory=list)
    announcements: list[Announcement] = field(default_factory=list)
    site_problems: dict[str, list[FieldProblem]] = field(default_factory=dict)
    offers: dict[str, OfferEntry] = field(default_factory=dict)  # by offer id (the file's stem)
    stamps: dict[str, tuple] = field(default_factory=dict)

    def catalog(self) -> Catalog:
        from kiosk.content.catalog import FALLBACK_SITE

        offers = {entry.offer.id: entry.offer for entry in self.offers.values() if entry.offer is not None}
        return Catalog(self.site or FALLBACK_SITE, self.categories, offers, self.announcements)

    def problems(self) -> list[FieldProblem]:
        """Every problem of the content, as ``kiosk validate`` finds them (from the files read so far)."""
        found = [p for problems in self.site_problems.values() for p in problems]
        return found + [p for entry in self.offers.values() for p in entry.problems]

    def problem_count(self) -> int:
        return sum(len(p) for p in self.site_problems.values()) + sum(len(e.problems) for e in self.offers.values())


@dataclass
class SaveOutcome:
    saved: bool
    problems: list[FieldProblem] = field(default_factory=list)
    conflict: bool = False
    revision: str | None = None
    text: str = ""


class Workspace:
    def __init__(self, content: Path, history: History):
        self.content = Path(content)
        self.history = history
        self._index = Index()
        self._lock = threading.RLock()

    # -- reading ----------------------------------------------------------------------------

    def _stamps(self) -> dict[str, tuple]:
        stamps = {}
        for name in SITE_FILES:
            path = self.content / name
            if path.exists():
                info = path.stat()
                stamps[name] = (info.st_mtime_ns, info.st_size)
        offers = self.content / "offers"
        if offers.is_dir():
            with os.scandir(offers) as entries:
                for entry in entries:
                    if entry.name.endswith((".yaml", ".yml")) and not entry.name.startswith("."):
                        info = entry.stat()
                        stamps[f"offers/{entry.name}"] = (info.st_mtime_ns, info.st_size)
        return stamps

    def index(self) -> Index:
        """The content as it is on disk now; reads again only what changed since the last call."""
        with self._lock:
            stamps = self._stamps()
            old = self._index
            if stamps == old.stamps:
                return old
            new = Index(stamps=stamps)
            site_changed = any(stamps.get(name) != old.stamps.get(name) for name in SITE_FILES) or old.site is None
            if site_changed:
                self._read_site_files(new)
            else:
                new.site, new.categories, new.announcements = old.site, old.categories, old.announcements
                new.site_problems = old.site_problems
            languages = new.site.languages if new.site else None
            category_ids = {category.id for category in new.categories}
            for rel, stamp in stamps.items():
                if not rel.startswith("offers/"):
                    continue
                entry = old.offers.get(Path(rel).stem)
                if entry is not None and entry.stamp == stamp and entry.rel == rel and not site_changed:
                    new.offers[entry.id] = entry
                    continue
                path = self.content / rel
                doc, offer, problems = read_offer_file(path, rel, languages, category_ids)
                new.offers[path.stem] = OfferEntry(rel, stamp, doc.data if doc else None, offer,
                                                   field_problems(doc, problems), sha(path.read_bytes()))  # fmt: skip
            self._index = new
            return new

    def _read_site_files(self, index: Index) -> None:
        doc, problems = read_yaml(self.content / "site.yaml", "site.yaml")
        site = None
        if doc is not None:
            site, found = read_site(doc)
            problems += found
        index.site = site
        index.site_problems["site.yaml"] = field_problems(doc, problems)
        languages = site.languages if site else None
        doc, problems = read_yaml(self.content / "categories.yaml", "categories.yaml")
        if doc is not None:
            index.categories, found = read_categories(doc, languages, icon_names())
            problems += found
        index.site_problems["categories.yaml"] = field_problems(doc, problems)
        path = self.content / "announcements.yaml"
        if path.exists():
            doc, problems = read_yaml(path, "announcements.yaml")
            if doc is not None and site is not None:
                index.announcements, found = read_announcements(doc, languages, site.timezone)
                problems += found
            index.site_problems["announcements.yaml"] = field_problems(doc, problems)

    def catalog(self) -> Catalog:
        return self.index().catalog()

    def languages(self) -> tuple[str, ...]:
        site = self.index().site
        return site.languages if site else ("de",)

    def raw(self, rel: str) -> tuple[Any, str]:
        """A file's parsed values (as the reader sees them) and the hash of its bytes; (None, '') if missing."""
        path = self._path(rel)
        if not path.exists():
            return None, ""
        doc, _ = read_yaml(path, rel)
        return (copy.deepcopy(doc.data) if doc else None), sha(path.read_bytes())

    def _path(self, rel: str) -> Path:
        path = (self.content / rel).resolve()
        if self.content.resolve() not in path.parents:
            raise ValueError(f"not a content file: {rel}")
        return path

    # -- checking ---------------------------------------------------------------------------

    def check(self, rel: str, text: str) -> list[FieldProblem]:
        """The problems ``kiosk validate`` would report with ``text`` as the file ``rel``."""
        index = self.index()
        with tempfile.TemporaryDirectory(prefix="editor-check-") as temp:
            if rel.startswith("offers/"):
                path = Path(temp) / Path(rel).name
                path.write_text(text, encoding="utf-8")
                languages = index.site.languages if index.site else None
                doc, _offer, problems = read_offer_file(path, rel, languages, {c.id for c in index.categories})
                return field_problems(doc, problems)
            root = Path(temp)
            for name in SITE_FILES:
                if (self.content / name).exists():
                    os.symlink(self.content / name, root / name)
            if (self.content / "offers").is_dir():
                os.symlink(self.content / "offers", root / "offers")
            (root / rel).unlink(missing_ok=True)
            (root / rel).write_text(text, encoding="utf-8")
            _catalog, problems = load_catalog(root)
            real = os.path.realpath(root)

            def named(problem: Problem) -> Problem:
                full = os.path.realpath(os.path.abspath(problem.path))
                for base in (real, str(self.content.resolve())):
                    if full.startswith(base + os.sep):
                        return Problem(os.path.relpath(full, base), problem.line, problem.message)
                return problem

            problems = [named(p) for p in problems]
            # Offers that were already wrong before are not this save's doing.
            before = {(p.file, p.line, p.message) for e in index.offers.values() for p in e.problems}
            problems = [p for p in problems if (p.path, p.line, p.message) not in before]
            own = [p for p in problems if p.path == rel]
            doc, _ = read_yaml(root / rel, rel)
            others = [FieldProblem((), p.line, p.message, p.path) for p in problems if p.path != rel]
            return field_problems(doc, own) + others

    # -- saving -----------------------------------------------------------------------------

    def save(self, rel: str, data: Any, base: str, author: tuple[str, str], message: str,
             *, force: bool = False) -> SaveOutcome:  # fmt: skip
        """Validate and write one file, then commit it; nothing is written when a problem is found.

        ``base`` is the hash of the file as the form was opened ('' for a new file): if the file
        changed since, the save is a conflict unless ``force`` (the person saw the other version).
        """
        text = dump(data)
        with self.history.lock:
            path = self._path(rel)
            current = sha(path.read_bytes()) if path.exists() else ""
            if current != base and not force:
                return SaveOutcome(False, conflict=True, text=text)
            problems = self.check(rel, text)
            if problems:
                return SaveOutcome(False, problems, text=text)
            self.history.commit_outside_changes()
            write_atomic(path, text.encode("utf-8"))
            revision = self.history.commit([rel], message, author)
        return SaveOutcome(True, revision=revision, text=text)

    def restore(self, rel: str, rev: str, author: tuple[str, str], message: str) -> SaveOutcome:
        """Put one file back as it was at ``rev`` (deleting it if it did not exist), after validating."""
        with self.history.lock:
            old = self.history.show(rev, rel)
            path = self._path(rel)
            if old is not None:
                problems = self.check(rel, old.decode("utf-8"))
                if problems:
                    return SaveOutcome(False, problems)
            self.history.commit_outside_changes()
            if old is None:
                path.unlink(missing_ok=True)
            else:
                write_atomic(path, old)
            return SaveOutcome(True, revision=self.history.commit([rel], message, author))

    def restore_all(self, rev: str, author: tuple[str, str], message: str) -> SaveOutcome:
        """The whole content as it was at ``rev``, validated as a whole before anything is written."""
        with self.history.lock:
            wanted = {rel: self.history.show(rev, rel) for rel in self.history.files_at(rev)}
            with tempfile.TemporaryDirectory(prefix="editor-restore-") as temp:
                for rel, data in wanted.items():
                    (Path(temp) / rel).parent.mkdir(parents=True, exist_ok=True)
                    (Path(temp) / rel).write_bytes(data)
                _catalog, problems = load_catalog(temp)
            if problems:
                return SaveOutcome(False, [FieldProblem((), p.line, p.message, p.path) for p in problems])
            self.history.commit_outside_changes()
            current = self.history.files_at("HEAD")
            for rel in current:
                if rel not in wanted:
                    self._path(rel).unlink()
            for rel, data in wanted.items():
                write_atomic(self._path(rel), data)
            return SaveOutcome(True, revision=self.history.commit(sorted(set(current) | set(wanted)), message, author))


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def today() -> dt.date:
    return dt.date.today()
