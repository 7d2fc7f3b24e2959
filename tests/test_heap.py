"""Free heap memory goes back to the system between visitors."""

from __future__ import annotations

from kiosk import heap


def resident_kb() -> int:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


def test_trim_gives_freed_memory_back():
    blocks = [bytearray(1000) for _ in range(60_000)]  # 60 MB in small blocks from the heap's arenas
    del blocks[: len(blocks) - 1]  # all freed but the last: the heap cannot shrink from its top
    before = resident_kb()
    assert heap.trim() is True
    assert resident_kb() < before - 20_000  # kB
