"""How fast a terminal's sync engine drains a full outbox to the platform, and whether the
kiosk's memory stays flat while it does: 1,000 queued applications, each with one 200 KB
scan, delivered by `SyncEngine.run_once()` to the reference platform on loopback, against
a raw `requests.post` loop of the same sizes to a trivial HTTP sink.

    .venv/bin/python bench/outbox_drain.py [--items 1000] [--attachment-kib 200]

The store is a real one in a temporary directory, enrolled with a one-time code, with the
default PlatformConfig (1 MiB upload chunks: one PATCH per scan). One untimed round runs
first (the first catalogue download and heartbeat), then the applications are filed
(each from a different resident, so the per-resident order holds none back), then
`run_once()` is called until nothing is pending: per item that is the resumable upload
(POST + PATCH), the submission (POST) and four durable store updates, on both sides.

- `kiosk_rss_mb_after_100` / `_after_1000`: this process's VmRSS (the kiosk's side: store,
  engine, HTTP client; the platform is another process) right after the 100th and the
  last delivery was recorded; `rss_curve_mb` every 100 deliveries.
- `baseline_items_per_s`: one keep-alive `requests.Session` POSTing --items bodies of the
  same size to an `http.server` sink in a thread of this process (it reads and drops
  them): the floor of moving the bytes over loopback HTTP from Python.

Prints one JSON object.
"""

from __future__ import annotations

import argparse
import gc
import http.server
import json
import os
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import requests  # noqa: E402

from bench.platform_harness import Platform, rss_mb  # noqa: E402
from kiosk.config import PlatformConfig  # noqa: E402
from kiosk.sync.engine import SyncEngine  # noqa: E402
from kiosk.sync.enrollment import enroll  # noqa: E402
from offline_cache.store import AttachmentData, Store, SubmissionRecord  # noqa: E402

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def fictional_id_number(n: int) -> str:
    """A well-formed 18-digit ID number (GB 11643 check digit) that belongs to nobody:
    a Beijing area code, a birth date in 1960-1999 and sequence `n`."""
    birth = f"{1960 + n % 40}{1 + n % 12:02d}{1 + n % 28:02d}"
    body = f"110101{birth}{n % 1000:03d}"
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, _WEIGHTS, strict=True)) % 11]
    return body + check


def application(terminal: str, n: int, content: bytes) -> SubmissionRecord:
    """Numbered under the enrolled terminal's id: the platform files no other."""
    return SubmissionRecord(
        client_id=uuid.uuid4().hex,
        kind="application",
        service_code="SB-0001",
        tracking_number=f"{terminal}-20261201-{n:05d}",
        payload={"applicant": {"name": "王秀兰", "id_number": fictional_id_number(n)},
                 "answers": {"phone": "13800138000", "reason": "社会保障卡申领", "n": str(n)}},
        attachments=(AttachmentData("户口簿首页.jpg", "image/jpeg", content),),
        test_traffic=True,
    )


def drain(store: Store, engine: SyncEngine, marks: set[int]) -> dict:
    """run_once() until nothing is pending; VmRSS sampled as deliveries are recorded."""
    outbox = store.outbox
    real_mark_delivered = outbox.mark_delivered
    delivered = 0
    samples: dict[int, float] = {}

    def counting_mark_delivered(client_id, **kwargs):
        nonlocal delivered
        real_mark_delivered(client_id, **kwargs)
        delivered += 1
        if delivered in marks:
            samples[delivered] = rss_mb()

    outbox.mark_delivered = counting_mark_delivered  # on this instance only
    rounds, errors, uploaded = 0, [], 0
    started = time.perf_counter()
    try:
        while outbox.queue_summary()[0]:
            report = engine.run_once()
            rounds += 1
            uploaded += report.uploaded_bytes
            errors += report.errors
            if not report.delivered and rounds > 3:
                raise SystemExit(f"the outbox does not drain: {errors[-3:]}")
    finally:
        drain_s = time.perf_counter() - started
        del outbox.mark_delivered
    return {"drain_s": drain_s, "delivered": delivered, "rounds": rounds, "errors": errors,
            "uploaded_bytes": uploaded, "rss": samples}


class _Sink(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as requests and the platform use it
    # Headers and body go out in two writes: without TCP_NODELAY, Nagle's algorithm and
    # the client's delayed ACK would add 40 ms to every answer (the platform sets it too).
    disable_nagle_algorithm = True

    def do_POST(self):  # noqa: N802 - http.server's naming
        left = int(self.headers["Content-Length"])
        while left:
            left -= len(self.rfile.read(min(left, 256 * 1024)))
        body = b'{"ok":true}'
        self.send_response(201)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def baseline(items: int, blobs: list[bytes]) -> float:
    """Seconds for `items` raw POSTs of the blobs' size to a loopback sink."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Sink)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    session = requests.Session()
    session.trust_env = False
    url = f"http://127.0.0.1:{server.server_address[1]}/sink"
    try:
        started = time.perf_counter()
        for n in range(items):
            answer = session.post(url, data=blobs[n % len(blobs)],
                                  headers={"Content-Type": "application/octet-stream"},
                                  timeout=30)
            answer.raise_for_status()
        return time.perf_counter() - started
    finally:
        session.close()
        server.shutdown()
        server.server_close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--attachment-kib", type=int, default=200)
    args = parser.parse_args()
    size = args.attachment_kib * 1024
    first_mark = min(100, args.items)
    marks = set(range(100, args.items + 1, 100)) | {first_mark, args.items}

    with Platform(prefix="bench-drain-") as platform, \
            tempfile.TemporaryDirectory(prefix="bench-drain-kiosk-") as tmp:
        with Store.open(Path(tmp) / "kiosk", min_free_bytes=0) as store:
            config = PlatformConfig()
            link = enroll(store, platform.url, platform.enrollment_codes(1)[0], config)
            engine = SyncEngine(store, config, retention_days=7)
            warm = engine.run_once()  # the first catalogue and heartbeat, untimed
            assert not warm.errors, warm.errors

            filing_started = time.perf_counter()
            for n in range(args.items):
                store.outbox.submit(application(link.terminal_id, n, os.urandom(size)))
            filing_s = time.perf_counter() - filing_started
            gc.collect()
            rss_before = rss_mb()

            result = drain(store, engine, marks)
            engine.stop()
            leftover = store.outbox.state_counts()
        report = platform.report()
        blobs = [os.urandom(size) for _ in range(8)]
        baseline_s = baseline(args.items, blobs)

    assert result["delivered"] == args.items, result
    assert report["submissions"] == args.items and report["attachments"] == args.items, report
    rss = result["rss"]
    items_per_s = args.items / result["drain_s"]
    baseline_per_s = args.items / baseline_s
    print(json.dumps({
        "items": args.items,
        "attachment_bytes": size,
        "drain_s": round(result["drain_s"], 2),
        "items_per_s": round(items_per_s, 2),
        "mb_per_s": round(result["uploaded_bytes"] / result["drain_s"] / 1e6, 2),
        "uploaded_bytes": result["uploaded_bytes"],
        "rounds": result["rounds"],
        "errors": len(result["errors"]),
        "kiosk_rss_mb_before_drain": round(rss_before, 1),
        f"kiosk_rss_mb_after_{first_mark}": round(rss[first_mark], 1),
        f"kiosk_rss_mb_after_{args.items}": round(rss[args.items], 1),
        "rss_growth_mb": round(rss[args.items] - rss[first_mark], 1),
        "rss_curve_mb": {str(k): round(v, 1) for k, v in sorted(rss.items())},
        "filing_s": round(filing_s, 2),
        "baseline_items_per_s": round(baseline_per_s, 2),
        "baseline_s": round(baseline_s, 2),
        "ratio": round(items_per_s / baseline_per_s, 3),
        "platform_submissions": report["submissions"],
        "outbox_states_after": leftover,
    }, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
