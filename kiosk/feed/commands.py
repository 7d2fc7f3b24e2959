"""The feed's command-line verbs (keygen, publish, serve, sync); `serve --fleet` adds kiosk.fleet's endpoints."""

from __future__ import annotations

import logging
import sys

from kiosk.errors import FeedError, FleetError


def keygen(args) -> int:
    from kiosk.feed.keys import keygen as make_keys

    for path in make_keys(args.out):
        print(path)
    print(f"Keep {args.out / 'root.pem'} offline; see docs/feed.md.", file=sys.stderr)
    return 0


def publish(args) -> int:
    from kiosk.feed.publish import publish as write_feed

    result = write_feed(args.directory, args.keys, args.out)
    bins = [role for role in result.changed_roles if role.startswith("bins-")]
    roles = [role for role in result.changed_roles if not role.startswith("bins-")]
    if bins:
        roles.insert(-2 if len(roles) >= 2 else 0, f"{len(bins)} hash bin(s)")
    print(f"{args.out}: version {result.version}, {result.files} files, {len(result.changed_files)} new, "
          f"signed: {', '.join(roles)}; {result.pages} phone pages")  # fmt: skip
    return 0


def rotate_key(args) -> int:
    from kiosk.feed.rotate import rotate

    root = rotate(args.role, args.keys, args.feed)
    print(f"new {args.role} key in {args.keys}; root: {root}. Publish now to sign with it.")
    return 0


def serve(args) -> int:
    from kiosk.feed.server import make_server

    if not (args.directory / "metadata" / "timestamp.json").exists():
        raise FeedError(f"not a feed directory (no metadata/timestamp.json) [{args.directory}]")
    fleet = getattr(args, "fleet", None)
    if fleet is None and getattr(args, "db", None) is not None:
        raise FleetError("--db is the fleet database: it needs --fleet FLEET.yaml")
    try:
        if fleet is not None:
            from kiosk.fleet.endpoint import make_fleet_server

            database = args.db or fleet.with_name("fleet.sqlite")
            server = make_fleet_server(args.directory, fleet, database, args.host, args.port)
        else:
            server = make_server(args.directory, args.host, args.port)
    except OSError as error:
        raise FeedError(f"cannot listen on {args.host}:{args.port}: {error.strerror or error}") from None
    print(f"serving {args.directory} at http://{args.host}:{server.server_address[1]}"
          + (f"; fleet {fleet}, database {database}" if fleet is not None else ""), file=sys.stderr)  # fmt: skip
    try:
        server.serve_forever()
    finally:
        server.server_close()
        if fleet is not None:
            server.fleet.registry.close()
    return 0


def sync(args) -> int:
    from kiosk.feed.sync import Sync

    logging.basicConfig(level=logging.WARNING, format="kiosk: %(message)s")
    try:
        trusted_root = args.trust.read_bytes()
    except OSError as error:
        raise FeedError(f"cannot read trusted root: {error.strerror} [{args.trust}]") from None
    result = Sync(args.feed, args.data, trusted_root).run_once()
    print(result.to_json())
    return 0 if result.error is None else 1
