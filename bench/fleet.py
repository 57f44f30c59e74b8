"""A province's fleet against the platform, for bench/terminals.py: the steady load of many
idle terminals, and a reconnect storm of terminals that each come back with an application.

Not a bench itself (it prints nothing).

Steady load. Tens of thousands of full kiosk stores and engines do not fit on one
machine beside the platform, so a light generator sends exactly what an idle terminal
sends: nothing for the upload check (nothing queued), a catalogue poll with the terminal's
ETag and cursor (answered 304), and a heartbeat with the kiosk's body and headers. Each
terminal is a real identity on the platform with its own token, enrolled in bulk through
the platform's own enrollment functions (central/auth.py, one transaction per thousand):
the rows are the ones `POST /v1/enrollments` makes and every request authenticates the
same way (its token's SHA-256 looked up by unique index), so the load is the same; only
the enrollment requests themselves, once in a terminal's life, are left out. Each
terminal sends from its own loopback address (127.x.y.z), as terminals in the field have
addresses of their own (the platform caps connections per address). Each request goes on a
new connection: the platform closes an idle keep-alive connection after 5 s, long before
an idle terminal's next request.

Storm. Thousands of real stores and engines would measure the client, not the platform
(and engines copied from one store re-enrolled and downloaded the whole catalogue again,
which a returning terminal does not). So one real terminal (its own store and
SyncEngine, the catalogue synced until its poll is answered 304) is recorded on the
wire doing its round with one application queued: announce the scan, send its bytes,
file the application, poll the catalogue, heartbeat. A second real terminal is recorded
the same way, and the first recording with the second's identity must be the second
byte for byte (but for the moments it writes and its free disk), or the bench stops.
Each storm terminal is an identity enrolled in bulk (as above) sending that recording
with its own token and terminal id (User-Agent, tracking number), its own Idempotency-Key
and the attachment id the platform gave it, on one keep-alive connection of its own
from its own loopback address. All come back at once; a failed call backs off as the
engine does (exponential with equal jitter from the kiosk's defaults, Retry-After
honoured) and the upload starts again, the application under the same key, until it is
filed. One difference: a retry learns how much of its file arrived from the platform's
409 to sending it again, not from a HEAD first (a 20 KiB scan goes in one request),
and announces it again if not all of it did.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import os
import random
import re
import shutil
import time
import urllib.parse
import uuid
from pathlib import Path

CONNECT_TIMEOUT_S = 5.0
READ_TIMEOUT_S = 20.0  # the kiosk's defaults (PlatformConfig)


def loopback_address(group: int, n: int) -> str:
    """The n-th terminal's own source address in group `group` (127.group.x.y)."""
    return f"127.{group}.{n // 250}.{n % 250 + 1}"


# -- identities ---------------------------------------------------------------------------


def enroll_in_bulk(db_spec: str, count: int, batch: int = 1000) -> list[tuple[str, str]]:
    """`count` enrolled terminals as (terminal id, token), through the platform's own
    create_enrollment_code and enroll, a thousand per transaction."""
    import base64
    import datetime as dt

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
    from sqlalchemy.exc import IntegrityError

    from central.auth import create_enrollment_code, enroll
    from central.storage import Database

    def public_key() -> str:
        raw = Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw,
                                                                      PublicFormat.Raw)
        return base64.b64encode(raw).decode()

    db = Database(db_spec, migrate=False)
    found: list[tuple[str, str]] = []
    try:
        while len(found) < count:
            wanted = min(batch, count - len(found))
            try:
                with db.session() as session:
                    made = []
                    for _ in range(wanted):
                        code = create_enrollment_code(session, valid_for=dt.timedelta(hours=1))
                        session.flush()
                        terminal, token = enroll(session, code, "bench fleet", public_key())
                        made.append((terminal.id, token))
                    session.flush()
            except IntegrityError:
                continue  # two random terminal ids met (8 hex digits): this batch again
            found += made
    finally:
        db.close()
    return found


# -- what an idle terminal sends ----------------------------------------------------------


def heartbeat_body(health: dict, catalogue_revision: int, disk: tuple[int, int]) -> bytes:
    """The body kiosk/sync/engine.py's _heartbeat sends from an idle terminal (nothing
    queued, nothing set aside, no salvage, no commands to acknowledge), as requests
    encodes it."""
    from kiosk.sync.engine import KIOSK_VERSION

    body = {
        "devices": health,
        "technician": {},
        "store": {"salvage": []},
        "queue": {"depth": 0, "oldest_age_seconds": None, "set_aside": 0},
        "disk": {"free_bytes": disk[0], "total_bytes": disk[1]},
        "versions": {"kiosk": KIOSK_VERSION, "catalogue": str(catalogue_revision)},
        "sent_at": "",  # filled in per request
        "acknowledged_commands": [],
    }
    return json.dumps(body).encode()


def idle_requests(host: str, port: int, terminal_id: str, token: str, *, etag: str,
                  cursor: str, item_schema: int, heartbeat: bytes) -> dict[str, bytes]:
    """The two requests of an idle terminal, byte for byte as requests sends them."""
    from kiosk.sync.engine import KIOSK_VERSION

    common = (f"Host: {host}:{port}\r\n"
              f"User-Agent: one-terminal-kiosk/{KIOSK_VERSION} ({terminal_id})\r\n")
    auth = f"Authorization: Bearer {token}\r\n"
    query = urllib.parse.urlencode({"item_schema": item_schema, "cursor": cursor})
    catalogue = (f"GET /v1/catalogue?{query} HTTP/1.1\r\n{common}"
                 "Accept-Encoding: gzip\r\nAccept: */*\r\nConnection: keep-alive\r\n"
                 f"If-None-Match: {etag}\r\n{auth}\r\n").encode()
    beat = (f"POST /v1/heartbeats HTTP/1.1\r\n{common}"
            "Accept-Encoding: gzip, deflate\r\nAccept: */*\r\nConnection: keep-alive\r\n"
            f"{auth}Content-Length: {{length}}\r\nContent-Type: application/json\r\n\r\n"
            ).encode() + heartbeat
    return {"catalogue": catalogue, "heartbeat": beat}


def stamped(request: bytes) -> bytes:
    """A heartbeat with this moment's `sent_at` (same length every time) and its length."""
    head, _, body = request.partition(b"\r\n\r\n")
    now = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime()) + ".000+00:00"
    body = body.replace(b'"sent_at": ""', f'"sent_at": "{now}"'.encode())
    return head.replace(b"{length}", str(len(body)).encode()) + b"\r\n\r\n" + body


async def send(host: str, port: int, source: str, request: bytes, expect: int) -> bool:
    """One request on a new connection from `source`; True if answered `expect`."""
    reader, writer = await asyncio.wait_for(
        asyncio.open_connection(host, port, local_addr=(source, 0)), CONNECT_TIMEOUT_S)
    try:
        writer.write(request)
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), READ_TIMEOUT_S)
        status = int(head.split(b" ", 2)[1])
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        if length:
            await asyncio.wait_for(reader.readexactly(length), READ_TIMEOUT_S)
        return status == expect
    finally:
        writer.close()


EXPECTED = {"catalogue": 304, "heartbeat": 200}


def request_for(requests: dict[str, bytes], task: str) -> bytes:
    return stamped(requests[task]) if task == "heartbeat" else requests[task]


# -- one terminal alone -------------------------------------------------------------------


def solo(host: str, port: int, requests: dict[str, bytes], intervals: dict[str, float],
         count: int) -> list[float]:
    """`count` requests of one idle terminal alone, in the steady mix (a catalogue poll
    for every interval ratio's worth of heartbeats), one after another, 20 ms apart."""
    every = max(1, round(intervals["catalogue"] / intervals["heartbeat"]))
    source = loopback_address(9, 0)

    async def run() -> list[float]:
        times = []
        for n in range(count):
            task = "catalogue" if n % (every + 1) == every else "heartbeat"
            started = time.perf_counter()
            if not await send(host, port, source, request_for(requests, task), EXPECTED[task]):
                raise RuntimeError(f"the solo terminal's {task} was not answered as expected")
            times.append(time.perf_counter() - started)
            await asyncio.sleep(0.02)
        return times

    return asyncio.run(run())


# -- many terminals at their intervals ----------------------------------------------------


def generator(index: int, host: str, port: int, terminals: list[tuple[str, str, str]],
              spec: dict, intervals: dict[str, float], ready, start, results) -> None:
    """Terminals (id, token, source address) of this process, each task at its interval
    from a random phase; samples of the requests scheduled in the measured window."""
    rng = random.Random(index)
    made = [(source, idle_requests(host, port, terminal_id, token, **spec))
            for terminal_id, token, source in terminals]
    ready.put(("generator", index))
    start_at, warm_s, window_s = start.get()
    window_from, end_at = start_at + warm_s, start_at + warm_s + window_s
    samples: list[tuple[str, float, float, float, bool]] = []

    async def terminal_task(source: str, requests: dict[str, bytes], task: str) -> None:
        interval = intervals[task]
        due = start_at + rng.uniform(0, interval)
        while due < end_at:
            await asyncio.sleep(max(0.0, due - time.time()))
            started = time.time()
            try:
                ok = await send(host, port, source, request_for(requests, task), EXPECTED[task])
            except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError):
                ok = False
            if due >= window_from:
                samples.append((task, due, started, time.time(), ok))
            due += interval

    async def run() -> None:
        await asyncio.gather(*(terminal_task(source, requests, task)
                               for source, requests in made for task in intervals))

    cpu_before = time.process_time()
    asyncio.run(run())
    results.put((index, samples, time.process_time() - cpu_before))


def steady_load(platform, identities: list[tuple[str, str]], spec: dict,
                intervals: dict[str, float], processes: int, warm_s: float,
                window_s: float) -> dict:
    """Every identity sends an idle terminal's requests at `intervals` for warm_s +
    window_s seconds; what the window saw, and the platform's CPU in it."""
    context = multiprocessing.get_context("spawn")
    ready, start, results = context.Queue(), context.Queue(), context.Queue()
    host, port = "127.0.0.1", platform.port
    terminals = [(tid, token, loopback_address(10 + n // 60000, n % 60000))
                 for n, (tid, token) in enumerate(identities)]
    shares = [terminals[i::processes] for i in range(processes)]
    workers = [context.Process(target=generator, args=(i, host, port, share, spec, intervals,
                                                       ready, start, results))
               for i, share in enumerate(shares) if share]
    for process in workers:
        process.start()
    try:
        for _ in workers:
            ready.get(timeout=300)
        start_at = time.time() + 1.0
        for _ in workers:
            start.put((start_at, warm_s, window_s))
        time.sleep(max(0.0, start_at + warm_s - time.time()))
        cpu_before, machine_before = platform.cpu_s(), machine_cpu_s()
        time.sleep(window_s)
        cpu_s, machine_s = platform.cpu_s() - cpu_before, machine_cpu_s() - machine_before
        got = [results.get(timeout=120 + window_s) for _ in workers]
    finally:
        for process in workers:
            process.join(30)
            if process.is_alive():
                process.terminate()
    samples = [s for _, worker_samples, _ in got for s in worker_samples]
    in_window = [s for s in samples if s[2] < start_at + warm_s + window_s]
    return {"samples": samples, "requests_in_window": len(in_window), "window_s": window_s,
            "platform_cpu_s": cpu_s, "machine_cpu_s": machine_s,
            "generator_cpu_s": sum(g[2] for g in got), "processes": len(workers)}


def machine_cpu_s() -> float:
    """CPU seconds all of this machine's cores have spent busy (not idle, not iowait)."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    idle = fields[3] + fields[4]
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def make_template(platform, data_dir: Path) -> dict:
    """One idle terminal's store in its steady state: the platform's catalogue, and the
    ETag and cursor its next poll sends (answered 304). Returns those and its disk."""
    from bench.terminals import DEFAULTS, device_health
    from kiosk.catalogue.loader import ITEM_SCHEMA
    from kiosk.sync.catalogue_sync import CURSOR, ETAG, REVISION
    from kiosk.sync.engine import SyncEngine
    from kiosk.sync.enrollment import enroll
    from offline_cache.store import Store

    with Store.open(data_dir, min_free_bytes=0) as store:
        enroll(store, platform.url, platform.enrollment_codes(1)[0], DEFAULTS)
        engine = SyncEngine(store, DEFAULTS, retention_days=7, health=device_health)
        reports = [engine.run_once() for _ in range(3)]  # full, empty change list, 304
        engine.stop()
        if any(r.errors for r in reports) or not reports[-1].catalogue.startswith("unchanged"):
            raise RuntimeError(f"the fleet's template terminal did not sync: {reports}")
        disk = shutil.disk_usage(data_dir)
        return {"dir": data_dir, "etag": store.platform.get(ETAG),
                "cursor": store.platform.get(CURSOR), "item_schema": ITEM_SCHEMA,
                "revision": int(store.platform.get(REVISION)),
                "disk": (disk.free, disk.total)}



# -- the reconnect storm ------------------------------------------------------------------

# What differs between two terminals' rounds besides their identities: the moments the
# kiosk writes (an application's created_at, a heartbeat's sent_at) and its free disk.
_MOMENT = re.compile(rb'"(created_at|sent_at)": "[0-9T:.+-]+"')
_FREE_DISK = re.compile(rb'"free_bytes": [0-9]+')


def record_application_round(platform, data_dir: Path, scan: bytes, n: int) -> dict:
    """A real terminal (its own store and SyncEngine, enrolled through the API, the
    catalogue synced until its poll is answered 304) with one application queued: the
    requests of its next round, as they went on the wire, and the values that are its
    own (terminal id, token, the application's client id, the attachment id it got)."""
    from bench.platform_harness import CountingProxy
    from bench.terminals import DEFAULTS, application, device_health
    from kiosk.config import PlatformConfig
    from kiosk.sync.engine import SyncEngine
    from kiosk.sync.enrollment import enroll
    from offline_cache.store import Store

    with CountingProxy(platform.port, record=True) as proxy, \
            Store.open(data_dir, min_free_bytes=0) as store:
        link = enroll(store, platform.url, platform.enrollment_codes(1)[0], DEFAULTS)
        engine = SyncEngine(store, PlatformConfig(url=proxy.url), retention_days=7,
                            health=device_health, rng=random.Random(n))
        for _ in range(3):  # full, empty change list, 304: a returning terminal
            engine.run_once()
        mark = proxy.recorded_requests()
        entry = store.outbox.submit(application(link.terminal_id, 1, scan))
        report = engine.run_once()
        engine.stop()
        requests = proxy.recorded_requests()[len(mark):]
    if report.delivered != 1 or report.errors or not report.catalogue.startswith("unchanged"):
        raise RuntimeError(f"the storm's recorded terminal did not deliver: {report}")
    labels = [request_label_of(r) for r in requests]
    if labels != list(STORM_ROUND):
        raise RuntimeError(f"a returning terminal's round now sends {labels}, not"
                           f" {list(STORM_ROUND)}: the storm's replay needs updating")
    attachment = requests[1].split(b" ", 2)[1].rsplit(b"/", 1)[1].decode()
    return {"requests": requests, "host": f"127.0.0.1:{proxy.port}",
            "terminal_id": link.terminal_id, "token": _token_of(requests[0]),
            "client_id": entry.client_id, "attachment": attachment}


def _token_of(request: bytes) -> str:
    for line in request.split(b"\r\n\r\n", 1)[0].split(b"\r\n"):
        if line.lower().startswith(b"authorization: bearer "):
            return line.split(b" ", 2)[2].decode()
    raise RuntimeError("a recorded request without a bearer token")


def request_label_of(request: bytes) -> str:
    from bench.platform_harness import request_label

    return request_label(request.split(b"\r\n", 1)[0])


# A returning terminal's round with one application queued, in order.
STORM_ROUND = ("POST /v1/attachments", "PATCH /v1/attachments/{id}", "POST /v1/submissions",
               "GET /v1/catalogue?cursor", "POST /v1/heartbeats")


def moment() -> bytes:
    """Now, as the kiosk writes a moment (ISO 8601, milliseconds, +00:00)."""
    now = time.time()
    return (time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(now))
            + f".{int(now * 1000) % 1000:03d}+00:00").encode()


def render(recorded: dict, host: str, terminal_id: str, token: str, client_id: str,
           attachment: str, step: int, queued_at: bytes | None = None) -> bytes:
    """The recorded round's request `step` as another terminal sends it to `host`
    (HOST:PORT): its identity, its client id, its attachment id, the moment its
    application was queued (the same in every retry: the body must not change under its
    Idempotency-Key) or, in a heartbeat, this moment; Content-Length to match."""
    request = recorded["requests"][step].replace(
        f"Host: {recorded['host']}\r\n".encode(), f"Host: {host}\r\n".encode(), 1)
    for old, new in ((recorded["token"], token), (recorded["terminal_id"], terminal_id),
                     (recorded["client_id"], client_id), (recorded["attachment"], attachment)):
        request = request.replace(old.encode(), new.encode())
    head, _, body = request.partition(b"\r\n\r\n")
    if step in (2, 4) and (queued_at or step == 4):
        written = queued_at if step == 2 else moment()
        body = _MOMENT.sub(lambda m: b'"' + m.group(1) + b'": "' + written + b'"', body)
        head = re.sub(rb"Content-Length: [0-9]+", b"Content-Length: %d" % len(body), head)
    return head + b"\r\n\r\n" + body


def check_replay(first: dict, second: dict) -> None:
    """The replay sends what a terminal sends: the first recording, rendered with the
    second terminal's identity, is the second recording byte for byte (but for the
    moments written and the free disk)."""
    for step in range(len(STORM_ROUND)):
        rendered = render(first, second["host"], second["terminal_id"], second["token"],
                          second["client_id"], second["attachment"], step)
        sent = second["requests"][step]
        if _normal(rendered) != _normal(sent):
            raise RuntimeError(f"the storm's replay of {STORM_ROUND[step]} differs from what"
                               " a real terminal sent")


def _normal(request: bytes) -> bytes:
    request = _MOMENT.sub(rb'"\1": "-"', request)
    return _FREE_DISK.sub(b'"free_bytes": -', request)


class Answer(Exception):
    """An answer the terminal takes as the link being down: it backs off and retries."""

    def __init__(self, status: int, retry_after: float | None = None):
        super().__init__(status)
        self.retry_after = retry_after


class Connection:
    """One terminal's keep-alive connection (the kiosk's requests session keeps one)."""

    def __init__(self, host: str, port: int, source: str):
        self.address, self.source = (host, port), source
        self.reader = self.writer = None

    async def request(self, data: bytes) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.wait_for(
                asyncio.open_connection(*self.address, local_addr=(self.source, 0)),
                CONNECT_TIMEOUT_S)
        try:
            self.writer.write(data)
            head = await asyncio.wait_for(self.reader.readuntil(b"\r\n\r\n"), READ_TIMEOUT_S)
            status = int(head.split(b" ", 2)[1])
            fields = {}
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                fields[name.strip().lower()] = value.strip()
            length = int(fields.get(b"content-length", b"0"))
            body = await asyncio.wait_for(self.reader.readexactly(length), READ_TIMEOUT_S) \
                if length and not data.startswith(b"HEAD ") else b""
        except BaseException:
            self.close()
            raise
        if fields.get(b"connection", b"").lower() == b"close":
            self.close()
        if status == 429 or status >= 500 or status == 408:
            retry = fields.get(b"retry-after")
            raise Answer(status, float(retry) if retry and retry.isdigit() else None)
        return status, body

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def returning_terminal(host: str, port: int, source: str, recorded: dict,
                             identity: tuple[str, str, str], rng: random.Random,
                             outcome: dict) -> None:
    """A terminal back after an outage with one application queued: its round (the
    upload, then its catalogue poll and heartbeat), a failed call backing off as the
    engine does (exponential, equal jitter, Retry-After honoured) and the round starting
    again, the application under the same Idempotency-Key, until it is filed."""
    from bench.terminals import DEFAULTS

    terminal_id, token, client_id = identity
    connection = Connection(host, port, source)
    failures, attachment, uploaded = 0, None, False
    queued_at = moment()  # when the application was made, before the outage

    def request(step: int) -> bytes:
        return render(recorded, f"{host}:{port}", terminal_id, token, client_id,
                      attachment or "", step, queued_at)

    while True:
        try:
            if attachment is None:
                status, body = await connection.request(request(0))
                if status != 201:
                    outcome[f"refused_{status}"] = outcome.get(f"refused_{status}", 0) + 1
                    return
                attachment, uploaded = json.loads(body)["attachment_id"], False
            if not uploaded:
                status, body = await connection.request(request(1))
                if status == 409:  # an earlier try's bytes arrived after all (or some did)
                    uploaded = json.loads(body).get("offset") == len(
                        recorded["requests"][1].partition(b"\r\n\r\n")[2])
                elif status == 200:
                    uploaded = True
                if not uploaded:  # removed, or part of it there: announce it again
                    attachment = None
                    continue
            status, _ = await connection.request(request(2))
            if status not in (200, 201):
                outcome[f"refused_{status}"] = outcome.get(f"refused_{status}", 0) + 1
                return
            break
        except (Answer, TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as exc:
            connection.close()
            failures += 1
            step = min(DEFAULTS.backoff_max_s,
                       DEFAULTS.backoff_initial_s * 2 ** min(failures - 1, 30))
            delay = step / 2 + rng.uniform(0, step / 2)
            if isinstance(exc, Answer) and exc.retry_after:
                delay = max(delay, min(exc.retry_after, DEFAULTS.backoff_max_s))
            outcome["retries"] = outcome.get("retries", 0) + 1
            await asyncio.sleep(delay)
    outcome["filed"] = outcome.get("filed", 0) + 1
    for step in (3, 4):  # the rest of the round; a failure here ends it, as in the engine
        try:
            await connection.request(request(step))
        except (Answer, TimeoutError, OSError, asyncio.IncompleteReadError, ValueError):
            break
    connection.close()


def storm_worker(index: int, host: str, port: int, recorded: dict,
                 terminals: list[tuple[str, str, str, str]], ready, go, results) -> None:
    """Terminals (id, token, client id, source address) of this process; on `go`, all of
    them come back at once."""
    rng = random.Random(index)
    ready.put(("storm", index))
    go.wait()
    outcome: dict = {}
    cpu_before = time.process_time()

    async def run() -> None:
        await asyncio.gather(*(
            returning_terminal(host, port, source, recorded, (tid, token, client_id),
                               random.Random(rng.random()), outcome)
            for tid, token, client_id, source in terminals))

    asyncio.run(run())
    results.put((index, time.process_time() - cpu_before, outcome))


def storm(platform, data_root: Path, count: int, processes: int, scan_bytes: int,
          timeout_s: float) -> dict:
    """`count` enrolled terminals each come back with one application at the same
    moment; waits until the platform has filed them all (or `timeout_s`)."""
    scan = os.urandom(scan_bytes)
    recorded = record_application_round(platform, data_root / "recorded-1", scan, 1)
    check_replay(recorded, record_application_round(platform, data_root / "recorded-2",
                                                    scan, 2))
    started = time.perf_counter()
    identities = enroll_in_bulk(str(platform.server.db), count)
    terminals = [(tid, token, uuid.uuid4().hex, loopback_address(200 + n // 60000, n % 60000))
                 for n, (tid, token) in enumerate(identities)]
    context = multiprocessing.get_context("spawn")
    ready, results, go = context.Queue(), context.Queue(), context.Event()
    workers = [context.Process(target=storm_worker, args=(
                   i, "127.0.0.1", platform.port, recorded, terminals[i::processes], ready,
                   go, results))
               for i in range(processes) if terminals[i::processes]]
    for process in workers:
        process.start()
    try:
        for _ in workers:
            ready.get(timeout=300)
        setup_s = time.perf_counter() - started
        terminal_ids = [t[0] for t in terminals]
        time.sleep(0.5)
        cpu_before, machine_before = platform.cpu_s(), machine_cpu_s()
        started_at = time.time()
        go.set()
        while time.time() - started_at < timeout_s:
            time.sleep(0.5)
            if count_cases(platform, terminal_ids)["cases"] >= count:
                break
        waited_s = time.time() - started_at
        cpu_s, machine_s = platform.cpu_s() - cpu_before, machine_cpu_s() - machine_before
        got = [results.get(timeout=60 + timeout_s) for _ in workers]
    finally:
        for process in workers:
            process.join(30)
            if process.is_alive():
                process.terminate()
    outcomes = [g[2] for g in got]
    cases = count_cases(platform, terminal_ids, [t[2] for t in terminals])
    return {"started_at": started_at, "waited_s": waited_s, "setup_s": setup_s,
            "platform_cpu_s": cpu_s, "machine_cpu_s": machine_s,
            "terminals_cpu_s": sum(g[1] for g in got),
            "left_in_outboxes": count - sum(o.get("filed", 0) for o in outcomes),
            "retries": sum(o.get("retries", 0) for o in outcomes),
            "refused": {key: sum(o.get(key, 0) for o in outcomes)
                        for key in sorted({k for o in outcomes for k in o
                                           if k.startswith("refused_")})},
            **cases}


def count_cases(platform, terminal_ids: list[str], client_ids: list[str] | None = None) -> dict:
    """Submissions the platform holds from these terminals: how many, how many distinct
    idempotency keys, keys filed more than once, and the last one's arrival."""
    from sqlalchemy import func, select

    from central.storage import Case, Database, SubmissionAttempt, as_utc

    db = Database(str(platform.server.db), migrate=False)
    try:
        with db.session() as session:
            rows = []
            for at in range(0, len(terminal_ids), 500):
                rows += session.execute(
                    select(Case.terminal_id, Case.idempotency_key, Case.received_at)
                    .where(Case.terminal_id.in_(terminal_ids[at:at + 500]))).all()
            result = {"cases": len(rows)}
            if client_ids is None:
                return result
            keys = [(tid, key) for tid, key, _ in rows]
            attempts = 0
            for at in range(0, len(terminal_ids), 500):
                attempts += session.scalar(
                    select(func.count()).select_from(SubmissionAttempt)
                    .where(SubmissionAttempt.terminal_id.in_(terminal_ids[at:at + 500])))
    finally:
        db.close()
    last = max((as_utc(r[2]) for r in rows), default=None)
    return result | {
        "distinct_keys": len(set(keys)),
        "duplicate_keys": len(keys) - len(set(keys)),
        "missing": len(set(client_ids) - {key for _, key in keys}),
        "submission_posts": attempts,
        "last_received_at": None if last is None else last.timestamp(),
    }
