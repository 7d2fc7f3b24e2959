"""Search speed: index build and per-keystroke latency on a synthetic catalogue.

    python -m bench.search [--offers 5000]

Goal (issue 6): p95 at most 5 ms per keystroke, index build under 2 s (5,000 offers, 11 languages).
A naive substring scan over the same texts is measured in the same run as a baseline.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from pathlib import Path

from bench.synthetic import WORDS, make_catalogue
from kiosk.content import load_catalog
from kiosk.search import SearchIndex
from kiosk.search.normalize import normalize


def typed(word: str, rng: random.Random) -> str:
    """Sometimes with a typo, as people type on a touch screen."""
    if len(word) > 5 and rng.random() < 0.3:
        position = rng.randrange(1, len(word) - 1)
        return word[:position] + word[position + 1] + word[position] + word[position + 2 :]
    return word


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def run(offers: int, queries: int = 300) -> dict:
    rng = random.Random(11)
    with tempfile.TemporaryDirectory(prefix="bench-search-") as scratch:
        content = make_catalogue(Path(scratch) / "content", offers)
        catalog, problems = load_catalog(content)
        assert not problems, problems[:3]
    started = time.perf_counter()
    index = SearchIndex(catalog, (54.78, 9.43))
    build = time.perf_counter() - started

    words = [word for pool in WORDS.values() for word in pool]
    keystrokes, baseline = [], []
    texts = [normalize(" ".join([*o.title.values.values(), *o.summary.values.values()]))
             for o in catalog.offers.values()]  # fmt: skip
    for _ in range(queries):
        query = " ".join(typed(rng.choice(words), rng) for _ in range(rng.choice((1, 1, 2))))
        for end in range(1, len(query) + 1):
            started = time.perf_counter()
            index.search(query[:end])
            keystrokes.append((time.perf_counter() - started) * 1000)
        needle = normalize(query.split()[0])
        started = time.perf_counter()
        _ = [i for i, text in enumerate(texts) if needle in text]
        baseline.append((time.perf_counter() - started) * 1000)
    p95 = percentile(keystrokes, 0.95)
    return {
        "offers": offers, "languages": 11, "vocabulary": len(index.vocabulary),
        "index_build_seconds": round(build, 3), "build_goal_seconds": 2.0, "build_met": build < 2.0,
        "keystrokes": len(keystrokes),
        "keystroke_ms": {"p50": round(statistics.median(keystrokes), 3), "p95": round(p95, 3),
                         "max": round(max(keystrokes), 3)},
        "keystroke_goal_p95_ms": 5.0, "keystroke_met": p95 <= 5.0,
        "baseline_substring_scan_ms": {"p50": round(statistics.median(baseline), 3),
                                       "p95": round(percentile(baseline, 0.95), 3)},
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offers", type=int, default=5000)
    args = parser.parse_args()
    print(json.dumps(run(args.offers)))


if __name__ == "__main__":
    main()
