"""The A4 printer against a real IPP Everywhere printer: CUPS's own ippeveprinter (see
ipp_stack.py), and recorded IPP answers for the states it cannot be driven into."""

from __future__ import annotations

import datetime as dt
import http.server
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

from drivers.base import DeviceError, DeviceState
from drivers.document_printer.ipp_printer import IppDocumentPrinter
from kiosk import device_tools
from kiosk.a4_test_page import a4_test_page
from kiosk.config import KioskConfig
from kiosk.document_printing import RESIDENT_LINES, TECHNICIAN_LINES, resident_line, technician_line

RECORDED = Path(__file__).parent / "data" / "ipp"
WAIT_S = 60.0  # bounds a hang only: the printer answers long before


@pytest.fixture
def printer(stack):
    """The printer with a full tray and toner, and running, for each test."""
    if "ippeveprinter" not in stack.running():
        stack.start_printer()
    stack.set_paper(250)
    stack.set_toner(75)
    return IppDocumentPrinter(stack.uri, timeout_s=5.0)


def page() -> bytes:
    return a4_test_page("DEMO01", dt.datetime(2026, 12, 7, 9, 30, 15))


def test_a_pdf_arrives_at_the_printer_byte_for_byte(stack, printer):
    before = stack.documents()
    job_id = printer.print_pdf(page(), "print test")
    outcome = printer.wait_for_job(job_id, WAIT_S)

    assert outcome.completed, outcome
    kept = stack.new_documents(before)
    assert len(kept) == 1
    assert kept[0].read_bytes() == page()
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(kept[0]), "-"], capture_output=True,
                              text=True, check=True).stdout
        assert "Terminal: DEMO01" in text
        assert "Time: 2026-12-07 09:30:15" in text  # digits survive
    assert outcome.printer.state == "idle" and outcome.printer.can_print


def test_an_empty_tray_set_on_the_printers_form_stops_proofs(stack, printer):
    stack.set_paper(0)
    status = printer.status()

    assert status.reasons == ("media-empty",)  # ippeveprinter says media-empty-report
    assert not status.can_print
    assert status.device_state is DeviceState.PAPER_OUT
    assert resident_line(status) == RESIDENT_LINES["media-empty"]
    assert "A4打印机缺纸" in resident_line(status)
    assert technician_line(status) == TECHNICIAN_LINES["media-empty"]
    assert printer.health().state is DeviceState.PAPER_OUT


def test_low_toner_is_a_warning_and_the_proof_still_prints(stack, printer):
    stack.set_toner(5)
    status = printer.status()

    assert status.reasons == ("toner-low",)
    assert status.can_print
    assert status.device_state is DeviceState.PAPER_NEAR_END  # still serves
    assert resident_line(status) is None  # nothing for the resident to hear
    assert technician_line(status) == TECHNICIAN_LINES["toner-low"]
    job_id = printer.print_pdf(page(), "proof")
    assert printer.wait_for_job(job_id, WAIT_S).completed


def test_a_job_sent_to_an_empty_tray_is_held_and_said_so_then_prints(stack, printer):
    stack.set_paper(0)
    job_id = printer.print_pdf(page(), "proof")
    held = printer.wait_for_job(job_id, WAIT_S)

    assert held.state == "processing-stopped"
    assert "media-empty" in held.printer.blocking
    stack.set_paper(250)
    assert printer.wait_for_job(job_id, WAIT_S).completed


def test_a_stopped_printer_is_offline_and_refuses_the_job(stack, printer):
    stack.stop_printer()
    status = printer.status()

    assert status.state == "offline" and status.reasons == ("offline",)
    assert status.device_state is DeviceState.NO_DEVICE
    assert resident_line(status) == RESIDENT_LINES["offline"]
    assert "connection refused" in status.technician_detail
    with pytest.raises(DeviceError) as refused:
        printer.print_pdf(page(), "proof")
    assert refused.value.state is DeviceState.NO_DEVICE
    stack.start_printer()
    assert printer.status().can_print


def test_print_test_a4_prints_and_reports_status_before_and_after(stack, printer, capsys):
    config = KioskConfig()
    config.devices["document_printer"].driver = "ipp"
    config.devices["document_printer"].uri = stack.uri
    before = stack.documents()

    assert device_tools.print_test_a4(config, timeout_s=WAIT_S) == 0
    out = capsys.readouterr().out
    assert "A4 printer status before: idle" in out
    assert "completed" in out
    assert "A4 printer status after: idle" in out
    assert len(stack.new_documents(before)) == 1


def test_print_test_a4_fails_and_says_why_when_the_tray_is_empty(stack, printer, capsys):
    config = KioskConfig()
    config.devices["document_printer"].driver = "ipp"
    config.devices["document_printer"].uri = stack.uri
    stack.set_paper(0)

    assert device_tools.print_test_a4(config, timeout_s=WAIT_S) == 1
    out = capsys.readouterr().out
    assert "media-empty" in out
    assert "load A4 paper" in out


# -- states ippeveprinter cannot be driven into: recorded answers, edited ----------------

class _Recorded(http.server.BaseHTTPRequestHandler):
    answer = b""

    def do_POST(self):  # noqa: N802 - http.server's name
        self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(200)
        self.send_header("Content-Type", "application/ipp")
        self.send_header("Content-Length", str(len(self.answer)))
        self.end_headers()
        self.wfile.write(self.answer)

    def log_message(self, *args):
        pass


@pytest.fixture
def recorded():
    """A server that answers every IPP request with the recorded answer given."""
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorded)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def answering(name: str) -> IppDocumentPrinter:
        _Recorded.answer = (RECORDED / name).read_bytes()
        return IppDocumentPrinter(f"ipp://127.0.0.1:{server.server_port}/ipp/print")

    yield answering
    server.shutdown()
    server.server_close()


def test_an_open_door_stops_proofs_and_low_toner_is_still_told(recorded):
    status = recorded("door-open.ipp").status()

    assert status.state == "stopped"
    assert status.reasons == ("door-open", "toner-low")
    assert status.device_state is DeviceState.COVER_OPEN
    assert resident_line(status) == RESIDENT_LINES["door-open"]
    assert technician_line(status) == TECHNICIAN_LINES["door-open"]
    assert "toner is low" in status.technician_detail


def test_a_paper_jam_stops_proofs(recorded):
    status = recorded("media-jam.ipp").status()

    assert status.reasons == ("media-jam",)
    assert status.device_state is DeviceState.HARDWARE_ERROR
    assert resident_line(status) == RESIDENT_LINES["media-jam"]
    assert "卡纸" in resident_line(status)


def test_the_recorded_empty_tray_reads_as_the_live_printer_did(recorded):
    status = recorded("media-empty.ipp").status()

    assert status.state == "idle" and status.reasons == ("media-empty",)
    assert status.device_state is DeviceState.PAPER_OUT
