"""The ID card reader's serial port (pyserial): a ByteTransport that survives unplugging.

A USB reader that comes loose makes its port vanish; plugged back, the port reappears
(often under the same stable name, a udev symlink). So the port is opened on first use
and reopened after any failure, never more often than the reconnect delays allow (0.5 s,
1 s, 2 s, then every 5 s), so a missing reader costs the poll loop nothing but one failed
`open()` now and then. Every failure surfaces as OSError, which the driver reports as
NO_DEVICE; the next successful exchange brings it back.
"""

from __future__ import annotations

import errno
import logging
import termios
import time
from typing import NoReturn

import serial

from drivers.base import DeviceState
from drivers.id_reader.ga467 import BAUD_PARAS
from drivers.id_reader.protocol import CardCheck
from drivers.id_reader.reader import Ga467IdCardReader

log = logging.getLogger(__name__)

RECONNECT_DELAYS = (0.5, 1.0, 2.0, 5.0)
# What a port that went away raises; termios.error (from flushing) is no OSError.
_PORT_ERRORS = (serial.SerialException, OSError, termios.error)


class SerialTransport:
    """ByteTransport over a serial port, 8N1, no flow control."""

    def __init__(self, port: str, baudrate: int = 115200, *,
                 reconnect_delays: tuple[float, ...] = RECONNECT_DELAYS,
                 clock=time.monotonic):
        self.port = port
        self.baudrate = baudrate
        self._delays = reconnect_delays
        self._clock = clock
        self._serial: serial.Serial | None = None
        self._failures = 0
        self._next_attempt = 0.0
        self._closed = False

    # -- ByteTransport --------------------------------------------------------------

    def write(self, data: bytes) -> None:
        port = self._open()
        try:
            port.write(data)
            port.flush()
        except _PORT_ERRORS as exc:
            self._lost(exc)

    def read(self, size: int, timeout: float) -> bytes:
        """Up to `size` bytes: waits at most `timeout` for the first, then takes what has
        already arrived, so an answer is handed on as it comes."""
        port = self._open()
        try:
            port.timeout = max(0.0, timeout)
            first = port.read(1)
            if not first:
                return b""
            waiting = min(size - 1, port.in_waiting)
            return first + (port.read(waiting) if waiting > 0 else b"")
        except _PORT_ERRORS as exc:
            self._lost(exc)

    def reset_input(self) -> None:
        port = self._open()
        try:
            port.reset_input_buffer()
        except _PORT_ERRORS as exc:
            self._lost(exc)

    def close(self) -> None:
        self._closed = True
        self._drop()

    # -- speed ------------------------------------------------------------------------

    def set_baudrate(self, baudrate: int) -> None:
        """Talk at another speed from the next exchange on (probing, or after 60 0x)."""
        self.baudrate = baudrate
        if self._serial is not None:
            try:
                self._serial.baudrate = baudrate
            except _PORT_ERRORS as exc:
                self._lost(exc)

    # -- the port's life ------------------------------------------------------------

    def _open(self) -> serial.Serial:
        if self._closed:
            raise OSError(errno.EBADF, "the ID card reader's port is closed")
        if self._serial is not None:
            return self._serial
        now = self._clock()
        if now < self._next_attempt:
            raise OSError(errno.ENODEV, f"{self.port} is not there (waiting to retry)")
        try:
            self._serial = serial.Serial(self.port, self.baudrate, timeout=0,
                                         write_timeout=1.0, exclusive=True)
        except (*_PORT_ERRORS, ValueError) as exc:
            delay = self._delays[min(self._failures, len(self._delays) - 1)]
            self._failures += 1
            self._next_attempt = now + delay
            if self._failures == 1:
                log.warning("ID card reader port %s cannot be opened (%s); retrying",
                            self.port, _reason(exc))
            raise OSError(errno.ENODEV, f"{self.port} cannot be opened") from None
        if self._failures:
            log.info("ID card reader port %s is back", self.port)
        self._failures = 0
        return self._serial

    def _lost(self, exc: Exception) -> NoReturn:
        log.warning("ID card reader port %s failed (%s); it will be reopened",
                    self.port, _reason(exc))
        self._drop()
        self._failures = max(self._failures, 1)
        self._next_attempt = self._clock() + self._delays[0]
        raise OSError(errno.EIO, f"{self.port} failed") from None

    def _drop(self) -> None:
        port, self._serial = self._serial, None
        if port is not None:
            try:
                port.close()
            except _PORT_ERRORS:
                pass  # already gone with the device


def _reason(exc: Exception) -> str:
    code = exc.errno if isinstance(exc, OSError) else (
        exc.args[0] if isinstance(exc, termios.error) and exc.args else None)
    if isinstance(code, int):
        return errno.errorcode.get(code, str(code))
    return type(exc).__name__


def open_serial_id_reader(port: str, baudrate: int = 115200, *, probe_baudrates: bool = False,
                          answer_timeout_s: float = 1.0,
                          read_timeout_s: float = 3.0,
                          card_check: CardCheck | None = None) -> Ga467IdCardReader:
    """The GA 467 driver on a serial port. It never fails for a missing reader: that shows
    as NO_DEVICE in its health until the port appears. With `probe_baudrates`, a module
    that does not answer at `baudrate` is looked for at the other rates modules can be
    set to, and kept at the first that answers. `card_check` is the rule a card's data
    must pass to count as read (see Ga467IdCardReader)."""
    transport = SerialTransport(port, baudrate)
    reader = Ga467IdCardReader(transport, timeout_s=answer_timeout_s,
                               read_timeout_s=max(read_timeout_s, answer_timeout_s),
                               card_check=card_check)
    if not probe_baudrates:
        return reader
    rates = [baudrate] + [rate for rate in BAUD_PARAS if rate != baudrate]
    for rate in rates:
        transport.set_baudrate(rate)
        state = reader.sam_status()
        if state is DeviceState.READY:
            if rate != baudrate:
                log.warning("ID card reader answers at %d baud, not the configured %d; "
                            "set baudrate = %d in [devices.id_reader]", rate, baudrate, rate)
            return reader
        if state is DeviceState.NO_DEVICE:
            break  # no port at all: speeds will not help
    transport.set_baudrate(baudrate)
    log.warning("ID card reader on %s answered at no speed", port)
    return reader
