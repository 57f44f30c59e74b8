"""The terminal as a service, seen from its event loop: SIGTERM and SIGINT end it in
order (the visit wiped, the store and the devices closed, the demo's platform and folder
gone), and the service manager's watchdog is pinged from the event loop itself, so that
pings stop when the screens freeze.

A Python signal handler runs only when the main thread runs Python, which it does not
while Qt's event loop waits. So the signal's number is written to a socket
(`signal.set_wakeup_fd`) that the event loop watches, and the loop quits from there.
"""

from __future__ import annotations

import logging
import signal
import socket

from PySide6.QtCore import QObject, QSocketNotifier, QTimer

from kiosk.service_manager import ServiceManager

log = logging.getLogger(__name__)

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


class StopOnSignal(QObject):
    """From construction to `close()`: SIGTERM or SIGINT quits `app`'s event loop;
    `received` says which came first."""

    def __init__(self, app, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self.received: signal.Signals | None = None
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        self._previous_wakeup = signal.set_wakeup_fd(self._writer.fileno(),
                                                     warn_on_full_buffer=False)
        # The handler only keeps Python from its defaults (death, KeyboardInterrupt):
        # the socket carries the news.
        self._previous = {sig: signal.signal(sig, lambda signum, frame: None)
                          for sig in STOP_SIGNALS}
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._woken)

    def _woken(self) -> None:
        try:
            numbers = self._reader.recv(64)
        except BlockingIOError:
            return
        for number in numbers:
            if number in STOP_SIGNALS and self.received is None:
                self.received = signal.Signals(number)
                log.info("%s received: the terminal stops", self.received.name)
                self._app.quit()

    @property
    def exit_code(self) -> int:
        """0 for a stop asked by the service manager (SIGTERM), 130 for Ctrl-C."""
        return 130 if self.received is signal.SIGINT else 0

    def close(self) -> None:
        self._notifier.setEnabled(False)
        signal.set_wakeup_fd(self._previous_wakeup)
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)
        self._reader.close()
        self._writer.close()


class WatchdogPings(QObject):
    """Pings the service manager's watchdog from this thread's event loop, at the
    interval it asked for (nothing when it asked for none)."""

    def __init__(self, manager: ServiceManager, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        if manager.watchdog_ping_s is not None:
            self._timer.setInterval(max(1, round(manager.watchdog_ping_s * 1000)))
            self._timer.timeout.connect(manager.alive)
            self._timer.start()
            manager.alive()

    def stop(self) -> None:
        self._timer.stop()
