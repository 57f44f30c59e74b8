"""The proof's QR as modules to draw as vector squares (sharp at any printer resolution)."""

from __future__ import annotations

from collections.abc import Iterator

import qrcode
from qrcode.constants import ERROR_CORRECT_M

QUIET_ZONE = 4  # modules of white a scanner needs around the symbol (ISO/IEC 18004)


def qr_modules(payload: str) -> tuple[tuple[bool, ...], ...]:
    """The dark (True) and light modules of the smallest QR for `payload`, level M
    (15 % of the symbol may be smudged or creased), without the quiet zone."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
    code.add_data(payload)
    code.make(fit=True)
    return tuple(tuple(bool(cell) for cell in row) for row in code.get_matrix())


def dark_runs(modules: tuple[tuple[bool, ...], ...]) -> Iterator[tuple[int, int, int]]:
    """(row, first column, length) of each horizontal run of dark modules: one filled
    rectangle per run instead of one per module."""
    for row, cells in enumerate(modules):
        start = None
        for column, dark in enumerate((*cells, False)):
            if dark and start is None:
                start = column
            elif not dark and start is not None:
                yield row, start, column - start
                start = None
