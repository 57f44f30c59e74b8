"""An ESC/POS printer inside the process, at python-escpos's transport boundary.

Like python-escpos's `Dummy` it records every byte the driver sends, but it also answers
real-time status requests (DLE EOT n) the way a printer does, from switches a test or
the technician's demo can flip: paper ok / near end / out, cover open, offline, silent
(never answers), unplugged (the connection fails). `run_out_after_bytes` makes the paper
run out in the middle of a job. Everything above `_raw()` and `_read()` (the real
driver, python-escpos's command layer) runs unchanged; the TCP 9100 and pseudo-terminal
emulators put this same device behind a socket or a pty (see printer_stream.py).
"""

from __future__ import annotations

import threading
from collections import deque

import drivers.printer.escpos_loader  # noqa: F401 - before python-escpos

# isort: split
from escpos.escpos import Escpos

from drivers.printer.escpos_decoder import DecodedReceipt, decode
from drivers.printer.escpos_printer import EscposReceiptPrinter
from drivers.printer.profiles import PrinterProfile, escpos_capabilities, get_profile

PAPER_STATES = ("ok", "near_end", "out")

_STATUS_BASE = 0x12  # fixed bits 1 and 4 of every status byte
# A demo or burn-in runs for days: keep about the last hundred receipts, not every one.
KEPT_BYTES = 256 * 1024


def _make_room(buffer: bytearray, incoming: int) -> None:
    """Tear off the paper (forget what came before) rather than let it grow for ever; a
    whole job arrives in one write, so what is kept always starts at a job's start."""
    if len(buffer) + incoming > KEPT_BYTES:
        buffer.clear()


class EmulatedEscposDevice(Escpos):
    """A receipt printer that records what it is sent and answers status requests.

    `received` holds every byte that arrived; `printed` only the print data that reached
    paper (not the status requests, not what arrived once the paper was out).
    """

    def __init__(
        self,
        profile: PrinterProfile | str = "generic-80-gb18030",
        *,
        paper: str = "ok",
        cover_open: bool = False,
        offline: bool = False,
        silent: bool = False,
        unplugged: bool = False,
        run_out_after_bytes: int | None = None,
    ):
        self.printer_profile = get_profile(profile) if isinstance(profile, str) else profile
        super().__init__(profile=escpos_capabilities(self.printer_profile))
        self._lock = threading.Lock()
        self._answers: deque[bytes] = deque()
        self.received = bytearray()
        self.printed = bytearray()
        self.dropped_bytes = 0
        self.status_requests = 0
        self.cover_open = cover_open
        self.offline = offline
        self.silent = silent
        self.unplugged = unplugged
        self.run_out_after_bytes = run_out_after_bytes
        self.paper = paper

    # -- switches ---------------------------------------------------------------------

    @property
    def paper(self) -> str:
        return self._paper

    @paper.setter
    def paper(self, value: str) -> None:
        if value not in PAPER_STATES:
            raise ValueError(f"paper must be one of {PAPER_STATES}, not {value!r}")
        self._paper = value

    def can_print(self) -> bool:
        return self._paper != "out" and not self.cover_open and not self.offline

    # -- what the printer would answer ------------------------------------------------

    def status_byte(self, kind: int) -> int:
        """The answer to DLE EOT `kind` given the switches, as an Epson-style printer."""
        paper_out = self._paper == "out"
        if kind == 1:  # printer status: bit 3 offline (paper out and open cover imply it)
            return _STATUS_BASE | (0x08 if not self.can_print() else 0)
        if kind == 2:  # offline cause: bit 2 cover open, bit 5 stopped at paper end
            return _STATUS_BASE | (0x04 if self.cover_open else 0) | (0x20 if paper_out else 0)
        if kind == 3:  # error status: no errors modelled
            return _STATUS_BASE
        if kind == 4:  # roll paper sensor: bits 2-3 near end, bits 5-6 out
            near_end = self._paper in ("near_end", "out")
            return _STATUS_BASE | (0x0C if near_end else 0) | (0x60 if paper_out else 0)
        raise ValueError(f"no status kind {kind}")

    # -- python-escpos transport boundary ---------------------------------------------

    def _raw(self, msg: bytes) -> None:
        with self._lock:
            if self.unplugged:
                raise BrokenPipeError("emulated printer unplugged")
            _make_room(self.received, len(msg))
            self.received += msg
            # python-escpos sends each real-time request as a write of its own.
            if len(msg) == 3 and msg[:2] == b"\x10\x04" and 1 <= msg[2] <= 4:
                self.status_requests += 1
                if not self.silent:
                    self._answers.append(bytes([self.status_byte(msg[2])]))
                return
            self._take_print_data(msg)

    def _take_print_data(self, msg: bytes) -> None:
        if not self.can_print():
            self.dropped_bytes += len(msg)
            return
        _make_room(self.printed, len(msg))
        if self.run_out_after_bytes is not None:
            room = self.run_out_after_bytes
            if len(msg) >= room:
                self.printed += msg[:room]
                self.dropped_bytes += len(msg) - room
                self.run_out_after_bytes = None
                self._paper = "out"
                return
            self.run_out_after_bytes = room - len(msg)
        self.printed += msg

    def _read(self) -> bytes:
        with self._lock:
            if self.unplugged:
                raise BrokenPipeError("emulated printer unplugged")
            if not self._answers:
                return b""
            return self._answers.popleft()

    def open(self) -> None:
        pass

    def close(self) -> None:
        pass

    # -- for tests and the emulator's display ---------------------------------------------

    @property
    def output(self) -> bytes:
        """Every byte received, like python-escpos's Dummy."""
        return bytes(self.received)

    def clear(self) -> None:
        with self._lock:
            self.received.clear()
            self.printed.clear()
            self.dropped_bytes = 0
            self._answers.clear()

    def paper_receipt(self) -> DecodedReceipt:
        """What came out on paper, decoded as this model would print it."""
        return self.read_paper(bytes(self.printed))

    def read_paper(self, printed: bytes) -> DecodedReceipt:
        """Print data decoded as this model would print it (encoding, Chinese mode)."""
        return decode(
            printed,
            self.printer_profile.encoding,
            chinese_mode_default=not self.printer_profile.chinese_mode_commands,
        )

    def tear_off(self) -> bytes:
        """The print data on the paper so far, torn off: a long-running emulator keeps
        only the receipt in progress in memory."""
        with self._lock:
            printed = bytes(self.printed)
            self.printed.clear()
            self.received.clear()
            return printed


def make_emulated_printer(
    profile_name: str = "generic-80-gb18030", **switches: object
) -> tuple[EscposReceiptPrinter, EmulatedEscposDevice]:
    """The real driver wired to an emulated printer of the named model."""
    device = EmulatedEscposDevice(profile_name, **switches)  # type: ignore[arg-type]
    return EscposReceiptPrinter(device, device.printer_profile), device
