"""Telling the service manager (systemd, `Type=notify`) how the terminal is: ready once
its first frame is drawn, alive while its screens turn over, stopping when it stops.

The protocol is one datagram per message to the Unix socket named by `NOTIFY_SOCKET`
(a leading "@" names an abstract socket). Outside a service manager the variable is not
set and every call here does nothing.

The watchdog: `WATCHDOG_USEC` asks for a ping at least that often. The screens ping from
their own event loop at half that interval (see `ui/lifecycle.py`), so a frozen screen
stops the pings and the service manager restarts the terminal. `WATCHDOG_PID` is not
heeded: under `cage` it names the compositor, the unit's main process, while the
kiosk is its child; the unit says `NotifyAccess=all` for that reason.

Twenty lines of socket code: the PyPI helpers for this are unmaintained or need
libsystemd's headers to build.
"""

from __future__ import annotations

import logging
import os
import socket

log = logging.getLogger(__name__)


class ServiceManager:
    def __init__(self, environ: dict[str, str] | None = None) -> None:
        environ = os.environ if environ is None else environ
        address = environ.get("NOTIFY_SOCKET", "")
        self._address = "\0" + address[1:] if address.startswith("@") else address
        self._socket: socket.socket | None = None
        self._failed = False
        try:
            watchdog_us = int(environ.get("WATCHDOG_USEC", "0"))
        except ValueError:
            watchdog_us = 0
        # Half the interval asked for, as the protocol recommends: a late turn of the
        # event loop must not cost the terminal a restart.
        self.watchdog_ping_s = watchdog_us / 2e6 if watchdog_us > 0 else None

    @property
    def present(self) -> bool:
        return bool(self._address)

    def ready(self) -> None:
        self.notify("READY=1\nSTATUS=serving")

    def alive(self) -> None:
        self.notify("WATCHDOG=1")

    def stopping(self) -> None:
        self.notify("STOPPING=1\nSTATUS=stopping")

    def status(self, text: str) -> None:
        self.notify(f"STATUS={text}")

    def notify(self, message: str) -> None:
        if not self._address:
            return
        try:
            if self._socket is None:
                self._socket = socket.socket(socket.AF_UNIX,
                                             socket.SOCK_DGRAM | socket.SOCK_CLOEXEC)
            self._socket.sendto(message.encode(), self._address)
            self._failed = False
        except OSError as exc:
            if not self._failed:  # once until it works again, not at every ping
                log.warning("the service manager's socket does not take messages: %s",
                            exc.strerror or type(exc).__name__)
            self._failed = True

    def close(self) -> None:
        if self._socket is not None:
            self._socket.close()
            self._socket = None
