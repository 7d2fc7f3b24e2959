"""Memory housekeeping between visitors: cyclic garbage collected, free heap pages returned. No Kivy.

A process that runs for months frees as much as it allocates, but glibc keeps freed pages in
its arenas: resident memory creeps up although nothing leaks. ``malloc_trim`` returns them.
Widgets, bindings and closures form reference cycles that only Python's cyclic collector frees,
and until a full collection happens by itself their memory is neither reused nor returned:
``settle`` collects first, then trims. (bench.soak did not show a difference beyond its noise:
+20.8 MB at rest with the trim alone, +26.2 MB with ``settle``; samples move by ~10 MB. What
kept the heap flat was another allocator: kiosk.allocator.)
A full collection takes ~50 ms with 1,000 offers (median; 117 ms at most with a soak beside it),
so the kiosk calls ``settle`` when a visitor has gone (kiosk.app.reset), never in the middle of a
tap. Under jemalloc (kiosk.allocator) glibc's trim finds nothing to give back and jemalloc
returns free pages itself; the collection still frees what the visitor's widgets left behind.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc

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


def settle() -> None:
    """Collect all cyclic garbage, then give the heap's free pages back to the system."""
    gc.collect()
    trim()
