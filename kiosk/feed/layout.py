"""Names shared by publisher and kiosk: roles, paths, which content files a feed may carry."""

from __future__ import annotations

import re

ROLES = ("root", "targets", "snapshot", "timestamp", "bins")
METADATA_DIR = "metadata"
TARGETS_DIR = "targets"
INDEX = "index.json"  # the list of content paths in this version, itself a signed target
BIN_BITS = 5  # 32 hash bins: one changed offer re-downloads one small bin, not all target metadata
BIN_PREFIX = "bins"

# Every path a feed may name; anything else (absolute, "..", odd characters) is refused.
CONTENT_PATH = re.compile(
    r"^(?:site\.yaml|categories\.yaml|announcements\.yaml"
    r"|offers/[a-z0-9]+(?:-[a-z0-9]+)*\.yaml"
    r"|images/(?:[A-Za-z0-9_-]+/)*[A-Za-z0-9_-]+\.(?:png|jpg|jpeg|webp))$"
)


def is_content_path(path: str) -> bool:
    return bool(CONTENT_PATH.match(path)) and ".." not in path.split("/")
