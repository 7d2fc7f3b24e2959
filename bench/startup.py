"""Start-up: process start to the first frame of the attract screen, against a Kivy "hello world".

    python -m bench.startup [--repetitions 7] [--offers 1000]

Three kinds of fresh process, started in turn (hello, real content, synthetic content, hello, ...)
so that a busy moment of the machine hits all of them alike; the median of each is reported:

- ``hello``: a bare Kivy App with one Label;
- ``real``: the kiosk as ``kiosk run --windowed --content content/`` starts it;
- ``synthetic``: the same with a synthetic catalogue of ``--offers`` offers (bench.synthetic).

All three run through bench.firstframe: same interpreter, same ``kivyenv.prepare`` (a 1080x1920
window, not full screen, on the X display in DISPLAY or an Xvfb started here), same hook. The
time counted runs from just before ``Popen`` to the end of the first buffer swap that shows the
App's root widget. One untimed run of each comes first, so all start with warm file caches.
The kiosk's and the benchmark's modules are compiled to bytecode first, as installing a package
does: Kivy's already are, and a shell with PYTHONDONTWRITEBYTECODE set (like this machine's)
would otherwise have the kiosk compile its own 40 modules at every start (~30 ms).

Goal (issue 9): the kiosk's first frame at most 1.5x the hello world's, for both catalogues.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import statistics
import tempfile
from pathlib import Path

from bench import firstframe
from bench.synthetic import make_catalogue
from bench.xdisplay import ensure_display
from kiosk import paths

GOAL_RATIO = 1.5


def load_average() -> float:
    return round(os.getloadavg()[0], 2)


def compile_bytecode() -> None:
    for package in ("kiosk", "bench"):
        compileall.compile_dir(paths.ROOT / package, quiet=1)


def run(repetitions: int, offers: int) -> dict:
    compile_bytecode()
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as scratch, ensure_display():
        synthetic = make_catalogue(Path(scratch) / "content", offers)
        kinds = {
            "hello": ("hello", []),
            "real": ("kiosk", ["--content", str(paths.CONTENT)]),
            "synthetic": ("kiosk", ["--content", str(synthetic)]),
        }
        seconds: dict[str, list[float]] = {name: [] for name in kinds}
        renderer, load_before = "", load_average()
        for repetition in range(repetitions + 1):
            for name, (kind, args) in kinds.items():
                started = firstframe.launch(kind, args)
                renderer = renderer or firstframe.gl_renderer(started.log())
                started.stop()
                if repetition:  # the first round only warms the caches
                    seconds[name].append(started.seconds)
    median = {name: statistics.median(values) for name, values in seconds.items()}
    ratios = {name: round(median[name] / median["hello"], 2) for name in ("real", "synthetic")}
    return {
        "repetitions": repetitions, "offers_synthetic": offers, "window": "1080x1920 windowed (kiosk run --windowed)",
        "gl_renderer": renderer, "load_average": [load_before, load_average()],
        "first_frame_seconds": {name: {"median": round(median[name], 3), "min": round(min(values), 3),
                                       "max": round(max(values), 3)} for name, values in seconds.items()},
        "ratio_to_hello": ratios, "goal_ratio": GOAL_RATIO,
        "met": {name: ratio <= GOAL_RATIO for name, ratio in ratios.items()},
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repetitions", type=int, default=7)
    parser.add_argument("--offers", type=int, default=1000)
    args = parser.parse_args()
    print(json.dumps(run(args.repetitions, args.offers)))


if __name__ == "__main__":
    main()
