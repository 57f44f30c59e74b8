"""python-escpos connections that open when told, close when told, and at no other time.

python-escpos's connection classes open their port lazily, the first time anything
touches `.device` (a status poll after a `close()` silently reopens it), turn a failed
open into `.device = None` so the next write dies on an `assert`, and close (flushing a
serial port, shutting a socket down) from `__del__` at whatever moment the garbage
collector picks. Its serial `_read()` waits for 16 bytes (so every one-byte status
answer costs the whole timeout), its network `_read()` takes a closed connection for
"no answer", and nothing throws away an answer that came too late to the previous
question. The subclasses here keep python-escpos's command layer and fix the
transport: `open()` connects now or raises `PrinterNotConnected` with a one-line reason,
`close()` only releases the handle, status reads take what the printer sent, and stale
input is discarded before each status request.

USB and CUPS live in transports_usb_cups.py: they need optional libraries.
"""

from __future__ import annotations

import errno
import os
import select
import socket
import time
from typing import Any

import serial

import drivers.printer.escpos_loader  # noqa: F401 - before python-escpos

# isort: split
from escpos.printer import File, Network, Serial


class PrinterNotConnected(ConnectionError):
    """The printer cannot be reached; the message is one line for a technician."""


def reason(exc: BaseException) -> str:
    """The short cause of an OS error ("Connection refused"), on one line."""
    if isinstance(exc, socket.timeout):
        return "timed out"
    if isinstance(exc, OSError) and exc.errno:
        return os.strerror(exc.errno)
    return " ".join(str(exc).split()) or type(exc).__name__


class ExplicitTransport:
    """Put before a python-escpos connection class: explicit open and close.

    Subclasses say where the printer is (`where`), how to get a handle (`_connect`),
    how to let it go (`_release`) and how to drop input nobody asked for
    (`_discard_input`).
    """

    _device: Any

    def where(self) -> str:
        raise NotImplementedError

    # python-escpos reads `.device` everywhere; here reading it never opens anything.
    @property
    def device(self) -> Any:
        if not self._device:
            raise PrinterNotConnected(f"the printer at {self.where()} is not connected")
        return self._device

    @device.setter
    def device(self, value: Any) -> None:
        self._device = value

    @property
    def is_open(self) -> bool:
        return bool(self._device)

    def open(self, raise_not_found: bool = True) -> None:
        """Connect now, dropping an older connection first; raise PrinterNotConnected."""
        self.close()
        self._device = self._connect()

    def close(self) -> None:
        """Let the handle go; never blocks on the printer."""
        handle, self._device = self._device, False
        if handle:
            self._release(handle)

    def __del__(self) -> None:
        """No I/O at garbage collection: the owner closes explicitly."""

    def end_job(self) -> None:
        """Called after each receipt's bytes were sent (CUPS submits the job here)."""

    def query_status(self, mode: bytes) -> bytes:
        self._discard_input()
        self._raw(mode)
        return self._read()

    def _connect(self) -> Any:
        raise NotImplementedError

    def _release(self, handle: Any) -> None:
        handle.close()

    def _discard_input(self) -> None:
        pass


class NetworkTransport(ExplicitTransport, Network):
    """A printer on TCP port 9100 (or any raw TCP port)."""

    def __init__(self, host: str, port: int = 9100, timeout: float = 5.0, **kwargs: Any):
        Network.__init__(self, host, port, timeout, **kwargs)

    def where(self) -> str:
        return f"{self.host}:{self.port}"

    def _connect(self) -> socket.socket:
        try:
            sock = socket.create_connection((self.host, self.port), timeout=self.timeout)
        except OSError as exc:
            raise PrinterNotConnected(
                f"cannot connect to the printer at {self.where()}: {reason(exc)}"
            ) from exc
        # A 3-byte status request must not wait for the ACK of the receipt before it.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
        return sock

    def _release(self, handle: socket.socket) -> None:
        handle.close()  # a FIN after what was sent; no shutdown() that could wait

    def _read(self) -> bytes:
        data = self.device.recv(16)
        if not data:
            raise PrinterNotConnected(f"the printer at {self.where()} closed the connection")
        return data

    def _discard_input(self) -> None:
        sock = self.device
        while select.select([sock], [], [], 0)[0]:
            if not sock.recv(4096):
                raise PrinterNotConnected(
                    f"the printer at {self.where()} closed the connection"
                )


class SerialTransport(ExplicitTransport, Serial):
    """A printer on a serial port (RS-232, USB-serial, or a pty in tests)."""

    def __init__(self, devfile: str, baudrate: int = 9600, timeout: float = 5.0, **kwargs: Any):
        Serial.__init__(self, devfile, baudrate, timeout=timeout, **kwargs)

    def where(self) -> str:
        return self.devfile

    def _connect(self) -> serial.Serial:
        try:
            return serial.Serial(
                port=self.devfile,
                baudrate=self.baudrate,
                bytesize=self.bytesize,
                parity=self.parity,
                stopbits=self.stopbits,
                timeout=self.timeout,
                # python-escpos sets none: a printer holding flow control would block forever.
                write_timeout=self.timeout,
                xonxoff=self.xonxoff,
                dsrdtr=self.dsrdtr,
                exclusive=True,
            )
        except (ValueError, serial.SerialException) as exc:
            raise PrinterNotConnected(
                f"cannot open the printer's serial port {self.devfile}: {reason(exc)}"
            ) from exc

    def _release(self, handle: serial.Serial) -> None:
        handle.close()  # no flush(): tcdrain on a stalled port never returns

    def _raw(self, msg: bytes) -> None:
        try:
            self.device.write(msg)
        except serial.SerialTimeoutException as exc:
            raise TimeoutError(f"the printer on {self.devfile} stopped taking data") from exc

    def _read(self) -> bytes:
        """What the printer sent: up to the timeout for the first byte, then what is there."""
        port = self.device
        first = port.read(1)
        if not first:
            return b""
        waiting = port.in_waiting
        return first + (port.read(waiting) if waiting else b"")

    def _discard_input(self) -> None:
        self.device.reset_input_buffer()


class FileTransport(ExplicitTransport, File):
    """A printer behind a device file (/dev/usb/lp0), or a file or FIFO in tests.

    It can only be written to, so status is never known. The file is opened without
    O_CREAT (an unplugged /dev/usb/lp0 must not become a regular file), in append mode
    (a reconnection does not wipe a test's file), and non-blocking, so that a FIFO with
    nobody reading it is "not connected" instead of hanging the kiosk at start, and a
    stalled printer is a timeout instead of a write that never returns.
    """

    def __init__(self, devfile: str, timeout: float = 5.0, **kwargs: Any):
        File.__init__(self, devfile, **kwargs)
        self.timeout = timeout

    def where(self) -> str:
        return self.devfile

    def _connect(self) -> Any:
        flags = os.O_WRONLY | os.O_APPEND | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC
        try:
            fd = os.open(self.devfile, flags)
        except OSError as exc:
            why = "nothing is reading it" if exc.errno == errno.ENXIO else reason(exc)
            raise PrinterNotConnected(
                f"cannot open the printer's device file {self.devfile}: {why}"
            ) from exc
        return os.fdopen(fd, "wb", buffering=0)

    def flush(self) -> None:
        pass  # unbuffered: every write goes straight to the device

    def _raw(self, msg: bytes) -> None:
        out = self.device
        pending = memoryview(msg)
        deadline = time.monotonic() + self.timeout
        while pending:
            written = out.write(pending)  # None when the device would block
            if written:
                pending = pending[written:]
                continue
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([], [out], [], left)[1]:
                raise TimeoutError(f"the printer behind {self.devfile} stopped taking data")

    def query_status(self, mode: bytes) -> bytes:
        raise NotImplementedError("a device file cannot answer status requests")
