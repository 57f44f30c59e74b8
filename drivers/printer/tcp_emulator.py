"""A network receipt printer on TCP port 9100, for tests, benchmarks and demos.

It listens on 127.0.0.1 only and serves one connection at a time, as network receipt
printers do (a second host waits in the backlog until the first lets go). What arrives
goes through `PrinterStream` into the same emulated device the in-process tests use, so
status requests are answered from its switches (`emulator.device.paper = "out"`) and
each receipt, split on its cut, is decoded, kept, and written as text and PNG.
`unplug()` closes the listener and the connection (the printer switched off);
`plug_in()` listens again on the same port.

    python -m drivers.printer.tcp_emulator --port 9100 --out DIR [--paper ok|near_end|out]
"""

from __future__ import annotations

import argparse
import logging
import selectors
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from drivers.printer.emulator import PAPER_STATES, EmulatedEscposDevice
from drivers.printer.printer_stream import PrintedReceipt, PrinterStream
from drivers.printer.profiles import PROFILES

log = logging.getLogger(__name__)

LOOPBACK = "127.0.0.1"


class TcpPrinterEmulator:
    """An emulated ESC/POS printer behind a real TCP socket on the loopback interface.

    Switches (paper, cover_open, offline, silent) are the device's: see emulator.py.
    """

    def __init__(
        self,
        profile: str = "generic-80-gb18030",
        *,
        port: int = 0,
        out_dir: Path | str | None = None,
        on_receipt: Callable[[PrintedReceipt], None] | None = None,
        **switches: Any,
    ):
        self.device = EmulatedEscposDevice(profile, **switches)
        self.stream = PrinterStream(self.device, out_dir, on_receipt=on_receipt)
        self.port = port  # 0 until started: the kernel picks one, kept across plug_in()
        self.connections_accepted = 0
        self._selector = selectors.DefaultSelector()
        self._wake_r, self._wake_w = socket.socketpair()
        self._selector.register(self._wake_r, selectors.EVENT_READ, "wake")
        self._calls: list[tuple[Callable[[], Any], Future]] = []
        self._calls_lock = threading.Lock()
        self._listener: socket.socket | None = None
        self._client: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._stopping = False

    # -- life cycle (any thread) ------------------------------------------------------

    def start(self) -> TcpPrinterEmulator:
        self._listen()
        self._thread = threading.Thread(target=self._loop, name="tcp-printer", daemon=True)
        self._thread.start()
        return self

    @property
    def address(self) -> tuple[str, int]:
        return LOOPBACK, self.port

    @property
    def listening(self) -> bool:
        return self._listener is not None

    def unplug(self) -> None:
        """The printer is switched off: the listener and any connection close."""
        self._in_loop(self._close_sockets)

    def plug_in(self) -> None:
        """The printer is back, on the same port."""
        self._in_loop(self._listen)

    def stop(self) -> None:
        if self._thread is None:
            return
        self._in_loop(self._close_sockets)
        self._stopping = True
        self._wake_w.send(b"x")
        self._thread.join(timeout=10)
        self._thread = None
        self._selector.close()
        self._wake_r.close()
        self._wake_w.close()

    def __enter__(self) -> TcpPrinterEmulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def send_unsolicited(self, data: bytes) -> None:
        """Send bytes nobody asked for (a printer with automatic status back does)."""

        def send() -> None:
            if self._client is None:
                raise ConnectionError("no host is connected to the emulated printer")
            self._client.sendall(data)

        self._in_loop(send)

    @property
    def receipts(self) -> list[PrintedReceipt]:
        return self.stream.receipts

    def wait_for_receipts(self, count: int, timeout: float = 10.0) -> list[PrintedReceipt]:
        return self.stream.wait_for_receipts(count, timeout)

    # -- the loop's thread ------------------------------------------------------------

    def _in_loop(self, call: Callable[[], Any]) -> Any:
        """Run `call` on the loop's thread (the selector is not thread-safe); wait for it."""
        if self._thread is None or threading.current_thread() is self._thread:
            return call()
        done: Future = Future()
        with self._calls_lock:
            self._calls.append((call, done))
        self._wake_w.send(b"x")
        return done.result(timeout=10)

    def _listen(self) -> None:
        if self._listener is not None:
            return
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            listener.bind((LOOPBACK, self.port))
        except OSError:
            listener.close()
            raise
        listener.listen(8)
        listener.setblocking(False)
        self.port = listener.getsockname()[1]
        self._listener = listener
        self._watch_listener()

    def _watch_listener(self) -> None:
        # One connection at a time: accept only while nobody is connected.
        if self._listener is not None and self._client is None:
            self._selector.register(self._listener, selectors.EVENT_READ, "accept")

    def _close_sockets(self) -> None:
        self._drop_client()
        if self._listener is not None:
            self._unwatch(self._listener)
            self._listener.close()
            self._listener = None

    def _unwatch(self, sock: socket.socket) -> None:
        try:
            self._selector.unregister(sock)
        except KeyError:
            pass

    def _drop_client(self) -> None:
        if self._client is None:
            return
        self._unwatch(self._client)
        self._client.close()
        self._client = None
        self.stream.connection_closed()
        self._watch_listener()

    def _accept(self) -> None:
        assert self._listener is not None
        try:
            client, _ = self._listener.accept()
        except BlockingIOError:
            return
        client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._unwatch(self._listener)
        self._client = client
        self.connections_accepted += 1
        self._selector.register(client, selectors.EVENT_READ, "client")

    def _serve_client(self) -> None:
        client = self._client
        assert client is not None
        try:
            chunk = client.recv(65536)
        except OSError:
            chunk = b""
        received_at = time.perf_counter()
        if not chunk:
            self._drop_client()
            return
        try:
            answers = self.stream.feed(chunk, received_at)
            if answers and self._client is client:  # not switched off meanwhile
                client.sendall(answers)
        except OSError:
            self._drop_client()
        except Exception:  # noqa: BLE001 - a bad receipt must not kill the printer
            log.exception("emulated printer failed on the data it was sent")
            self._drop_client()

    def _run_calls(self) -> None:
        self._wake_r.recv(4096)
        with self._calls_lock:
            calls, self._calls = self._calls, []
        for call, done in calls:
            try:
                done.set_result(call())
            except BaseException as exc:  # handed to the caller
                done.set_exception(exc)

    def _loop(self) -> None:
        while not self._stopping:
            for key, _ in self._selector.select():
                if key.data == "wake":
                    self._run_calls()
                elif key.data == "accept" and self._listener is not None:
                    self._accept()
                elif key.data == "client" and self._client is key.fileobj:
                    self._serve_client()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m drivers.printer.tcp_emulator",
        description="An ESC/POS receipt printer on 127.0.0.1 that saves what it prints.",
    )
    parser.add_argument("--port", type=int, default=9100, help="TCP port (0: any free one)")
    parser.add_argument("--out", type=Path, required=True, help="folder for .txt and .png")
    parser.add_argument("--paper", choices=PAPER_STATES, default="ok")
    parser.add_argument("--profile", choices=sorted(PROFILES), default="generic-80-gb18030")
    args = parser.parse_args(argv)

    def announce(receipt: PrintedReceipt) -> None:
        print(receipt.summary(), flush=True)

    emulator = TcpPrinterEmulator(
        args.profile, port=args.port, out_dir=args.out, paper=args.paper, on_receipt=announce
    )
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with emulator:
        host, port = emulator.address
        print(f"printer {args.profile} listening on {host}:{port}, paper {args.paper}", flush=True)
        try:
            stop.wait()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
