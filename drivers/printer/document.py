"""A receipt as the core describes it, with no printer commands in it.

The core (kiosk/receipts.py) builds a `ReceiptDocument` from blocks; the printer driver
decides how each block becomes bytes for its model (encoding, wrapping, native or image
QR). So the core never writes ESC/POS and a new printer model never touches the core.
"""

from __future__ import annotations

from dataclasses import dataclass

_SIZES = ("normal", "large")
_ALIGNS = ("left", "center", "right")


@dataclass(frozen=True)
class Line:
    """A paragraph of text, wrapped to the paper width by the driver."""

    text: str
    bold: bool = False
    size: str = "normal"  # "normal" | "large" (double width and height)
    align: str = "left"  # "left" | "center" | "right"

    def __post_init__(self) -> None:
        if self.size not in _SIZES:
            raise ValueError(f"size must be one of {_SIZES}, not {self.size!r}")
        if self.align not in _ALIGNS:
            raise ValueError(f"align must be one of {_ALIGNS}, not {self.align!r}")


@dataclass(frozen=True)
class Pair:
    """A label and its value ("受理编号：" + value); continuation lines hang under the value."""

    label: str
    value: str


@dataclass(frozen=True)
class Rule:
    """A full-width line of '-'."""


@dataclass(frozen=True)
class QrCode:
    """A QR code, centred; `size` is the module size in dots (1-16)."""

    data: str
    size: int = 6

    def __post_init__(self) -> None:
        if not self.data:
            raise ValueError("a QR code needs data")
        if not 1 <= self.size <= 16:
            raise ValueError("QR module size must be 1-16 dots")


@dataclass(frozen=True)
class Feed:
    """Blank lines."""

    lines: int = 1

    def __post_init__(self) -> None:
        if not 0 <= self.lines <= 255:
            raise ValueError("feed must be 0-255 lines")


Block = Line | Pair | Rule | QrCode | Feed


@dataclass(frozen=True)
class ReceiptDocument:
    """Everything on one slip of paper, top to bottom; `cut` cuts it off at the end."""

    blocks: tuple[Block, ...]
    cut: bool = True
