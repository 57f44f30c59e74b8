"""The emulated social security card in pcscd's virtual reader (vsmartcard-vpcd).

vpcd listens on a TCP port; a card is "in" while a client is connected to it. Every
message either way is a 2-byte big-endian length then the payload. A 1-byte payload is
a control code (0 power off, 1 power on, 2 reset, 4 get ATR): only 4 is answered, with
the ATR. A longer payload is a command APDU, answered with the response APDU (data, SW1,
SW2). The APDUs are answered by the same card as the in-process emulator's.

Runnable for a demo or a technician's check against a pcscd with vpcd configured:
    python -m drivers.card_reader.vpcd_card --port 35963 --card li_jianguo
"""

from __future__ import annotations

import argparse
import socket
import struct
import sys
import threading
import time
from collections.abc import Callable

from drivers.card_reader.emulated_card import PullFault, SocialSecurityCardEmulator, load_cards

VPCD_HOST = "127.0.0.1"  # a card emulator never talks to another machine
PACKAGED_PORT = 0x8C7B  # 35963, Debian's /etc/reader.conf.d/vpcd (reader "... 00 00")
CONTROL_POWER_OFF, CONTROL_POWER_ON, CONTROL_RESET, CONTROL_GET_ATR = 0, 1, 2, 4

Connect = Callable[[int], socket.socket]


def connect_loopback(port: int) -> socket.socket:
    return socket.create_connection((VPCD_HOST, port), timeout=5)


class VpcdCard:
    """One card slot of vpcd: insert connects, remove disconnects, faults drop the line.

    `connect` opens the TCP connection to 127.0.0.1:`port` (tests pass one that opens
    it inside the private pcscd's network namespace).

    Like a hand at a real slot, leave the slot empty for one of pcscd's presence checks
    (400 ms) between cards after a pull: pcscd's watcher of a polled reader such as vpcd
    takes a card that comes back before its next check for the one it last saw, and
    never reports it (tests wait for that check; see tests/devices/pcsc_stack.py).
    """

    def __init__(
        self,
        card: SocialSecurityCardEmulator,
        port: int = PACKAGED_PORT,
        *,
        connect: Connect = connect_loopback,
    ):
        self.card = card
        self.port = port
        self._connect = connect
        self._pull = PullFault()
        self._lock = threading.Condition()
        self._sock: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._atr_requests = 0  # vpcd asks for the ATR at every presence check
        self.out_reason = "not inserted"  # why the card is out, for messages

    # --- the resident's hand ----------------------------------------------------------

    def insert(self, card: SocialSecurityCardEmulator | None = None, timeout: float = 10) -> None:
        """Put the card in; returns once vpcd has asked for its ATR (pcscd saw it)."""
        if self.inserted:
            raise RuntimeError("a card is already in this slot; remove it first")
        if card is not None:
            self.card = card
        self.card.power_on()
        sock = self._connect(self.port)
        sock.settimeout(None)  # vpcd may stay quiet between presence checks
        with self._lock:
            self._sock, self._atr_requests = sock, 0
            self.out_reason = ""
        self._thread = threading.Thread(
            target=self._serve, args=(sock,), name=f"vpcd-card-{self.port}", daemon=True
        )
        self._thread.start()
        if not self.wait_for_presence_checks(1, timeout):
            self.remove()
            raise TimeoutError(
                f"vpcd on {VPCD_HOST}:{self.port} accepted no card within {timeout} s "
                "(is another card already in that reader?)"
            )

    def remove(self) -> None:
        """Take the card out: close the connection; vpcd reports the slot empty."""
        with self._lock:
            sock, self._sock = self._sock, None
            if sock is not None:
                self.out_reason = "removed"
        if sock is not None:
            _hang_up(sock)
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=5)
        self._thread = None

    def swap(self, card: SocialSecurityCardEmulator) -> None:
        self.remove()
        self.insert(card)

    def pull_after(self, apdus: int) -> None:
        """Fault: after `apdus` more command APDUs, the card is pulled instead of answering."""
        self._pull.arm(apdus)

    close = remove

    # --- what tests and the command line wait on -------------------------------------

    @property
    def inserted(self) -> bool:
        with self._lock:
            return self._sock is not None

    def wait_for_presence_checks(self, count: int, timeout: float) -> bool:
        """Wait until vpcd has asked for the ATR `count` times since insertion."""
        with self._lock:
            return self._lock.wait_for(
                lambda: self._atr_requests >= count or self._sock is None, timeout
            ) and self._atr_requests >= count

    def wait_until_out(self, timeout: float | None = None) -> bool:
        with self._lock:
            return self._lock.wait_for(lambda: self._sock is None, timeout)

    @property
    def presence_checks(self) -> int:
        with self._lock:
            return self._atr_requests

    # --- vpcd's side ------------------------------------------------------------------

    def _serve(self, sock: socket.socket) -> None:
        try:
            while True:
                payload = _receive(sock)
                if payload is None:
                    self._gone(sock, "vpcd closed the connection (pcscd stopped?)")
                    return
                answer = self._answer(payload)
                if answer is _PULLED:
                    self._gone(sock, "pulled out while being read")
                    return
                if answer is not None:
                    sock.sendall(struct.pack(">H", len(answer)) + answer)
        except OSError as exc:
            self._gone(sock, f"connection to vpcd failed: {exc.strerror or exc}")

    def _answer(self, payload: bytes) -> bytes | object | None:
        if len(payload) == 1:
            if payload[0] == CONTROL_GET_ATR:
                with self._lock:
                    self._atr_requests += 1
                    self._lock.notify_all()
                return bytes(self.card.atr)
            if payload[0] in (CONTROL_POWER_ON, CONTROL_RESET, CONTROL_POWER_OFF):
                self.card.power_on()  # a cold or warm reset: nothing selected any more
            return None  # vpcd expects no answer to power codes
        if self._pull.pull_now():
            return _PULLED
        data, sw1, sw2 = self.card.transmit(list(payload))
        return bytes(data) + bytes([sw1, sw2])

    def _gone(self, sock: socket.socket, reason: str) -> None:
        with self._lock:
            if self._sock is sock:  # not already removed by the resident's hand
                self._sock = None
                self.out_reason = reason
            self._lock.notify_all()
        _hang_up(sock)


_PULLED = object()


def _receive(sock: socket.socket) -> bytes | None:
    header = _read_exactly(sock, 2)
    if header is None:
        return None
    (length,) = struct.unpack(">H", header)
    return _read_exactly(sock, length)


def _read_exactly(sock: socket.socket, size: int) -> bytes | None:
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def _hang_up(sock: socket.socket) -> None:
    # shutdown() wakes a recv() blocked in the serving thread; close() alone does not.
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # already disconnected
    sock.close()


# --- command line -------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    cards = load_cards()
    parser = argparse.ArgumentParser(
        prog="python -m drivers.card_reader.vpcd_card",
        description="Put an emulated social security card in pcscd's virtual reader (vpcd).",
    )
    parser.add_argument("--port", type=int, default=PACKAGED_PORT,
                        help=f"vpcd's TCP port on {VPCD_HOST} (default {PACKAGED_PORT})")
    parser.add_argument("--card", choices=sorted(cards), default=sorted(cards)[0],
                        help="which sample card (drivers/card_reader/cards/)")
    parser.add_argument("--pin-protected", action="store_true",
                        help="the holder file wants a PIN (answers 69 82)")
    args = parser.parse_args(argv)
    card = cards[args.card]
    if args.pin_protected:
        card.pin_protected = True
    slot = VpcdCard(card, args.port)
    ever_in = False
    try:
        while True:
            try:
                slot.insert()
            except OSError as exc:
                if not ever_in:
                    print(f"vpcd on {VPCD_HOST}:{args.port} is not reachable: {exc}",
                          file=sys.stderr)
                    return 1
                time.sleep(0.5)  # pcscd is restarting: put the card back when it is up
                continue
            ever_in = True
            print(f"card {args.card} is in the virtual reader on {VPCD_HOST}:{args.port}",
                  flush=True)
            while not slot.wait_until_out(timeout=1):
                pass  # short waits keep Ctrl-C prompt
            print(f"card {args.card} is out: {slot.out_reason}; inserting it again",
                  file=sys.stderr, flush=True)
    except KeyboardInterrupt:
        slot.remove()
        return 0

if __name__ == "__main__":
    sys.exit(main())
