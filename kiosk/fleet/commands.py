"""The fleet's command-line verbs: fleet-token, fleet, heartbeat, stats."""

from __future__ import annotations

import json
import logging
import os
import sys

import requests

from kiosk.errors import FleetError
from kiosk.fleet.heartbeat import failure_reason


def fleet_token(args) -> int:
    from kiosk.fleet.fleetfile import add_token

    if args.admin == (args.kiosk_id is not None):
        raise FleetError("name a kiosk id or give --admin, one of the two")
    token = add_token(args.fleet, None if args.admin else args.kiosk_id)
    print(token)
    where = "KIOSK_ADMIN_TOKEN for kiosk fleet / kiosk stats" if args.admin else \
        f"fleet: token: in {args.kiosk_id}'s config/kiosk.yaml"  # fmt: skip
    print(f"Only its hash is stored in {args.fleet}; this token is not shown again. Put it into {where}.",
          file=sys.stderr)  # fmt: skip
    return 0


def fleet(args) -> int:
    from kiosk.fleet import status

    if args.db is not None:
        from kiosk.fleet.fleetfile import read_fleet
        from kiosk.fleet.registry import Registry

        with Registry(args.db, create=False) as registry:
            expected = read_fleet(args.fleet).kiosks if args.fleet is not None else ()
            report = status.report(registry.kiosks(), registry.clock(), registry.thresholds(), expected)
    else:
        report = admin_get(args.server, "/fleet/kiosks.json", admin_token(args))
    sys.stdout.write(json.dumps(report, ensure_ascii=False) + "\n" if args.json else status.table(report))
    return 3 if status.needs_attention(report) else 0


def heartbeat(args) -> int:
    from kiosk.config import load_config
    from kiosk.fleet.heartbeat import send_once

    logging.basicConfig(level=logging.WARNING, format="kiosk: %(message)s")
    result = send_once(load_config(args.config))
    print(result.to_json())
    if not result.ok:
        print(f"kiosk: {result.error}", file=sys.stderr)
        return 1
    return 0


def stats(args) -> int:
    from kiosk.fleet.report import Titles, write_report

    if args.first and args.last and args.first > args.last:
        raise FleetError(f"--from {args.first} is after --to {args.last}")
    if args.db is not None:
        from kiosk.fleet.registry import Registry

        with Registry(args.db, create=False) as registry:
            kiosks = [{key: kiosk[key] for key in ("kiosk_id", "group", "location")} for kiosk in registry.kiosks()]
            usage = registry.usage(args.first, args.last)
    else:
        params = {name: day.isoformat() for name, day in (("from", args.first), ("to", args.last)) if day}
        answer = admin_get(args.server, "/fleet/usage.json", admin_token(args), params)
        kiosks, usage = answer["kiosks"], answer["usage"]
    index = write_report(args.out, kiosks, usage, Titles.from_content(args.content), args.first, args.last, args.top)
    print(index)
    return 0


def admin_token(args) -> str:
    token = args.token or os.environ.get("KIOSK_ADMIN_TOKEN", "")
    if not token:
        raise FleetError("the fleet server wants the admin token: --token or KIOSK_ADMIN_TOKEN")
    return token


def admin_get(server: str, path: str, token: str, params: dict | None = None) -> dict:
    """GET an admin endpoint of the fleet server as JSON; FleetError names the URL on any failure."""
    url = f"{server.rstrip('/')}{path}"
    try:
        response = requests.get(url, params=params, headers={"Authorization": f"Bearer {token}"}, timeout=(5, 30))
    except requests.RequestException as error:
        raise FleetError(f"cannot reach the fleet server: {failure_reason(error)} [{url}]") from None
    with response:
        if response.status_code == 401:
            raise FleetError(f"the fleet server refused the admin token (HTTP 401) [{url}]")
        if response.status_code != 200:
            raise FleetError(f"the fleet server answered HTTP {response.status_code} [{url}]")
        try:
            return response.json()
        except ValueError:
            raise FleetError(f"the fleet server sent no JSON [{url}]") from None
