"""Resident memory of a process and all its descendants, read from /proc (Linux)."""

from __future__ import annotations

import os
from pathlib import Path

PROC = Path("/proc")


def _status_kb(pid: int, field: str) -> int:
    try:
        for line in (PROC / str(pid) / "status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def rss_kb(pid: int | None = None) -> int:
    """VmRSS of one process in KiB (this process when ``pid`` is None)."""
    return _status_kb(pid or os.getpid(), "VmRSS")


def pss_kb(pid: int) -> int:
    """Proportional set size in KiB: shared pages divided among the processes sharing them."""
    try:
        for line in (PROC / str(pid) / "smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def descendants(pid: int) -> list[int]:
    """``pid`` and every process below it, found through the parent pid in /proc/*/stat."""
    children: dict[int, list[int]] = {}
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # the command name in parentheses may contain spaces; the fields after it do not
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo.extend(children.get(current, []))
    return tree


def tree_memory(pid: int) -> dict:
    """Sum of VmRSS and of PSS (MiB) over ``pid`` and its descendants, and how many processes."""
    tree = descendants(pid)
    return {
        "processes": len(tree),
        "rss_mib": round(sum(rss_kb(p) for p in tree) / 1024, 1),
        "pss_mib": round(sum(pss_kb(p) for p in tree) / 1024, 1),
    }


def rss_parts_kb(pid: int | None = None) -> dict:
    """VmRSS split as the kernel counts it: anonymous (heap, arenas), file-backed (libraries, fonts), shared."""
    pid = pid or os.getpid()
    return {name: _status_kb(pid, name) for name in ("RssAnon", "RssFile", "RssShmem")}


def pymalloc_state() -> dict:
    """CPython's small-object allocator (objects up to 512 bytes), MiB, from ``sys._debugmallocstats``.

    pymalloc takes memory from the system in 1 MiB arenas and gives an arena back only when every
    block in it is free: ``arenas_mib - blocks_mib`` is memory held by a few live objects per arena.
    """
    import re
    import sys
    import tempfile

    with tempfile.TemporaryFile() as out:
        saved = os.dup(2)
        try:
            sys.stderr.flush()
            os.dup2(out.fileno(), 2)
            sys._debugmallocstats()  # writes to the C stderr
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        out.seek(0)
        text = out.read().decode("ascii", "replace")

    def number(label: str) -> int:
        found = re.search(rf"^# {label}\s*=\s*([\d,]+)", text, re.M)
        return int(found.group(1).replace(",", "")) if found else 0

    arenas = number("arenas allocated current")
    size = re.search(r"arenas \* ([\d,]+) bytes/arena", text)
    arena_bytes = int(size.group(1).replace(",", "")) if size else 2**20
    mib = 2**20
    return {"arenas": arenas, "arenas_mib": round(arenas * arena_bytes / mib, 1),
            "blocks_mib": round(number("bytes in allocated blocks") / mib, 1),
            "free_blocks_mib": round(number("bytes in available blocks") / mib, 1)}  # fmt: skip
