"""Talking to systemd: READY=1 when the first screen is up, WATCHDOG=1 from the UI thread.

The kiosk pings from Kivy's clock, so pings stop when the UI thread is stuck and systemd
restarts the app after ``WatchdogSec``. No systemd (a developer's machine, the tests without
``NOTIFY_SOCKET``): every call does nothing. Imports no Kivy.
"""

from __future__ import annotations

import logging
import os
import socket

log = logging.getLogger("kiosk.watchdog")


class Watchdog:
    def __init__(self, environ: dict[str, str] | None = None):
        environ = os.environ if environ is None else environ
        address = environ.get("NOTIFY_SOCKET", "")
        if address.startswith("@"):
            address = "\0" + address[1:]  # an abstract socket
        self.address = address
        pid = environ.get("WATCHDOG_PID")
        usec = environ.get("WATCHDOG_USEC", "")
        # WATCHDOG_PID names the process meant to ping; a child started from the kiosk must not.
        mine = pid is None or pid == str(os.getpid())
        self.interval = int(usec) / 1e6 / 2 if usec.isdigit() and int(usec) > 0 and mine else 0.0

    @property
    def enabled(self) -> bool:
        return bool(self.address)

    def notify(self, message: str) -> bool:
        if not self.address:
            return False
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
                sock.connect(self.address)
                sock.sendall(message.encode())
        except OSError as error:
            log.warning("cannot notify systemd: %s", error)
            return False
        return True

    def ready(self, status: str = "") -> bool:
        return self.notify("READY=1" + (f"\nSTATUS={status}" if status else ""))

    def ping(self, *_args) -> bool:
        """WATCHDOG=1; call it from the UI thread every ``interval`` seconds."""
        return self.notify("WATCHDOG=1")

    def stopping(self) -> bool:
        return self.notify("STOPPING=1")
