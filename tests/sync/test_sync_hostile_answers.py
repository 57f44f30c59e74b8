"""A hostile (or broken) platform answers with a small gzip body that inflates to far more
than any answer of the platform's: the terminal stops reading at the call's limit, says
why like any other platform trouble, and keeps what it holds."""

from __future__ import annotations

import threading
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from offline_cache.platform_link import PlatformLink
from tests.sync.conftest import application, engine_for, fast_platform_config

INFLATED_BYTES = 200 * 1024 * 1024  # zeros: about 200 KB on the wire


def gzip_bomb(size: int) -> bytes:
    """`size` zero bytes gzipped, made a megabyte at a time (the test stays small)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: the gzip format
    megabyte = bytes(1024 * 1024)
    parts = [packer.compress(megabyte) for _ in range(size // len(megabyte))]
    return b"".join(parts) + packer.flush()


class _Bomb(BaseHTTPRequestHandler):
    body = b""

    def _answer(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        try:
            self.wfile.write(self.body)
        except OSError:
            pass  # the terminal hung up at its limit

    do_GET = do_POST = _answer

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def hostile_platform() -> Iterator[str]:
    handler = type("Bomb", (_Bomb,), {"body": gzip_bomb(INFLATED_BYTES)})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _memory_kib(field: str) -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise AssertionError(f"no {field} in /proc/self/status")


def peak_memory_growth(action) -> int:
    """Bytes this process's peak resident memory grew by while `action` ran."""
    with open("/proc/self/clear_refs", "w", encoding="ascii") as clear:
        clear.write("5")  # the peak starts again from what is resident now
    before = _memory_kib("VmRSS")
    action()
    return (_memory_kib("VmHWM") - before) * 1024


def test_an_answer_that_inflates_past_its_limit_is_not_read_and_syncing_goes_on(
        hostile_platform, store):
    store.platform.save(PlatformLink(hostile_platform, "T0000TEST", "token",
                                     "A" * 43 + "=", "k1"))
    record = application(1, seed=50)
    store.outbox.submit(record)
    engine = engine_for(store, fast_platform_config())
    reports = []

    grew = peak_memory_growth(lambda: reports.append(engine.run_once(("heartbeat",))))
    engine.stop()

    assert grew < INFLATED_BYTES / 8, f"{grew / 2**20:.0f} MiB taken by one answer"
    assert any("larger than" in error for error in reports[0].errors), reports[0]
    status = engine.status()
    assert status.online is False and "larger than" in status.last_error  # the technician
    assert store.outbox.get(record.client_id).state == "queued"  # kept, to send later


def test_the_catalogue_has_a_larger_limit_and_still_stops_at_it(hostile_platform, store):
    """The catalogue's limit is tens of megabytes (the one large answer), far below this."""
    store.platform.save(PlatformLink(hostile_platform, "T0000TEST", "token",
                                     "A" * 43 + "=", "k1"))
    engine = engine_for(store, fast_platform_config())
    report = engine.run_once(("catalogue",))
    engine.stop()
    assert any("larger than" in error and "MiB" in error for error in report.errors), report
    assert store.catalogue.load() is None  # nothing of it was taken
