"""An editor set up from scratch on one machine: content copied or in place, keys, a first feed, accounts.

Used by ``make editor`` (the README's command), the tests and ``bench.editor``. The root key is
made in its own directory and used once, to create the feed's root, as docs/feed.md asks of an
office; the editor's key directory gets only the online keys.
"""

from __future__ import annotations

import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

from kiosk.editor import accounts, database
from kiosk.editor.settings import Settings

ONLINE_ROLES = ("targets", "snapshot", "timestamp", "bins")


def prepare(data: Path, content: Path, *, copy_from: Path | None = None, fleet_db: Path | None = None) -> Settings:
    """Keys and a first feed under ``data`` for ``content`` (copied from ``copy_from`` if given); idempotent."""
    from kiosk.feed import keys, publish

    data = Path(data)
    if copy_from is not None and not Path(content).exists():
        shutil.copytree(copy_from, content)
    offline, online, feed = data / "root-key-offline", data / "keys", data / "feed"
    if not (feed / "metadata" / "root.json").exists():
        if not (offline / "root.pem").exists():
            keys.keygen(offline)
        publish.publish(Path(content), offline, feed)
    if not online.exists():
        online.mkdir(parents=True)
        for role in ONLINE_ROLES:
            shutil.copy2(offline / f"{role}.pem", online / f"{role}.pem")
    return Settings(content=content, data=data, keys=online, feed=feed, fleet_db=fleet_db)


def add_account(settings: Settings, name: str, password: str, role: str, *, organisation: str = "",
                languages: tuple[str, ...] = (), display_name: str = "") -> None:  # fmt: skip
    database.create(settings.database)
    with database.connect(settings.database) as db:
        if accounts.get(db, name) is None:
            accounts.create(db, name, display_name or name, password, role, organisation, languages)


@dataclass
class Running:
    url: str
    server: object
    thread: threading.Thread

    def stop(self) -> None:
        self.server.close()
        self.thread.join(10)


def serve_in_background(app, host: str = "127.0.0.1", port: int = 0) -> Running:
    """The editor served by waitress on a thread (tests, benchmarks)."""
    from waitress.server import create_server

    server = create_server(app, host=host, port=port, threads=4)
    thread = threading.Thread(target=server.run, name="editor", daemon=True)
    thread.start()
    return Running(f"http://{host}:{server.effective_port}", server, thread)


def main(argv: list[str] | None = None) -> int:
    """``python -m kiosk.editor.demo DATA CONTENT``: keys and a first feed for ``make editor``; prints its options."""
    import sys

    data, content = (argv if argv is not None else sys.argv[1:])[:2]
    settings = prepare(Path(data), Path(content))
    print(f"--keys {settings.keys} --feed {settings.feed}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
