"""Receipt printers over real transports: TCP sockets, a pty, files and FIFOs.

The driver is built by `open_escpos_printer` from a `PrinterConfig`, as the kiosk builds
it, and talks to the emulated printer over a real socket on 127.0.0.1 (TCP 9100
emulator), a real pseudo-terminal opened with pyserial (pty emulator), or a real file or
FIFO. What came out is decoded back from the bytes the printer received.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from drivers.base import DeviceError, DeviceState
from drivers.printer import Feed, Line, QrCode, ReceiptDocument, Rule
from drivers.printer.connections import escpos_connection, open_escpos_printer, printer_profile
from drivers.printer.emulator import EmulatedEscposDevice
from drivers.printer.escpos_decoder import decode
from drivers.printer.escpos_printer import EscposReceiptPrinter
from drivers.printer.pty_emulator import PtyPrinterEmulator
from drivers.printer.tcp_emulator import TcpPrinterEmulator
from drivers.printer.transports import PrinterNotConnected
from kiosk.config import PrinterConfig

ROOT = Path(__file__).resolve().parents[2]

# Chinese punctuation, a GB18030-only surname character is left out: every encoding here
# must carry every character, so the round trip can be exact for each.
TITLE = "政务服务自助终端 受理回执"
LINES = [
    "受理编号：KS20240101000123",
    "申请人：王*兰",
    "证件号码：3710**********6320",
    "请妥善保管，凭此查询（12345）。",
]
QR_DATA = "https://zwfw.example.gov.cn/q?id=KS20240101000123"
ENCODING_PROFILES = {
    "gb18030": "generic-80-gb18030",
    "gbk": "generic-80-gbk-fs",
    "utf-8": "generic-80-utf8",
}
SHORT_TIMEOUT_S = 0.3  # how long a silent printer is given to answer


def typical_receipt() -> ReceiptDocument:
    return ReceiptDocument(
        (
            Line(TITLE, bold=True, align="center"),
            Rule(),
            *(Line(text) for text in LINES),
            QrCode(QR_DATA),
            Feed(2),
        )
    )


EXPECTED_LINES = [TITLE, "-" * 48, *LINES]


def config(connection: str, profile: str = "generic-80-gb18030", **keys) -> PrinterConfig:
    return PrinterConfig(
        driver="escpos", connection=connection, profile=profile, timeout_s=2.0, **keys
    )


def network_config(emulator: TcpPrinterEmulator, **keys) -> PrinterConfig:
    return config("network", host="127.0.0.1", port=emulator.port, **keys)


@pytest.fixture
def tcp_printer() -> Iterator[callable]:
    started: list[TcpPrinterEmulator] = []

    def start(profile: str = "generic-80-gb18030", **options) -> TcpPrinterEmulator:
        emulator = TcpPrinterEmulator(profile, **options).start()
        started.append(emulator)
        return emulator

    yield start
    for emulator in started:
        emulator.stop()


@pytest.fixture
def pty_printer(tmp_path) -> Iterator[callable]:
    started: list[PtyPrinterEmulator] = []

    def start(profile: str = "generic-80-gb18030", **options) -> PtyPrinterEmulator:
        emulator = PtyPrinterEmulator(profile, link=tmp_path / "printer", **options).start()
        started.append(emulator)
        return emulator

    yield start
    for emulator in started:
        emulator.stop()


@pytest.fixture
def drivers() -> Iterator[list[EscposReceiptPrinter]]:
    """Drivers to close after the test, whatever happened."""
    opened: list[EscposReceiptPrinter] = []
    yield opened
    for printer in opened:
        printer.close()


def open_printer(opened: list, printer_config: PrinterConfig) -> EscposReceiptPrinter:
    printer = open_escpos_printer(printer_config)
    opened.append(printer)
    return printer


# -- receipts come back exactly ----------------------------------------------------------


@pytest.mark.parametrize("encoding", sorted(ENCODING_PROFILES))
def test_receipt_over_network_decodes_back_exactly(tcp_printer, drivers, encoding, tmp_path):
    profile = ENCODING_PROFILES[encoding]
    emulator = tcp_printer(profile, out_dir=tmp_path)
    printer = open_printer(drivers, network_config(emulator, profile=profile))

    result = printer.print_receipt(typical_receipt())

    (receipt,) = emulator.wait_for_receipts(1)
    assert receipt.paper.text_lines == EXPECTED_LINES
    assert receipt.paper.qr_codes == [QR_DATA]
    assert receipt.paper.cuts == 1
    assert result.surely_printed
    assert result.state_after == DeviceState.READY


@pytest.mark.parametrize("encoding", sorted(ENCODING_PROFILES))
def test_receipt_over_serial_pty_decodes_back_exactly(pty_printer, drivers, encoding, tmp_path):
    profile = ENCODING_PROFILES[encoding]
    emulator = pty_printer(profile)
    assert Path(emulator.device_path).is_symlink()  # the stable name, as udev would give
    printer = open_printer(
        drivers, config("serial", profile=profile, device=emulator.device_path, baudrate=115200)
    )

    result = printer.print_receipt(typical_receipt())

    (receipt,) = emulator.wait_for_receipts(1)
    assert receipt.paper.text_lines == EXPECTED_LINES
    assert receipt.paper.qr_codes == [QR_DATA]
    assert receipt.paper.cuts == 1
    assert result.surely_printed


@pytest.mark.parametrize("encoding", sorted(ENCODING_PROFILES))
def test_receipt_into_a_device_file_decodes_back_exactly(drivers, encoding, tmp_path):
    profile = ENCODING_PROFILES[encoding]
    device_file = tmp_path / "lp0"
    device_file.touch()  # a device file exists before anyone opens it
    printer = open_printer(drivers, config("file", profile=profile, device=str(device_file)))

    first = printer.print_receipt(typical_receipt())
    printer.print_receipt(typical_receipt())

    paper = EmulatedEscposDevice(profile).read_paper(device_file.read_bytes())
    assert paper.text_lines == EXPECTED_LINES * 2  # appended, not overwritten
    assert paper.qr_codes == [QR_DATA] * 2
    assert paper.cuts == 2
    assert paper.status_requests == 0  # nothing asked of a device that cannot answer
    assert first.unknown_status is True  # printed, but nobody can vouch for it
    assert printer.status() == DeviceState.UNKNOWN


def test_receipt_into_a_fifo_that_a_reader_drains(drivers, tmp_path):
    fifo = tmp_path / "lp0"
    os.mkfifo(fifo)
    # The reader is there first (as the printer is behind /dev/usb/lp0); a receipt fits
    # in the pipe's buffer, so it can read after the driver has let go.
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        printer = open_printer(drivers, config("file", device=str(fifo)))
        printer.print_receipt(typical_receipt())
        printer.close()
        received = bytearray()
        while chunk := os.read(reader, 65536):  # end of file: the writer closed
            received += chunk
    finally:
        os.close(reader)
    paper = decode(bytes(received))
    assert paper.text_lines == EXPECTED_LINES
    assert paper.qr_codes == [QR_DATA]
    assert paper.cuts == 1


def test_configured_paper_and_encoding_override_the_profile(tcp_printer, drivers):
    overridden = config("network", profile="generic-80-gb18030", paper_mm=58, encoding="utf-8")
    profile = printer_profile(overridden)
    assert (profile.paper_mm, profile.columns, profile.dots, profile.encoding) == (
        58, 32, 384, "utf-8")
    assert profile.name != "generic-80-gb18030"  # a derived model, not the named one
    assert printer_profile(config("network")).name == "generic-80-gb18030"

    emulator = tcp_printer("generic-58-gb18030")
    emulator.device.printer_profile = profile  # the "real" printer is a 58 mm UTF-8 one
    overridden.host, overridden.port = "127.0.0.1", emulator.port
    printer = open_printer(drivers, overridden)
    printer.print_receipt(ReceiptDocument((Rule(), Line(LINES[3]))))

    (receipt,) = emulator.wait_for_receipts(1)
    assert receipt.paper.text_lines == ["-" * 32, LINES[3]]


# -- the picture and the text the emulator writes -----------------------------------------


@pytest.mark.parametrize("profile", ["generic-80-gb18030", "generic-58-gb18030-image-qr"])
def test_emulator_writes_text_and_a_png_whose_qr_scans(tcp_printer, drivers, tmp_path, profile):
    emulator = tcp_printer(profile, out_dir=tmp_path)
    printer = open_printer(drivers, network_config(emulator, profile=profile))
    printer.print_receipt(
        ReceiptDocument((Line("扫码查询进度", align="center"), QrCode(QR_DATA), Feed(1)))
    )

    (receipt,) = emulator.wait_for_receipts(1)
    text = receipt.text_path.read_text(encoding="utf-8").splitlines()
    assert [line for line in text if line] == ["扫码查询进度", f"[QR] {QR_DATA}", "--- cut ---"]
    picture = Image.open(receipt.png_path)
    assert picture.width == printer.profile.dots
    found = zxingcpp.read_barcodes(picture, formats=zxingcpp.BarcodeFormat.QRCode)
    assert [code.text for code in found] == [QR_DATA]


def test_png_draws_the_chinese_text(tcp_printer, drivers, tmp_path):
    """Ink where the text is: a font without Chinese would leave the line blank or boxes."""
    emulator = tcp_printer(out_dir=tmp_path)
    printer = open_printer(drivers, network_config(emulator))
    printer.print_receipt(ReceiptDocument((Line("受理回执"), Feed(1))))

    (receipt,) = emulator.wait_for_receipts(1)
    picture = Image.open(receipt.png_path).convert("L")
    band = picture.crop((0, 16, 4 * 24, 16 + 24))  # four CJK cells of the first line
    dark = sum(1 for value in band.tobytes() if value < 128)
    assert dark > 100
    glyphs = [band.crop((i * 24, 0, (i + 1) * 24, 24)).tobytes() for i in range(4)]
    assert len(set(glyphs)) == 4  # four different characters, not four equal boxes


# -- status over the wire ----------------------------------------------------------------


SWITCHES = [
    ({"paper": "near_end"}, DeviceState.PAPER_NEAR_END),
    ({"paper": "out"}, DeviceState.PAPER_OUT),
    ({"cover_open": True}, DeviceState.COVER_OPEN),
    ({"offline": True}, DeviceState.NO_DEVICE),
]


@pytest.mark.parametrize(("switch", "state"), SWITCHES)
def test_status_over_network_reflects_the_printer(tcp_printer, drivers, switch, state):
    emulator = tcp_printer()
    printer = open_printer(drivers, network_config(emulator))
    assert printer.status() == DeviceState.READY

    for name, value in switch.items():
        setattr(emulator.device, name, value)

    assert printer.status() == state
    assert printer.health().state == state
    if state == DeviceState.NO_DEVICE:
        assert "reports it is offline" in printer.health().detail


@pytest.mark.parametrize(("switch", "state"), SWITCHES)
def test_status_over_serial_reflects_the_printer(pty_printer, drivers, switch, state):
    emulator = pty_printer(**switch)
    printer = open_printer(drivers, config("serial", device=emulator.device_path))

    assert printer.status() == state
    emulator.device.paper, emulator.device.cover_open, emulator.device.offline = "ok", False, False
    assert printer.status() == DeviceState.READY


@pytest.mark.parametrize("switch", [{"paper": "out"}, {"cover_open": True}, {"offline": True}])
def test_printer_that_cannot_print_refuses_the_job_over_network(tcp_printer, drivers, switch):
    emulator = tcp_printer(**switch)
    printer = open_printer(drivers, network_config(emulator))

    with pytest.raises(DeviceError):
        printer.print_receipt(typical_receipt())

    assert emulator.device.printed == b""
    assert emulator.device.dropped_bytes == 0  # nothing was even sent
    assert emulator.receipts == []


def test_paper_near_end_over_network_prints_and_says_so(tcp_printer, drivers):
    emulator = tcp_printer(paper="near_end")
    printer = open_printer(drivers, network_config(emulator))

    result = printer.print_receipt(typical_receipt())

    assert result.state_after == DeviceState.PAPER_NEAR_END
    assert emulator.wait_for_receipts(1)[0].paper.text_lines == EXPECTED_LINES


@pytest.mark.parametrize("transport", ["network", "serial"])
def test_printer_that_never_answers_status_is_unknown(tcp_printer, pty_printer, drivers,
                                                      transport):
    if transport == "network":
        emulator = tcp_printer(silent=True)
        printer_config = network_config(emulator)
    else:
        emulator = pty_printer(silent=True)
        printer_config = config("serial", device=emulator.device_path)
    printer_config.timeout_s = SHORT_TIMEOUT_S
    printer = open_printer(drivers, printer_config)

    assert printer.status() == DeviceState.UNKNOWN
    result = printer.print_receipt(typical_receipt())

    assert result.unknown_status is True
    assert result.surely_printed is False
    assert emulator.wait_for_receipts(1)[0].paper.text_lines == EXPECTED_LINES


def test_stray_status_byte_before_a_request_is_not_taken_as_the_answer(tcp_printer, drivers):
    emulator = tcp_printer()
    printer = open_printer(drivers, network_config(emulator))
    assert printer.status() == DeviceState.READY

    # 0x1A is a well-formed "offline" printer status byte that nobody asked for.
    emulator.send_unsolicited(b"\x1a\x1a")

    assert printer.status() == DeviceState.READY


# -- unplugged and plugged back ----------------------------------------------------------


def test_printer_switched_off_is_no_device_with_the_reason(tcp_printer, drivers):
    emulator = tcp_printer()
    printer = open_printer(drivers, network_config(emulator))
    assert printer.status() == DeviceState.READY

    emulator.unplug()

    assert printer.status() == DeviceState.NO_DEVICE
    detail = printer.health().detail
    assert f"cannot connect to the printer at 127.0.0.1:{emulator.port}" in detail
    assert "refused" in detail.lower()
    with pytest.raises(DeviceError) as refused:
        printer.print_receipt(typical_receipt())
    assert refused.value.state == DeviceState.NO_DEVICE
    assert "127.0.0.1" in refused.value.message
    assert emulator.receipts == []


def test_printer_switched_back_on_prints_the_next_receipt_on_the_same_driver(
    tcp_printer, drivers
):
    emulator = tcp_printer()
    printer = open_printer(drivers, network_config(emulator))
    printer.print_receipt(typical_receipt())
    emulator.unplug()
    assert printer.status() == DeviceState.NO_DEVICE

    emulator.plug_in()
    result = printer.print_receipt(typical_receipt())

    assert result.surely_printed
    assert len(emulator.wait_for_receipts(2)) == 2
    assert emulator.receipts[1].paper.text_lines == EXPECTED_LINES


def test_printer_rebooted_between_jobs_needs_no_poll_to_be_found_again(tcp_printer, drivers):
    """Its old connection is dead; the job's status check finds that and reconnects."""
    emulator = tcp_printer()
    printer = open_printer(drivers, network_config(emulator))
    printer.print_receipt(typical_receipt())

    emulator.unplug()
    emulator.plug_in()
    result = printer.print_receipt(typical_receipt())

    assert result.surely_printed
    assert emulator.connections_accepted == 2
    assert len(emulator.wait_for_receipts(2)) == 2


def test_printer_unplugged_at_start_does_not_stop_the_kiosk_and_prints_once_plugged(
    tcp_printer, drivers
):
    emulator = tcp_printer()
    emulator.unplug()

    printer = open_printer(drivers, network_config(emulator))  # must not raise

    health = printer.health()
    assert health.state == DeviceState.NO_DEVICE
    assert "Connection refused" in health.detail
    emulator.plug_in()
    assert printer.status() == DeviceState.READY
    printer.print_receipt(typical_receipt())
    assert emulator.wait_for_receipts(1)[0].paper.text_lines == EXPECTED_LINES


def test_serial_port_missing_at_start_is_no_device_then_prints(pty_printer, drivers, tmp_path):
    link = tmp_path / "printer"
    printer = open_printer(drivers, config("serial", device=str(link)))
    assert printer.status() == DeviceState.NO_DEVICE
    assert f"cannot open the printer's serial port {link}" in printer.health().detail

    emulator = pty_printer()
    printer.print_receipt(typical_receipt())
    assert emulator.wait_for_receipts(1)[0].paper.text_lines == EXPECTED_LINES


def test_fifo_nobody_reads_is_no_device_and_does_not_hang_then_prints(drivers, tmp_path):
    fifo = tmp_path / "lp0"
    os.mkfifo(fifo)

    printer = open_printer(drivers, config("file", device=str(fifo)))

    assert printer.status() == DeviceState.NO_DEVICE
    assert "nothing is reading it" in printer.health().detail
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # the printer is plugged in
    try:
        printer.print_receipt(typical_receipt())
        received = os.read(reader, 65536)
    finally:
        os.close(reader)
    assert decode(received).text_lines == EXPECTED_LINES


def test_missing_device_file_is_no_device_and_is_not_created(drivers, tmp_path):
    missing = tmp_path / "lp0"
    printer = open_printer(drivers, config("file", device=str(missing)))

    assert printer.health().state == DeviceState.NO_DEVICE
    with pytest.raises(DeviceError):
        printer.print_receipt(typical_receipt())
    assert not missing.exists()  # an unplugged /dev/usb/lp0 must not become a file


def test_fifo_reader_gone_mid_life_is_no_device(drivers, tmp_path):
    fifo = tmp_path / "lp0"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    printer = open_printer(drivers, config("file", device=str(fifo)))
    assert printer.status() == DeviceState.UNKNOWN  # connected, but it cannot say more
    os.close(reader)

    with pytest.raises(DeviceError) as lost:
        printer.print_receipt(typical_receipt())

    assert lost.value.state == DeviceState.NO_DEVICE
    assert printer.status() == DeviceState.NO_DEVICE  # reconnecting finds nobody reading


# -- python-escpos's surprises, avoided ----------------------------------------------------


def test_connection_never_opens_behind_the_drivers_back(tcp_printer):
    emulator = tcp_printer()
    connection = escpos_connection(network_config(emulator), printer_profile(network_config(
        emulator)))

    with pytest.raises(PrinterNotConnected):
        connection._raw(b"\x1b@")  # python-escpos would have connected here
    assert emulator.connections_accepted == 0
    connection.open()
    connection.close()
    with pytest.raises(PrinterNotConnected):
        connection.query_status(b"\x10\x04\x01")


def test_closed_driver_does_not_reconnect(tcp_printer):
    emulator = tcp_printer()
    printer = open_escpos_printer(network_config(emulator))
    assert printer.status() == DeviceState.READY

    printer.close()

    assert printer.status() == DeviceState.NO_DEVICE
    assert emulator.connections_accepted == 1


# -- the emulators themselves --------------------------------------------------------------


def test_tcp_emulator_command_line_prints_one_line_per_receipt(drivers, tmp_path):
    command = [sys.executable, "-m", "drivers.printer.tcp_emulator", "--port", "0",
               "--out", str(tmp_path), "--paper", "near_end"]
    with subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True) as emulator:
        try:
            banner = emulator.stdout.readline()
            assert "listening on 127.0.0.1:" in banner
            port = int(banner.split("127.0.0.1:")[1].split(",")[0])
            printer = open_printer(drivers, config("network", host="127.0.0.1", port=port))
            assert printer.status() == DeviceState.PAPER_NEAR_END
            printer.print_receipt(typical_receipt())
            line = emulator.stdout.readline()
        finally:
            emulator.terminate()
    assert line.startswith("receipt 1: 6 lines, 1 QR codes, cut -> ")
    assert "王" not in line and "3710" not in line  # never the receipt's text
    assert (tmp_path / "receipt-0001.png").exists()
    assert "证件号码：3710**********6320" in (tmp_path / "receipt-0001.txt").read_text("utf-8")
    assert emulator.returncode == 0


def test_stream_answers_status_requests_however_the_bytes_arrive():
    from drivers.printer.printer_stream import PrinterStream

    stream = PrinterStream(EmulatedEscposDevice(paper="near_end"))
    # Split in the middle of a request: nothing to answer until it is whole.
    assert stream.feed(b"\x1b@\x10\x04") == b""
    assert stream.feed(b"\x04") == bytes([0x12 | 0x0C])
    # Glued to print data on both sides, and two in one piece.
    answers = stream.feed("收据\n".encode("gb18030") + b"\x10\x04\x01\x10\x04\x04\x1dV\x00")
    assert answers == bytes([0x12, 0x12 | 0x0C])
    (receipt,) = stream.receipts
    assert receipt.paper.text_lines == ["收据"]
    assert receipt.paper.status_requests == 0  # requests never reach the paper


def test_stream_does_not_answer_status_lookalikes_inside_picture_data():
    from drivers.printer.printer_stream import PrinterStream

    stream = PrinterStream(EmulatedEscposDevice())
    raster = b"\x10\x04\x01" * 2  # a 6-byte wide, 1 dot high picture that looks like requests
    picture = b"\x1dv0\x00" + bytes([6, 0, 1, 0]) + raster
    # Split inside the picture, right before the look-alike bytes.
    assert stream.feed(picture[:8]) == b""
    assert stream.feed(picture[8:] + b"\x1dV\x00") == b""
    assert len(stream.receipts[0].paper.images) == 1


# -- USB and CUPS without their device or library (CUPS for real: test_printer_cups.py)


def test_usb_printer_not_plugged_in_is_no_device_with_the_reason(drivers):
    printer = open_printer(drivers, config("usb", vendor_id=0x0416, product_id=0x5011))

    health = printer.health()

    assert health.state == DeviceState.NO_DEVICE
    assert "no printer at USB 0416:5011 (unplugged, switched off, or no permission)" in (
        health.detail)
    with pytest.raises(DeviceError) as refused:
        printer.print_receipt(typical_receipt())
    assert refused.value.state == DeviceState.NO_DEVICE


@pytest.mark.parametrize(
    ("connection", "blocked", "message"),
    [
        ("usb", "usb", "USB printers need pyusb: install the kiosk with its 'printer-usb' extra"),
        ("cups", "cups", "CUPS printing needs pycups: install the kiosk with its 'printer-cups'"),
    ],
)
def test_missing_optional_library_is_no_device_naming_what_to_install(
    connection, blocked, message
):
    """In a fresh interpreter where the library cannot be imported (as without the extra)."""
    script = (
        "import sys\n"
        f"sys.modules[{blocked!r}] = None  # import {blocked} now raises ImportError\n"
        "from drivers.printer.connections import open_escpos_printer\n"
        "from kiosk.config import PrinterConfig\n"
        f"printer = open_escpos_printer(PrinterConfig(driver='escpos', connection={connection!r},"
        " vendor_id=0x0416, product_id=0x5011, cups_printer='receipts'))\n"
        "health = printer.health()\n"
        "printer.close()\n"
        "print(health.state.value)\n"
        "print(health.detail)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    state, detail = result.stdout.splitlines()
    assert state == "no_device"
    assert message in detail
