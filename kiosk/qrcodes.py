"""QR codes as module matrices (qrcode library). Imports no Kivy."""

from __future__ import annotations

from functools import lru_cache

import qrcode
from qrcode.constants import ERROR_CORRECT_M

QUIET_ZONE = 4  # modules of light border around the code, as the standard asks
_PIXELS = {ord("0"): "\xff\xff\xff\xff", ord("1"): "\x00\x00\x00\xff"}  # light, dark module as RGBA (latin-1)


def matrix(data: str) -> tuple[tuple[bool, ...], ...]:
    """Dark (True) and light modules of the smallest QR code for ``data``, quiet zone included."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=QUIET_ZONE, box_size=1)
    code.add_data(data)
    code.make(fit=True)
    return tuple(tuple(bool(module) for module in row) for row in code.get_matrix())


@lru_cache(maxsize=512)
def packed(data: str) -> tuple[int, bytes]:
    """Side length in modules and the modules packed eight to a byte (dark = 1, row by row); cached.

    Making a code takes ~9 ms, so codes are kept for more offers than there are textures
    (kiosk.widgets.QRCode). A matrix of Python tuples held ~19 KB per code outside Python's
    small-object heap: the full cache 9.6 MB, filling while visitors browse (bench.soak's
    jemalloc heap profile: +0.6 MB per 400 actions after the warm-up). Packed, ~0.6 KB with its key.
    """
    rows = matrix(data)
    bits = "".join("1" if module else "0" for row in rows for module in row)
    return len(rows), int(bits, 2).to_bytes((len(bits) + 7) // 8, "big")


def rgba(data: str) -> tuple[int, bytes]:
    """Side length in modules and RGBA pixels, one pixel per module, first row at the top."""
    side, modules = packed(data)
    bits = format(int.from_bytes(modules, "big"), f"0{side * side}b")
    return side, bits.translate(_PIXELS).encode("latin-1")
