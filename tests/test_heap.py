"""Between visitors: cyclic garbage collected, free heap memory back to the system."""

from __future__ import annotations

import gc
import weakref

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


class Cycle:
    def __init__(self):
        self.me = self
        self.payload = bytearray(1000)


def test_settle_collects_cycles_and_returns_their_memory():
    gc.disable()  # no collection by itself in between: only settle may free the cycles
    try:
        cycles = [Cycle() for _ in range(60_000)]  # 60 MB that only the cyclic collector can free
        gone = weakref.ref(cycles[0])
        del cycles
        assert gone() is not None
        before = resident_kb()
        heap.settle()
        assert gone() is None
        assert resident_kb() < before - 20_000  # kB
    finally:
        gc.enable()
