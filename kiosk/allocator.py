"""The kiosk's memory allocator: jemalloc where the system has it, glibc's malloc otherwise. No Kivy.

A kiosk runs for months. With glibc's malloc its resident memory kept climbing although nothing
leaked: bench.soak, 10,000 visitor actions (2026-12-02), at rest +19.4 MB after the warm-up
(median of five samples each), 1.8 MB per 1,000 actions, glibc's heap "in use" +13 MB while
Python objects, textures and caches grew by the same small amounts in both runs. The same run
with jemalloc: +1.1 MB, 0.56 MB per 1,000 actions, flat (-0.16) in the second half, and the same
absolute size at the end (~440 MB); a second jemalloc run alone: +6.2 MB (1.13 MB per 1,000).
jemalloc keeps small and large allocations apart and gives unused pages back after
``dirty_decay_ms`` on its own thread, where glibc's arenas fragment (malloc_trim returns only
whole free pages).

jemalloc comes in by ``LD_PRELOAD``, so it has to be there when the process starts:
``kiosk run`` started without it starts itself once more with it (``ensure``, ~25 ms at boot).
Only on 4 KiB pages: Debian builds jemalloc for them, and a kernel with 16 KiB pages (Raspberry
Pi 5's default) makes it abort at start, so there the kiosk stays with glibc. ``INFOPOINT_ALLOCATOR=glibc``
keeps glibc (for comparison: ``INFOPOINT_ALLOCATOR=glibc python -m bench.soak``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

LIBRARY = "libjemalloc.so.2"
# background_thread: purging does not wait for the next allocation (a kiosk at rest allocates little);
# dirty pages go back to the system after 1 s, not jemalloc's default 10 s.
CONF = "background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0"
CHOICE = "INFOPOINT_ALLOCATOR"  # "glibc": keep glibc's malloc
TRIED = "INFOPOINT_ALLOCATOR_TRIED"  # set for the restarted process: never a second restart
PAGE_SIZE = 4096


def library_path() -> Path | None:
    """Where Debian's libjemalloc2 is (multiarch directory), or None."""
    import sysconfig

    multiarch = sysconfig.get_config_var("MULTIARCH") or ""
    for directory in (f"/usr/lib/{multiarch}", f"/lib/{multiarch}", "/usr/lib", "/usr/local/lib"):
        path = Path(directory) / LIBRARY
        if path.is_file():
            return path
    return None


def loaded() -> bool:
    """True when this process allocates with jemalloc (it is mapped in)."""
    try:
        with open("/proc/self/maps", encoding="ascii", errors="replace") as maps:
            return any("libjemalloc" in line for line in maps)
    except OSError:
        return False


def name() -> str:
    return "jemalloc" if loaded() else "glibc"


def environment(base: dict | None = None) -> dict | None:
    """The environment to start the kiosk with jemalloc, or None when it stays as it is."""
    base = dict(os.environ if base is None else base)
    if base.get(CHOICE) == "glibc" or TRIED in base or os.sysconf("SC_PAGE_SIZE") != PAGE_SIZE:
        return None
    path = library_path()
    if path is None:
        return None
    preload = base.get("LD_PRELOAD", "")
    base["LD_PRELOAD"] = f"{path} {preload}".strip() if LIBRARY not in preload else preload
    base.setdefault("MALLOC_CONF", CONF)
    base[TRIED] = "1"
    return base


def ensure(arguments: list[str]) -> None:
    """Start ``python arguments...`` again in this process slot with jemalloc, unless it is loaded
    already, not wanted or not there. Call before anything else has started (threads, windows)."""
    if loaded():
        return
    env = environment()
    if env is None:
        return
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(sys.executable, [sys.executable, *arguments], env)


if __name__ == "__main__":  # python -m kiosk.allocator: which allocator a kiosk started now would use
    ensure(["-m", "kiosk.allocator", *sys.argv[1:]])
    print(name())
