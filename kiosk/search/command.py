"""``kiosk search QUERY``: what visitors will find, so editors can check their keywords."""

from __future__ import annotations

import json

from kiosk.config import load_config
from kiosk.content import load_catalog
from kiosk.search.index import SearchIndex


def run(args, out) -> int:
    catalog, _problems = load_catalog(args.content)
    index = SearchIndex(catalog, load_config().coordinates)
    hits = index.search(args.query, args.limit)
    results = [{"id": hit.offer_id, "title": catalog.offers[hit.offer_id].title.get(args.lang),
                "score": round(hit.score, 2)} for hit in hits]  # fmt: skip
    if args.json:
        print(json.dumps({"query": args.query, "lang": args.lang, "results": results}, ensure_ascii=False), file=out)
    elif not results:
        print(f"nothing found for '{args.query}'", file=out)
    else:
        for rank, result in enumerate(results, 1):
            print(f"{rank:2}. {result['id']}  {result['title']}", file=out)
    return 0
