"""Between visitors: cyclic garbage collected, free heap memory back to the system."""

from __future__ import annotations

import gc
import weakref

import pytest

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


JEMALLOC_CHILD = """
import json
from bench.memory import rss_kb
from kiosk import heap

blocks = [bytearray(1000) for _ in range(60_000)]
del blocks[: len(blocks) - 1]
before = heap.jemalloc_stats()
rss_before = rss_kb()
purged = heap.trim()
after = heap.jemalloc_stats()
rss_after = rss_kb()
report = {"purged": purged, "before": before, "after": after, "rss_before": rss_before, "rss_after": rss_after}
print(json.dumps(report))
"""


def test_trim_under_jemalloc_purges_its_unused_pages_at_once():
    import json
    import subprocess
    import sys
    from pathlib import Path

    from kiosk import allocator

    library = allocator.library_path()
    assert library is not None, "make setup installs libjemalloc2"
    # a long decay: without the purge nothing would go back within the test
    env = {"LD_PRELOAD": str(library), "MALLOC_CONF": "dirty_decay_ms:60000", "PATH": "/usr/bin:/bin"}
    root = Path(__file__).resolve().parent.parent  # bench.memory is imported from the checkout
    out = subprocess.run([sys.executable, "-c", JEMALLOC_CHILD], env=env, cwd=root, capture_output=True, text=True,
                         check=True).stdout  # fmt: skip
    report = json.loads(out)
    assert report["purged"] is True
    assert report["before"]["allocated"] < 20 * 2**20 < report["before"]["resident"]  # freed but still resident
    assert report["after"]["resident"] < report["before"]["resident"] - 40 * 2**20
    assert report["rss_after"] < report["rss_before"] - 40_000  # kB


def test_no_jemalloc_statistics_under_glibc(tmp_path):
    from kiosk import allocator

    if allocator.loaded():
        pytest.skip("this test process runs on jemalloc")
    assert heap.jemalloc_stats() is None
    assert heap.dump_profile(tmp_path / "x.heap") is False and not (tmp_path / "x.heap").exists()


def test_a_heap_profile_names_where_memory_was_allocated(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    from kiosk import allocator

    child = (f"from kiosk import heap; kept = [bytearray(4000) for _ in range(20_000)]; "
             f"print(heap.dump_profile({str(tmp_path / 'kept.heap')!r}))")  # fmt: skip
    env = {"LD_PRELOAD": str(allocator.library_path()), "MALLOC_CONF": "prof:true,lg_prof_sample:12",
           "PATH": "/usr/bin:/bin"}  # fmt: skip
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run([sys.executable, "-c", child], env=env, cwd=root, capture_output=True, text=True,
                         check=True, timeout=60).stdout  # fmt: skip
    assert out.strip() == "True"
    profile = (tmp_path / "kept.heap").read_text()
    assert profile.startswith("heap_v2/")
    sampled = int(profile.splitlines()[1].split("[")[0].split(":")[2])  # "t*: objects: bytes [...]"
    assert sampled > 20 * 2**20  # of the 80 MB still kept, those in the samples (one per 4 KiB on average)
    assert "\n@ 0x" in profile  # and the call stacks they were allocated from
