"""The ESC/POS receipt printer driver, over any python-escpos connection.

python-escpos turns features into bytes (`set`, `qr`, `cut`) and its connection classes
(Network, Serial, Usb, File, Dummy...) move the bytes. This driver adds what a kiosk
needs on top: text encoded per printer model and sent raw (python-escpos's "magic"
encoder turns Chinese punctuation into '?'), Chinese mode switching for GBK models,
wrapping by display width, and honest status: a printer that does not answer is
"unknown", never "ready".

A receipt is first rendered to bytes on an in-memory `Dummy` and then sent in one write,
so what was sent can be counted, and a paper-out check before the job means a refused
job sends nothing at all.

Over a real transport (transports.py) the driver owns the connection: it connects when
asked to, and whenever a status poll or a job finds it unconnected; a connection found
broken is dropped and tried once afresh (a printer that was switched off and on again
is back for the next receipt); a printer that cannot be reached is "no device" with the
reason, and the kiosk goes on without it until it can.
"""

from __future__ import annotations

import logging
import threading
import unicodedata
from dataclasses import dataclass

import qrcode

import drivers.printer.escpos_loader  # noqa: F401 - before python-escpos

# isort: split
from escpos.constants import QR_ECLEVEL_M
from escpos.escpos import Escpos
from escpos.exceptions import Error as EscposError
from escpos.printer import Dummy

from drivers.base import DeviceBusy, DeviceError, DeviceHealth, DeviceState
from drivers.printer.document import Feed, Line, Pair, QrCode, ReceiptDocument, Rule
from drivers.printer.profiles import PrinterProfile, escpos_capabilities, get_profile
from drivers.printer.protocol import PrintResult
from drivers.printer.transports import ExplicitTransport, reason
from drivers.textwidth import wrap, wrap_pair

log = logging.getLogger(__name__)

DEVICE_NAME = "receipt printer"

# Real-time status requests (DLE EOT n) and the bits of their one-byte answers.
STATUS_PRINTER = b"\x10\x04\x01"
STATUS_OFFLINE_CAUSE = b"\x10\x04\x02"
STATUS_PAPER = b"\x10\x04\x04"
BIT_OFFLINE = 0x08  # in the printer status byte
BIT_COVER_OPEN = 0x04  # in the offline-cause byte
BIT_STOPPED_PAPER_END = 0x20  # in the offline-cause byte
BITS_PAPER_NEAR_END = 0x0C  # in the paper sensor byte
BITS_PAPER_OUT = 0x60  # in the paper sensor byte
# Every status byte has bit 1 and bit 4 set and bits 0 and 7 clear; anything else is
# not an answer to our request (noise, a stale automatic status block).
_FIXED_BITS_MASK = 0x93
_FIXED_BITS_VALUE = 0x12

FS_CHINESE_ON = b"\x1c\x26"  # FS &
FS_CHINESE_OFF = b"\x1c\x2e"  # FS .

_REPORTS_OFFLINE = "the printer reports it is offline"
_CANNOT_PRINT = {DeviceState.PAPER_OUT, DeviceState.COVER_OPEN, DeviceState.NO_DEVICE}

_DETAIL = {
    DeviceState.READY: "ready",
    DeviceState.BUSY: "printing",
    DeviceState.PAPER_NEAR_END: "paper roll nearly used up: refill soon",
    DeviceState.PAPER_OUT: "out of paper",
    DeviceState.COVER_OPEN: "cover open",
    DeviceState.NO_DEVICE: "printer offline or not connected",
    DeviceState.UNKNOWN: "printer does not answer status requests",
}


@dataclass(frozen=True)
class RenderedReceipt:
    """The bytes of one receipt, and how many characters came out as '?'."""

    data: bytes
    replaced_chars: int


def _clean(text: str) -> str:
    """Drop control characters so text from a form can never smuggle in printer commands."""
    return "".join(ch if ch == "\n" or unicodedata.category(ch) != "Cc" else " " for ch in text)


def _qr_module_size(data: str, requested: int, dots: int, quiet_modules: int) -> int:
    """The largest module size <= requested at which the code still fits the paper."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(data)
    code.make(fit=True)
    fitting = dots // (code.modules_count + 2 * quiet_modules)
    if fitting < 1:
        raise ValueError("QR data too long for this paper width")
    return max(1, min(requested, fitting))


class _Renderer:
    """Turns blocks into bytes on an in-memory python-escpos printer."""

    def __init__(self, profile: PrinterProfile):
        self.profile = profile
        self.out = Dummy(profile=escpos_capabilities(profile))
        self.replaced = 0

    def text_line(self, line: str) -> None:
        data = self.profile.encode(line)
        if self.profile.chinese_mode_commands and not line.isascii():
            data = FS_CHINESE_ON + data + FS_CHINESE_OFF
        self.out._raw(data + b"\n")

    def printable(self, text: str) -> str:
        text, replaced = self.profile.printable(_clean(text))
        self.replaced += replaced
        return text

    def line(self, block: Line) -> None:
        large = block.size == "large"
        columns = self.profile.columns // 2 if large else self.profile.columns
        self.out.set(
            align=block.align,
            bold=block.bold,
            normal_textsize=not large,
            double_width=large,
            double_height=large,
        )
        text = self.printable(block.text)
        for part in wrap(text, columns, ambiguous_wide=self.profile.ambiguous_wide):
            self.text_line(part)
        self.out.set(align="left", bold=False, normal_textsize=True)

    def pair(self, block: Pair) -> None:
        label, value = self.printable(block.label), self.printable(block.value)
        for part in wrap_pair(
            label, value, self.profile.columns, ambiguous_wide=self.profile.ambiguous_wide
        ):
            self.text_line(part)

    def rule(self) -> None:
        self.text_line("-" * self.profile.columns)

    def qr(self, block: QrCode) -> None:
        if self.profile.native_qr:
            # The printer adds its own quiet zone; ESC a centres the symbol.
            size = _qr_module_size(block.data, block.size, self.profile.dots, quiet_modules=4)
            self.out.set(align="center")
            self.out.qr(block.data, ec=QR_ECLEVEL_M, size=size, native=True)
            self.out._raw(b"\n")
            self.out.set(align="left")
        else:
            # python-escpos draws it with a one-module border and centres the image itself.
            size = _qr_module_size(block.data, block.size, self.profile.dots, quiet_modules=1)
            self.out.qr(block.data, ec=QR_ECLEVEL_M, size=size, native=False, center=True)

    def render(self, doc: ReceiptDocument) -> RenderedReceipt:
        self.out.hw("INIT")
        for block in doc.blocks:
            if isinstance(block, Line):
                self.line(block)
            elif isinstance(block, Pair):
                self.pair(block)
            elif isinstance(block, Rule):
                self.rule()
            elif isinstance(block, QrCode):
                self.qr(block)
            elif isinstance(block, Feed):
                if block.lines:
                    self.out.print_and_feed(block.lines)
            else:
                raise TypeError(f"not a receipt block: {type(block).__name__}")
        if doc.cut:
            self.out.cut()
        return RenderedReceipt(self.out.output, self.replaced)


def render_receipt(doc: ReceiptDocument, profile: PrinterProfile) -> RenderedReceipt:
    """The ESC/POS bytes that print `doc` on a printer of this model."""
    return _Renderer(profile).render(doc)


class EscposReceiptPrinter:
    """A ReceiptPrinter over a python-escpos connection (Network, Serial, Usb, File...).

    The connection's python-escpos capability profile is replaced by one derived from
    `profile`, so python-escpos and this driver agree on the paper width.
    """

    def __init__(self, connection: Escpos, profile: PrinterProfile | str):
        self.profile = get_profile(profile) if isinstance(profile, str) else profile
        self._connection = connection
        self._connection.profile = escpos_capabilities(self.profile)
        self._lock = threading.Lock()  # one job or status check at a time
        self._last_state: DeviceState | None = None
        self._problem = ""  # why the printer cannot be reached, for the technician
        self._closed = False
        self.receipts_printed = 0

    @property
    def _transport(self) -> ExplicitTransport | None:
        """The connection, when it is one this driver opens and closes itself."""
        connection = self._connection
        return connection if isinstance(connection, ExplicitTransport) else None

    def connect(self) -> DeviceState:
        """Try the connection now (at start-up); an unreachable printer is not an error."""
        return self.status()

    # -- status -----------------------------------------------------------------------

    def status(self) -> DeviceState:
        if not self._lock.acquire(blocking=False):
            return DeviceState.BUSY
        try:
            return self._read_status()
        finally:
            self._lock.release()

    def _query(self, request: bytes) -> int | None:
        """One status byte, or None if the printer gave no valid answer."""
        answer = self._connection.query_status(request)
        if not answer:
            return None
        byte = answer[-1]
        if byte & _FIXED_BITS_MASK != _FIXED_BITS_VALUE:
            return None
        return byte

    def _read_status(self) -> DeviceState:
        state = self._status_over_connection()
        self._note(state)
        return state

    def _status_over_connection(self) -> DeviceState:
        transport = self._transport
        if self._closed:
            self._problem = "the driver was closed"
            return DeviceState.NO_DEVICE
        fresh = False
        for _ in range(2):  # a connection found broken gets one fresh try
            if transport is not None and not transport.is_open:
                try:
                    transport.open()
                except (OSError, EscposError) as exc:
                    self._problem = reason(exc)
                    return DeviceState.NO_DEVICE
                fresh = True
            try:
                state = self._status_from_printer()
            except NotImplementedError:
                # Dummy, File and CUPS connections cannot read the sensors: nobody can tell.
                state = DeviceState.UNKNOWN
            except TimeoutError:
                state = DeviceState.UNKNOWN
            except (OSError, EscposError) as exc:
                self._problem = reason(exc)
                if transport is None:
                    return DeviceState.NO_DEVICE
                transport.close()
                if fresh:
                    return DeviceState.NO_DEVICE
                continue
            self._problem = _REPORTS_OFFLINE if state == DeviceState.NO_DEVICE else ""
            return state
        return DeviceState.NO_DEVICE

    def _status_from_printer(self) -> DeviceState:
        printer = self._query(STATUS_PRINTER)
        if printer is None:
            return DeviceState.UNKNOWN
        # Some models do not implement DLE EOT 2; then the cover is simply not known.
        cause = self._query(STATUS_OFFLINE_CAUSE)
        paper = self._query(STATUS_PAPER)
        if paper is None:
            return DeviceState.UNKNOWN
        if cause is not None and cause & BIT_COVER_OPEN:
            return DeviceState.COVER_OPEN
        if paper & BITS_PAPER_OUT or (cause is not None and cause & BIT_STOPPED_PAPER_END):
            return DeviceState.PAPER_OUT
        if printer & BIT_OFFLINE:
            return DeviceState.NO_DEVICE
        if paper & BITS_PAPER_NEAR_END:
            return DeviceState.PAPER_NEAR_END
        return DeviceState.READY

    def _note(self, state: DeviceState) -> None:
        """Log a change of state once, not every poll."""
        if state == self._last_state:
            return
        previous, self._last_state = self._last_state, state
        if state.can_serve:
            if previous is not None and not previous.can_serve:
                log.info("receipt printer recovered: %s", _DETAIL[state])
            elif state == DeviceState.PAPER_NEAR_END:
                log.warning("receipt printer: %s", _DETAIL[state])
        else:
            log.warning("receipt printer: %s", self._detail(state))

    # -- printing ---------------------------------------------------------------------

    def print_receipt(self, doc: ReceiptDocument) -> PrintResult:
        if not self._lock.acquire(blocking=False):
            raise DeviceBusy(DEVICE_NAME)
        try:
            return self._print(doc)
        finally:
            self._lock.release()

    def _print(self, doc: ReceiptDocument) -> PrintResult:
        rendered = render_receipt(doc, self.profile)
        before = self._read_status()
        if before in _CANNOT_PRINT:
            raise DeviceError(before, f"receipt not printed: {self._detail(before)}")
        if rendered.replaced_chars:
            log.warning(
                "receipt has %d characters the printer cannot print; printed as '?'",
                rendered.replaced_chars,
            )
        try:
            self._connection._raw(rendered.data)
            if self._transport is not None:
                self._transport.end_job()
        except TimeoutError as exc:
            raise DeviceError(
                DeviceState.UNKNOWN, "printer stopped accepting data during a receipt"
            ) from exc
        except (OSError, EscposError) as exc:
            # Part of the receipt may be on paper: never send it again on its own.
            self._problem = reason(exc)
            if self._transport is not None:
                self._transport.close()
            self._note(DeviceState.NO_DEVICE)
            raise DeviceError(
                DeviceState.NO_DEVICE,
                f"connection to the printer lost during a receipt: {self._problem}",
            ) from exc
        after = self._read_status()
        self.receipts_printed += 1
        if after == DeviceState.PAPER_OUT:
            log.warning("paper ran out during a receipt; its end is probably missing")
        return PrintResult(
            state_after=after,
            bytes_sent=len(rendered.data),
            unknown_status=DeviceState.UNKNOWN in (before, after),
        )

    # -- upkeep -----------------------------------------------------------------------

    def health(self) -> DeviceHealth:
        state = self.status()
        return DeviceHealth(
            kind="printer",
            name=self.profile.name,
            state=state,
            detail=self._detail(state),
            extra={
                "paper_mm": self.profile.paper_mm,
                "encoding": self.profile.encoding,
                "receipts_printed": self.receipts_printed,
            },
        )

    def _detail(self, state: DeviceState) -> str:
        detail = _DETAIL.get(state, state.value)
        if state == DeviceState.NO_DEVICE and self._problem:
            detail = f"{detail}: {self._problem}"
        return detail

    def close(self) -> None:
        """Let the printer go for good: no reconnection after this."""
        with self._lock:
            self._closed = True
            self._connection.close()
