"""Merge a translation file (one language, see docs/translating.md) into content/ and the UI catalog.

    python tools/merge_translations.py LANG FILE.yaml [--content content]

Adds the language's texts to site.yaml, categories.yaml and every offer, and its UI strings to
kiosk/locale/<lang>/LC_MESSAGES/kiosk.po. German source texts are never changed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent


def dump(path: Path, data) -> None:
    """Write YAML back, keeping the comment lines at the top of the file."""
    old = path.read_text(encoding="utf-8").splitlines(keepends=True) if path.exists() else []
    header = "".join(line for line in old[: next((i for i, x in enumerate(old) if not x.startswith("#")), 0)])
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    path.write_text(header + text, encoding="utf-8")


def put(mapping: dict, key: str, lang: str, value) -> None:
    if value:
        mapping.setdefault(key, {})[lang] = value.strip() if isinstance(value, str) else value


def merge(lang: str, source: Path, content: Path) -> None:
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    site_path = content / "site.yaml"
    site = yaml.safe_load(site_path.read_text(encoding="utf-8"))
    for key, value in (data.get("site") or {}).items():
        put(site, key, lang, value)
    if lang not in site["languages"]:
        site["languages"].append(lang)
    dump(site_path, site)

    categories_path = content / "categories.yaml"
    categories = yaml.safe_load(categories_path.read_text(encoding="utf-8"))
    for category in categories:
        texts = (data.get("categories") or {}).get(category["id"]) or {}
        put(category, "title", lang, texts.get("title"))
        put(category, "summary", lang, texts.get("summary"))
    dump(categories_path, categories)

    for offer_id, texts in (data.get("offers") or {}).items():
        path = content / "offers" / f"{offer_id}.yaml"
        if not path.exists():
            print(f"skipped unknown offer {offer_id}", file=sys.stderr)
            continue
        offer = yaml.safe_load(path.read_text(encoding="utf-8"))
        for key in ("title", "summary", "description", "when", "cost"):
            if key in offer or key in ("title", "summary"):
                put(offer, key, lang, texts.get(key))
        for contact, role in zip(offer.get("contacts") or [], texts.get("roles") or [], strict=False):
            if role and contact.get("role"):
                contact["role"][lang] = role
        if texts.get("keywords"):
            offer.setdefault("keywords", {})[lang] = list(texts["keywords"])
        dump(path, offer)

    catalog_path = ROOT / "kiosk" / "locale" / lang.replace("-", "_") / "LC_MESSAGES" / "kiosk.po"
    catalog_path.parent.mkdir(parents=True, exist_ok=True)
    with open(ROOT / "kiosk" / "locale" / "kiosk.pot", "rb") as handle:
        template = read_po(handle)
    catalog = Catalog(locale=None, project="infopoint-flensburg", domain="kiosk", fuzzy=False)
    catalog.language_team = lang
    ui = {**(data.get("ui_future") or {}), **(data.get("ui") or {})}
    for message in template:
        if message.id:
            catalog.add(message.id, ui.get(message.id, ""))
    for message_id, text in ui.items():
        if message_id not in catalog:
            catalog.add(message_id, text)
    with open(catalog_path, "wb") as handle:
        write_po(handle, catalog, no_location=True, sort_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lang")
    parser.add_argument("file", type=Path)
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    args = parser.parse_args()
    merge(args.lang, args.file, args.content)


if __name__ == "__main__":
    main()
