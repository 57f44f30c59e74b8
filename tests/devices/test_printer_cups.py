"""Receipts through a real CUPS server: pycups -> private cupsd -> raw queue -> TCP printer.

The kiosk's CUPS connection submits each receipt as one raw job; cupsd hands it to a
backend that sends it to the TCP 9100 emulator, where it is decoded back. CUPS does not
pass a raw printer's sensors on, so status is unknown, except that a stopped or missing
queue is "no device".
"""

from __future__ import annotations

from collections.abc import Iterator

import cups
import pytest

from drivers.base import DeviceError, DeviceState
from drivers.printer import Line, QrCode, ReceiptDocument
from drivers.printer.connections import open_escpos_printer
from drivers.printer.tcp_emulator import TcpPrinterEmulator
from kiosk.config import PrinterConfig
from tests.devices.cups_server import CupsServer, can_run

QR_DATA = "DEMO01-20261129-000123"
LINES = ["受理编号：DEMO01-20261129-000123", "申请人：王*兰", "请妥善保管，凭此查询。"]


def cups_config(queue: str) -> PrinterConfig:
    return PrinterConfig(driver="escpos", connection="cups", cups_printer=queue, timeout_s=2.0)


@pytest.fixture
def use_cups_server():
    """Point libcups at `path` for this test only (it is process-wide state)."""
    before = cups.getServer()
    yield cups.setServer
    cups.setServer(before)


@pytest.fixture(scope="module")
def cups_server() -> Iterator[CupsServer]:
    reason = can_run()
    if reason:
        pytest.skip(reason)
    server = CupsServer().start()
    yield server
    server.stop()


@pytest.fixture
def queue(cups_server, use_cups_server) -> Iterator[tuple[str, TcpPrinterEmulator]]:
    """A raw CUPS queue in front of a fresh TCP printer emulator."""
    use_cups_server(cups_server.socket_path)
    emulator = TcpPrinterEmulator().start()
    admin = cups.Connection()
    name = f"receipts{emulator.port}"
    admin.addPrinter(name, device=f"kiosktest://127.0.0.1:{emulator.port}")
    admin.enablePrinter(name)
    admin.acceptJobs(name)
    yield name, emulator
    admin.deletePrinter(name)
    emulator.stop()


def test_receipt_through_cups_reaches_the_printer_exactly(queue):
    name, emulator = queue
    printer = open_escpos_printer(cups_config(name))
    try:
        assert printer.status() == DeviceState.UNKNOWN
        result = printer.print_receipt(
            ReceiptDocument((*(Line(text) for text in LINES), QrCode(QR_DATA))))
        second = printer.print_receipt(ReceiptDocument((Line(LINES[2]),)))
    finally:
        printer.close()

    first_paper, second_paper = (r.paper for r in emulator.wait_for_receipts(2, timeout=30))
    assert first_paper.text_lines == LINES
    assert first_paper.qr_codes == [QR_DATA]
    assert first_paper.cuts == 1
    assert second_paper.text_lines == [LINES[2]]  # one job a receipt, not one a session
    assert result.unknown_status is True and second.unknown_status is True


def test_stopped_cups_queue_is_no_device_and_refuses_the_job(queue):
    name, emulator = queue
    printer = open_escpos_printer(cups_config(name))
    try:
        cups.Connection().disablePrinter(name)
        health = printer.health()
        with pytest.raises(DeviceError) as refused:
            printer.print_receipt(ReceiptDocument((Line(LINES[0]),)))
        cups.Connection().enablePrinter(name)
        after = printer.status()
    finally:
        printer.close()

    assert health.state == DeviceState.NO_DEVICE
    assert f"CUPS queue {name!r} is stopped" in health.detail
    assert refused.value.state == DeviceState.NO_DEVICE
    assert after == DeviceState.UNKNOWN  # started again: back to "cannot tell"
    assert emulator.receipts == []


def test_missing_cups_queue_is_no_device_naming_it(cups_server, use_cups_server):
    use_cups_server(cups_server.socket_path)
    printer = open_escpos_printer(cups_config("no-such-queue"))
    try:
        health = printer.health()
    finally:
        printer.close()

    assert health.state == DeviceState.NO_DEVICE
    assert "CUPS has no printer queue 'no-such-queue'" in health.detail


def test_cups_server_not_running_is_no_device_with_the_reason(use_cups_server, tmp_path):
    use_cups_server(str(tmp_path / "no-cupsd-here.sock"))
    printer = open_escpos_printer(cups_config("receipts"))
    try:
        health = printer.health()
    finally:
        printer.close()

    assert health.state == DeviceState.NO_DEVICE
    assert "cannot reach the CUPS server" in health.detail
