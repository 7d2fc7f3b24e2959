"""``kiosk preview``: render one screen state to a PNG, starting a virtual display if needed."""

from __future__ import annotations

import json
import os
import sys

from kiosk import display
from kiosk.config import load_config
from kiosk.content import load_catalog
from kiosk.errors import KioskError


def run(args) -> int:
    config = load_config(args.config)
    catalog, problems = load_catalog(args.content or config.content)
    if problems:
        print(f"kiosk: {len(problems)} content problem(s); run `kiosk validate` for details", file=sys.stderr)
    state = _state(args, catalog)
    if display.has_display():
        return _render(args, catalog, config, state)
    width, height = args.size
    with display.virtual_display(max(width, height), max(width, height)) as number:
        os.environ["DISPLAY"] = number
        return _render(args, catalog, config, state)


def _state(args, catalog) -> dict:
    """Check the requested state against the content before opening any window."""
    lang = args.lang or catalog.site.default_language
    if lang not in catalog.site.languages:
        raise KioskError(f"unknown language '{lang}' (site languages: {', '.join(catalog.site.languages)})")
    offer = None
    if args.offer:
        offer = catalog.offers.get(args.offer)
        if offer is None:
            raise KioskError(f"unknown offer '{args.offer}'")
    category = args.category or (offer.category if offer else None)
    if category and catalog.category(category) is None:
        raise KioskError(f"unknown category '{category}'")
    if args.screen in ("list", "detail") and not category:
        if not catalog.categories:
            raise KioskError("the content has no categories")
        category = catalog.categories[0].id
    if args.screen == "detail" and offer is None:
        offers = catalog.offers_in(category, lang)
        if not offers:
            raise KioskError(f"category '{category}' has no offers to show")
        offer = offers[0]
    return {"screen": args.screen, "lang": lang, "category": category, "offer": offer.id if offer else None}


def _render(args, catalog, config, state) -> int:
    from kiosk import harness, speech, theme

    app = harness.launch(catalog, config, args.size)
    app.choose_language(state["lang"])
    app.text_scale = {"normal": 1.0, "large": 1.25, "larger": 1.5}[args.text_size]
    app.palette = theme.PALETTES[args.theme]
    app.reach_low = args.reach == "low"
    if state["screen"] != "attract":
        app.start()
    if state["screen"] in ("list", "detail"):
        app.open_category(state["category"])
    if state["screen"] == "list" and state["offer"]:
        harness.settle()
        app.manager.get_screen("list").scroll_to(state["offer"])
    if state["screen"] == "detail":
        app.open_offer(state["offer"])
    if state["screen"] == "search":
        app.open_search()
        harness.settle()
        app.manager.get_screen("search").query = args.query
    harness.settle()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    harness.screenshot(args.out)
    if args.speech:
        if speech.voice_for(state["lang"]) is None:
            raise KioskError(f"espeak-ng cannot speak '{state['lang']}' here")
        speech.synthesize(app.screen_text(), state["lang"], args.speech)
    if args.texts:
        texts = harness.visible_texts(app.root, rtl=app.rtl)
        report = {**state, "size": list(args.size), "texts": texts}
        args.texts.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print(args.out)
    return 0
