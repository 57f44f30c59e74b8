"""Shared by the sync benches: the reference platform on loopback, enrollment codes in
bulk, a byte-counting TCP forwarder to put between a kiosk and the platform, and the
bench process's own resident memory.

Not a bench itself (it prints nothing). The platform runs as its own process, started
and stopped the way the central tests do it (tests/central/harness.py).
"""

from __future__ import annotations

import json
import os
import socket
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.central.harness import CentralServer  # noqa: E402


def rss_mb() -> float:
    """This process's resident set size (VmRSS), in MiB."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


class Platform:
    """The reference platform on 127.0.0.1 for one bench run.

    `db`: "sqlite" (a new SQLite file in a temporary directory, the default),
    "postgresql" (a throwaway PostgreSQL server of the bench's own, from Debian's
    packages, as the tests start it), or an SQLite path or database URL to use as given
    (an empty database: the bench enrolls terminals and changes the catalogue in it).
    `workers`: the server's worker processes (PostgreSQL only); `server_args`: more
    `python -m central serve` options."""

    def __init__(self, prefix: str = "bench-platform-", db: str = "sqlite", workers: int = 1,
                 server_args: tuple[str, ...] = ()):
        self._tmp = tempfile.TemporaryDirectory(prefix=prefix)
        self.work = Path(self._tmp.name)
        self._db_choice = db
        self._postgres = None
        self.workers = workers
        self.server = CentralServer(db="", log=self.work / "central.log",
                                    extra_args=["--workers", str(workers), *server_args])

    @property
    def engine(self) -> str:
        """"sqlite" or "postgresql": what the platform keeps its data in."""
        from sqlalchemy.engine import make_url

        from central.storage import database_url

        return make_url(database_url(str(self.server.db))).get_backend_name()

    def __enter__(self) -> Platform:
        try:
            if self._db_choice == "sqlite":
                self.server.db = self.work / "central.sqlite3"
            elif self._db_choice == "postgresql":
                from tests.central.postgres import PostgresServer

                self._postgres = PostgresServer().start()
                self.server.db = self._postgres.create_database("bench")
            else:
                self.server.db = self._db_choice
            self.server.start()
        except BaseException:
            self._cleanup()
            raise
        return self

    def __exit__(self, *exc_info) -> None:
        try:
            self.server.stop()
        finally:
            self._cleanup()

    def _cleanup(self) -> None:
        try:
            if self._postgres is not None:
                self._postgres.stop()
        finally:
            self._tmp.cleanup()

    def cpu_s(self) -> float:
        """CPU seconds the platform has used so far: the server process and, with
        several workers, every worker process (they do the work; the parent waits)."""
        pid = self.server.process.pid
        return sum(process_cpu_s(p) for p in [pid, *children_of(pid)])

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])

    def enrollment_codes(self, n: int) -> list[str]:
        """`n` one-time codes. Made in-process on the platform's database (what the
        `enroll-code` admin command does), since one admin process per code would take
        over a second each."""
        from central.admin import make_enrollment_code
        from central.storage import Database

        db = Database(str(self.server.db))
        try:
            return [make_enrollment_code(db, 24.0) for _ in range(n)]
        finally:
            db.close()

    def catalogue_update(self, document: dict, name: str = "update.json") -> str:
        """Run `catalogue-update --file` as an operator would; returns its output line."""
        path = self.work / name
        path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        return self.server.admin("catalogue-update", "--file", str(path)).stdout.strip()

    def report(self) -> dict:
        return self.server.report()


def process_cpu_s(pid: int) -> float:
    """User and system CPU seconds of one live process (0 if it has ended)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children_of(pid: int) -> list[int]:
    """The live processes whose parent is `pid`."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


@dataclass(frozen=True)
class WireCount:
    requests: int = 0
    up_bytes: int = 0  # kiosk to platform: request lines, headers and bodies
    down_bytes: int = 0  # platform to kiosk: status lines, headers and bodies
    connections: int = 0

    def __sub__(self, other: WireCount) -> WireCount:
        return WireCount(self.requests - other.requests, self.up_bytes - other.up_bytes,
                         self.down_bytes - other.down_bytes,
                         self.connections - other.connections)

    @property
    def total_bytes(self) -> int:
        return self.up_bytes + self.down_bytes

    def as_dict(self) -> dict:
        return {"requests": self.requests, "up_bytes": self.up_bytes,
                "down_bytes": self.down_bytes, "total_bytes": self.total_bytes,
                "new_connections": self.connections}


def request_label(request_line: bytes) -> str:
    """`GET /v1/catalogue?cursor`, `PATCH /v1/attachments/{id}`: one name per kind of call."""
    method, _, rest = request_line.decode("latin-1").partition(" ")
    target = rest.split(" ")[0]
    path, _, query = target.partition("?")
    parts = path.split("/")
    if len(parts) > 3:  # /v1/attachments/ID, /v1/cases/NUMBER
        parts[3:] = ["{id}"]
    cursor = "?cursor" if any(p.startswith("cursor=") for p in query.split("&")) else ""
    return f"{method} {'/'.join(parts)}{cursor}"


class _RequestCounter:
    """Finds request boundaries in the kiosk-to-platform byte stream of one connection
    (HTTP/1.1 with Content-Length bodies, which is all the kiosk sends) and says which
    request each byte belongs to."""

    def __init__(self):
        self._buffer = b""
        self._body_left = 0
        self.label: str | None = None  # the request being sent (and then answered)

    def feed(self, data: bytes) -> list[tuple[str | None, int, bool]]:
        """(request label, bytes of it in `data`, whether the request starts here)."""
        segments = []
        while data:
            if self._body_left:
                taken = min(self._body_left, len(data))
                self._body_left -= taken
                segments.append((self.label, taken, False))
                data = data[taken:]
                continue
            self._buffer += data
            data = b""
            end = self._buffer.find(b"\r\n\r\n")
            if end < 0:
                break  # counted when the head is complete
            head, data = self._buffer[:end + 4], self._buffer[end + 4:]
            self._buffer = b""
            lines = head[:-4].split(b"\r\n")
            self.label = request_label(lines[0])
            segments.append((self.label, len(head), True))
            for line in lines[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    self._body_left = int(value.strip())
                elif name.strip().lower() == b"transfer-encoding":
                    raise RuntimeError("chunked request bodies are not counted")
        return segments


class CountingProxy:
    """A TCP forwarder on 127.0.0.1 that counts every byte each way (threads, loopback).

    Bytes are counted before they are passed on, so once the kiosk has an answer, the
    request and the answer are both in the counts: a count taken between two calls of
    one kiosk is exact. TCP/IP headers and handshakes are not counted, only what the
    HTTP connection carries.
    """

    def __init__(self, upstream_port: int, upstream_host: str = "127.0.0.1",
                 record: bool = False):
        self._upstream = (upstream_host, upstream_port)
        self._record = record
        self._recorded: list[bytes] = []  # with `record`: every request, as sent
        self._listener = socket.create_server(("127.0.0.1", 0), backlog=512)
        self.port = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._lock = threading.Lock()
        self._requests = self._up = self._down = self._connections = 0
        self._by_label: dict[str, list[int]] = {}  # label: [requests, up, down]
        self._closed = False
        self._sockets: set[socket.socket] = set()
        self._thread = threading.Thread(target=self._accept, name="proxy-accept", daemon=True)
        self._thread.start()

    def count(self) -> WireCount:
        with self._lock:
            return WireCount(self._requests, self._up, self._down, self._connections)

    def by_request(self) -> dict[str, WireCount]:
        """The counts so far for each kind of call (see `request_label`)."""
        with self._lock:
            return {label: WireCount(n, up, down)
                    for label, (n, up, down) in sorted(self._by_label.items())}

    def recorded_requests(self) -> list[bytes]:
        """With `record`: each complete request so far (head and body, as sent), in the
        order they were completed."""
        with self._lock:
            return list(self._recorded)

    def close(self) -> None:
        self._closed = True
        self._listener.close()
        with self._lock:
            for sock in list(self._sockets):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                sock.close()
        self._thread.join(5)

    def __enter__(self) -> CountingProxy:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(self._upstream, timeout=10)
            except OSError:
                client.close()
                continue
            server.settimeout(None)
            for sock in (client, server):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with self._lock:
                self._connections += 1
                self._sockets |= {client, server}
            pair = {"open": 2, "requests": _RequestCounter(), "raw": b""}
            threading.Thread(target=self._pump, args=(client, server, True, pair),
                             daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, False, pair),
                             daemon=True).start()

    def _keep_complete(self, raw: bytes) -> bytes:
        """Moves each complete request at the start of `raw` to the record; the rest."""
        while True:
            end = raw.find(b"\r\n\r\n")
            if end < 0:
                return raw
            length = 0
            for line in raw[:end].split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value.strip())
            if len(raw) < end + 4 + length:
                return raw
            self._recorded.append(raw[:end + 4 + length])
            raw = raw[end + 4 + length:]

    def _pump(self, source: socket.socket, sink: socket.socket, upward: bool,
              pair: dict) -> None:
        try:
            while True:
                data = source.recv(256 * 1024)
                if not data:
                    break
                with self._lock:
                    if upward:
                        self._up += len(data)
                        if self._record:
                            pair["raw"] = self._keep_complete(pair["raw"] + data)
                        for label, size, starts in pair["requests"].feed(data):
                            counts = self._by_label.setdefault(label, [0, 0, 0])
                            counts[0] += starts
                            counts[1] += size
                            self._requests += starts
                    else:
                        self._down += len(data)
                        # The kiosk sends its next request only after this answer.
                        label = pair["requests"].label
                        self._by_label.setdefault(label, [0, 0, 0])[2] += len(data)
                sink.sendall(data)
        except OSError:
            pass
        finally:
            try:
                sink.shutdown(socket.SHUT_WR)
            except OSError:
                pass
            with self._lock:
                pair["open"] -= 1
                done = pair["open"] == 0
                if done:
                    self._sockets -= {source, sink}
            if done:
                source.close()
                sink.close()
