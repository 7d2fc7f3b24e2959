"""Feed costs: publish time, a first full sync, a poll with no change, one changed offer.

    python -m bench.sync [--offers 1000] [--images 200]

Goals (issue 4): a poll when nothing changed at most 2 requests and 2 KB; one changed offer at
most the offer's bytes plus 10 KB of metadata.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from bench.synthetic import make_catalogue
from kiosk.feed import keys, publish
from kiosk.feed.server import serve_in_background
from kiosk.feed.sync import Sync


def run(offers: int, images: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-sync-") as scratch:
        work = Path(scratch)
        content = make_catalogue(work / "content", offers, images)
        keys.keygen(work / "keys")
        started = time.perf_counter()
        first_publish = publish.publish(content, work / "keys", work / "feed")
        publish_seconds = time.perf_counter() - started
        server = serve_in_background(work / "feed")
        url = f"http://127.0.0.1:{server.server_address[1]}"
        try:
            sync = Sync(url, work / "data", (work / "feed" / "metadata" / "1.root.json").read_bytes())
            full = sync.run_once()
            unchanged = sync.run_once()
            offer = content / "offers" / "angebot-00042.yaml"
            offer.write_text(offer.read_text(encoding="utf-8").replace("2026-11-24", "2026-11-25"), encoding="utf-8")
            started = time.perf_counter()
            publish.publish(content, work / "keys", work / "feed")
            republish_seconds = time.perf_counter() - started
            one = sync.run_once()
        finally:
            server.shutdown()
            server.server_close()
        offer_bytes = offer.stat().st_size
        metadata_bytes = one.bytes - offer_bytes
        return {
            "catalogue": {"offers": offers, "languages": 11, "images": images, "files": first_publish.files},
            "publish_seconds": round(publish_seconds, 2),
            "republish_one_change_seconds": round(republish_seconds, 2),
            "first_sync": {"requests": full.requests, "bytes": full.bytes, "files": full.changed,
                           "seconds": full.seconds, "error": full.error},
            "poll_unchanged": {"requests": unchanged.requests, "bytes": unchanged.bytes, "error": unchanged.error,
                               "goal": "<= 2 requests, <= 2048 bytes",
                               "met": unchanged.requests <= 2 and unchanged.bytes <= 2048},
            "one_offer_changed": {"requests": one.requests, "bytes": one.bytes, "offer_bytes": offer_bytes,
                                  "metadata_bytes": metadata_bytes, "files": one.changed, "error": one.error,
                                  "goal": "metadata <= 10240 bytes", "met": metadata_bytes <= 10240},
        }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offers", type=int, default=1000)
    parser.add_argument("--images", type=int, default=200)
    args = parser.parse_args()
    print(json.dumps(run(args.offers, args.images)))


if __name__ == "__main__":
    main()
