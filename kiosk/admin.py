"""The way into the admin panel: a secret knock, a PIN, a lock-out. Imports no Kivy.

The config keeps only a salted scrypt hash of the PIN (``kiosk hash-pin`` prints one):

    scrypt$<n>$<r>$<p>$<salt hex>$<hash hex>
"""

from __future__ import annotations

import hashlib
import hmac
import os
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from kiosk.errors import ConfigError

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1  # about 50 ms per check: cheap for staff, slow for guessing
MIN_PIN_DIGITS = 4


def hash_pin(pin: str, *, salt: bytes | None = None) -> str:
    if not (pin.isascii() and pin.isdigit() and len(pin) >= MIN_PIN_DIGITS):
        raise ConfigError(f"a PIN is at least {MIN_PIN_DIGITS} digits")
    salt = salt if salt is not None else os.urandom(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def verify_pin(pin: str, stored: str) -> bool:
    """True if ``pin`` matches ``stored``; a malformed or empty hash matches nothing."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = bytes.fromhex(digest)
        actual = hashlib.scrypt(pin.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p),
                                dklen=len(expected), maxmem=256 * 1024 * 1024)  # fmt: skip
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


@dataclass
class Knock:
    """Five taps in the corner within three seconds open the PIN dialog."""

    taps: int = 5
    within: float = 3.0
    now: Callable[[], float] = time.monotonic
    _times: deque = field(default_factory=deque)

    def tap(self) -> bool:
        """Record one tap in the corner; True when this tap completes the knock."""
        moment = self.now()
        self._times.append(moment)
        while self._times and moment - self._times[0] > self.within:
            self._times.popleft()
        if len(self._times) >= self.taps:
            self._times.clear()
            return True
        return False

    def other_tap(self) -> None:
        """A tap anywhere else breaks the knock."""
        self._times.clear()


@dataclass
class PinGate:
    """Checks PINs against the stored hash; after ``attempts`` wrong ones it locks for a while."""

    pin_hash: str
    attempts: int = 3
    lock_seconds: float = 300.0
    now: Callable[[], float] = time.monotonic
    wrong: int = 0
    locked_until: float = 0.0

    @property
    def enabled(self) -> bool:
        return bool(self.pin_hash)

    def locked_for(self) -> float:
        """Seconds until PINs are accepted again (0 when open)."""
        return max(0.0, self.locked_until - self.now())

    def check(self, pin: str) -> str:
        """"ok", "wrong" or "locked". While locked, not even the right PIN opens."""
        if not self.enabled or self.locked_for() > 0:
            return "locked"
        if verify_pin(pin, self.pin_hash):
            self.wrong = 0
            return "ok"
        self.wrong += 1
        if self.wrong >= self.attempts:
            self.wrong = 0
            self.locked_until = self.now() + self.lock_seconds
            return "locked"
        return "wrong"
