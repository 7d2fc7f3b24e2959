"""Feed fixtures: keys, a small published feed, and real web servers (nginx, the embedded one)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from kiosk.feed import keys, publish
from kiosk.feed.fetcher import CountingFetcher
from kiosk.feed.server import serve_in_background
from kiosk.feed.sync import Sync


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port}")


class Nginx:
    """Debian's nginx serving one directory on a free loopback port, started and stopped by the test."""

    def __init__(self, root: Path, workdir: Path):
        binary = shutil.which("nginx") or "/usr/sbin/nginx"
        if not Path(binary).exists():
            pytest.fail("nginx is not installed: `make test` installs Debian's nginx")
        self.port = free_port()
        workdir.mkdir(parents=True, exist_ok=True)
        temp = {name: workdir / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
        config = workdir / "nginx.conf"
        config.write_text(f"""
daemon off;
user root;
worker_processes 1;
pid {workdir}/nginx.pid;
error_log {workdir}/error.log;
events {{ worker_connections 64; }}
http {{
  access_log {workdir}/access.log;
  client_body_temp_path {temp['body']}; proxy_temp_path {temp['proxy']};
  fastcgi_temp_path {temp['fastcgi']}; uwsgi_temp_path {temp['uwsgi']}; scgi_temp_path {temp['scgi']};
  types {{ application/json json; text/yaml yaml; }}
  server {{
    listen 127.0.0.1:{self.port};
    root {root};
    autoindex off;
    location = /metadata/timestamp.json {{ add_header Cache-Control no-cache; }}
  }}
}}
""")
        self.process = subprocess.Popen([binary, "-c", str(config), "-p", str(workdir)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        wait_for_port(self.port)
        self.url = f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)


@pytest.fixture
def key_dir(tmp_path) -> Path:
    directory = tmp_path / "keys"
    keys.keygen(directory)
    return directory


@pytest.fixture
def feed(tmp_path, content_dir, key_dir):
    """A published feed of the small test content; ``feed.publish()`` publishes again."""

    class Feed:
        dir = tmp_path / "feed"
        content = content_dir
        keys = key_dir

        def publish(self, **kwargs):
            return publish.publish(self.content, self.keys, self.dir, **kwargs)

        @property
        def root(self) -> bytes:
            return (self.dir / "metadata" / "1.root.json").read_bytes()

    made = Feed()
    made.publish()
    return made


@pytest.fixture(params=["nginx", "embedded"])
def server(request, feed, tmp_path):
    """The feed served by Debian's nginx and by `kiosk serve`'s server: every case runs on both."""
    if request.param == "nginx":
        running = Nginx(feed.dir, tmp_path / "nginx")
        yield running.url
        running.stop()
    else:
        running = serve_in_background(feed.dir)
        yield f"http://127.0.0.1:{running.server_address[1]}"
        running.shutdown()
        running.server_close()


def make_sync(url: str, data: Path, root: bytes) -> Sync:
    return Sync(url, data, root, CountingFetcher(connect_timeout=1.0, read_timeout=1.0))
