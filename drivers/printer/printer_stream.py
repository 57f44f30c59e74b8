"""An emulated printer fed a byte stream, as a socket or a serial line delivers it.

The emulated device (emulator.py) expects each status request as a write of its own, the
way python-escpos calls `_raw()`. A socket or a pty delivers bytes in arbitrary pieces
instead: a status request may arrive glued to print data or split in two, and bytes that
look like one (10 04 01) may sit inside picture data. `PrinterStream` uses the decoder's
scan to cut the stream at real command boundaries, hands the pieces to the device, and
collects its answers; at each cut it tears the receipt off the paper, decodes it, and
writes it out as text and as a picture. The TCP 9100 and pty emulators share it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from drivers.printer.emulator import EmulatedEscposDevice
from drivers.printer.escpos_decoder import DecodedReceipt, scan
from drivers.printer.receipt_image import receipt_png, receipt_text

log = logging.getLogger(__name__)

STATUS_REQUEST_LENGTH = 3  # DLE EOT n


@dataclass(frozen=True)
class PrintedReceipt:
    """One receipt that came out of the emulated printer.

    `first_byte_at` is the `time.perf_counter()` at which its first byte of print data
    arrived (for latency benchmarks in the same process); the paths are None when the
    emulator was given no output folder.
    """

    number: int
    paper: DecodedReceipt
    first_byte_at: float
    text_path: Path | None = None
    png_path: Path | None = None

    @property
    def was_cut(self) -> bool:
        return self.paper.cuts > 0

    def summary(self) -> str:
        """One line about the receipt, without its text (receipts carry personal data)."""
        paper = self.paper
        where = f" -> {self.png_path}" if self.png_path else ""
        return (
            f"receipt {self.number}: {len(paper.text_lines)} lines, "
            f"{len(paper.qr_codes)} QR codes, {'cut' if self.was_cut else 'not cut'}{where}"
        )


class PrinterStream:
    """Feeds an ESC/POS byte stream to an emulated device and collects what it printed."""

    def __init__(
        self,
        device: EmulatedEscposDevice,
        out_dir: Path | str | None = None,
        *,
        on_receipt: Callable[[PrintedReceipt], None] | None = None,
    ):
        self.device = device
        self.out_dir = Path(out_dir) if out_dir is not None else None
        if self.out_dir is not None:
            self.out_dir.mkdir(parents=True, exist_ok=True)
        self.on_receipt = on_receipt
        self.receipts: list[PrintedReceipt] = []
        self._pending = bytearray()  # the start of a command whose parameters are still coming
        self._receipt_started_at: float | None = None
        self._changed = threading.Condition()

    def feed(self, chunk: bytes, received_at: float | None = None) -> bytes:
        """Take bytes as they arrived from the host; return the printer's answers to send."""
        at = time.perf_counter() if received_at is None else received_at
        self._pending += chunk
        found = scan(self._pending)
        data = bytes(self._pending[: found.complete])
        del self._pending[: found.complete]
        events = sorted(
            [(start, "status") for start, _ in found.status_requests]
            + [(end, "cut") for end in found.cut_ends]
        )
        answers = bytearray()
        position = 0
        for offset, kind in events:
            self._print(data[position:offset], at)
            if kind == "status":
                position = offset + STATUS_REQUEST_LENGTH
                self.device._raw(data[offset:position])
                answers += self._answers()
            else:
                position = offset
                self._tear_off()
        self._print(data[position:], at)
        return bytes(answers)

    def connection_closed(self) -> None:
        """The host went away: half a command never completes."""
        self._pending.clear()

    def wait_for_receipts(self, count: int, timeout: float = 10.0) -> list[PrintedReceipt]:
        """The first `count` receipts, waiting up to `timeout` seconds for them."""
        with self._changed:
            if not self._changed.wait_for(lambda: len(self.receipts) >= count, timeout):
                raise TimeoutError(
                    f"emulated printer got {len(self.receipts)} receipts, not {count}"
                )
            return self.receipts[:count]

    # -- inside -----------------------------------------------------------------------

    def _print(self, data: bytes, at: float) -> None:
        if not data:
            return
        before = len(self.device.printed)
        self.device._raw(data)
        if self._receipt_started_at is None and len(self.device.printed) > before:
            self._receipt_started_at = at

    def _answers(self) -> bytes:
        answers = bytearray()
        while answer := self.device._read():
            answers += answer
        return bytes(answers)

    def _tear_off(self) -> None:
        printed = self.device.tear_off()
        started_at, self._receipt_started_at = self._receipt_started_at, None
        if not printed or started_at is None:
            return  # the paper was out or the cover open: nothing came out
        paper = self.device.read_paper(printed)
        number = len(self.receipts) + 1
        text_path = png_path = None
        if self.out_dir is not None:
            text_path = self.out_dir / f"receipt-{number:04d}.txt"
            png_path = self.out_dir / f"receipt-{number:04d}.png"
            text_path.write_text(receipt_text(paper), encoding="utf-8")
            receipt_png(paper, self.device.printer_profile).save(png_path)
        receipt = PrintedReceipt(number, paper, started_at, text_path, png_path)
        with self._changed:
            self.receipts.append(receipt)
            self._changed.notify_all()
        if self.on_receipt is not None:
            self.on_receipt(receipt)
