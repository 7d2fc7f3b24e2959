"""The ``kiosk`` command: one entry point, one place that turns errors into messages."""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

from kiosk import paths
from kiosk.errors import KioskError

SCREENS = ("attract", "home", "list", "detail", "search")


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"size must look like 1080x1920, not '{text}'") from None
    if not (200 <= width <= 8000 and 200 <= height <= 8000):
        raise argparse.ArgumentTypeError(f"size {text} is out of range")
    return width, height


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk", description="Infopoint Flensburg kiosk")
    commands = parser.add_subparsers(dest="command", required=True)

    validate = commands.add_parser("validate", help="check content files and report problems")
    validate.add_argument("directory", nargs="?", type=Path, default=paths.CONTENT)
    validate.add_argument("--json", action="store_true", help="print one JSON object")

    run = commands.add_parser("run", help="start the kiosk full screen")
    run.add_argument("--config", type=Path, default=None, help="kiosk config file (YAML)")
    run.add_argument("--content", type=Path, default=None, help="content directory")
    run.add_argument("--windowed", action="store_true", help="a window instead of full screen")

    preview = commands.add_parser("preview", help="render one screen to a PNG, no display needed")
    preview.add_argument("--screen", choices=SCREENS, default="home")
    preview.add_argument("--lang", default=None)
    preview.add_argument("--category", default=None)
    preview.add_argument("--offer", default=None)
    preview.add_argument("--query", default="", help="text typed on the search screen")
    preview.add_argument("--text-size", choices=("normal", "large", "larger"), default="normal")
    preview.add_argument("--theme", choices=("normal", "high-contrast"), default="normal")
    preview.add_argument("--reach", choices=("normal", "low"), default="normal", help="low: lower the screen")
    preview.add_argument("--speech", type=Path, default=None, help="also write what the speaker would say (WAV)")
    preview.add_argument("--size", type=_size, default=(1080, 1920), help="WIDTHxHEIGHT, default 1080x1920")
    preview.add_argument("--content", type=Path, default=None, help="content directory")
    preview.add_argument("--config", type=Path, default=None, help="kiosk config file (YAML)")
    preview.add_argument("--out", type=Path, required=True, help="PNG file to write")
    preview.add_argument("--texts", type=Path, default=None, help="also write visible texts as JSON")
    search = commands.add_parser("search", help="what visitors find for a query, ranked")
    search.add_argument("query")
    search.add_argument("--lang", default="de", help="language of the titles shown")
    search.add_argument("--json", action="store_true")
    search.add_argument("--content", type=Path, default=paths.CONTENT)
    search.add_argument("--limit", type=int, default=20)

    keygen = commands.add_parser("keygen", help="create signing keys for a feed")
    keygen.add_argument("--out", type=Path, required=True, help="key directory (keep root.pem offline)")

    publish = commands.add_parser("publish", help="validate content and write a signed feed")
    publish.add_argument("directory", nargs="?", type=Path, default=paths.CONTENT)
    publish.add_argument("--keys", type=Path, required=True, help="key directory from kiosk keygen")
    publish.add_argument("--out", type=Path, required=True, help="feed directory to serve")

    rotate = commands.add_parser("rotate-key", help="replace one role's signing key (needs the root key)")
    rotate.add_argument("role", choices=("root", "targets", "snapshot", "timestamp", "bins"))
    rotate.add_argument("--keys", type=Path, required=True)
    rotate.add_argument("--feed", type=Path, required=True, help="the feed directory")

    serve = commands.add_parser("serve", help="serve a feed over HTTP (demo and small set-ups)")
    serve.add_argument("directory", type=Path)
    serve.add_argument("--port", type=int, default=8080)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--fleet", type=Path, default=None, help="fleet file: also take heartbeats (docs/fleet.md)")
    serve.add_argument("--db", type=Path, default=None, help="fleet database (default: fleet.sqlite by the fleet file)")

    hash_pin = commands.add_parser("hash-pin", help="the salted hash of an admin PIN, for the kiosk config")
    hash_pin.add_argument("--stdin", action="store_true", help="read the PIN from standard input (scripts)")

    sync = commands.add_parser("sync", help="bring a kiosk's data directory up to a feed")
    sync.add_argument("--once", action="store_true", required=True, help="one sync, print one JSON line")
    sync.add_argument("--feed", required=True, help="feed URL, e.g. http://127.0.0.1:8080")
    sync.add_argument("--data", type=Path, required=True, help="the kiosk's data directory")
    sync.add_argument("--trust", type=Path, required=True, help="the feed's root.json, installed with the kiosk")

    fleet_token = commands.add_parser("fleet-token", help="make a kiosk's (or the admin's) fleet token")
    fleet_token.add_argument("kiosk_id", nargs="?", default=None, help="the kiosk's id (kiosk_id in its config)")
    fleet_token.add_argument("--admin", action="store_true", help="the admin token instead of a kiosk's")
    fleet_token.add_argument("--fleet", type=Path, required=True, help="fleet file (created if missing)")

    fleet = commands.add_parser("fleet", help="how every kiosk is doing; exit 3 if one is stale or unsynced")
    fleet_source = fleet.add_mutually_exclusive_group(required=True)
    fleet_source.add_argument("--server", help="fleet server URL, e.g. https://infopoint.example.org")
    fleet_source.add_argument("--db", type=Path, help="read the fleet database directly")
    fleet.add_argument("--token", default=None, help="admin token (default: $KIOSK_ADMIN_TOKEN)")
    fleet.add_argument("--fleet", dest="fleet", type=Path, default=None,
                       help="with --db: the fleet file, so kiosks that never reported are listed too")
    fleet.add_argument("--json", action="store_true", help="print one JSON object")

    heartbeat = commands.add_parser("heartbeat", help="send this kiosk's heartbeat to the fleet server")
    heartbeat.add_argument("--once", action="store_true", required=True, help="one beat, print one JSON line")
    heartbeat.add_argument("--config", type=Path, default=None, help="kiosk config file (YAML)")

    stats = commands.add_parser("stats", help="usage report for the office: HTML tables and PNG charts")
    stats_source = stats.add_mutually_exclusive_group(required=True)
    stats_source.add_argument("--server", help="fleet server URL")
    stats_source.add_argument("--db", type=Path, help="read the fleet database directly")
    stats.add_argument("--token", default=None, help="admin token (default: $KIOSK_ADMIN_TOKEN)")
    stats.add_argument("--from", dest="first", type=_date, default=None, help="first day, YYYY-MM-DD")
    stats.add_argument("--to", dest="last", type=_date, default=None, help="last day, YYYY-MM-DD")
    stats.add_argument("--content", type=Path, default=paths.CONTENT, help="content for offer and category titles")
    stats.add_argument("--top", type=int, default=15, help="how many offers the ranking shows")
    stats.add_argument("--out", type=Path, required=True, help="directory for index.html and the charts")

    editor = commands.add_parser("editor", help="the office's web editor for content/ (docs/editor.md)")
    editor.add_argument("--content", type=Path, default=paths.CONTENT, help="content directory, edited in place")
    editor.add_argument("--data", type=Path, default=Path(".editor"),
                        help="the editor's database, history and previews (default .editor/)")
    editor.add_argument("--keys", type=Path, default=None, help="the feed's online keys (no root.pem)")
    editor.add_argument("--feed", type=Path, default=None, help="feed directory that publishing writes")
    editor.add_argument("--fleet-db", type=Path, default=None, help="fleet database: which kiosks hold which version")
    editor.add_argument("--host", default="127.0.0.1")
    editor.add_argument("--port", type=int, default=8090)
    editor.add_argument("--first-admin", default=None, metavar="NAME",
                        help="create this admin account if missing (password from $KIOSK_EDITOR_PASSWORD or asked)")
    return parser


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a date looks like 2026-11-25, not '{text}'") from None


def main(argv: list[str] | None = None) -> int:
    if argv is None and sys.argv[1:2] == ["run"]:  # the kiosk itself: with jemalloc (kiosk.allocator)
        from kiosk import allocator

        allocator.ensure(["-m", "kiosk", *sys.argv[1:]])
    args = build_parser().parse_args(argv)
    try:
        if args.command == "validate":
            from kiosk import validate

            return validate.run(args.directory, args.json, sys.stdout)
        if args.command == "run":
            from kiosk import runner

            return runner.run(args)
        if args.command == "preview":
            from kiosk import preview

            return preview.run(args)
        if args.command == "editor":
            from kiosk.editor import command

            return command.run(args)
        if args.command == "hash-pin":
            return _hash_pin(args)
        if args.command == "search":
            from kiosk.search import command

            return command.run(args, sys.stdout)
        if args.command in ("keygen", "publish", "serve", "sync", "rotate-key"):
            from kiosk.feed import commands

            return getattr(commands, args.command.replace("-", "_"))(args)
        if args.command in ("fleet-token", "fleet", "heartbeat", "stats"):
            from kiosk.fleet import commands

            return getattr(commands, args.command.replace("-", "_"))(args)
    except KioskError as error:
        print(f"kiosk: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return 2


def _hash_pin(args) -> int:
    import getpass

    from kiosk.admin import hash_pin

    if args.stdin:
        pin = sys.stdin.readline().strip()
    else:
        pin = getpass.getpass("PIN: ")
        if getpass.getpass("PIN again: ") != pin:
            print("kiosk: the two PINs differ", file=sys.stderr)
            return 1
    print(f'admin:\n  pin_hash: "{hash_pin(pin)}"')
    return 0


if __name__ == "__main__":
    sys.exit(main())
