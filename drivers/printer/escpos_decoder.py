"""Read an ESC/POS byte stream back into what a person would see on the paper.

Tests use it to check receipts end to end (text, Chinese mode, wrapping, QR codes,
cuts), and the network and serial printer emulators use it twice: `scan` finds where
commands begin and end in a byte stream that arrives in arbitrary pieces (so a status
request is answered, and a status-like byte inside picture data is not), and `decode`
shows what each receipt "printed". So it never raises on bad input: an unknown or
truncated command is skipped and noted.

Text is decoded the way a Chinese printer would: in Chinese mode multi-byte text in the
printer's encoding (GB18030, GBK, UTF-8); outside Chinese mode one byte per character in
the selected code page (PC437 unless ESC t chose another), so a GBK printer sent Chinese
without `FS &` decodes to the same garbage the real one would print.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import numpy as np
import zxingcpp

log = logging.getLogger(__name__)

ESC, GS, FS, DLE = 0x1B, 0x1D, 0x1C, 0x10
LF, CR, HT, FF, NUL = 0x0A, 0x0D, 0x09, 0x0C, 0x00

_ALIGN = {0: "left", 48: "left", 1: "center", 49: "center", 2: "right", 50: "right"}
_CODE_PAGES = {
    0: "cp437",
    2: "cp850",
    3: "cp860",
    4: "cp863",
    5: "cp865",
    16: "cp1252",
    17: "cp866",
    18: "cp852",
    19: "cp858",
}
# ESC and GS commands that take a fixed number of parameter bytes and change nothing we show.
_ESC_FIXED_ARGS = {
    ord("-"): 1, ord("M"): 1, ord("R"): 1, ord("2"): 0, ord("3"): 1, ord("V"): 1,
    ord("{"): 1, ord("r"): 1, ord(" "): 1, ord("c"): 2, ord("p"): 3, ord("$"): 2,
    ord("\\"): 2, ord("G"): 1, ord("e"): 1, ord("U"): 1, ord("T"): 1, ord("L"): 0,
    ord("S"): 0, ord("W"): 8, ord("B"): 2, ord("="): 1, ord("<"): 0, ord("%"): 1,
    ord("?"): 1, ord("g"): 1, ord("u"): 1, ord("v"): 0, ord("A"): 1, ord("+"): 1,
    ord("F"): 1, ord("O"): 0, ord("C"): 1, ord("l"): 1, ord("Q"): 1,
}  # fmt: skip
_GS_FIXED_ARGS = {
    ord("B"): 1, ord("H"): 1, ord("f"): 1, ord("h"): 1, ord("w"): 1, ord("a"): 1,
    ord("I"): 1, ord("b"): 1, ord("E"): 1, ord("T"): 1, ord("P"): 2, ord("L"): 2,
    ord("W"): 2, ord("$"): 2, ord("\\"): 2, ord("/"): 1, ord("^"): 3, ord(":"): 0,
    ord("g"): 2, ord("j"): 1, ord("z"): 2, ord("c"): 0, ord("G"): 1, ord("Q"): 1,
}  # fmt: skip
_FS_FIXED_ARGS = {
    ord("!"): 1, ord("-"): 1, ord("W"): 1, ord("S"): 2, ord("C"): 1, ord("p"): 2,
    ord("2"): 74, ord("?"): 2, ord("r"): 1, ord("d"): 0,
}  # fmt: skip


@dataclass(frozen=True)
class LineStyle:
    """How a printed line was laid out: alignment and character magnification."""

    align: str = "left"
    width: int = 1
    height: int = 1


@dataclass(frozen=True)
class DecodedImage:
    """A raster picture on the paper; `qr` is the text of the QR code in it, if any."""

    width: int
    height: int
    qr: str | None = None


@dataclass
class DecodedReceipt:
    """What the paper shows, line by line, and what else happened on the way."""

    lines: list[str] = field(default_factory=list)
    qr_codes: list[str] = field(default_factory=list)
    # For each QR code, how many lines were printed before it (where it sits on the paper).
    qr_line_numbers: list[int] = field(default_factory=list)
    cuts: int = 0
    bold_spans: list[tuple[int, str]] = field(default_factory=list)  # (line index, text)
    line_styles: list[LineStyle] = field(default_factory=list)
    images: list[DecodedImage] = field(default_factory=list)
    status_requests: int = 0
    notes: list[str] = field(default_factory=list)  # skipped or truncated commands

    @property
    def text_lines(self) -> list[str]:
        """The lines with ink on them, trailing spaces removed."""
        return [line.rstrip() for line in self.lines if line.strip()]


def raster_to_image(raster: bytes, width_bytes: int, height: int) -> np.ndarray:
    """GS v 0 raster data (1 bit a dot, 1 = black, MSB first) as a white-background image."""
    rows = np.frombuffer(raster, dtype=np.uint8, count=width_bytes * height)
    bits = np.unpackbits(rows.reshape(height, width_bytes), axis=1)
    return np.where(bits == 1, 0, 255).astype(np.uint8)


def qr_text_in_image(image: np.ndarray) -> str | None:
    """The QR code in a printed image (python-escpos gives it only a 1-module border)."""
    padded = np.pad(image, 32, constant_values=255)
    found = zxingcpp.read_barcodes(padded, formats=zxingcpp.BarcodeFormat.QRCode)
    return found[0].text if found else None


@dataclass(frozen=True)
class StreamScan:
    """Where the commands in a piece of an ESC/POS stream begin and end.

    `complete` is how many bytes hold whole commands (the rest is the start of a command
    whose parameters have not all arrived yet); `status_requests` the (offset, n) of each
    DLE EOT n in that part; `cut_ends` the offset just after each cut command.
    """

    complete: int
    status_requests: list[tuple[int, int]]
    cut_ends: list[int]


class _Truncated(Exception):
    pass


class _Decoder:
    def __init__(
        self, data: bytes, encoding: str, chinese_mode_default: bool, scan_only: bool = False
    ):
        self.data = data
        self.scan_only = scan_only  # only find command boundaries: no pictures, no QR reading
        self.complete = len(data)
        self.status_at: list[tuple[int, int]] = []
        self.cut_ends: list[int] = []
        self.encoding = encoding
        self.chinese_mode_default = chinese_mode_default
        self.out = DecodedReceipt()
        self.pos = 0
        self.segments: list[tuple[str, bool]] = []  # decoded text on this line, bold flag
        self.pending = bytearray()  # text bytes not yet decoded
        self.stored_qr: bytes | None = None
        self.stored_graphic: np.ndarray | None = None
        self.image_rows: list[np.ndarray] = []  # consecutive GS v 0 fragments
        self.reset()

    # -- state ------------------------------------------------------------------------

    def reset(self) -> None:
        """ESC @: modes back to power-on defaults; unprinted text is discarded."""
        self.pending.clear()
        self.segments = []
        self.bold = False
        self.align = "left"
        self.width = 1
        self.height = 1
        self.chinese = self.chinese_mode_default
        self.code_page = "cp437"

    def set_mode(self, **changes: object) -> None:
        """Change a text mode; text already received keeps the mode it came in."""
        self.flush_text()
        for name, value in changes.items():
            setattr(self, name, value)

    def note(self, what: str) -> None:
        self.out.notes.append(f"{what} at byte {self.pos}")

    # -- text -------------------------------------------------------------------------

    def flush_text(self) -> None:
        if not self.pending:
            return
        raw = bytes(self.pending)
        self.pending.clear()
        if self.chinese:
            text = raw.decode(self.encoding, errors="replace")
        else:
            text = raw.decode(self.code_page, errors="replace")
        self.segments.append((text, self.bold))

    def line_has_content(self) -> bool:
        return bool(self.pending or self.segments)

    def end_line(self) -> None:
        self.flush_text()
        text = "".join(part for part, _ in self.segments)
        index = len(self.out.lines)
        self.out.lines.append(text)
        self.out.line_styles.append(LineStyle(self.align, self.width, self.height))
        bold = "".join(part for part, is_bold in self.segments if is_bold)
        if bold.strip():
            self.out.bold_spans.append((index, bold))
        self.segments = []

    def tab(self) -> None:
        self.flush_text()
        current = sum(len(part) for part, _ in self.segments)
        self.segments.append((" " * (8 - current % 8), self.bold))

    # -- reading bytes ----------------------------------------------------------------

    def take(self, count: int) -> bytes:
        if self.pos + count > len(self.data):
            raise _Truncated
        chunk = self.data[self.pos : self.pos + count]
        self.pos += count
        return chunk

    def byte(self) -> int:
        return self.take(1)[0]

    def u16(self) -> int:
        low, high = self.take(2)
        return low + 256 * high

    # -- images -----------------------------------------------------------------------

    def flush_image(self) -> None:
        if not self.image_rows:
            return
        image = np.vstack(self.image_rows)
        self.image_rows = []
        self.add_image(image)

    def add_image(self, image: np.ndarray) -> None:
        qr = None
        try:
            qr = qr_text_in_image(image)
        except Exception as exc:  # a decoder hiccup must not lose the rest of the receipt
            self.note(f"QR decoding failed ({type(exc).__name__})")
        self.out.images.append(DecodedImage(image.shape[1], image.shape[0], qr))
        if qr is not None:
            self.out.qr_codes.append(qr)
            self.out.qr_line_numbers.append(len(self.out.lines))

    def raster_image(self) -> None:
        """GS v 0 m xL xH yL yH d1...dk."""
        self.byte()  # density mode
        width_bytes = self.u16()
        height = self.u16()
        raster = self.take(width_bytes * height)
        if width_bytes == 0 or height == 0 or self.scan_only:
            return
        image = raster_to_image(raster, width_bytes, height)
        if self.image_rows and self.image_rows[-1].shape[1] != image.shape[1]:
            self.flush_image()
        self.image_rows.append(image)

    # -- command families -------------------------------------------------------------

    def esc(self) -> None:
        cmd = self.byte()
        if cmd == ord("@"):
            self.reset()
        elif cmd == ord("E"):
            self.set_mode(bold=bool(self.byte() & 1))
        elif cmd == ord("a"):
            n = self.byte()
            self.set_mode(align=_ALIGN.get(n, self.align))
        elif cmd == ord("!"):
            n = self.byte()
            self.set_mode(
                bold=bool(n & 0x08), height=2 if n & 0x10 else 1, width=2 if n & 0x20 else 1
            )
        elif cmd == ord("d"):
            n = self.byte()
            if n == 0:
                if self.line_has_content():
                    self.end_line()
            else:
                for _ in range(n):
                    self.end_line()
        elif cmd == ord("J"):
            self.byte()
            if self.line_has_content():
                self.end_line()
        elif cmd == ord("t"):
            n = self.byte()
            if n not in _CODE_PAGES:
                self.note(f"unknown code page {n}, kept {self.code_page}")
            self.set_mode(code_page=_CODE_PAGES.get(n, self.code_page))
        elif cmd in (ord("i"), ord("m")):
            self.out.cuts += 1
            self.cut_ends.append(self.pos)
        elif cmd == ord("D"):
            while self.byte() != NUL:  # tab stops, NUL-terminated
                pass
        elif cmd == ord("*"):
            mode = self.byte()
            columns = self.u16()
            self.take(columns * (1 if mode in (0, 1) else 3))
            self.out.images.append(DecodedImage(columns, 8 if mode in (0, 1) else 24))
        elif cmd in _ESC_FIXED_ARGS:
            self.take(_ESC_FIXED_ARGS[cmd])
        else:
            self.note(f"unknown command ESC 0x{cmd:02x} skipped")

    def gs(self) -> None:
        cmd = self.byte()
        if cmd == ord("!"):
            n = self.byte()
            self.set_mode(width=((n >> 4) & 7) + 1, height=(n & 7) + 1)
        elif cmd == ord("V"):
            mode = self.byte()
            if mode in (65, 66, 97, 98, 103, 104):
                self.byte()
            if self.line_has_content():
                self.end_line()
            self.out.cuts += 1
            self.cut_ends.append(self.pos)
        elif cmd == ord("("):
            function = self.byte()
            self.gs_paren(function, self.take(self.u16()))
        elif cmd == ord("8"):
            function = self.byte()
            length = int.from_bytes(self.take(4), "little")
            self.gs_paren(function, self.take(length))
        elif cmd == ord("v"):
            if self.byte() != ord("0"):
                self.note("unknown GS v variant skipped")
                return
            self.raster_image()
        elif cmd == ord("r"):
            self.byte()
            self.out.status_requests += 1
        elif cmd == ord("k"):
            self.barcode()
        elif cmd == ord("*"):
            x, y = self.take(2)
            self.take(x * y * 8)
        elif cmd in _GS_FIXED_ARGS:
            self.take(_GS_FIXED_ARGS[cmd])
        else:
            self.note(f"unknown command GS 0x{cmd:02x} skipped")

    def gs_paren(self, function: int, body: bytes) -> None:
        """GS ( k (2D codes) and GS ( L / GS 8 L (graphics); other functions skipped."""
        if function == ord("k") and len(body) >= 2 and body[0] == ord("1"):
            fn = body[1]
            if fn == ord("P") and len(body) >= 3:  # store: cn fn m data
                self.stored_qr = body[3:]
            elif fn == ord("Q"):  # print the stored symbol
                if self.stored_qr is None:
                    self.note("QR print without stored data")
                else:
                    self.out.qr_codes.append(self._qr_payload(self.stored_qr))
                    self.out.qr_line_numbers.append(len(self.out.lines))
        elif function == ord("L") and len(body) >= 2:
            fn = body[1]
            if self.scan_only:
                return
            if fn == ord("p") and len(body) >= 10:  # store: m fn a bx by c xL xH yL yH data
                width = body[6] + 256 * body[7]
                height = body[8] + 256 * body[9]
                width_bytes = (width + 7) // 8
                if len(body) - 10 >= width_bytes * height and width and height:
                    image = raster_to_image(body[10:], width_bytes, height)[:, :width]
                    self.stored_graphic = image
                else:
                    self.note("short graphics data skipped")
            elif fn == ord("2") and self.stored_graphic is not None:  # print stored graphic
                self.add_image(self.stored_graphic)
                self.stored_graphic = None

    def _qr_payload(self, raw: bytes) -> str:
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return raw.decode(self.encoding, errors="replace")

    def barcode(self) -> None:
        """GS k m ...: function A is NUL-terminated, function B carries a length."""
        mode = self.byte()
        if mode <= 6:
            while self.byte() != NUL:
                pass
        else:
            self.take(self.byte())

    def fs(self) -> None:
        cmd = self.byte()
        if cmd == ord("&"):
            self.set_mode(chinese=True)
        elif cmd == ord("."):
            self.set_mode(chinese=False)
        elif cmd in _FS_FIXED_ARGS:
            self.take(_FS_FIXED_ARGS[cmd])
        else:
            self.note(f"unknown command FS 0x{cmd:02x} skipped")

    def dle(self) -> None:
        cmd = self.byte()
        if cmd == 0x04:  # DLE EOT n: real-time status request
            n = self.byte()
            self.out.status_requests += 1
            self.status_at.append((self.pos - 3, n))
        elif cmd == 0x05:  # DLE ENQ n: real-time request to recover
            self.byte()
        elif cmd == 0x14:  # DLE DC4 fn ...
            fn = self.byte()
            self.take({1: 2, 2: 2, 7: 1, 8: 7}.get(fn, 2))
        else:
            self.note(f"unknown command DLE 0x{cmd:02x} skipped")

    # -- main loop --------------------------------------------------------------------

    def run(self) -> DecodedReceipt:
        data = self.data
        while self.pos < len(data):
            start = self.pos
            b = data[start]
            if b != GS or data[start + 1 : start + 3] != b"v0":
                self.flush_image()
            self.pos += 1
            try:
                if b >= 0x20:
                    end = start + 1
                    while end < len(data) and data[end] >= 0x20:
                        end += 1
                    self.pending += data[start:end]
                    self.pos = end
                elif b == LF:
                    self.end_line()
                elif b == ESC:
                    self.esc()
                elif b == GS:
                    self.gs()
                elif b == FS:
                    self.fs()
                elif b == DLE:
                    self.dle()
                elif b == HT:
                    self.tab()
                elif b == FF:
                    self.end_line()
                elif b in (CR, NUL):
                    pass
                else:
                    self.note(f"control byte 0x{b:02x} skipped")
            except _Truncated:
                self.pos = start
                self.complete = start
                self.note("truncated command at the end of the data")
                break
        self.flush_image()
        if self.line_has_content():
            # Text without a final LF stays in the printer's buffer, unprinted; show it
            # anyway, since that is what a person would find if the next job flushed it.
            self.note("text left in the buffer without a line feed")
            self.end_line()
        return self.out


def decode(
    data: bytes, encoding: str = "gb18030", *, chinese_mode_default: bool = True
) -> DecodedReceipt:
    """Parse an ESC/POS byte stream into lines, QR codes, cuts and status requests.

    `chinese_mode_default` is how the printer powers up: True for GB18030 and UTF-8
    models, False for models that need `FS &` before Chinese text.
    """
    return _Decoder(bytes(data), encoding, chinese_mode_default).run()


def scan(data: bytes) -> StreamScan:
    """Find whole commands, status requests and cuts in a piece of an ESC/POS stream.

    Command lengths do not depend on any mode (text bytes are never control bytes in
    GB18030, GBK or UTF-8), so a stream can be scanned piece by piece: keep the bytes
    after `complete` and scan them again with the next piece.
    """
    decoder = _Decoder(bytes(data), "latin-1", chinese_mode_default=False, scan_only=True)
    decoder.run()
    return StreamScan(decoder.complete, decoder.status_at, decoder.cut_ends)
