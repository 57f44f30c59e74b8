"""The A4 printer behind a CUPS queue: a private cupsd that keeps job files (as CUPS does
for a day by default), a raw queue whose backend sends each job to a TCP sink."""

from __future__ import annotations

import datetime as dt
import socketserver
import threading

import cups
import pytest

from drivers.document_printer.cups_printer import CupsDocumentPrinter
from kiosk.a4_test_page import a4_test_page
from tests.devices.cups_server import CupsServer, can_run
from tests.devices.pcsc_stack import wait_for

PDF = a4_test_page("DEMO01", dt.datetime(2026, 12, 7, 9, 30))


class _Sink(socketserver.StreamRequestHandler):
    received: list[bytes] = []

    def handle(self):
        _Sink.received.append(self.rfile.read())


@pytest.fixture
def queue():
    reason = can_run()
    if reason:
        pytest.skip(reason)
    server = CupsServer(extra_conf="PreserveJobFiles Yes\n").start()
    before = cups.getServer()
    cups.setServer(server.socket_path)
    sink = socketserver.TCPServer(("127.0.0.1", 0), _Sink)
    threading.Thread(target=sink.serve_forever, daemon=True).start()
    _Sink.received = []
    admin = cups.Connection()
    admin.addPrinter("a4", device=f"kiosktest://127.0.0.1:{sink.server_address[1]}")
    admin.enablePrinter("a4")
    admin.acceptJobs("a4")
    yield server
    sink.shutdown()
    sink.server_close()
    cups.setServer(before)
    server.stop()


def test_a_printed_proof_is_not_left_in_the_cups_spool(queue):
    printer = CupsDocumentPrinter("a4")
    assert printer.status().can_print
    job_id = printer.print_pdf(PDF, "proof")
    spooled = queue.root / "spool" / f"d{job_id:05d}-001"

    outcome = printer.wait_for_job(job_id, 60)

    assert outcome.completed, outcome
    assert wait_for(lambda: _Sink.received == [PDF], 10)
    assert not spooled.exists()  # CUPS would keep it for PreserveJobFiles


def test_a_stopped_queue_cannot_print(queue):
    cups.Connection().disablePrinter("a4")
    status = CupsDocumentPrinter("a4").status()

    assert status.state == "stopped" and not status.can_print
    assert CupsDocumentPrinter("nosuchqueue").status().state == "offline"
