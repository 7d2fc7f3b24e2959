"""``kiosk serve``: a small static web server for a feed (demo and small set-ups).

Production hosting is any static server; docs/feed.md has an nginx example.
"""

from __future__ import annotations

import functools
import logging
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

log = logging.getLogger("kiosk.serve")


class FeedHandler(SimpleHTTPRequestHandler):
    """Static files only: no directory listings, no writes."""

    def list_directory(self, path):  # noqa: ARG002 - signature from the base class
        self.send_error(404, "Not found")
        return None

    def end_headers(self) -> None:
        # Metadata changes under the same name (timestamp.json); everything else is content-addressed.
        # No path when the request line itself was garbage (send_error before parsing finished).
        path = getattr(self, "path", "")
        if path.endswith("timestamp.json") or path.endswith("root.json"):
            self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format, *args):  # noqa: A002 - signature from the base class
        log.debug("%s - %s", self.address_string(), format % args)


def make_server(feed_dir: Path, host: str = "127.0.0.1", port: int = 8080,
                handler: type[FeedHandler] = FeedHandler) -> ThreadingHTTPServer:  # fmt: skip
    """The feed server; ``handler`` is a FeedHandler subclass that adds endpoints (kiosk.fleet.endpoint)."""
    server = ThreadingHTTPServer((host, port), functools.partial(handler, directory=str(feed_dir)))
    server.daemon_threads = True
    return server


def serve_in_background(feed_dir: Path, host: str = "127.0.0.1", port: int = 0) -> ThreadingHTTPServer:
    """Start a server on a thread (tests, benchmarks); ``server.server_address`` has the port."""
    server = make_server(feed_dir, host, port)
    threading.Thread(target=server.serve_forever, name="feed-server", daemon=True).start()
    return server
