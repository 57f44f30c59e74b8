"""Runs the API under uvicorn on a socket bound here, so port 0 can report its real port.

The "listening on URL" line is printed only once uvicorn accepts connections, so a test
or a demo script that waits for it can connect at once.
"""

from __future__ import annotations

import datetime as dt
import logging
import logging.config
import socket
import sys

import uvicorn

from central.app import create_app
from central.cleanup import DEFAULT_EXPIRY_HOURS, DEFAULT_INTERVAL_SECONDS, Collector
from central.ratelimit import DEFAULT_LIMIT, DEFAULT_WINDOW_SECONDS, FailureLimiter
from central.storage import Database

# Access lines carry method, path and status only. Paths hold case and tracking numbers,
# never names or ID numbers: those travel in bodies, and bodies are never logged. Each
# record is one JSON line (central/logs.py), so no client string can add a line.
LOG_CONFIG = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "central.logs.JsonLinesFormatter"},
    },
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"},
    },
    "loggers": {
        "uvicorn": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "uvicorn.access": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "central": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
    },
}


class _AnnouncingServer(uvicorn.Server):
    def __init__(self, config: uvicorn.Config, url: str):
        super().__init__(config)
        self.url = url

    async def startup(self, sockets=None):
        await super().startup(sockets=sockets)
        if self.started:
            print(f"central listening on {self.url}", flush=True)


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
    tls_cert: str | None = None,
    tls_key: str | None = None,
    upload_expiry_hours: float = DEFAULT_EXPIRY_HOURS,
    gc_interval_seconds: float = DEFAULT_INTERVAL_SECONDS,
    enrollment_max_failures: int = DEFAULT_LIMIT,
    enrollment_window_seconds: float = DEFAULT_WINDOW_SECONDS,
    forwarded_allow_ips: str = "127.0.0.1",
) -> int:
    if bool(tls_cert) != bool(tls_key):
        print("central: --tls-cert and --tls-key go together", file=sys.stderr)
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
    logging.config.dictConfig(LOG_CONFIG)
    db = Database(db_spec)
    app = create_app(
        db, enrollment_limiter=FailureLimiter(enrollment_max_failures, enrollment_window_seconds)
    )
    collector = Collector(db, dt.timedelta(hours=upload_expiry_hours), gc_interval_seconds)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = listening_socket(family, host, port)
    bound_port = sock.getsockname()[1]
    scheme = "https" if tls_cert else "http"
    shown_host = f"[{host}]" if family == socket.AF_INET6 else host
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
    )
    collector.start()
    try:
        _AnnouncingServer(config, f"{scheme}://{shown_host}:{bound_port}").run(sockets=[sock])
    finally:
        collector.stop()
        sock.close()
        db.close()
    return 0
