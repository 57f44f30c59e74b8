"""The terminal under a service manager (systemd, `Type=notify`, `WatchdogSec=`): it says
READY=1 once its first frame is drawn, pings the watchdog at the interval asked for, from
the screens' own event loop (so a frozen screen stops the pings and gets the terminal
restarted), and says STOPPING=1 on its way out. The service manager's end is a Unix
datagram socket of the test's own."""

from __future__ import annotations

import os
import signal
import socket
import statistics
import threading
import time

import pytest

from kiosk.service_manager import ServiceManager
from tests.e2e.kiosk_process import KioskProcess, environment
from ui.lifecycle import WatchdogPings


class NotifySocket:
    """The service manager's socket: every datagram, with when it came."""

    def __init__(self, address: str):
        self.socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.socket.bind(address)
        self.socket.settimeout(0.2)
        self.received: list[tuple[float, str]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._listen, daemon=True)
        self._thread.start()

    def _listen(self) -> None:
        while not self._stop.is_set():
            try:
                data = self.socket.recv(4096)
            except TimeoutError:
                continue
            self.received.append((time.monotonic(), data.decode()))

    def wait_for(self, wanted: str, timeout: float = 120.0) -> float:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for at, message in list(self.received):
                if wanted in message.splitlines():
                    return at
            time.sleep(0.05)
        raise AssertionError(f"no {wanted} in {self.received}")

    def pings(self, after: float = 0.0, before: float = float("inf")) -> list[float]:
        return [at for at, message in list(self.received)
                if message == "WATCHDOG=1" and after < at < before]

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.socket.close()


@pytest.fixture
def notify_socket(tmp_path):
    listener = NotifySocket(str(tmp_path / "notify"))
    yield listener
    listener.close()


def test_the_terminal_says_ready_after_its_first_frame_then_pings_and_says_stopping(
        tmp_path, notify_socket):
    watchdog_s = 2.0
    env = environment(tmp_path, NOTIFY_SOCKET=str(tmp_path / "notify"),
                      WATCHDOG_USEC=str(int(watchdog_s * 1e6)),
                      WATCHDOG_PID="1")  # under cage, the compositor's: pinged all the same
    kiosk = KioskProcess(["run", "--emulated-devices", "--data-dir", str(tmp_path / "data")],
                         env)
    try:
        kiosk.wait_for("first frame")
        ready = notify_socket.wait_for("READY=1")
        time.sleep(3 * watchdog_s)
        pings = notify_socket.pings(after=ready)
        code, _ = kiosk.stop_with(signal.SIGTERM)
    finally:
        kiosk.kill()
    assert code == 0
    messages = [message for _, message in notify_socket.received]
    assert messages.index("READY=1\nSTATUS=serving") < len(messages) - 1
    assert messages[-1] == "STOPPING=1\nSTATUS=stopping"
    gaps = [b - a for a, b in zip(pings, pings[1:], strict=False)]
    assert len(pings) >= 4, pings
    assert max(gaps) < watchdog_s  # never late enough for a restart
    assert statistics.median(gaps) == pytest.approx(watchdog_s / 2, rel=0.3)


def test_no_ping_while_the_screens_event_loop_is_blocked(qtbot, tmp_path, notify_socket):
    manager = ServiceManager({"NOTIFY_SOCKET": str(tmp_path / "notify"),
                              "WATCHDOG_USEC": "200000"})
    pings = WatchdogPings(manager)
    try:
        qtbot.waitUntil(lambda: len(notify_socket.pings()) >= 3, timeout=10_000)
        time.sleep(0.3)  # let the last ping sent arrive
        blocked_from = time.monotonic()
        time.sleep(1.5)  # the UI thread busy: a hung screen
        blocked_until = time.monotonic()
        qtbot.waitUntil(lambda: bool(notify_socket.pings(after=blocked_until)), timeout=10_000)
    finally:
        pings.stop()
        manager.close()
    assert notify_socket.pings(after=blocked_from, before=blocked_until) == []


def test_outside_a_service_manager_nothing_is_sent_and_a_gone_socket_is_told_once(
        tmp_path, caplog):
    alone = ServiceManager({})
    assert not alone.present and alone.watchdog_ping_s is None
    alone.ready()  # nothing to send to: nothing happens

    gone = ServiceManager({"NOTIFY_SOCKET": str(tmp_path / "no-such-socket"),
                           "WATCHDOG_USEC": "banana"})
    assert gone.watchdog_ping_s is None  # a watchdog interval that is not one: no pings
    for _ in range(3):
        gone.alive()
    gone.close()
    told = [r for r in caplog.records if "service manager" in r.getMessage()]
    assert len(told) == 1 and told[0].levelname == "WARNING"


def test_an_abstract_notify_socket_is_reached(tmp_path):
    name = f"kiosk-test-{os.getpid()}-{time.monotonic_ns()}"
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    listener.bind("\0" + name)
    listener.settimeout(5)
    try:
        manager = ServiceManager({"NOTIFY_SOCKET": "@" + name})
        manager.ready()
        manager.close()
        assert listener.recv(4096) == b"READY=1\nSTATUS=serving"
    finally:
        listener.close()
