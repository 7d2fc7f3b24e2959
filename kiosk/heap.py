"""Give the C heap's free memory back to the system (glibc), between visitors. No Kivy.

A process that runs for months frees as much as it allocates, but glibc keeps freed pages in
its arenas: resident memory creeps up although nothing leaks. ``malloc_trim`` returns them.
It takes a few milliseconds, so the kiosk calls it when a visitor has gone (kiosk.app.reset),
never in the middle of a tap. Elsewhere than glibc it does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util

_libc = None


def _glibc():
    global _libc
    if _libc is None:
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
            libc.malloc_trim.argtypes = [ctypes.c_size_t]
            _libc = libc
        except (OSError, AttributeError):
            _libc = False
    return _libc


def trim() -> bool:
    """Return free heap memory to the system; True when glibc gave some back."""
    libc = _glibc()
    if not libc:
        return False
    return bool(libc.malloc_trim(0))
