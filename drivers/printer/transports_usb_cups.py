"""USB and CUPS printer connections, whose libraries are optional extras.

pyusb (extra `printer-usb`) needs libusb-1.0 on the machine; pycups (extra
`printer-cups`) needs libcups2-dev to build. Without them the kiosk still starts: the
connection fails at open with a one-line reason naming what to install, and the printer
reports "no device" like an unplugged one.
"""

from __future__ import annotations

from typing import Any

import drivers.printer.escpos_loader  # noqa: F401 - before python-escpos

# isort: split
from escpos.escpos import Escpos
from escpos.printer import Usb

from drivers.printer.transports import ExplicitTransport, PrinterNotConnected, reason

try:
    import usb.core
    import usb.util
except ImportError:  # the printer-usb extra is not installed
    usb = None  # type: ignore[assignment]

try:
    import cups
except ImportError:  # the printer-cups extra is not installed
    cups = None

CUPS_STATE_STOPPED = 5  # IPP printer-state: 3 idle, 4 processing, 5 stopped


class UsbTransport(ExplicitTransport, Usb):
    """A printer that speaks USB itself (not a USB-serial adapter, not usblp's lp0)."""

    def __init__(self, vendor_id: int, product_id: int, timeout: float = 5.0, **kwargs: Any):
        # pyusb takes milliseconds.
        Usb.__init__(self, vendor_id, product_id, timeout=int(timeout * 1000), **kwargs)
        self.vendor_id, self.product_id = vendor_id, product_id

    def where(self) -> str:
        return f"USB {self.vendor_id:04x}:{self.product_id:04x}"

    def _connect(self) -> Any:
        if usb is None:
            raise PrinterNotConnected(
                "USB printers need pyusb: install the kiosk with its 'printer-usb' extra"
            )
        try:
            found = usb.core.find(idVendor=self.vendor_id, idProduct=self.product_id)
        except usb.core.NoBackendError as exc:
            raise PrinterNotConnected(
                "USB printers need libusb-1.0 (Debian package libusb-1.0-0)"
            ) from exc
        except usb.core.USBError as exc:
            raise PrinterNotConnected(f"cannot list USB devices: {reason(exc)}") from exc
        if found is None:
            raise PrinterNotConnected(
                f"no printer at {self.where()} (unplugged, switched off, or no permission)"
            )
        self._device = found  # python-escpos's set-up reads `.device`
        try:
            self._check_driver()
            self._configure_usb()
        except usb.core.USBError as exc:
            self._device = False
            raise PrinterNotConnected(f"cannot set up {self.where()}: {reason(exc)}") from exc
        return found

    def _release(self, handle: Any) -> None:
        usb.util.dispose_resources(handle)

    def _read(self) -> bytes:
        try:
            return bytes(self.device.read(self.in_ep, 16, self.timeout))
        except usb.core.USBTimeoutError as exc:
            raise TimeoutError(f"{self.where()} did not answer") from exc


class CupsTransport(ExplicitTransport, Escpos):
    """A raw CUPS queue: each receipt is one job, streamed to CUPS (no temporary file).

    python-escpos's CupsPrinter needs pycups to be constructed at all and keeps a
    temporary file open from construction on; this one is built without pycups and
    buffers one receipt in memory. CUPS does not pass on a raw printer's paper and
    cover sensors, so status is unknown unless the queue itself is stopped or missing.
    """

    def __init__(self, printer_name: str, **kwargs: Any):
        Escpos.__init__(self, **kwargs)
        self.printer_name = printer_name
        self._job = bytearray()

    def where(self) -> str:
        return f"CUPS queue {self.printer_name!r}"

    def _connect(self) -> Any:
        if cups is None:
            raise PrinterNotConnected(
                "CUPS printing needs pycups: install the kiosk with its 'printer-cups' "
                "extra (it builds against libcups2-dev)"
            )
        try:
            server = cups.Connection()
            printers = server.getPrinters()
        except (RuntimeError, cups.IPPError) as exc:
            raise PrinterNotConnected(f"cannot reach the CUPS server: {reason(exc)}") from exc
        if self.printer_name not in printers:
            raise PrinterNotConnected(f"CUPS has no printer queue {self.printer_name!r}")
        return server

    def _release(self, handle: Any) -> None:
        self._job.clear()  # a pycups connection has nothing to close

    def _raw(self, msg: bytes) -> None:
        self.device  # noqa: B018 - raises PrinterNotConnected when not open
        self._job += msg

    def end_job(self) -> None:
        data, self._job = bytes(self._job), bytearray()
        if not data:
            return
        server = self.device
        try:
            job = server.createJob(self.printer_name, "receipt", {})
            server.startDocument(self.printer_name, job, "receipt", cups.CUPS_FORMAT_RAW, 1)
            server.writeRequestData(data, len(data))
            server.finishDocument(self.printer_name)
        except cups.IPPError as exc:
            raise PrinterNotConnected(f"{self.where()} refused the receipt: {reason(exc)}") from exc

    def query_status(self, mode: bytes) -> bytes:
        try:
            attributes = self.device.getPrinterAttributes(
                self.printer_name, requested_attributes=["printer-state"]
            )
        except cups.IPPError as exc:
            raise PrinterNotConnected(f"{self.where()} is gone: {reason(exc)}") from exc
        if attributes.get("printer-state") == CUPS_STATE_STOPPED:
            raise PrinterNotConnected(f"{self.where()} is stopped")
        raise NotImplementedError("CUPS does not pass on the printer's paper and cover status")
