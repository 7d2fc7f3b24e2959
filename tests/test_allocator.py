"""kiosk.allocator: the kiosk runs on jemalloc where it can (make installs Debian's libjemalloc2)."""

from __future__ import annotations

import os
import subprocess
import sys

from kiosk import allocator


def started(**env: str) -> str:
    """Which allocator `python -m kiosk.allocator` ends up with (it calls ensure as `kiosk run` does)."""
    clean = {name: value for name, value in os.environ.items()
             if name not in ("LD_PRELOAD", "MALLOC_CONF", allocator.CHOICE, allocator.TRIED)}  # fmt: skip
    result = subprocess.run([sys.executable, "-m", "kiosk.allocator"], capture_output=True, text=True,
                            env={**clean, **env}, timeout=60)  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_kiosk_starts_itself_again_with_jemalloc():
    assert allocator.library_path() is not None, "libjemalloc2 is missing: `make` installs it"
    assert started() == "jemalloc"


def test_glibc_when_asked_for():
    assert started(INFOPOINT_ALLOCATOR="glibc") == "glibc"


def test_never_a_second_restart():
    """A process that was started again already and still has no jemalloc stays as it is (no loop)."""
    assert started(**{allocator.TRIED: "1"}) == "glibc"


def test_the_environment_keeps_what_was_preloaded(tmp_path):
    env = allocator.environment({"LD_PRELOAD": "libother.so", "PATH": "/usr/bin"})
    assert env["LD_PRELOAD"].split() == [str(allocator.library_path()), "libother.so"]
    assert env["MALLOC_CONF"] == allocator.CONF and env[allocator.TRIED] == "1" and env["PATH"] == "/usr/bin"
    assert allocator.environment({"MALLOC_CONF": "narenas:1"})["MALLOC_CONF"] == "narenas:1"


def test_not_on_pages_jemalloc_was_not_built_for(monkeypatch):
    """Debian builds it for 4 KiB pages; on a 16 KiB kernel (Raspberry Pi 5) it would abort at start."""
    monkeypatch.setattr(os, "sysconf", lambda name: 16384 if name == "SC_PAGE_SIZE" else os.sysconf(name))
    assert allocator.environment({}) is None


def test_this_process_is_told_apart():
    assert allocator.name() in ("jemalloc", "glibc")
    assert allocator.loaded() == ("LD_PRELOAD" in os.environ and "jemalloc" in os.environ["LD_PRELOAD"])
