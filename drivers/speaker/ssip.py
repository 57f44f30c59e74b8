"""A small client for speech-dispatcher's SSIP protocol on its Unix socket.

SSIP is line based (CR LF). A command is one line; its reply is one or more lines
"NNN-data" closed by "NNN text", where NNN's first digit says 2 ok, 3 server error,
4 client error, 5 unknown command. SPEAK is answered 230, then the text follows, one line
at a time, closed by a line holding one dot; a text line starting with a dot is sent with
that dot doubled. With notifications on, events (701 BEGIN, 702 END, 703 CANCEL ...) come
on the same socket whenever the engine gets to them, framed like replies: a reader
thread sorts each block into an event (7xx) or the answer the caller waits for, so an
event is never mistaken for a reply.

Every call is bounded by the connection's timeout: a silent engine raises DeviceTimeout,
a closed socket or an error reply DeviceError. Nothing here logs what is spoken.
"""

from __future__ import annotations

import queue
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass

from drivers.base import DeviceError, DeviceState, DeviceTimeout

DEVICE = "speech-dispatcher"


@dataclass(frozen=True)
class Reply:
    code: int
    lines: tuple[str, ...]  # the "NNN-" data lines, without their code
    text: str  # the closing line's text ("OK MESSAGE QUEUED")

    @property
    def ok(self) -> bool:
        return 200 <= self.code < 300


@dataclass(frozen=True)
class Event:
    code: int  # 700 index mark, 701 begin, 702 end, 703 cancel, 704 pause, 705 resume
    message_id: str
    client_id: str
    text: str  # "BEGIN", "END" ...


def escape_text(text: str) -> list[str]:
    """The lines SPEAK sends for `text`: a line starting with a dot gets a second one,
    so no line of the text can be taken for the closing dot."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [".." + line[1:] if line.startswith(".") else line for line in lines]


def _closed(what: str) -> DeviceError:
    return DeviceError(DeviceState.HARDWARE_ERROR, f"{DEVICE} closed the connection ({what})")


class SsipConnection:
    """One connection to speech-dispatcher. `on_event` runs on the reader thread."""

    def __init__(self, path: str, timeout_s: float,
                 on_event: Callable[[Event], None] | None = None):
        self.timeout_s = timeout_s
        self._on_event = on_event
        self._replies: queue.Queue[Reply | None] = queue.Queue()
        self._send_lock = threading.Lock()
        self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._sock.settimeout(timeout_s)
        try:
            self._sock.connect(path)
        except OSError as exc:
            self._sock.close()
            raise DeviceError(DeviceState.NO_DEVICE,
                              f"nothing answers at {DEVICE}'s socket ({exc.strerror or exc})"
                              ) from None
        self._sock.settimeout(None)  # the reader blocks; callers wait on the queue
        self.alive = True
        self._reader = threading.Thread(target=self._read, name="ssip-reader", daemon=True)
        self._reader.start()

    # -- commands -----------------------------------------------------------------------

    def command(self, line: str) -> Reply:
        """Send one command line and return its reply; DeviceError on an error reply."""
        with self._send_lock:
            self._send([line])
            reply = self._wait(line.split(" ", 1)[0])
        if not reply.ok:
            raise DeviceError(DeviceState.HARDWARE_ERROR,
                              f"{DEVICE} refused {line.split(' ', 2)[:2]}: {reply.code} "
                              f"{reply.text}")
        return reply

    def speak(self, text: str) -> str:
        """Queue `text` for speaking; returns the message id the engine gave it."""
        with self._send_lock:
            self._send(["SPEAK"])
            reply = self._wait("SPEAK")
            if reply.code != 230:
                raise DeviceError(DeviceState.HARDWARE_ERROR,
                                  f"{DEVICE} refused SPEAK: {reply.code} {reply.text}")
            self._send([*escape_text(text), "."])
            reply = self._wait("the spoken text")
        if not reply.ok:
            raise DeviceError(DeviceState.HARDWARE_ERROR,
                              f"{DEVICE} did not take the text: {reply.code} {reply.text}")
        return reply.lines[0] if reply.lines else ""

    def close(self) -> None:
        self.alive = False
        try:
            self._sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self._sock.close()

    # -- the wire -----------------------------------------------------------------------

    def _send(self, lines: list[str]) -> None:
        if not self.alive:
            raise _closed("earlier")
        data = "".join(line + "\r\n" for line in lines).encode("utf-8")
        self._sock.settimeout(self.timeout_s)
        try:
            self._sock.sendall(data)
        except TimeoutError:
            raise DeviceTimeout(DEVICE, "a command") from None
        except OSError as exc:
            self.alive = False
            raise _closed(exc.strerror or str(exc)) from None

    def _wait(self, what: str) -> Reply:
        try:
            reply = self._replies.get(timeout=self.timeout_s)
        except queue.Empty:
            self.close()  # its answer may still come: never take it for the next one's
            raise DeviceTimeout(DEVICE, what) from None
        if reply is None:
            self._replies.put(None)  # every later wait sees the close too
            raise _closed("while waiting for an answer")
        return reply

    def _read(self) -> None:
        buffer = b""
        block: list[tuple[int, str]] = []
        try:
            while True:
                try:
                    data = self._sock.recv(4096)
                except OSError:
                    data = b""
                if not data:
                    return
                buffer += data
                while b"\n" in buffer:
                    raw, buffer = buffer.split(b"\n", 1)
                    line = raw.rstrip(b"\r").decode("utf-8", errors="replace")
                    if len(line) < 4 or not line[:3].isdigit():
                        continue  # not SSIP framing; nothing to do with it
                    block.append((int(line[:3]), line[4:]))
                    if line[3] == " ":
                        self._deliver(block)
                        block = []
        finally:
            self.alive = False
            self._replies.put(None)

    def _deliver(self, block: list[tuple[int, str]]) -> None:
        code, text = block[-1]
        data = tuple(part for _, part in block[:-1])
        if 700 <= code < 800:
            if self._on_event is not None:
                message_id = data[0] if data else ""
                client_id = data[1] if len(data) > 1 else ""
                self._on_event(Event(code, message_id, client_id, text))
            return
        self._replies.put(Reply(code, data, text))
