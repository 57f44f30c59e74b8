"""The emulated receipt printer on a pseudo-terminal: `connection = "serial"` for real.

The driver opens the pty's slave side with pyserial, exactly as it would open
/dev/ttyUSB0; a thread pumps bytes between the master side and `PrinterStream`, so
status requests are answered from the device's switches and receipts come out decoded.
`link` puts a stable symlink to the slave (/dev/pts/N changes every run), as a udev rule
gives a real printer.
"""

from __future__ import annotations

import logging
import os
import select
import threading
import time
import tty
from collections.abc import Callable
from pathlib import Path
from typing import Any

from drivers.printer.emulator import EmulatedEscposDevice
from drivers.printer.printer_stream import PrintedReceipt, PrinterStream

log = logging.getLogger(__name__)


class PtyPrinterEmulator:
    """An emulated ESC/POS printer at the far end of a pseudo-terminal."""

    def __init__(
        self,
        profile: str = "generic-80-gb18030",
        *,
        link: Path | str | None = None,
        out_dir: Path | str | None = None,
        on_receipt: Callable[[PrintedReceipt], None] | None = None,
        **switches: Any,
    ):
        self.device = EmulatedEscposDevice(profile, **switches)
        self.stream = PrinterStream(self.device, out_dir, on_receipt=on_receipt)
        self.link = Path(link) if link is not None else None
        self._master = self._slave = -1
        self._stop_r = self._stop_w = -1
        self._thread: threading.Thread | None = None
        self.slave_path = ""

    def start(self) -> PtyPrinterEmulator:
        self._master, self._slave = os.openpty()
        # Raw: no echo of answers back to us, no LF -> CR LF in receipts. The slave stays
        # open here, so the master never reads "hung up" while the driver reconnects.
        tty.setraw(self._slave)
        self.slave_path = os.ttyname(self._slave)
        if self.link is not None:
            self.link.unlink(missing_ok=True)
            self.link.symlink_to(self.slave_path)
        self._stop_r, self._stop_w = os.pipe()
        self._thread = threading.Thread(target=self._pump, name="pty-printer", daemon=True)
        self._thread.start()
        return self

    @property
    def device_path(self) -> str:
        """What to put in `[devices.printer] device`."""
        return str(self.link) if self.link is not None else self.slave_path

    def stop(self) -> None:
        if self._thread is None:
            return
        os.write(self._stop_w, b"x")
        self._thread.join(timeout=10)
        self._thread = None
        for fd in (self._master, self._slave, self._stop_r, self._stop_w):
            os.close(fd)
        if self.link is not None:
            self.link.unlink(missing_ok=True)

    def __enter__(self) -> PtyPrinterEmulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def receipts(self) -> list[PrintedReceipt]:
        return self.stream.receipts

    def wait_for_receipts(self, count: int, timeout: float = 10.0) -> list[PrintedReceipt]:
        return self.stream.wait_for_receipts(count, timeout)

    def _pump(self) -> None:
        while True:
            readable, _, _ = select.select([self._master, self._stop_r], [], [])
            if self._stop_r in readable:
                return
            try:
                chunk = os.read(self._master, 65536)
            except OSError:  # EIO: nobody has the slave open; we keep it open, so rare
                time.sleep(0.01)
                continue
            try:
                answers = self.stream.feed(chunk, time.perf_counter())
            except Exception:  # noqa: BLE001 - a bad receipt must not kill the printer
                log.exception("emulated printer failed on the data it was sent")
                continue
            if answers:
                os.write(self._master, answers)
