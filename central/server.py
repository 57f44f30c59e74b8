"""Runs the API under uvicorn on a socket bound here, so port 0 can report its real port.

The database is brought up to date and the first-start work done before the socket
opens. With `--workers N` (PostgreSQL only) N processes forked from this one serve the
socket (central/prefork.py). The "listening on URL" line is printed only once uvicorn
accepts connections (in every worker), so a test or a demo script that waits for it can
connect at once.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import logging.config
import resource
import socket
import sys
from pathlib import Path

import uvicorn

from central import first_start, prefork
from central.app import create_app
from central.attachments import UploadQuota
from central.cleanup import DEFAULT_EXPIRY_HOURS, DEFAULT_INTERVAL_SECONDS, Collector
from central.connections import ConnectionLimits, protocol_class
from central.payments import PaymentSettings
from central.ratelimit import DEFAULT_LIMIT, DEFAULT_WINDOW_SECONDS, FailureLimiter
from central.software import ReleaseShelf
from central.storage import Database, DatabaseUnavailable, database_url, first_line

# Access lines carry method, path and status only. Paths hold case and tracking numbers,
# never names or ID numbers: those travel in bodies, and bodies are never logged. Each
# record is one JSON line (central/logs.py), so no client string can add a line.
# The server's own lines (uvicorn's errors, asyncio's, refused and timed-out connections)
# go through the repeat filter: a flood of one of them is logged as a count.
LOG_CONFIG = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "central.logs.JsonLinesFormatter"},
    },
    "filters": {"repeats": {"()": "central.logthrottle.RepeatFilter"}},
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"},
        "stderr_throttled": {
            "class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr",
            "filters": ["repeats"],
        },
    },
    "loggers": {
        "uvicorn": {"handlers": ["stderr_throttled"], "level": "INFO", "propagate": False},
        "uvicorn.access": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "asyncio": {"handlers": ["stderr_throttled"], "level": "WARNING", "propagate": False},
        "central": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "central.connections": {
            "handlers": ["stderr_throttled"], "level": "INFO", "propagate": False,
        },
    },
}
# Connections waiting in the kernel's queue; asyncio accepts up to this many at a time.
LISTEN_BACKLOG = 128
# File descriptors kept free of connections: the database, logs, and the connections
# asyncio has accepted but not yet handed to the protocol (up to two backlogs' worth).
RESERVED_FILES = 2 * LISTEN_BACKLOG + 64


class _AnnouncingServer(uvicorn.Server):
    """uvicorn's server, calling `on_started` once it accepts connections."""

    def __init__(self, config: uvicorn.Config, on_started):
        super().__init__(config)
        self.on_started = on_started

    async def startup(self, sockets=None):
        await super().startup(sockets=sockets)
        if self.started:
            self.on_started()


def listening_socket(family: socket.AddressFamily, host: str, port: int) -> socket.socket:
    """The bound socket uvicorn serves on.

    Created with IPPROTO_TCP spelled out: asyncio turns Nagle's algorithm off (TCP_NODELAY)
    only on accepted sockets whose `proto` says TCP, and a socket made with proto 0 does
    not. With Nagle on, the body of every answer (a second write after the headers) waits
    for the kiosk's delayed ACK: about 40 ms added to each request, even on loopback.
    """
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    return sock


def serve(
    db_spec: str,
    host: str,
    port: int,
    *,
    workers: int = 1,
    tls_cert: str | None = None,
    tls_key: str | None = None,
    upload_expiry_hours: float = DEFAULT_EXPIRY_HOURS,
    gc_interval_seconds: float = DEFAULT_INTERVAL_SECONDS,
    enrollment_max_failures: int = DEFAULT_LIMIT,
    enrollment_window_seconds: float = DEFAULT_WINDOW_SECONDS,
    forwarded_allow_ips: str = "127.0.0.1",
    connection_limits: ConnectionLimits | None = None,
    upload_quota: UploadQuota | None = None,
    proof_checks: tuple[int, float] | None = None,
    payment_settings: PaymentSettings | None = None,
    releases_dir: Path | None = None,
) -> int:
    if bool(tls_cert) != bool(tls_key):
        print("central: --tls-cert and --tls-key go together", file=sys.stderr)
        return 2
    if workers < 1:
        print("central: --workers must be 1 or more", file=sys.stderr)
        return 2
    if workers > 1 and database_url(db_spec).startswith("sqlite"):
        print("central: --workers needs a PostgreSQL --db (SQLite takes one writer at a "
              "time); serve SQLite with one worker", file=sys.stderr)
        return 2
    if upload_expiry_hours < 0 or gc_interval_seconds <= 0:
        print("central: --upload-expiry-hours >= 0 and --gc-interval-seconds > 0", file=sys.stderr)
        return 2
    if enrollment_max_failures < 1 or enrollment_window_seconds <= 0:
        print(
            "central: --enrollment-max-failures >= 1 and --enrollment-window-seconds > 0",
            file=sys.stderr,
        )
        return 2
    if proof_checks and (proof_checks[0] < 1 or proof_checks[1] <= 0):
        print("central: --proof-checks-per-window >= 1 and --proof-check-window-seconds > 0",
              file=sys.stderr)
        return 2
    if payment_settings and (payment_settings.minutes < 0 or (
            payment_settings.pay_after is not None and payment_settings.pay_after < 0)):
        print("central: --payment-minutes and --pay-after >= 0", file=sys.stderr)
        return 2
    limits = connection_limits or ConnectionLimits()
    if (limits.head_timeout <= 0 or limits.body_timeout <= 0 or limits.max_total < 1
            or limits.max_per_address < 1):
        print("central: connection timeouts > 0 and connection limits >= 1", file=sys.stderr)
        return 2
    usable = usable_connections(limits.max_total)
    if usable < 1:
        print(f"central: the open-file limit leaves no room for connections "
              f"(at least {RESERVED_FILES + 1} needed)", file=sys.stderr)
        return 2
    limits = dataclasses.replace(limits, max_total=usable)
    logging.config.dictConfig(LOG_CONFIG)
    try:
        db = Database(db_spec)  # brings the schema up to date
    except DatabaseUnavailable as exc:
        print(f"central: cannot open the database: {first_line(exc)}", file=sys.stderr)
        return 2
    first_start.prepare(db)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = listening_socket(family, host, port)
    scheme = "https" if tls_cert else "http"
    shown_host = f"[{host}]" if family == socket.AF_INET6 else host
    url = f"{scheme}://{shown_host}:{sock.getsockname()[1]}"

    def announce() -> None:
        print(f"central listening on {url}", flush=True)

    def worker_server(worker_db: Database, on_started) -> _AnnouncingServer:
        app = create_app(
            worker_db,
            enrollment_limiter=FailureLimiter(enrollment_max_failures,
                                              enrollment_window_seconds),
            upload_quota=upload_quota,
            proof_check_limiter=FailureLimiter(*proof_checks) if proof_checks else None,
            payment_settings=payment_settings,
            releases=ReleaseShelf(releases_dir),
        )
        config = uvicorn.Config(
            app,
            log_config=LOG_CONFIG,
            ssl_certfile=tls_cert,
            ssl_keyfile=tls_key,
            lifespan="off",
            server_header=False,
            # The client address (the enrollment limit counts per address) is taken from
            # X-Forwarded-For only when the connection comes from one of these proxies.
            proxy_headers=True,
            forwarded_allow_ips=forwarded_allow_ips,
            timeout_graceful_shutdown=5,
            http=protocol_class(limits),
            backlog=LISTEN_BACKLOG,
        )
        return _AnnouncingServer(config, on_started)

    logging.getLogger("central.connections").info(
        "connections: at most %d open, %d per address%s; request head within %g s, "
        "body stalls at most %g s", limits.max_total, limits.max_per_address,
        " in each worker" if workers > 1 else "", limits.head_timeout, limits.body_timeout,
    )
    expiry = dt.timedelta(hours=upload_expiry_hours)
    if workers == 1:
        collector = Collector(db, expiry, gc_interval_seconds)
        collector.start()
        try:
            worker_server(db, announce).run(sockets=[sock])
        finally:
            collector.stop()
            sock.close()
            db.close()
        return 0
    return _serve_workers(workers, db_spec, db, sock, worker_server, announce,
                          lambda parent_db: Collector(parent_db, expiry, gc_interval_seconds))


def _serve_workers(count, db_spec, db, sock, worker_server, announce, make_collector) -> int:
    """Fork `count` workers on `sock`; the parent runs the attachment collector (once for
    the whole server, not once per worker)."""
    db.close()  # no connection may be shared across fork: each process opens its own
    parent: dict = {}

    def work(ready) -> int:
        worker_db = Database(db_spec, migrate=False)
        try:
            worker_server(worker_db, ready).run(sockets=[sock])
        finally:
            worker_db.close()
        return 0

    def collect() -> None:
        parent["db"] = Database(db_spec, migrate=False)
        parent["collector"] = make_collector(parent["db"])
        parent["collector"].start()

    try:
        return prefork.run(count, work, on_ready=announce, on_started=collect)
    finally:
        if "collector" in parent:
            parent["collector"].stop()
        if "db" in parent:
            parent["db"].close()
        sock.close()


def usable_connections(wanted: int) -> int:
    """`wanted`, or fewer if the process's open-file limit would run out first."""
    soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return wanted
    return min(wanted, soft - RESERVED_FILES)
