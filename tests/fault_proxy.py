"""A fault-injecting HTTP/1.1 reverse proxy between a kiosk and the central platform.

For tests and benches, on loopback only: it forwards each request to the platform and
relays the answer byte for byte (gzip bodies untouched, the platform's headers kept),
except when it injects a fault. Faults come in two families:

- before forwarding (the platform never sees the request): ``reset_before``,
  ``hold_before``, ``http_500``, ``http_503``, ``captive_portal``, ``non_json_before``;
- after forwarding (the platform has processed the request, and its answer is lost or
  spoiled on the way back): ``reset_mid_body``, ``truncate``, ``drop_response``,
  ``hold_after``, ``garbage_after``, ``http_502_after``.

In process::

    proxy = FaultProxy(central_url, fault_rate=0.3, seed=7).start()
    session.get(proxy.url + "/v1/time")
    proxy.force("drop_response", path_prefix="/v1/submissions")
    proxy.stop()

From a shell (the first stdout line gives the URL)::

    python -m tests.fault_proxy --target http://127.0.0.1:PORT --fault-rate 0.3 --seed 1
    # -> fault proxy listening on http://127.0.0.1:43117

It uses only the standard library and never imports the rest of ``central``.
"""

from __future__ import annotations

import argparse
import collections
import email.utils
import gzip
import http.client
import ipaddress
import json
import logging
import random
import selectors
import signal
import socket
import struct
import sys
import threading
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass, field

__all__ = [
    "AFTER_COMMIT_FAULTS",
    "ALL_FAULTS",
    "BEFORE_FORWARD_FAULTS",
    "FaultProxy",
    "main",
]

log = logging.getLogger("tests.fault_proxy")

BEFORE_FORWARD_FAULTS: tuple[str, ...] = (
    "reset_before",  # RST as soon as the request has been read
    "hold_before",  # no answer for hold_s, then close
    "http_500",  # a 500 JSON error made up by the proxy
    "http_503",  # a 503 JSON error made up by the proxy
    "captive_portal",  # 200 text/html, a Wi-Fi login page
    "non_json_before",  # 200 application/json whose body is not JSON
)
AFTER_COMMIT_FAULTS: tuple[str, ...] = (
    "reset_mid_body",  # status line, headers, half the body, then RST
    "truncate",  # headers with the real Content-Length, half the body, then close
    "drop_response",  # close without a single byte of answer
    "hold_after",  # no answer for hold_s, then close
    "garbage_after",  # 200 with bytes that are not JSON instead of the platform's body
    "http_502_after",  # a 502 made up by the proxy instead of the platform's answer
)
# Drawn uniformly, so half the random faults happen after the platform has committed.
ALL_FAULTS: tuple[str, ...] = BEFORE_FORWARD_FAULTS + AFTER_COMMIT_FAULTS

# Hop-by-hop headers (RFC 9110 7.6.1) are the proxy's own business on each side; the
# proxy also sets Content-Length itself, having read every body in full.
_HOP_BY_HOP = frozenset({
    "connection", "keep-alive", "proxy-connection", "proxy-authenticate",
    "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade",
})
_MAX_LINE = 65536
_MAX_HEADERS = 200
_HISTORY_LENGTH = 10000
# How long a client may leave a keep-alive connection idle before the proxy closes it.
_IDLE_TIMEOUT_S = 60.0
# After sending part of an answer, the proxy waits this long before the RST, so the
# client reads what it was sent (an RST can discard data the peer has not read yet).
_RESET_PAUSE_S = 0.05

_CAPTIVE_PORTAL_PAGE = (
    b"<!DOCTYPE html>\n<html><head><title>Guest Wi-Fi</title></head>\n"
    b"<body><h1>Welcome to Guest Wi-Fi</h1>\n"
    b"<form method=\"post\" action=\"/login\"><label>Room number <input name=\"room\">"
    b"</label><button>Connect</button></form></body></html>\n"
)
_NOT_JSON_BODY = b"OK\n<pre>upstream answered: null</pre>\n"
_GARBAGE_BODY = b"\x00\x17garbled by the fault proxy \xff\xfe{\"status\"\n"


class _BadRequest(Exception):
    """A request the proxy cannot parse; it answers 400 and closes the connection."""


@dataclass
class _Request:
    method: str
    target: str
    version: str
    headers: list[tuple[str, str]]
    body: bytes

    @property
    def path(self) -> str:
        return urllib.parse.urlsplit(self.target).path or "/"

    def header(self, name: str) -> str | None:
        name = name.lower()
        for key, value in self.headers:
            if key.lower() == name:
                return value
        return None

    def wants_close(self) -> bool:
        tokens = {t.strip().lower() for t in (self.header("Connection") or "").split(",")}
        if self.version == "HTTP/1.0":
            return "keep-alive" not in tokens
        return "close" in tokens


@dataclass
class _Response:
    status: int
    reason: str
    headers: list[tuple[str, str]]
    body: bytes
    # HEAD, 1xx, 204 and 304 answers carry no body, whatever their Content-Length says.
    bodiless: bool = False

    def header(self, name: str) -> str | None:
        name = name.lower()
        for key, value in self.headers:
            if key.lower() == name:
                return value
        return None

    def without(self, *names: str) -> list[tuple[str, str]]:
        lowered = {n.lower() for n in names}
        return [(k, v) for k, v in self.headers if k.lower() not in lowered]


@dataclass
class _Forced:
    fault: str
    times: int
    path_prefix: str | None


@dataclass(eq=False)
class _Connection:
    """One client connection; ``close`` is idempotent and safe from any thread."""

    sock: socket.socket
    reader: object = None
    closed: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def send(self, data: bytes) -> None:
        self.sock.sendall(data)

    def hang_up(self) -> None:
        """From another thread: wake the handler (a blocked read sees EOF) and stop holds."""
        self.closed.set()
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def close(self, *, reset: bool = False) -> None:
        with self.lock:
            self.closed.set()
            if self.sock.fileno() == -1:
                return
            if reset:
                # SO_LINGER on with a zero timeout: close() sends RST instead of FIN.
                try:
                    self.sock.setsockopt(
                        socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                    )
                except OSError:
                    pass
            if self.reader is not None:
                self.reader.close()
            self.sock.close()


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _matches(path: str, prefix: str | None) -> bool:
    return prefix is None or path.startswith(prefix)


def _longest_match(path: str, prefixes: Iterable[str]) -> str | None:
    found = [p for p in prefixes if path.startswith(p)]
    return max(found, key=len) if found else None


def _http_date() -> str:
    return email.utils.formatdate(usegmt=True)


def _made_up(status: int, reason: str, body: bytes, content_type: str,
             extra: Iterable[tuple[str, str]] = ()) -> _Response:
    """An answer the proxy invents (never with the platform's X-Server-Time)."""
    headers = [("Date", _http_date()), ("Content-Type", content_type), *extra]
    return _Response(status, reason, headers, body)


def _json_error(status: int, reason: str, code: str, message: str,
                extra: Iterable[tuple[str, str]] = ()) -> _Response:
    body = json.dumps({"code": code, "message": message}).encode()
    return _made_up(status, reason, body, "application/json", extra)


def _accepts_gzip(accept_encoding: str | None) -> bool:
    for part in (accept_encoding or "").split(","):
        coding, _, params = part.strip().partition(";")
        if coding.strip().lower() in ("gzip", "*"):
            return params.strip().replace(" ", "") not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False


def tamper_json(body: bytes) -> bytes:
    """The same JSON document with one character of one string value changed.

    The longest string value is picked (a description rather than a key or a code), and
    one letter, digit or ideograph in it changes (a<->A, 1->2, one bit of a CJK code
    point), so the body still parses but its bytes, and so any signature, no longer
    match. A body that is not UTF-8 JSON gets one byte flipped in its middle.
    """
    try:
        text = body.decode("utf-8")
        json.loads(text)
    except (UnicodeDecodeError, ValueError):
        return _flip_middle_byte(body)
    best: tuple[int, int] | None = None  # (start, end) of the longest string value
    i, n = 0, len(text)
    while i < n:
        if text[i] != '"':
            i += 1
            continue
        start, i = i + 1, i + 1
        while i < n and text[i] != '"':
            i += 2 if text[i] == "\\" else 1
        end, i = i, i + 1
        rest = text[i:i + 64].lstrip()
        is_key = rest.startswith(":")
        if not is_key and (best is None or end - start > best[1] - best[0]):
            if _changeable_index(text, start, end) is not None:
                best = (start, end)
    if best is not None:
        index = _changeable_index(text, *best)
        changed = text[:index] + _changed_char(text[index]) + text[index + 1:]
        result = changed.encode("utf-8")
        try:
            json.loads(result)
        except ValueError:
            pass
        else:
            if result != body:
                return result
    return _flip_middle_byte(body)


def _changeable_index(text: str, start: int, end: int) -> int | None:
    """Index of the middle changeable character of a JSON string, skipping escapes."""
    candidates = []
    i = start
    while i < end:
        if text[i] == "\\":
            i += 6 if text[i + 1:i + 2] == "u" else 2
            continue
        if _changed_char(text[i]) != text[i]:
            candidates.append(i)
        i += 1
    return candidates[len(candidates) // 2] if candidates else None


def _changed_char(char: str) -> str:
    if char.isascii():
        if char.isalpha():
            return char.swapcase()
        if char.isdigit():
            return str((int(char) + 1) % 10)
        return char
    if char.isalnum():
        other = chr(ord(char) ^ 1)
        if other.isalnum():
            return other
    return char


def _flip_middle_byte(body: bytes) -> bytes:
    if not body:
        return b"\x00"
    middle = len(body) // 2
    return body[:middle] + bytes([body[middle] ^ 0x01]) + body[middle + 1:]


class FaultProxy:
    """The proxy. Public attributes may be changed while it runs."""

    def __init__(
        self,
        target_url: str,
        *,
        fault_rate: float = 0.0,
        seed: int | None = 0,
        faults: Iterable[str] = ALL_FAULTS,
        hold_s: float = 3.0,
        listen_port: int = 0,
        upstream_timeout: float = 60.0,
    ):
        target = urllib.parse.urlsplit(target_url)
        if target.scheme != "http" or not target.hostname:
            raise ValueError(f"the target must be an http:// URL, not {target_url!r}")
        if not _is_loopback(target.hostname):
            raise ValueError(f"the fault proxy only forwards to loopback, not {target.hostname}")
        self.target_url = target_url
        self._target_host = target.hostname
        self._target_port = target.port or 80
        self._target_base = target.path.rstrip("/")
        self.fault_rate = fault_rate
        self.faults = faults
        self.hold_s = hold_s
        self.upstream_timeout = upstream_timeout
        self._port = listen_port
        self._rng = random.Random(seed)
        self._lock = threading.Lock()
        self._forced: list[_Forced] = []
        self._recording: set[str] = set()
        self._recorded: dict[str, _Response] = {}
        self._replaying: set[str] = set()
        self._tamper: dict[str, int] = {}
        self._history: collections.deque[tuple[str, str, str | None]] = collections.deque(
            maxlen=_HISTORY_LENGTH
        )
        self._stats = self._zero_stats()
        self._listener: socket.socket | None = None
        self._accept_thread: threading.Thread | None = None
        self._wake: tuple[socket.socket, socket.socket] | None = None
        self._connections: set[_Connection] = set()
        self._threads: set[threading.Thread] = set()

    # -- configuration ---------------------------------------------------------------

    @property
    def faults(self) -> tuple[str, ...]:
        """The faults a random draw picks from (uniformly)."""
        return self._faults

    @faults.setter
    def faults(self, names: Iterable[str]) -> None:
        names = tuple(names)
        unknown = [n for n in names if n not in ALL_FAULTS]
        if unknown:
            raise ValueError(f"unknown faults {unknown}; known: {', '.join(ALL_FAULTS)}")
        self._faults = names

    @property
    def url(self) -> str:
        if self._port == 0:
            raise RuntimeError("the proxy has not been started")
        return f"http://127.0.0.1:{self._port}"

    @property
    def port(self) -> int:
        return self._port

    def force(self, fault: str, times: int = 1, path_prefix: str | None = None) -> None:
        """The next `times` requests whose path starts with `path_prefix` (any path when
        None) get `fault`, whatever the fault rate. Queued behind earlier forces."""
        if fault not in ALL_FAULTS:
            raise ValueError(f"unknown fault {fault!r}; known: {', '.join(ALL_FAULTS)}")
        if times < 1:
            raise ValueError("times must be at least 1")
        with self._lock:
            self._forced.append(_Forced(fault, times, path_prefix))

    def clear_forced(self) -> None:
        with self._lock:
            self._forced.clear()

    def record(self, path_prefix: str) -> None:
        """Remember from now on the platform's last 200 answer under `path_prefix`."""
        with self._lock:
            self._recording.add(path_prefix)

    def replay(self, path_prefix: str) -> None:
        """Answer requests under `path_prefix` with the recorded answer, without forwarding
        (a rollback attack), until `end_replay`. Raises LookupError if nothing is recorded."""
        with self._lock:
            if path_prefix not in self._recorded:
                raise LookupError(f"nothing recorded under {path_prefix!r}; call record() first")
            self._replaying.add(path_prefix)

    def end_replay(self, path_prefix: str | None = None) -> None:
        """Forward again under `path_prefix` (every prefix when None); recording goes on."""
        with self._lock:
            if path_prefix is None:
                self._replaying.clear()
            else:
                self._replaying.discard(path_prefix)

    def tamper(self, path_prefix: str, times: int = 1) -> None:
        """Change one character in the JSON body of the next `times` 200 answers under
        `path_prefix` (gzip undone and redone, Content-Length fixed), keeping every
        header, Catalogue-Signature included, so a signature check must fail."""
        if times < 1:
            raise ValueError("times must be at least 1")
        with self._lock:
            self._tamper[path_prefix] = self._tamper.get(path_prefix, 0) + times

    @property
    def stats(self) -> dict:
        """A snapshot: connections (accepted), requests, forwarded, faults (by name),
        faults_after_commit (the platform had answered), replayed, tampered,
        upstream_errors (the platform could not be reached: the proxy answered 502)."""
        with self._lock:
            return {**self._stats, "faults": dict(self._stats["faults"])}

    def reset_stats(self) -> None:
        with self._lock:
            self._stats = self._zero_stats()
            self._history.clear()

    @property
    def history(self) -> list[tuple[str, str, str | None]]:
        """(method, path, fault or None) for each request, oldest first (the last 10000)."""
        with self._lock:
            return list(self._history)

    @staticmethod
    def _zero_stats() -> dict:
        return {
            "connections": 0,
            "requests": 0,
            "forwarded": 0,
            "faults": dict.fromkeys(ALL_FAULTS, 0),
            "faults_after_commit": 0,
            "replayed": 0,
            "tampered": 0,
            "upstream_errors": 0,
        }

    # -- lifecycle ---------------------------------------------------------------------

    def start(self) -> FaultProxy:
        if self._listener is not None:
            raise RuntimeError("the proxy is already listening")
        self._listen()
        return self

    def stop(self) -> None:
        """Close the listening socket and every client connection; wait for the threads."""
        self._close_listener()
        self._hang_up_all()
        with self._lock:
            threads = list(self._threads)
        for thread in threads:
            thread.join(timeout=5)

    def go_down(self) -> None:
        """Stop listening (new connections are refused: ECONNREFUSED) and hang up every
        open connection, as a platform that went away. The port stays reserved for go_up."""
        if self._listener is None:
            return
        self._close_listener()
        self._hang_up_all()

    def go_up(self) -> None:
        """Listen again on the same port."""
        if self._listener is not None:
            return
        if self._port == 0:
            raise RuntimeError("the proxy was never started")
        self._listen()

    @property
    def is_up(self) -> bool:
        return self._listener is not None

    def __enter__(self) -> FaultProxy:
        return self.start() if self._listener is None else self

    def __exit__(self, *exc) -> None:
        self.stop()

    def _listen(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            # Lets go_up bind the port again while closed connections sit in TIME_WAIT.
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind(("127.0.0.1", self._port))
            listener.listen(128)
        except OSError:
            listener.close()
            raise
        self._port = listener.getsockname()[1]
        self._listener = listener
        self._wake = socket.socketpair()
        self._accept_thread = threading.Thread(
            target=self._accept_loop, args=(listener, self._wake[0]),
            name=f"fault-proxy-accept-{self._port}", daemon=True,
        )
        self._accept_thread.start()

    def _close_listener(self) -> None:
        listener, wake, thread = self._listener, self._wake, self._accept_thread
        if listener is None:
            return
        self._listener = self._wake = self._accept_thread = None
        wake[1].send(b"x")
        thread.join()
        listener.close()
        wake[0].close()
        wake[1].close()

    def _hang_up_all(self) -> None:
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            connection.hang_up()

    def _accept_loop(self, listener: socket.socket, wake: socket.socket) -> None:
        with selectors.DefaultSelector() as selector:
            selector.register(listener, selectors.EVENT_READ)
            selector.register(wake, selectors.EVENT_READ)
            while True:
                ready = [key.fileobj for key, _ in selector.select()]
                if wake in ready:
                    return
                try:
                    sock, _ = listener.accept()
                except OSError:
                    continue
                connection = _Connection(sock)
                thread = threading.Thread(
                    target=self._serve, args=(connection,), name="fault-proxy-connection",
                    daemon=True,
                )
                with self._lock:
                    self._stats["connections"] += 1
                    self._connections.add(connection)
                    self._threads.add(thread)
                thread.start()

    # -- one connection ------------------------------------------------------------------

    def _serve(self, connection: _Connection) -> None:
        try:
            connection.sock.settimeout(_IDLE_TIMEOUT_S)
            connection.reader = connection.sock.makefile("rb")
            while not connection.closed.is_set():
                try:
                    request = _read_request(connection)
                except _BadRequest as problem:
                    answer = _json_error(400, "Bad Request", "bad_request", str(problem))
                    connection.send(_encode(answer, keep_alive=False))
                    break
                if request is None:
                    break
                if not self._handle(connection, request):
                    break
        except OSError:
            pass  # the client went away, or go_down/stop hung up
        except Exception:  # a thread must not die with a traceback in a test run
            log.exception("fault proxy: error while serving a connection")
        finally:
            connection.close()
            with self._lock:
                self._connections.discard(connection)
                self._threads.discard(threading.current_thread())

    def _handle(self, connection: _Connection, request: _Request) -> bool:
        """Serve one request; True to keep the connection for the next one."""
        path = request.path
        fault = self._choose(request.method, path)
        keep_alive = not request.wants_close()
        # An answer the proxy makes up carries a body; after a HEAD the client would not
        # read it, so the connection closes behind it rather than go out of step.
        made_up_keep_alive = keep_alive and request.method != "HEAD"

        if fault in BEFORE_FORWARD_FAULTS:
            self._count_fault(fault, request, committed=False)
            return self._before_forward(connection, fault, made_up_keep_alive)

        answer, forwarded = self._answer(request)
        if answer is None:  # the platform could not be reached
            answer = _json_error(502, "Bad Gateway", "upstream_unreachable",
                                 "The fault proxy could not reach the platform.")
            connection.send(_encode(answer, made_up_keep_alive))
            return made_up_keep_alive
        answer = self._maybe_tamper(path, answer, request)
        if fault is None:
            connection.send(_encode(answer, keep_alive))
            return keep_alive
        self._count_fault(fault, request, committed=forwarded)
        return self._after_commit(connection, fault, answer, made_up_keep_alive)

    def _choose(self, method: str, path: str) -> str | None:
        with self._lock:
            self._stats["requests"] += 1
            # Both draws happen for every request, so the n-th request of a seeded run
            # meets the same luck whatever the forces or the fault rate before it.
            luck, pick = self._rng.random(), self._rng.random()
            fault = None
            for forced in self._forced:
                if _matches(path, forced.path_prefix):
                    fault = forced.fault
                    forced.times -= 1
                    if forced.times == 0:
                        self._forced.remove(forced)
                    break
            else:
                if self._faults and luck < self.fault_rate:
                    fault = self._faults[int(pick * len(self._faults))]
            self._history.append((method, path, fault))
            return fault

    def _count_fault(self, fault: str, request: _Request, *, committed: bool) -> None:
        with self._lock:
            self._stats["faults"][fault] += 1
            if committed:
                self._stats["faults_after_commit"] += 1
        log.info("fault %s on %s %s%s", fault, request.method, request.path,
                 " (after the platform answered)" if committed else "")

    def _answer(self, request: _Request) -> tuple[_Response | None, bool]:
        """The platform's answer (forwarded) or a replayed one; (answer, forwarded)."""
        path = request.path
        with self._lock:
            replaying = _longest_match(path, self._replaying)
            stale = self._recorded.get(replaying) if replaying else None
            if stale is not None:
                self._stats["replayed"] += 1
        if stale is not None:
            return _for_client(stale, request), False
        try:
            answer = self._forward(request)
        except (OSError, http.client.HTTPException) as problem:
            log.warning("fault proxy: %s %s: platform unreachable: %s",
                        request.method, path, problem)
            with self._lock:
                self._stats["upstream_errors"] += 1
            return None, False
        with self._lock:
            self._stats["forwarded"] += 1
            recording = _longest_match(path, self._recording)
            if recording is not None and answer.status == 200 and not answer.bodiless:
                self._recorded[recording] = answer
        return answer, True

    def _forward(self, request: _Request) -> _Response:
        upstream = http.client.HTTPConnection(
            self._target_host, self._target_port, timeout=self.upstream_timeout
        )
        try:
            target = request.target
            if not target.startswith("/"):  # absolute-form: keep the path and query
                parts = urllib.parse.urlsplit(target)
                target = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
            upstream.putrequest(request.method, self._target_base + target,
                                skip_host=True, skip_accept_encoding=True)
            has_host = False
            for name, value in request.headers:
                lowered = name.lower()
                if lowered in _HOP_BY_HOP or lowered in ("content-length", "expect"):
                    continue
                has_host = has_host or lowered == "host"
                upstream.putheader(name, value)
            if not has_host:
                upstream.putheader("Host", f"{self._target_host}:{self._target_port}")
            if request.body or request.method in ("POST", "PUT", "PATCH"):
                upstream.putheader("Content-Length", str(len(request.body)))
            upstream.putheader("Connection", "close")
            upstream.endheaders(request.body or None)
            response = upstream.getresponse()
            body = response.read()  # chunked undone; Content-Encoding left as it is
            bodiless = (request.method == "HEAD" or response.status < 200
                        or response.status in (204, 304))
            headers = [(k, v) for k, v in response.getheaders()
                       if k.lower() not in _HOP_BY_HOP]
            return _Response(response.status, response.reason, headers, body, bodiless)
        finally:
            upstream.close()

    def _maybe_tamper(self, path: str, answer: _Response, request: _Request) -> _Response:
        if answer.status != 200 or answer.bodiless:
            return answer
        with self._lock:
            prefix = _longest_match(path, (p for p, n in self._tamper.items() if n > 0))
            if prefix is None:
                return answer
            self._tamper[prefix] -= 1
            if self._tamper[prefix] == 0:
                del self._tamper[prefix]
            self._stats["tampered"] += 1
        gzipped = (answer.header("Content-Encoding") or "").strip().lower() == "gzip"
        body = gzip.decompress(answer.body) if gzipped else answer.body
        body = tamper_json(body)
        if gzipped:
            body = gzip.compress(body, mtime=0)
        log.info("fault proxy: tampered with the body of %s %s", request.method, path)
        return _Response(answer.status, answer.reason, answer.without("Content-Length"), body)

    # -- faults --------------------------------------------------------------------------

    def _hold(self, connection: _Connection) -> None:
        connection.closed.wait(self.hold_s)

    def _before_forward(self, connection: _Connection, fault: str, keep_alive: bool) -> bool:
        if fault == "reset_before":
            connection.close(reset=True)
            return False
        if fault == "hold_before":
            self._hold(connection)
            return False
        if fault == "http_500":
            answer = _json_error(500, "Internal Server Error", "internal_error",
                                 "Internal server error (injected by the fault proxy).")
        elif fault == "http_503":
            answer = _json_error(503, "Service Unavailable", "service_unavailable",
                                 "Service unavailable (injected by the fault proxy).",
                                 [("Retry-After", "1")])
        elif fault == "captive_portal":
            answer = _made_up(200, "OK", _CAPTIVE_PORTAL_PAGE, "text/html; charset=utf-8",
                              [("Cache-Control", "no-store")])
        elif fault == "non_json_before":
            answer = _made_up(200, "OK", _NOT_JSON_BODY, "application/json")
        else:  # pragma: no cover - guarded by the fault names
            raise AssertionError(fault)
        connection.send(_encode(answer, keep_alive))
        return keep_alive

    def _after_commit(self, connection: _Connection, fault: str, answer: _Response,
                      keep_alive: bool) -> bool:
        if fault == "drop_response":
            connection.close()
            return False
        if fault == "hold_after":
            self._hold(connection)
            return False
        if fault in ("reset_mid_body", "truncate"):
            wire = _encode(answer, keep_alive=False)
            body_length = 0 if answer.bodiless else len(answer.body)
            if body_length:
                part = wire[:len(wire) - body_length + body_length // 2]
            else:
                # Nothing to cut in the body: cut the headers instead (no blank line).
                part = wire[:wire.index(b"\r\n") + 2]
            connection.send(part)
            if fault == "reset_mid_body":
                connection.closed.wait(_RESET_PAUSE_S)
                connection.close(reset=True)
            else:
                connection.close()
            return False
        if fault == "garbage_after":
            headers = [(k, v) for k, v in answer.headers
                       if k.lower() not in ("content-length", "content-encoding")]
            if not any(k.lower() == "content-type" for k, _ in headers):
                headers.append(("Content-Type", "application/json"))
            connection.send(_encode(_Response(200, "OK", headers, _GARBAGE_BODY), keep_alive))
            return keep_alive
        if fault == "http_502_after":
            bad = _json_error(502, "Bad Gateway", "bad_gateway",
                              "Bad gateway (injected by the fault proxy).")
            connection.send(_encode(bad, keep_alive))
            return keep_alive
        raise AssertionError(fault)  # pragma: no cover - guarded by the fault names


def _for_client(answer: _Response, request: _Request) -> _Response:
    """A recorded answer, un-gzipped if this client does not take gzip."""
    if request.method == "HEAD":
        return _Response(answer.status, answer.reason, answer.headers, b"", bodiless=True)
    gzipped = (answer.header("Content-Encoding") or "").strip().lower() == "gzip"
    if gzipped and not _accepts_gzip(request.header("Accept-Encoding")):
        return _Response(answer.status, answer.reason,
                         answer.without("Content-Encoding", "Content-Length"),
                         gzip.decompress(answer.body))
    return answer


def _encode(answer: _Response, keep_alive: bool) -> bytes:
    lines = [f"HTTP/1.1 {answer.status} {answer.reason or 'Unknown'}"]
    for name, value in answer.headers:
        if name.lower() in ("content-length", "connection"):
            continue
        lines.append(f"{name}: {value}")
    if answer.bodiless:
        length = answer.header("Content-Length")
        if length is not None:
            lines.append(f"Content-Length: {length}")
        body = b""
    else:
        lines.append(f"Content-Length: {len(answer.body)}")
        body = answer.body
    lines.append("Connection: keep-alive" if keep_alive else "Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def _read_line(connection: _Connection) -> bytes:
    line = connection.reader.readline(_MAX_LINE + 1)
    if len(line) > _MAX_LINE:
        raise _BadRequest("line too long")
    return line


def _read_request(connection: _Connection) -> _Request | None:
    """The next request on the connection, or None when the client closed it."""
    line = _read_line(connection)
    while line in (b"\r\n", b"\n"):  # RFC 9112 2.2: ignore empty lines before a request
        line = _read_line(connection)
    if not line:
        return None
    try:
        method, target, version = line.decode("latin-1").rstrip("\r\n").split(" ")
    except ValueError:
        raise _BadRequest("malformed request line") from None
    if not version.startswith("HTTP/1."):
        raise _BadRequest("only HTTP/1.x")
    headers: list[tuple[str, str]] = []
    while True:
        line = _read_line(connection)
        if not line:
            raise _BadRequest("connection closed inside the headers")
        if line in (b"\r\n", b"\n"):
            break
        if len(headers) >= _MAX_HEADERS:
            raise _BadRequest("too many headers")
        name, colon, value = line.decode("latin-1").partition(":")
        if not colon or not name or name != name.strip():
            raise _BadRequest("malformed header line")
        headers.append((name, value.strip()))
    request = _Request(method, target, version, headers, b"")
    if (request.header("Expect") or "").lower() == "100-continue":
        connection.send(b"HTTP/1.1 100 Continue\r\n\r\n")
    encoding = (request.header("Transfer-Encoding") or "").lower()
    if encoding:
        if encoding.split(",")[-1].strip() != "chunked":
            raise _BadRequest("unsupported Transfer-Encoding")
        request.body = _read_chunked(connection)
    else:
        length = request.header("Content-Length")
        if length is not None:
            if not length.isdigit():
                raise _BadRequest("bad Content-Length")
            request.body = _read_exactly(connection, int(length))
    return request


def _read_exactly(connection: _Connection, length: int) -> bytes:
    body = connection.reader.read(length)
    if len(body) != length:
        raise _BadRequest("connection closed inside the body")
    return body


def _read_chunked(connection: _Connection) -> bytes:
    parts = []
    while True:
        size_line = _read_line(connection).split(b";")[0].strip()
        try:
            size = int(size_line, 16)
        except ValueError:
            raise _BadRequest("bad chunk size") from None
        if size == 0:
            break
        parts.append(_read_exactly(connection, size))
        if _read_line(connection) not in (b"\r\n", b"\n"):
            raise _BadRequest("chunk not followed by CRLF")
    while _read_line(connection) not in (b"\r\n", b"\n", b""):  # trailers: dropped
        pass
    return b"".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.fault_proxy",
        description="A fault-injecting HTTP reverse proxy in front of the central platform.",
    )
    parser.add_argument("--target", required=True, help="the platform, http://127.0.0.1:PORT")
    parser.add_argument("--listen-port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--fault-rate", type=float, default=0.0,
                        help="probability that a request gets a random fault (0 to 1)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the fault draws")
    parser.add_argument("--faults", default=",".join(ALL_FAULTS),
                        help="comma-separated faults to draw from (default: all)")
    parser.add_argument("--hold-s", type=float, default=3.0,
                        help="how long the hold faults keep a connection without answering")
    args = parser.parse_args(argv)
    if not 0.0 <= args.fault_rate <= 1.0:
        parser.error("--fault-rate must be between 0 and 1")
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        proxy = FaultProxy(
            args.target, fault_rate=args.fault_rate, seed=args.seed,
            faults=[f.strip() for f in args.faults.split(",") if f.strip()],
            hold_s=args.hold_s, listen_port=args.listen_port,
        )
        proxy.start()
    except (ValueError, OSError) as problem:
        print(f"fault proxy: {problem}", file=sys.stderr)
        return 2
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    print(f"fault proxy listening on {proxy.url}", flush=True)
    try:
        while not stop.wait(0.5):
            pass
    finally:
        proxy.stop()
        print(json.dumps({"stats": proxy.stats}), file=sys.stderr, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
