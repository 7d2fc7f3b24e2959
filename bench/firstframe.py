"""Start the kiosk (as ``kiosk run`` does) or a bare Kivy "hello world" and note its first frame.

    python -m bench.firstframe kiosk [--content DIR] [--hold]
    python -m bench.firstframe hello [--hold]

The child prints ``first-frame <monotonic> <wall>`` right after the first buffer swap that
shows its App's root widget on the window (the attract screen, or the one Label), then exits,
or with ``--hold`` keeps running until it is terminated. Both start the same way: a fresh
interpreter, ``kiosk.kivyenv.prepare`` for a 1080x1920 window (windowed, on whatever X display
is set), the same hook on ``Window.flip``. Imports here are kept to the standard library so
that the child pays nothing the kiosk itself does not.

``launch`` is the parent's side: it takes the time before ``Popen`` and reads the child's line.
CLOCK_MONOTONIC is one clock for all processes of a Linux machine, so the difference is the
time from process start to first frame.
"""

from __future__ import annotations

import os
import sys
import time

PREFIX = "first-frame"


def _hook_first_frame(hold: bool) -> None:
    """Note the first swap of buffers after the App's root is on the window."""
    from kivy.app import App
    from kivy.core.window import Window

    original = Window.flip

    def flip() -> None:
        original()
        app = App.get_running_app()
        if app is not None and app.root is not None and app.root.parent is Window:
            Window.flip = original
            print(f"{PREFIX} {time.monotonic():.6f} {time.time():.6f}", flush=True)
            if not hold:
                sys.stderr.flush()
                os._exit(0)

    Window.flip = flip  # Window.on_flip calls self.flip(), so the instance attribute is used


def _child(argv: list[str]) -> int:
    kind, rest = argv[0], argv[1:]
    hold = "--hold" in rest
    rest = [arg for arg in rest if arg != "--hold"]
    if kind == "kiosk":
        from kiosk import allocator

        allocator.ensure(["-m", "bench.firstframe", *argv])  # as `kiosk run` starts: again, with jemalloc
    from kiosk import kivyenv

    prepare = kivyenv.prepare

    def prepare_and_hook(*args, **kwargs) -> None:
        prepare(*args, **kwargs)
        _hook_first_frame(hold)

    kivyenv.prepare = prepare_and_hook
    if kind == "kiosk":
        from kiosk import cli

        return cli.main(["run", "--windowed", *rest])
    if kind == "hello":
        kivyenv.prepare(1080, 1920, fullscreen=False)
        from kivy.app import App
        from kivy.uix.label import Label

        class HelloApp(App):
            def build(self):
                return Label(text="Hello world")

        HelloApp().run()
        return 0
    print(f"unknown kind {kind!r}: kiosk or hello", file=sys.stderr)
    return 2


class Started:
    """A child that has shown its first frame: ``seconds`` from before Popen to that frame."""

    def __init__(self, process, seconds: float, wall: float, log_path: str):
        self.process = process
        self.seconds = seconds
        self.wall = wall  # time.time() of the first frame
        self.log_path = log_path

    def log(self) -> str:
        with open(self.log_path, encoding="utf-8", errors="replace") as handle:
            return handle.read()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except Exception:  # noqa: BLE001 - a child that does not stop is killed
                self.process.kill()
                self.process.wait()
        os.unlink(self.log_path)


def launch(kind: str, args: list[str] = (), *, hold: bool = False, timeout: float = 120.0) -> Started:
    """Start a child on the current DISPLAY and wait for its first frame."""
    import subprocess
    import tempfile
    import threading

    from kiosk import paths

    log_fd, log_path = tempfile.mkstemp(prefix=f"bench-{kind}-", suffix=".log")
    command = [sys.executable, "-m", "bench.firstframe", kind, *args, *(["--hold"] if hold else [])]
    started = time.monotonic()
    # the child's Kivy log names the GL renderer: a quiet parent (the test suite) must not silence it
    env = {name: value for name, value in os.environ.items() if name != "KIVY_NO_CONSOLELOG"}
    process = subprocess.Popen(command, cwd=paths.ROOT, stdout=subprocess.PIPE, stderr=log_fd, text=True, env=env)
    os.close(log_fd)
    watchdog = threading.Timer(timeout, process.kill)  # a child that hangs must not hang the benchmark
    watchdog.start()
    try:
        for line in process.stdout:
            if line.startswith(PREFIX):
                _prefix, monotonic, wall = line.split()
                result = Started(process, float(monotonic) - started, float(wall), log_path)
                if not hold:
                    process.wait(timeout=30)
                return result
    finally:
        watchdog.cancel()
    process.wait()
    with open(log_path, encoding="utf-8", errors="replace") as handle:
        tail = handle.read()[-2000:]
    os.unlink(log_path)
    raise RuntimeError(f"{kind} showed no first frame (exit {process.returncode}); log ends:\n{tail}")


def gl_renderer(log: str) -> str:
    """The OpenGL renderer Kivy reported (e.g. llvmpipe: software rendering)."""
    for line in log.splitlines():
        if "OpenGL renderer" in line:
            return line.split("<", 1)[-1].rstrip(">").strip("b'\"")
    return ""


if __name__ == "__main__":
    sys.exit(_child(sys.argv[1:]))
