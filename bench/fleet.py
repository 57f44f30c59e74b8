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

Storm. Real stores and SyncEngines, copied from one terminal that has the catalogue
(a returning terminal has it; 2,000 first downloads would measure something else), each
enrolled through the API (kiosk enroll), each with one queued application, each sending
from its own loopback address. All engines start at once; each runs its own rounds with
its own backoff until its outbox is empty.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import os
import queue
import random
import shutil
import threading
import time
import urllib.parse
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


# -- the reconnect storm ------------------------------------------------------------------


def bind_source(engine, address: str) -> None:
    """The engine's platform client sends from `address` (the bench's stand-in for a
    terminal's own network address)."""
    from requests.adapters import HTTPAdapter

    class SourceAddressAdapter(HTTPAdapter):
        def init_poolmanager(self, *args, **kwargs):
            kwargs["source_address"] = (address, 0)
            super().init_poolmanager(*args, **kwargs)

    session = engine._link_client()._session  # noqa: SLF001 - the bench's address only
    session.mount("http://", SourceAddressAdapter())
    session.mount("https://", SourceAddressAdapter())


def storm_worker(index: int, url: str, template: str, codes: list[str], first: int,
                 data_root: str, scan_bytes: int, ready, go, stop, results) -> None:
    """Copies of the template store, each enrolled with one of `codes` and one
    application queued; on `go`, every engine starts; on `stop`, every engine stops."""
    from bench.terminals import DEFAULTS, application, device_health
    from kiosk.sync.engine import SyncEngine
    from kiosk.sync.enrollment import enroll
    from offline_cache.keys import default_key_dir
    from offline_cache.store import AttachmentData, Store  # noqa: F401

    template_dir = Path(template)
    terminals, queued = [], []
    scan = os.urandom(scan_bytes)
    for n, code in enumerate(codes):
        data_dir = Path(data_root) / f"storm{index}-{n}"
        shutil.copytree(template_dir, data_dir)
        shutil.copytree(default_key_dir(template_dir), default_key_dir(data_dir))
        store = Store.open(data_dir, min_free_bytes=0)
        link = enroll(store, url, code, DEFAULTS)
        entry = store.outbox.submit(application(link.terminal_id, n, scan))
        engine = SyncEngine(store, DEFAULTS, retention_days=7, health=device_health,
                            rng=random.Random(index * 100000 + n))
        bind_source(engine, loopback_address(200 + (first + n) // 60000, (first + n) % 60000))
        terminals.append((store, engine))
        queued.append((link.terminal_id, entry.client_id))
    ready.put(("storm", index, queued))
    go.wait()
    cpu_before = time.process_time()
    for _, engine in terminals:
        engine.start()
    stop.wait()
    cpu_s = time.process_time() - cpu_before
    # All at once: one after another, engines waiting on a 20 s read add up to minutes.
    stoppers = [threading.Thread(target=engine.stop) for _, engine in terminals]
    for thread in stoppers:
        thread.start()
    for thread in stoppers:
        thread.join()
    left = 0
    for store, _ in terminals:
        left += store.outbox.queue_summary()[0]
        store.close()
    results.put((index, cpu_s, left))


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


def storm(platform, template: Path, data_root: Path, count: int, processes: int,
          scan_bytes: int, timeout_s: float) -> dict:
    codes = platform.enrollment_codes(count)
    context = multiprocessing.get_context("spawn")
    ready, results = context.Queue(), context.Queue()
    go, stop = context.Event(), context.Event()
    shares = [(codes[i::processes], i) for i in range(processes)]
    workers, first = [], 0
    for share, i in shares:
        if share:
            workers.append(context.Process(target=storm_worker, args=(
                i, platform.url, str(template), share, first, str(data_root), scan_bytes,
                ready, go, stop, results)))
            first += len(share)
    setup_started = time.perf_counter()
    for process in workers:
        process.start()
    queued: list[tuple[str, str]] = []
    try:
        for _ in workers:
            while True:
                try:
                    queued += ready.get(timeout=5)[2]
                    break
                except queue.Empty:
                    dead = [p.exitcode for p in workers if p.exitcode not in (None, 0)]
                    if dead:
                        raise RuntimeError(f"a storm worker failed (exit {dead})") from None
        setup_s = time.perf_counter() - setup_started
        terminal_ids = [tid for tid, _ in queued]
        time.sleep(0.5)
        cpu_before, machine_before = platform.cpu_s(), machine_cpu_s()
        started_at = time.time()
        go.set()
        delivered = 0
        while time.time() - started_at < timeout_s:
            time.sleep(0.5)
            delivered = count_cases(platform, terminal_ids)["cases"]
            if delivered >= count:
                break
        waited_s = time.time() - started_at
        cpu_s, machine_s = platform.cpu_s() - cpu_before, machine_cpu_s() - machine_before
        stop.set()
        got = [results.get(timeout=900) for _ in workers]
    finally:
        stop.set()
        for process in workers:
            process.join(60)
            if process.is_alive():
                process.terminate()
    cases = count_cases(platform, terminal_ids, [cid for _, cid in queued])
    return {"started_at": started_at, "waited_s": waited_s, "setup_s": setup_s,
            "platform_cpu_s": cpu_s, "machine_cpu_s": machine_s,
            "terminals_cpu_s": sum(g[1] for g in got), "left_in_outboxes": sum(g[2] for g in got),
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
