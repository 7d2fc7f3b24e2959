"""The fleet side of `kiosk serve --fleet`: heartbeats in, the admin page and JSON out.

    POST /fleet/heartbeat     a kiosk's beat, with ``Authorization: Bearer <its token>``
    GET  /fleet/              the admin page (admin token: Bearer, or HTTP Basic as password)
    GET  /fleet/kiosks.json   the fleet's state (admin token)
    GET  /fleet/usage.json    usage rows, ``?from=YYYY-MM-DD&to=YYYY-MM-DD`` (admin token)

Everything else is the static feed, served exactly as without --fleet.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import json
import logging
import sqlite3
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from kiosk.feed.server import FeedHandler, make_server
from kiosk.fleet import status
from kiosk.fleet.beat import BeatError, check_beat
from kiosk.fleet.fleetfile import FleetFile
from kiosk.fleet.page import admin_page
from kiosk.fleet.registry import Registry

log = logging.getLogger("kiosk.fleet")
MAX_BODY = 256 * 1024


class FleetService:
    """What the handler threads share: the watched fleet file and the database."""

    def __init__(self, fleet_file: FleetFile, registry: Registry):
        self.fleet_file = fleet_file
        self.registry = registry
        self._thresholds = None

    def report(self) -> dict:
        fleet = self.fleet_file.current()
        thresholds = fleet.thresholds
        if thresholds != self._thresholds:  # so that `kiosk fleet --db` judges as the server does
            self.registry.set_thresholds(thresholds)
            self._thresholds = thresholds
        return status.report(self.registry.kiosks(), self.registry.clock(), thresholds, fleet.kiosks)


class Refused(Exception):
    def __init__(self, status_code: int, message: str):
        super().__init__(message)
        self.status_code = status_code


class FleetHandler(FeedHandler):
    """The feed's static files plus the /fleet/ endpoints; ``self.server.fleet`` is the FleetService."""

    timeout = 30  # seconds a client may take to send its request: a stalled one must not hold a thread

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if path != "/fleet" and not path.startswith("/fleet/"):
            super().do_GET()
            return
        self._answer(self._get, path)

    def do_POST(self) -> None:
        self._answer(self._post, urlsplit(self.path).path)

    def _answer(self, method, path: str) -> None:
        try:
            code, content_type, body = method(path)
        except Refused as refused:
            log.warning("%s %s refused (%d): %s", self.address_string(), path, refused.status_code, refused)
            code, content_type = refused.status_code, "application/json"
            body = json.dumps({"error": str(refused)}).encode()
        except Exception:  # noqa: BLE001 - one bad request must not take the server down
            log.exception("fleet request failed: %s", path)
            code, content_type, body = 500, "application/json", b'{"error": "internal error"}'
        try:
            self.send_response(code)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            if code == 401 and self.command == "GET":
                self.send_header("WWW-Authenticate", 'Basic realm="Infopoint Flensburg fleet", charset="UTF-8"')
            self.end_headers()
            self.wfile.write(body)
        except OSError as error:
            log.info("client went away: %s", error)

    def _post(self, path: str) -> tuple[int, str, bytes]:
        if path != "/fleet/heartbeat":
            raise Refused(404, "not found")
        body = self._body()
        fleet = self.server.fleet.fleet_file.current()
        token = self._token(basic=False)
        kiosk_id = fleet.kiosk_for(token) if token else None
        if kiosk_id is None:
            raise Refused(401, "unknown kiosk token")
        try:
            beat = check_beat(json.loads(body))
        except BeatError as error:
            raise Refused(400, f"not a heartbeat: {error}") from None
        except ValueError:  # JSONDecodeError, UnicodeDecodeError
            raise Refused(400, "not a heartbeat: invalid JSON") from None
        if beat["kiosk_id"] != kiosk_id:
            raise Refused(401, f"this token does not belong to kiosk {beat['kiosk_id']}")
        try:
            self.server.fleet.registry.record(beat)
        except sqlite3.Error as error:
            log.error("cannot store a beat of %s: %s", kiosk_id, error)
            return 503, "application/json", b'{"error": "cannot store the beat now"}'
        return 200, "application/json", json.dumps({"ok": True, "kiosk_id": kiosk_id}).encode()

    def _body(self) -> bytes:
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            raise Refused(411, "a Content-Length is needed")
        if int(length) > MAX_BODY:
            self.close_connection = True
            if int(length) <= 4 * MAX_BODY:  # read it away, or closing the socket resets it before the client reads 413
                self.rfile.read(int(length))
            raise Refused(413, f"a beat may have at most {MAX_BODY} bytes")
        body = self.rfile.read(int(length))
        if len(body) != int(length):
            raise Refused(400, "the body ended early")
        return body

    def _get(self, path: str) -> tuple[int, str, bytes]:
        if path not in ("/fleet", "/fleet/", "/fleet/kiosks.json", "/fleet/usage.json"):
            raise Refused(404, "not found")
        token = self._token(basic=True)
        if not token or not self.server.fleet.fleet_file.current().is_admin(token):
            raise Refused(401, "the admin token is needed")
        if path == "/fleet/usage.json":
            return 200, "application/json", json.dumps(self._usage()).encode()
        fleet = self.server.fleet.report()
        if path == "/fleet/kiosks.json":
            return 200, "application/json", json.dumps(fleet).encode()
        return 200, "text/html; charset=utf-8", admin_page(fleet).encode()

    def _usage(self) -> dict:
        query = parse_qs(urlsplit(self.path).query)
        try:
            first, last = (datetime.date.fromisoformat(query[name][0]) if name in query else None
                           for name in ("from", "to"))  # fmt: skip
        except ValueError:
            raise Refused(400, "from and to must be dates (YYYY-MM-DD)") from None
        registry = self.server.fleet.registry
        kiosks = [{key: kiosk[key] for key in ("kiosk_id", "group", "location")} for kiosk in registry.kiosks()]
        return {"kiosks": kiosks, "usage": registry.usage(first, last)}

    def _token(self, basic: bool) -> str | None:
        scheme, _, value = self.headers.get("Authorization", "").partition(" ")
        if scheme.lower() == "bearer":
            return value.strip() or None
        if basic and scheme.lower() == "basic":
            try:
                return base64.b64decode(value.strip(), validate=True).decode("utf-8").partition(":")[2] or None
            except (binascii.Error, UnicodeDecodeError):
                return None
        return None


def make_fleet_server(feed_dir: Path, fleet_path: Path, db_path: Path, host: str = "127.0.0.1", port: int = 8080):
    """The feed server with the fleet endpoints; FleetError if the fleet file or database cannot be used."""
    fleet_file = FleetFile(fleet_path)
    registry = Registry(db_path)
    try:
        server = make_server(feed_dir, host, port, handler=FleetHandler)
    except OSError:
        registry.close()
        raise
    server.fleet = FleetService(fleet_file, registry)
    if not fleet_file.current().admin_hash:
        log.warning("no admin_token_sha256 in %s: the admin page stays locked (kiosk fleet-token --admin)", fleet_path)
    return server
