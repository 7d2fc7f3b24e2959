"""``kiosk editor``: start the office's editor (waitress serves it), creating the first admin account if asked."""

from __future__ import annotations

import getpass
import os
import sys

from kiosk.editor import accounts, database
from kiosk.editor.settings import Settings
from kiosk.errors import EditorError


def settings_from(args) -> Settings:
    return Settings(content=args.content, data=args.data, keys=args.keys, feed=args.feed, fleet_db=args.fleet_db)


def first_admin(settings: Settings, name: str, password: str | None) -> bool:
    """Create the admin ``name`` unless it exists; True if it was created."""
    database.create(settings.database)
    with database.connect(settings.database) as db:
        if accounts.get(db, name) is not None:
            return False
        if password is None:
            password = getpass.getpass(f"Passwort für {name}: ")
        problems = accounts.check_new(name, password, "admin")
        if problems:
            raise EditorError(" ".join(problems.values()))
        accounts.create(db, name, name, password, "admin")
        database.audit(db, "-", "account-create", name, "first admin, from the command line")
    return True


def run(args) -> int:
    from waitress import serve

    from kiosk.editor.app import create_app

    settings = settings_from(args)
    if args.first_admin:
        created = first_admin(settings, args.first_admin, os.environ.get("KIOSK_EDITOR_PASSWORD"))
        print(f"kiosk editor: admin account '{args.first_admin}' {'created' if created else 'exists already'}",
              file=sys.stderr)  # fmt: skip
    app = create_app(settings)
    print(f"kiosk editor: http://{args.host}:{args.port}/ (content {settings.content})", file=sys.stderr, flush=True)
    serve(app, host=args.host, port=args.port, threads=8, ident="infopoint-editor")
    return 0
