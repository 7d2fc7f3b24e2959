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
