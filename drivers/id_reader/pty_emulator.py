"""A GA 467 SAM module behind a pseudo-terminal, so the real serial driver can talk to it.

The driver opens the pty's far end as a serial port, exactly as it opens /dev/ttyUSB0 on
a terminal; this side feeds what arrives to `SamModuleEmulator` and writes its answers
back. A pty ignores the baud rate, so the answers are paced here: each command waits
`module_delay_s` (the module's own work: the RF exchange with the card), then the answer
goes out at the speed of the line (10 bits a byte at 8N1). A host that opened the port at
another speed than the module's gets nothing back, as over a real line where the bytes
arrive garbled, which is what baud probing has to cope with.

Unplugging closes the pty (the driver's open port fails as a USB serial port does when
pulled) and removes the stable symlink; plugging back makes a new pty behind the same
symlink, as udev does for a reader with a fixed name.

    python -m drivers.id_reader.pty_emulator --link /tmp/id-reader [--baud 115200]
        [--module-delay-ms 20] [--card li_jianguo]

then type commands: present NAME, remove, noise N, bad-checksum, silent, talk, pull,
unplug, plug, quit.
"""

from __future__ import annotations

import argparse
import logging
import os
import select
import signal
import sys
import termios
import threading
import time
import tty
from pathlib import Path

from drivers.id_reader.emulator import SamModuleEmulator, load_cards

log = logging.getLogger(__name__)

BITS_PER_BYTE = 10  # 8N1: start bit, 8 data bits, stop bit
_CHUNK = 64  # bytes written at a time while pacing
_SPEEDS = {getattr(termios, f"B{rate}"): rate
           for rate in (9600, 19200, 38400, 57600, 115200) if hasattr(termios, f"B{rate}")}


def wire_seconds(n_bytes: int, baudrate: int) -> float:
    """How long `n_bytes` take on a serial line at `baudrate`, 8N1."""
    return n_bytes * BITS_PER_BYTE / baudrate


class PtySamModule:
    def __init__(self, module: SamModuleEmulator, *, baudrate: int = 115200,
                 module_delay_s: float = 0.0, link: Path | None = None,
                 clock=time.perf_counter, sleep=time.sleep):
        """`clock` and `sleep` pace the answers; a test may hand in a clock of its own
        to check the pacing without waiting for it."""
        self.module = module
        self._clock, self._sleep = clock, sleep
        self.baudrate = baudrate
        self.module_delay_s = module_delay_s
        self.link = link
        self.bytes_answered = 0  # for benchmarks: what went over the "wire"
        self.bytes_received = 0
        self.commands_answered = 0
        self._master: int | None = None
        self._slave: int | None = None
        self._slave_name = ""
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._wake_r, self._wake_w = os.pipe()

    @property
    def port(self) -> str:
        """What a driver opens: the stable link if there is one, else the pty itself."""
        return str(self.link) if self.link else self._slave_name

    @property
    def plugged(self) -> bool:
        return self._master is not None

    def start(self) -> PtySamModule:
        self.plug()
        return self

    def plug(self) -> None:
        if self._master is not None:
            return
        master, slave = os.openpty()
        tty.setraw(slave)  # no echo, no line editing: bytes pass as they are
        self._master, self._slave = master, slave
        self._slave_name = os.ttyname(slave)
        if self.link:
            temporary = self.link.with_name(self.link.name + ".new")
            temporary.unlink(missing_ok=True)
            os.symlink(self._slave_name, temporary)
            os.replace(temporary, self.link)
        self.module.plug()
        self._stop.clear()
        self._thread = threading.Thread(target=self._serve, name="pty-sam", daemon=True)
        self._thread.start()

    def unplug(self) -> None:
        """The reader pulled out: its port goes away under the driver."""
        if self._master is None:
            return
        self._stop.set()
        os.write(self._wake_w, b"x")
        if self._thread is not None:
            self._thread.join(timeout=2)
        if self.link:
            self.link.unlink(missing_ok=True)
        for fd in (self._master, self._slave):
            try:
                os.close(fd)
            except OSError:
                pass
        self._master = self._slave = None
        self.module.unplug()

    def close(self) -> None:
        self.unplug()
        for fd in (self._wake_r, self._wake_w):
            try:
                os.close(fd)
            except OSError:
                pass

    def __enter__(self) -> PtySamModule:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()

    # -- the line ---------------------------------------------------------------------

    def _host_speed_matches(self) -> bool:
        """The speed the host set on its end (pyserial sets it on open and on change)."""
        try:
            speed = termios.tcgetattr(self._slave)[5]
        except (termios.error, OSError, TypeError):
            return True
        return _SPEEDS.get(speed, self.baudrate) == self.baudrate

    def _serve(self) -> None:
        master = self._master
        while not self._stop.is_set():
            ready, _, _ = select.select([master, self._wake_r], [], [], 0.5)
            if self._wake_r in ready:
                os.read(self._wake_r, 64)
                continue
            if master not in ready:
                continue
            try:
                data = os.read(master, 4096)
            except OSError:
                return
            self.bytes_received += len(data)
            if not self._host_speed_matches():
                continue  # garbled at the wrong speed: the module hears no frame
            answer = self.module.receive(data)
            if answer:
                self._send_paced(master, answer)

    def _send_paced(self, master: int, answer: bytes) -> None:
        if self.module_delay_s:
            self._sleep(self.module_delay_s)
        self.commands_answered += 1
        started = self._clock()
        for offset in range(0, len(answer), _CHUNK):
            chunk = answer[offset:offset + _CHUNK]
            due = started + wire_seconds(offset + len(chunk), self.baudrate)
            try:
                os.write(master, chunk)
            except OSError:
                return
            self.bytes_answered += len(chunk)
            delay = due - self._clock()
            if delay > 0:
                self._sleep(delay)


# -- the command line: a module on a pty for technicians and developers -------------------


def _command(sam: PtySamModule, line: str) -> bool:
    word, _, rest = line.strip().partition(" ")
    module = sam.module
    match word:
        case "present":
            if rest not in module.cards:
                print(f"no card {rest!r}; known: {', '.join(module.cards)}")
                return True
            module.present_card(rest)
        case "remove":
            module.remove_card()
        case "noise":
            module.inject_noise(int(rest or "16"))
        case "bad-checksum":
            module.corrupt_next_checksum()
        case "silent":
            module.go_silent(True)
        case "talk":
            module.go_silent(False)
        case "pull":
            module.pull_card_mid_read()
        case "unplug":
            sam.unplug()
        case "plug":
            sam.plug()
        case "quit" | "exit":
            return False
        case "":
            return True
        case _:
            print("commands: present NAME, remove, noise N, bad-checksum, silent, talk, pull, "
                  "unplug, plug, quit")
            return True
    print(f"ok: {word}", flush=True)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="A GA 467 ID card module on a pseudo-terminal.")
    parser.add_argument("--link", type=Path, help="a stable symlink to the pty, for the config")
    parser.add_argument("--baud", type=int, default=115200)
    parser.add_argument("--module-delay-ms", type=float, default=20.0)
    parser.add_argument("--cards", type=Path, help="a folder of card data files")
    parser.add_argument("--card", help="put this card down at start")
    args = parser.parse_args(argv)
    module = SamModuleEmulator(load_cards(args.cards))
    with PtySamModule(module, baudrate=args.baud, module_delay_s=args.module_delay_ms / 1000,
                      link=args.link) as sam:
        if args.card:
            module.present_card(args.card)
        print(f"ID card module on {sam.port} at {args.baud} baud; cards: "
              f"{', '.join(module.cards)}", flush=True)
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # leaves through `with`
        try:
            for line in sys.stdin:
                if not _command(sam, line):
                    return 0
            threading.Event().wait()  # no more commands (stdin closed): serve until stopped
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
