"""The emulated A4 printer (demo, tour, tests): it keeps what it printed and takes faults."""

from __future__ import annotations

import pytest

from drivers.base import DeviceError, DeviceState
from kiosk.config import KioskConfig
from kiosk.document_printing import RESIDENT_LINES, resident_line
from kiosk.wiring import build_device

PDF = b"%PDF-1.4\n% a proof\n%%EOF\n"


def emulated():
    printer, switch = build_device(KioskConfig(), "document_printer")
    assert switch is printer  # the demo's simulator and tests hold the same object
    return printer


def test_it_keeps_each_job_for_the_test_or_tour_to_read():
    printer = emulated()
    job_id = printer.print_pdf(PDF, "参保证明")

    assert printer.wait_for_job(job_id, 1).completed
    assert [(job.title, job.data) for job in printer.printed()] == [("参保证明", PDF)]


def test_a_fault_holds_the_job_until_it_is_cleared():
    printer = emulated()
    printer.set_fault("media-jam-error")
    job_id = printer.print_pdf(PDF, "proof")
    held = printer.wait_for_job(job_id, 1)

    assert held.state == "processing-stopped"
    assert printer.health().state is DeviceState.HARDWARE_ERROR
    assert resident_line(printer.status()) == RESIDENT_LINES["media-jam"]
    assert printer.printed() == []
    printer.set_fault()
    assert printer.wait_for_job(job_id, 1).completed
    assert len(printer.printed()) == 1


def test_offline_refuses_the_job():
    printer = emulated()
    printer.set_fault(offline=True)

    assert printer.health().state is DeviceState.NO_DEVICE
    with pytest.raises(DeviceError):
        printer.print_pdf(PDF, "proof")
