"""Receipt printer models as data: paper width, columns, text encoding, Chinese mode, QR.

Printers sold in China differ in how they take Chinese text: most take GB18030 (a
superset of GBK) and start in Chinese mode; some older GBK models start in a single-byte
code page and need `FS &` before Chinese text and `FS .` after; a few newer ones take
UTF-8. Which one a terminal has is configuration, not code: pick a profile by name.
"""

from __future__ import annotations

import copy
import logging
from dataclasses import dataclass

import drivers.printer.escpos_loader  # noqa: F401 - before python-escpos

# isort: split
from escpos.capabilities import Profile, get_profile_class

log = logging.getLogger(__name__)

# Thermal heads print 8 dots per mm at 203 dpi; the printable width is what matters.
_DOTS_BY_PAPER_MM = {58: 384, 80: 576}
_COLUMNS_BY_PAPER_MM = {58: 32, 80: 48}
_ENCODINGS = ("gb18030", "gbk", "utf-8")


@dataclass(frozen=True)
class PrinterProfile:
    """What the driver must know about one printer model."""

    name: str
    paper_mm: int  # 58 or 80
    columns: int  # half-width characters a line in font A: 32 or 48
    encoding: str  # "gb18030", "gbk" or "utf-8"
    chinese_mode_commands: bool  # send FS & before CJK text and FS . after
    native_qr: bool  # the printer draws QR codes itself (GS ( k); else send an image

    def __post_init__(self) -> None:
        if self.paper_mm not in _DOTS_BY_PAPER_MM:
            raise ValueError(f"paper width must be 58 or 80 mm, not {self.paper_mm}")
        if self.encoding not in _ENCODINGS:
            raise ValueError(f"encoding must be one of {_ENCODINGS}, not {self.encoding!r}")
        if self.columns < 8:
            raise ValueError("a receipt line needs at least 8 columns")

    @property
    def dots(self) -> int:
        """Printable width in dots (384 on 58 mm paper, 576 on 80 mm)."""
        return _DOTS_BY_PAPER_MM[self.paper_mm]

    @property
    def ambiguous_wide(self) -> bool:
        """GB printers print every double-byte character (·, —, “) at full width."""
        return self.encoding in ("gb18030", "gbk")

    def printable(self, text: str) -> tuple[str, int]:
        """`text` with every character the printer cannot encode replaced by '?'.

        Returns the printable text and how many characters were replaced, so the caller
        can log the count (never the text: it may be personal data).
        """
        try:
            text.encode(self.encoding)
            return text, 0
        except UnicodeEncodeError:
            pass
        out: list[str] = []
        replaced = 0
        for ch in text:
            try:
                ch.encode(self.encoding)
                out.append(ch)
            except UnicodeEncodeError:
                out.append("?")
                replaced += 1
        return "".join(out), replaced

    def encode(self, text: str) -> bytes:
        """Bytes for already-printable text (see `printable`)."""
        return text.encode(self.encoding, errors="replace")


PROFILES: dict[str, PrinterProfile] = {
    p.name: p
    for p in (
        PrinterProfile("generic-58-gb18030", 58, 32, "gb18030", False, native_qr=True),
        PrinterProfile("generic-80-gb18030", 80, 48, "gb18030", False, native_qr=True),
        PrinterProfile("generic-80-gbk-fs", 80, 48, "gbk", True, native_qr=True),
        PrinterProfile("generic-80-utf8", 80, 48, "utf-8", False, native_qr=True),
        # Cheap 58 mm heads without a QR engine: the code goes out as a raster image.
        PrinterProfile("generic-58-gb18030-image-qr", 58, 32, "gb18030", False, native_qr=False),
    )
}


def get_profile(name: str) -> PrinterProfile:
    """The profile called `name`; a clear error lists the known ones."""
    try:
        return PROFILES[name]
    except KeyError:
        known = ", ".join(sorted(PROFILES))
        raise KeyError(f"unknown printer profile {name!r}; known: {known}") from None


class _KioskEscposProfile(Profile):
    """A python-escpos capability profile derived from ours.

    python-escpos needs the paper width in dots to centre images and to refuse ones too
    wide; its default profile leaves it "Unknown" and prints a notice to stdout on every
    image. Deriving its profile from ours keeps one source of truth for the model.
    """

    def __init__(self, profile: PrinterProfile):
        data = copy.deepcopy(get_profile_class("default").profile_data)
        data["name"] = profile.name
        data["media"] = {"dpi": 203, "width": {"mm": profile.paper_mm, "pixels": profile.dots}}
        data["fonts"] = {"0": {"name": "Font A", "columns": profile.columns}}
        data["features"].update(
            {"qrCode": profile.native_qr, "paperFullCut": True, "paperPartCut": True}
        )
        # An instance attribute shadows the class-level dict shared by all default profiles.
        self.profile_data = data
        super().__init__(columns=profile.columns, features=data["features"])


def escpos_capabilities(profile: PrinterProfile) -> Profile:
    """The python-escpos profile object to give a connection for this printer model."""
    return _KioskEscposProfile(profile)
