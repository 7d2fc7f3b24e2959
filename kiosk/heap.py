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
tap. Under jemalloc (kiosk.allocator) ``trim`` purges jemalloc's unused pages at once instead of
waiting for its decay (``dirty_decay_ms``), so the kiosk at rest holds what it uses and nothing
more; the collection still frees what the visitor's widgets left behind.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc

_libc = None
_mallctl = None
_sdl = None
ARENAS_ALL = 4096  # jemalloc 5's MALLCTL_ARENAS_ALL: "arena.4096.purge" purges every arena


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


def _jemalloc():
    """jemalloc's ``mallctl`` when this process allocates with jemalloc (kiosk.allocator), else False."""
    global _mallctl
    if _mallctl is None:
        try:
            mallctl = ctypes.CDLL(None).mallctl
        except (OSError, AttributeError):
            _mallctl = False
        else:
            mallctl.argtypes = [ctypes.c_char_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t]
            mallctl.restype = ctypes.c_int
            _mallctl = mallctl
    return _mallctl


def trim() -> bool:
    """Return free heap memory to the system now; True when the allocator gave some back (glibc) or
    purged its unused pages (jemalloc, which otherwise returns them over ``dirty_decay_ms``)."""
    mallctl = _jemalloc()
    if mallctl:
        return mallctl(f"arena.{ARENAS_ALL}.purge".encode(), None, None, None, 0) == 0
    libc = _glibc()
    if not libc:
        return False
    return bool(libc.malloc_trim(0))


def jemalloc_stats() -> dict | None:
    """jemalloc's own account in bytes (allocated by the program, active pages, resident, mapped,
    retained, metadata), or None under glibc. For benchmarks and health reports."""
    mallctl = _jemalloc()
    if not mallctl:
        return None
    epoch = ctypes.c_uint64(1)  # writing the epoch refreshes the statistics
    mallctl(b"epoch", None, None, ctypes.byref(epoch), ctypes.sizeof(epoch))
    found = {}
    for name in ("allocated", "active", "resident", "mapped", "retained", "metadata"):
        value, size = ctypes.c_size_t(), ctypes.c_size_t(ctypes.sizeof(ctypes.c_size_t))
        if mallctl(f"stats.{name}".encode(), ctypes.byref(value), ctypes.byref(size), None, 0) == 0:
            found[name] = value.value
    return found


def dump_profile(path) -> bool:
    """Write jemalloc's heap profile (where the live allocations were made, sampled) to ``path``, for
    ``jeprof``. True when written: only under jemalloc started with ``MALLOC_CONF=prof:true``."""
    mallctl = _jemalloc()
    if not mallctl:
        return False
    name = ctypes.c_char_p(str(path).encode())
    return mallctl(b"prof.dump", None, None, ctypes.byref(name), ctypes.sizeof(name)) == 0


def settle() -> None:
    """Collect all cyclic garbage, then give the heap's free pages back to the system."""
    gc.collect()
    trim()


def sdl_allocations() -> int | None:
    """Blocks SDL has allocated and not yet freed (``SDL_GetNumAllocations``: SDL_ttf's glyph caches,
    surfaces), or None when no SDL library is loaded. For benchmarks and tests."""
    global _sdl
    if _sdl is None:
        with open("/proc/self/maps") as maps:
            found = {line.split()[-1] for line in maps if "/libSDL2-2" in line or "/libSDL2.so" in line}
        for path in sorted(found):
            try:
                function = ctypes.CDLL(path).SDL_GetNumAllocations  # the library already loaded: the same one
            except (OSError, AttributeError):
                continue
            function.restype = ctypes.c_int
            _sdl = function
            break
    return _sdl() if _sdl is not None else None
