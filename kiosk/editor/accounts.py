"""Accounts, roles and what each role may do. Passwords are hashed with argon2 (argon2-cffi).

    admin         accounts, keys, publishing; everything an editor may do
    editor        every offer, category, announcement and the site's texts
    organisation  only the offers whose ``organiser`` is the account's organisation
    translator    only the texts in the account's languages, everywhere
    observer      reads everything, changes nothing

The rules are checked on the server for every request; the pages only hide what a role
cannot use.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from kiosk.content import fields

ROLES = {
    "admin": "Administration",
    "editor": "Redaktion",
    "organisation": "Redaktion einer Organisation",
    "translator": "Übersetzung",
    "observer": "Nur lesen",
}
MIN_PASSWORD = 10
HASHER = PasswordHasher()
# A hash to verify against for unknown names, so that an unknown name takes as long as a wrong password.
_DUMMY_HASH = HASHER.hash("no account has this password")


@dataclass(frozen=True)
class User:
    name: str
    display_name: str
    role: str
    organisation: str = ""
    languages: tuple[str, ...] = ()
    active: bool = True
    ui_language: str = "de"

    # Flask-Login's interface
    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        return self.name

    @property
    def role_label(self) -> str:
        return ROLES.get(self.role, self.role)

    @property
    def email(self) -> str:
        return f"{self.name}@editor.infopoint"

    # -- what the account may do -----------------------------------------------------------

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def can_publish(self) -> bool:
        return self.role == "admin"

    @property
    def can_change_anything(self) -> bool:
        return self.role != "observer"

    @property
    def can_edit_structure(self) -> bool:
        """Categories, the site's settings, announcements and every offer's fields."""
        return self.role in ("admin", "editor")

    @property
    def can_create_offers(self) -> bool:
        return self.role in ("admin", "editor", "organisation")

    def owns(self, offer: dict) -> bool:
        """An offer whose non-text fields this account may change."""
        if self.role in ("admin", "editor"):
            return True
        return self.role == "organisation" and bool(self.organisation) and offer.get("organiser") == self.organisation

    def may_open(self, offer: dict) -> bool:
        """An offer this account may change at all (its fields or some of its texts)."""
        return self.owns(offer) or self.role == "translator"

    def languages_for(self, site_languages: tuple[str, ...], offer: dict | None = None) -> tuple[str, ...]:
        """The languages whose texts this account may change (in ``offer``, when given)."""
        if self.role == "translator":
            return tuple(lang for lang in site_languages if lang in self.languages)
        if self.role == "observer" or (offer is not None and not self.owns(offer)):
            return ()
        return site_languages


def _user(row: sqlite3.Row) -> User:
    return User(name=row["name"], display_name=row["display_name"], role=row["role"],
                organisation=row["organisation"], languages=tuple(filter(None, row["languages"].split(","))),
                active=bool(row["active"]), ui_language=row["ui_language"])  # fmt: skip


def get(db: sqlite3.Connection, name: str) -> User | None:
    row = db.execute("SELECT * FROM users WHERE name = ?", (name,)).fetchone()
    return _user(row) if row else None


def every(db: sqlite3.Connection) -> list[User]:
    return [_user(row) for row in db.execute("SELECT * FROM users ORDER BY name")]


def check_new(name: str, password: str, role: str, languages: tuple[str, ...] = (), organisation: str = "") -> dict:
    """Problems of a new or changed account, by field, in German."""
    problems = {}
    if not fields.SLUG.match(name or ""):
        problems["name"] = "Der Anmeldename darf nur Kleinbuchstaben, Ziffern und Bindestriche enthalten."
    if password is not None and len(password) < MIN_PASSWORD:
        problems["password"] = f"Das Passwort muss mindestens {MIN_PASSWORD} Zeichen lang sein."
    if role not in ROLES:
        problems["role"] = "Bitte wählen Sie eine Rolle."
    if role == "translator" and not languages:
        problems["languages"] = "Eine Übersetzerin oder ein Übersetzer braucht mindestens eine Sprache."
    if role == "organisation" and not organisation.strip():
        problems["organisation"] = "Bitte geben Sie die Organisation an, wie sie bei den Angeboten als Träger steht."
    return problems


def create(db: sqlite3.Connection, name: str, display_name: str, password: str, role: str,
           organisation: str = "", languages: tuple[str, ...] = ()) -> User:  # fmt: skip
    db.execute("INSERT INTO users (name, display_name, password_hash, role, organisation, languages, created) "
               "VALUES (?, ?, ?, ?, ?, ?, ?)",
               (name, display_name or name, HASHER.hash(password), role, organisation.strip(), ",".join(languages),
                time.time()))  # fmt: skip
    return get(db, name)


def update(db: sqlite3.Connection, name: str, *, display_name: str, role: str, organisation: str,
           languages: tuple[str, ...], active: bool) -> None:  # fmt: skip
    db.execute("UPDATE users SET display_name = ?, role = ?, organisation = ?, languages = ?, active = ? "
               "WHERE name = ?", (display_name, role, organisation.strip(), ",".join(languages), int(active), name))


def set_password(db: sqlite3.Connection, name: str, password: str) -> None:
    db.execute("UPDATE users SET password_hash = ?, failures = 0, locked_until = 0 WHERE name = ?",
               (HASHER.hash(password), name))  # fmt: skip


def set_ui_language(db: sqlite3.Connection, name: str, lang: str) -> None:
    db.execute("UPDATE users SET ui_language = ? WHERE name = ?", (lang, name))


@dataclass(frozen=True)
class LoginResult:
    user: User | None
    message: str = ""  # German, for the login page
    locked_now: bool = False  # this attempt locked the account


def authenticate(db: sqlite3.Connection, name: str, password: str, *, failures: int = 5, minutes: float = 15.0,
                 now: float | None = None) -> LoginResult:  # fmt: skip
    """Check a log-in; ``failures`` wrong passwords in a row lock the account for ``minutes``."""
    now = time.time() if now is None else now
    row = db.execute("SELECT * FROM users WHERE name = ?", (name,)).fetchone()
    wrong = LoginResult(None, "Anmeldename oder Passwort stimmen nicht.")
    if row is None:
        with contextlib.suppress(VerificationError):
            HASHER.verify(_DUMMY_HASH, password or "-")
        return wrong
    if row["locked_until"] > now:
        until = time.strftime("%H:%M", time.localtime(row["locked_until"]))
        return LoginResult(None, f"Nach zu vielen Fehlversuchen ist dieses Konto bis {until} Uhr gesperrt.")
    try:
        HASHER.verify(row["password_hash"], password or "")
    except (VerificationError, InvalidHashError):
        count = row["failures"] + 1
        if count >= failures:
            db.execute("UPDATE users SET failures = 0, locked_until = ? WHERE name = ?", (now + minutes * 60, name))
            until = time.strftime("%H:%M", time.localtime(now + minutes * 60))
            return LoginResult(None, f"Nach zu vielen Fehlversuchen ist dieses Konto bis {until} Uhr gesperrt.",
                               locked_now=True)  # fmt: skip
        db.execute("UPDATE users SET failures = ? WHERE name = ?", (count, name))
        return wrong
    if not row["active"]:
        return LoginResult(None, "Dieses Konto ist abgeschaltet. Bitte wenden Sie sich an die Administration.")
    if HASHER.check_needs_rehash(row["password_hash"]):
        db.execute("UPDATE users SET password_hash = ? WHERE name = ?", (HASHER.hash(password), name))
    db.execute("UPDATE users SET failures = 0, locked_until = 0 WHERE name = ?", (name,))
    return LoginResult(_user(row))
