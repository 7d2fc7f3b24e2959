"""The editor's SQLite database: accounts, the audit log, drafts, used form nonces and publishes.

The content itself is not in here: it stays the YAML in ``content/``. One connection per
request (SQLite connections are not shared between threads); WAL so that reading pages do
not wait for a save.
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    name TEXT PRIMARY KEY, display_name TEXT NOT NULL, password_hash TEXT NOT NULL, role TEXT NOT NULL,
    organisation TEXT NOT NULL DEFAULT '', languages TEXT NOT NULL DEFAULT '', active INTEGER NOT NULL DEFAULT 1,
    failures INTEGER NOT NULL DEFAULT 0, locked_until REAL NOT NULL DEFAULT 0, created REAL NOT NULL,
    ui_language TEXT NOT NULL DEFAULT 'de');
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT, time REAL NOT NULL, user TEXT NOT NULL, action TEXT NOT NULL,
    target TEXT NOT NULL DEFAULT '', detail TEXT NOT NULL DEFAULT '', address TEXT NOT NULL DEFAULT '');
CREATE INDEX IF NOT EXISTS audit_by_time ON audit (time);
CREATE TABLE IF NOT EXISTS drafts (
    user TEXT NOT NULL, kind TEXT NOT NULL, target TEXT NOT NULL, data TEXT NOT NULL, saved REAL NOT NULL,
    PRIMARY KEY (user, kind, target));
CREATE TABLE IF NOT EXISTS nonces (value TEXT PRIMARY KEY, used REAL NOT NULL);
CREATE TABLE IF NOT EXISTS publishes (
    id INTEGER PRIMARY KEY AUTOINCREMENT, time REAL NOT NULL, user TEXT NOT NULL, revision TEXT NOT NULL,
    version INTEGER NOT NULL, changed TEXT NOT NULL DEFAULT '[]');
"""
NONCE_DAYS = 2  # used nonces kept this long; forms are older than that are refused by their CSRF token anyway


def connect(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, timeout=10, isolation_level=None)
    db.row_factory = sqlite3.Row
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA busy_timeout=10000")
    return db


def create(path: Path) -> None:
    with connect(path) as db:
        db.executescript(SCHEMA)


def audit(db: sqlite3.Connection, user: str, action: str, target: str = "", detail: str = "",
          address: str = "") -> None:  # fmt: skip
    """One line of the audit log: who did what to which file, and from where."""
    db.execute("INSERT INTO audit (time, user, action, target, detail, address) VALUES (?, ?, ?, ?, ?, ?)",
               (time.time(), user, action, target, detail[:2000], address))  # fmt: skip


def audit_log(db: sqlite3.Connection, limit: int = 200, user: str = "", action: str = "") -> list[sqlite3.Row]:
    query, args = "SELECT * FROM audit WHERE 1=1", []
    if user:
        query, args = query + " AND user = ?", [*args, user]
    if action:
        query, args = query + " AND action = ?", [*args, action]
    return db.execute(query + " ORDER BY id DESC LIMIT ?", (*args, limit)).fetchall()


def use_nonce(db: sqlite3.Connection, value: str) -> bool:
    """True the first time a form's nonce is used, False for a replayed form."""
    db.execute("DELETE FROM nonces WHERE used < ?", (time.time() - NONCE_DAYS * 86400,))
    try:
        db.execute("INSERT INTO nonces (value, used) VALUES (?, ?)", (value, time.time()))
    except sqlite3.IntegrityError:
        return False
    return True


def save_draft(db: sqlite3.Connection, user: str, kind: str, target: str, data: dict) -> None:
    db.execute("INSERT OR REPLACE INTO drafts VALUES (?, ?, ?, ?, ?)",
               (user, kind, target, json.dumps(data, ensure_ascii=False, default=str), time.time()))  # fmt: skip


def draft(db: sqlite3.Connection, user: str, kind: str, target: str) -> tuple[dict, float] | None:
    row = db.execute("SELECT data, saved FROM drafts WHERE user = ? AND kind = ? AND target = ?",
                     (user, kind, target)).fetchone()  # fmt: skip
    return (json.loads(row["data"]), row["saved"]) if row else None


def drop_draft(db: sqlite3.Connection, user: str, kind: str, target: str) -> None:
    db.execute("DELETE FROM drafts WHERE user = ? AND kind = ? AND target = ?", (user, kind, target))


def record_publish(db: sqlite3.Connection, user: str, revision: str, version: int, changed: list[str]) -> None:
    db.execute("INSERT INTO publishes (time, user, revision, version, changed) VALUES (?, ?, ?, ?, ?)",
               (time.time(), user, revision, version, json.dumps(changed)))  # fmt: skip


def last_publish(db: sqlite3.Connection) -> sqlite3.Row | None:
    return db.execute("SELECT * FROM publishes ORDER BY id DESC LIMIT 1").fetchone()


def publishes(db: sqlite3.Connection, limit: int = 20) -> list[sqlite3.Row]:
    return db.execute("SELECT * FROM publishes ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
