"""QR codes as module matrices (qrcode library). Imports no Kivy."""

from __future__ import annotations

from functools import lru_cache

import qrcode
from qrcode.constants import ERROR_CORRECT_M

QUIET_ZONE = 4  # modules of light border around the code, as the standard asks


@lru_cache(maxsize=512)
def matrix(data: str) -> tuple[tuple[bool, ...], ...]:
    """Dark (True) and light modules of the smallest QR code for ``data``, quiet zone included."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=QUIET_ZONE, box_size=1)
    code.add_data(data)
    code.make(fit=True)
    return tuple(tuple(bool(module) for module in row) for row in code.get_matrix())


def rgba(data: str) -> tuple[int, bytes]:
    """Side length in modules and RGBA pixels, one pixel per module, first row at the top."""
    rows = matrix(data)
    dark, light = b"\x00\x00\x00\xff", b"\xff\xff\xff\xff"
    return len(rows), b"".join(dark if module else light for row in rows for module in row)
