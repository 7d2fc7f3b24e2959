"""``kiosk validate``: check a content directory and report every problem."""

from __future__ import annotations

import json
from pathlib import Path

from kiosk.content import load_catalog


def run(directory: Path, as_json: bool, out) -> int:
    catalog, problems = load_catalog(directory)
    if as_json:
        report = {
            "ok": not problems,
            "offers": len(catalog.offers),
            "categories": len(catalog.categories),
            "languages": catalog.coverage(),
            "problems": [
                {"path": problem.path, "line": problem.line, "message": problem.message} for problem in problems
            ],
        }
        print(json.dumps(report, ensure_ascii=False), file=out)
    else:
        for problem in problems:
            print(problem, file=out)
        if not problems:
            languages = ", ".join(catalog.site.languages)
            print(
                f"{directory}: OK, {len(catalog.offers)} offers in {len(catalog.categories)} categories, "
                f"languages: {languages}",
                file=out,
            )
        else:
            print(f"{directory}: {len(problems)} problem(s)", file=out)
    return 1 if problems else 0
