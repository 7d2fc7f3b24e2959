"""After `pybabel update`: give new messages the translation they had when they were obsolete.

Translators translated some strings before the code used them; babel keeps those as obsolete
entries (#~) and does not bring them back by itself.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po


def revive(path: Path) -> int:
    with open(path, "rb") as handle:
        catalog = read_po(handle)
    revived = 0
    for message in catalog:
        old = catalog.obsolete.get(message.id)
        guessed = "fuzzy" in message.flags  # a guess from a similar message: the exact old one is better
        if message.id and (not message.string or guessed) and old is not None and old.string:
            message.string = old.string
            message.flags.discard("fuzzy")
            del catalog.obsolete[message.id]
            revived += 1
    if revived:
        with open(path, "wb") as handle:
            write_po(handle, catalog, no_location=True, sort_output=True)
    return revived


if __name__ == "__main__":
    for name in sys.argv[1:]:
        count = revive(Path(name))
        if count:
            print(f"{name}: {count} translation(s) revived")
