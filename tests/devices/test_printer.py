"""The receipt printer driver end to end: real driver, python-escpos, emulated printer.

Every receipt goes through the real EscposReceiptPrinter and python-escpos into the
emulated printer, and is read back off the "paper" with the ESC/POS decoder.
"""

from __future__ import annotations

import logging
import threading

import pytest
from escpos.printer import Dummy

from drivers.base import DeviceBusy, DeviceError, DeviceState
from drivers.printer import (
    PROFILES,
    EscposReceiptPrinter,
    Feed,
    Line,
    Pair,
    QrCode,
    ReceiptDocument,
    ReceiptPrinter,
    Rule,
    get_profile,
)
from drivers.printer.emulator import EmulatedEscposDevice, make_emulated_printer
from drivers.printer.escpos_decoder import decode
from drivers.printer.escpos_printer import render_receipt
from drivers.printer.profiles import PrinterProfile
from drivers.textwidth import display_width

# Short enough for one line even on 58 mm paper (32 columns), with the punctuation
# python-escpos's own encoder would turn into '?'.
RECEIPT_LINES = [
    "受理编号：KS20240101",
    "请妥善保管，凭此查询。",
    "（个人）养老保险登记",
    "办理时限：3个工作日",
]
QR_DATA = "https://zwfw.example.gov.cn/q?id=KS20240101000123"

TEXT_PROFILES = ["generic-58-gb18030", "generic-80-gb18030", "generic-80-gbk-fs", "generic-80-utf8"]


def receipt(*blocks, cut: bool = True) -> ReceiptDocument:
    return ReceiptDocument(tuple(blocks), cut=cut)


def simple_receipt() -> ReceiptDocument:
    return receipt(*(Line(text) for text in RECEIPT_LINES), QrCode(QR_DATA), Feed(2))


def long_receipt() -> ReceiptDocument:
    """Enough lines that the paper can run out half way through."""
    return receipt(*(Line(f"第{i}行：请妥善保管本凭条，凭此查询办理进度。") for i in range(20)))


@pytest.mark.parametrize("profile_name", TEXT_PROFILES)
def test_chinese_text_with_punctuation_comes_back_as_sent(profile_name):
    printer, device = make_emulated_printer(profile_name)

    result = printer.print_receipt(simple_receipt())

    paper = device.paper_receipt()
    assert paper.text_lines == RECEIPT_LINES
    assert paper.cuts == 1
    assert result.state_after == DeviceState.READY
    assert result.unknown_status is False
    assert result.bytes_sent == len(device.printed)


def test_text_differs_in_bytes_between_encodings():
    outputs = {}
    for name in ("generic-80-gb18030", "generic-80-utf8"):
        _, device = make_emulated_printer(name)
        EscposReceiptPrinter(device, name).print_receipt(receipt(Line("：，。（）")))
        outputs[name] = bytes(device.printed)
    assert "：，。（）".encode("gb18030") in outputs["generic-80-gb18030"]
    assert "：，。（）".encode() in outputs["generic-80-utf8"]


def test_gbk_printer_gets_chinese_mode_around_chinese_text_only():
    printer, device = make_emulated_printer("generic-80-gbk-fs")
    printer.print_receipt(receipt(Line("Kiosk 01"), Line("受理编号：KS1")))

    data = bytes(device.printed)
    assert b"Kiosk 01\n" in data and b"\x1c&Kiosk" not in data
    assert b"\x1c&" + "受理编号：KS1".encode("gbk") + b"\x1c." in data


def test_gbk_printer_without_chinese_mode_would_print_garbage():
    """The decoder models the real printer: no FS &, no Chinese. So the FS & test bites."""
    forgetful = PrinterProfile("gbk-no-fs", 80, 48, "gbk", False, native_qr=True)
    data = render_receipt(receipt(Line("受理编号")), forgetful).data

    as_gbk_printer = decode(data, "gbk", chinese_mode_default=False)

    assert as_gbk_printer.text_lines != ["受理编号"]
    assert decode(data, "gbk").text_lines == ["受理编号"]


@pytest.mark.parametrize("profile_name", sorted(PROFILES))
def test_qr_code_decodes_back_to_its_data(profile_name):
    printer, device = make_emulated_printer(profile_name)
    printer.print_receipt(receipt(Line("扫码查询进度"), QrCode(QR_DATA)))

    assert device.paper_receipt().qr_codes == [QR_DATA]


def test_printer_without_qr_engine_gets_a_picture_of_the_code():
    printer, device = make_emulated_printer("generic-58-gb18030-image-qr")
    printer.print_receipt(receipt(QrCode(QR_DATA, size=8)))

    paper = device.paper_receipt()
    assert b"\x1d(k" not in device.printed
    assert len(paper.images) == 1
    assert paper.images[0].width <= get_profile("generic-58-gb18030-image-qr").dots
    assert paper.images[0].qr == QR_DATA


def test_oversized_qr_is_shrunk_to_fit_the_paper():
    long_data = "https://zwfw.example.gov.cn/q?" + "x" * 300
    printer, device = make_emulated_printer("generic-58-gb18030-image-qr")
    printer.print_receipt(receipt(QrCode(long_data, size=16)))

    paper = device.paper_receipt()
    assert paper.images[0].width <= 384
    assert paper.qr_codes == [long_data]


PARAGRAPH = (
    "温馨提示：请妥善保管本凭条，凭受理编号KS20240101000123可在政务服务网、"
    "自助终端或拨打12345查询办理进度（法定节假日顺延）。Please keep this slip."
)


@pytest.mark.parametrize("profile_name", ["generic-58-gb18030", "generic-80-gb18030"])
def test_no_printed_line_is_wider_than_the_paper(profile_name):
    profile = get_profile(profile_name)
    printer, device = make_emulated_printer(profile_name)
    printer.print_receipt(
        receipt(
            Line(PARAGRAPH),
            Line("北京市东城区政务服务中心自助服务终端", size="large", align="center"),
            Pair("办理事项：", "城乡居民基本养老保险参保登记（个人）变更申请"),
            Rule(),
        )
    )

    paper = device.paper_receipt()
    for line, style in zip(paper.lines, paper.line_styles, strict=True):
        used = display_width(line, ambiguous_wide=True) * style.width
        assert used <= profile.columns, line
    # Lines are filled, not left short: wrapping goes by display width, not len().
    assert max(display_width(line) for line in paper.lines) >= profile.columns - 2
    assert "-" * profile.columns in paper.lines


def test_wrapped_paragraph_loses_no_characters_on_58mm():
    printer, device = make_emulated_printer("generic-58-gb18030")
    printer.print_receipt(receipt(Line(PARAGRAPH)))

    lines = device.paper_receipt().text_lines
    assert len(lines) > 4
    assert "".join(lines).replace(" ", "") == PARAGRAPH.replace(" ", "")
    assert not any(line.startswith(("，", "。", "）", "、")) for line in lines)


def test_large_text_wraps_at_half_the_columns():
    printer, device = make_emulated_printer("generic-58-gb18030")
    printer.print_receipt(receipt(Line("北京市政务服务中心", size="large", bold=True)))

    paper = device.paper_receipt()
    assert paper.text_lines == ["北京市政务服务中", "心"]  # 16 columns of double-size text
    assert all(style.width == 2 and style.height == 2 for style in paper.line_styles[:2])
    assert [text for _, text in paper.bold_spans] == paper.text_lines


def test_pair_continuation_lines_hang_under_the_value():
    printer, device = make_emulated_printer("generic-80-gb18030")
    printer.print_receipt(
        receipt(Pair("办理事项：", "城乡居民基本养老保险参保登记（个人）变更申请，需要本人到场"))
    )

    lines = device.paper_receipt().text_lines
    assert lines[0].startswith("办理事项：城乡居民")
    assert len(lines) >= 2
    indent = " " * display_width("办理事项：")
    assert all(line.startswith(indent) and line[len(indent)] != " " for line in lines[1:])


def test_centred_bold_title_keeps_its_style():
    printer, device = make_emulated_printer("generic-80-gb18030")
    printer.print_receipt(receipt(Line("办事凭条", bold=True, align="center"), Line("正文")))

    paper = device.paper_receipt()
    assert paper.text_lines == ["办事凭条", "正文"]
    assert paper.line_styles[0].align == "center"
    assert paper.line_styles[1].align == "left"
    assert paper.bold_spans == [(0, "办事凭条")]


def test_character_the_printer_cannot_encode_becomes_a_question_mark(caplog):
    # 𠮷 (U+20BB7) is a real surname character outside GBK; GB18030 has it.
    doc = receipt(Pair("申请人：", "𠮷*明"))
    gbk_printer, gbk_device = make_emulated_printer("generic-80-gbk-fs")

    with caplog.at_level(logging.WARNING, logger="drivers.printer"):
        gbk_printer.print_receipt(doc)

    assert gbk_device.paper_receipt().text_lines == ["申请人：?*明"]
    warnings = [r.getMessage() for r in caplog.records if "cannot print" in r.getMessage()]
    assert len(warnings) == 1
    assert "1 characters" in warnings[0]
    assert not any("𠮷" in r.getMessage() or "明" in r.getMessage() for r in caplog.records)

    gb18030_printer, gb18030_device = make_emulated_printer("generic-80-gb18030")
    gb18030_printer.print_receipt(doc)
    assert gb18030_device.paper_receipt().text_lines == ["申请人：𠮷*明"]


def test_control_characters_in_form_text_cannot_inject_printer_commands():
    printer, device = make_emulated_printer("generic-80-gb18030")
    printer.print_receipt(receipt(Line("地址：东城区\x1b@\x1dV\x00一号"), cut=False))

    paper = device.paper_receipt()
    assert paper.text_lines == ["地址：东城区 @ V 一号"]
    assert paper.cuts == 0
    assert bytes(device.printed).count(b"\x1b@") == 1  # only the driver's own reset


def test_paper_out_refuses_the_job_and_prints_nothing():
    printer, device = make_emulated_printer("generic-80-gb18030", paper="out")

    assert printer.status() == DeviceState.PAPER_OUT
    with pytest.raises(DeviceError) as refused:
        printer.print_receipt(simple_receipt())

    assert refused.value.state == DeviceState.PAPER_OUT
    sent = decode(device.output)
    assert sent.lines == [] and sent.qr_codes == [] and sent.cuts == 0
    assert sent.status_requests >= 3  # it asked, and only asked
    assert device.printed == b""


@pytest.mark.parametrize(
    ("switches", "state"),
    [({"cover_open": True}, DeviceState.COVER_OPEN), ({"offline": True}, DeviceState.NO_DEVICE)],
)
def test_cover_open_or_offline_refuses_the_job(switches, state):
    printer, device = make_emulated_printer("generic-80-gb18030", **switches)

    assert printer.status() == state
    with pytest.raises(DeviceError) as refused:
        printer.print_receipt(simple_receipt())
    assert refused.value.state == state
    assert decode(device.output).lines == []


def test_unplugged_printer_is_no_device():
    printer, device = make_emulated_printer("generic-80-gb18030", unplugged=True)

    assert printer.status() == DeviceState.NO_DEVICE
    with pytest.raises(DeviceError) as refused:
        printer.print_receipt(simple_receipt())
    assert refused.value.state == DeviceState.NO_DEVICE
    assert device.output == b""


def test_paper_near_end_still_prints_and_says_so():
    printer, device = make_emulated_printer("generic-80-gb18030", paper="near_end")

    assert printer.status() == DeviceState.PAPER_NEAR_END
    result = printer.print_receipt(simple_receipt())

    assert result.state_after == DeviceState.PAPER_NEAR_END
    assert result.unknown_status is False
    assert device.paper_receipt().text_lines == RECEIPT_LINES


def test_silent_printer_is_unknown_never_ready():
    printer, device = make_emulated_printer("generic-80-gb18030", silent=True)

    assert printer.status() == DeviceState.UNKNOWN
    result = printer.print_receipt(simple_receipt())

    # It printed anyway (the paper may well be fine) but nobody can vouch for it.
    assert device.paper_receipt().text_lines == RECEIPT_LINES
    assert result.unknown_status is True
    assert result.state_after == DeviceState.UNKNOWN
    assert result.surely_printed is False


def test_write_only_dummy_connection_is_unknown():
    dummy = Dummy()
    printer = EscposReceiptPrinter(dummy, "generic-80-gb18030")

    assert printer.status() == DeviceState.UNKNOWN
    result = printer.print_receipt(simple_receipt())

    assert result.unknown_status is True
    assert decode(dummy.output).text_lines == RECEIPT_LINES


def test_garbage_status_answer_is_unknown():
    class Noisy(EmulatedEscposDevice):
        def status_byte(self, kind: int) -> int:
            return 0xFF  # fixed bits wrong: not a status byte

    printer = EscposReceiptPrinter(Noisy("generic-80-gb18030"), "generic-80-gb18030")
    assert printer.status() == DeviceState.UNKNOWN


def test_paper_running_out_mid_job_is_reported_after():
    full = render_receipt(long_receipt(), get_profile("generic-80-gb18030")).data
    printer, device = make_emulated_printer(
        "generic-80-gb18030", run_out_after_bytes=len(full) // 2
    )

    result = printer.print_receipt(long_receipt())

    assert result.state_after == DeviceState.PAPER_OUT
    assert result.surely_printed is False
    assert result.bytes_sent == len(full)
    printed = device.paper_receipt()
    assert 0 < len(printed.text_lines) < 20
    assert printed.cuts == 0
    assert printer.status() == DeviceState.PAPER_OUT


def test_refilled_printer_prints_again():
    printer, device = make_emulated_printer("generic-80-gb18030", paper="out")
    with pytest.raises(DeviceError):
        printer.print_receipt(simple_receipt())

    device.paper = "ok"

    assert printer.print_receipt(simple_receipt()).state_after == DeviceState.READY
    assert device.paper_receipt().text_lines == RECEIPT_LINES


def test_second_job_while_printing_is_refused_as_busy():
    class SlowPrinter(EmulatedEscposDevice):
        """Holds the first print job in `_raw` until the test lets it go."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.printing = threading.Event()
            self.release = threading.Event()

        def _raw(self, msg: bytes) -> None:
            if len(msg) > 3:
                self.printing.set()
                self.release.wait(timeout=10)
            super()._raw(msg)

    device = SlowPrinter("generic-80-gb18030")
    printer = EscposReceiptPrinter(device, device.printer_profile)
    first = threading.Thread(target=printer.print_receipt, args=(simple_receipt(),))
    first.start()
    try:
        assert device.printing.wait(timeout=10)
        with pytest.raises(DeviceBusy):
            printer.print_receipt(simple_receipt())
        assert printer.status() == DeviceState.BUSY
    finally:
        device.release.set()
        first.join(timeout=10)
    assert device.paper_receipt().text_lines == RECEIPT_LINES  # one receipt, not two


def test_health_reports_state_and_model():
    printer, device = make_emulated_printer("generic-58-gb18030", paper="near_end")

    health = printer.health().as_dict()

    assert health["kind"] == "printer"
    assert health["name"] == "generic-58-gb18030"
    assert health["state"] == "paper_near_end"
    assert health["paper_mm"] == 58
    device.paper = "out"
    assert printer.health().state == DeviceState.PAPER_OUT


def test_driver_satisfies_the_protocol():
    printer, _ = make_emulated_printer()
    assert isinstance(printer, ReceiptPrinter)
    printer.close()


def test_unknown_profile_names_the_known_ones():
    with pytest.raises(KeyError, match="generic-80-gb18030"):
        get_profile("no-such-printer")


def test_starts_leave_no_folder_behind_and_keep_one_printer_database_cache(tmp_path):
    """python-escpos alone makes a new temporary folder at every start; a terminal
    restarted every night for years must not fill /tmp, nor parse the database each time."""
    import os
    import subprocess
    import sys

    temp, cache = tmp_path / "tmp", tmp_path / "cache"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp), "XDG_CACHE_HOME": str(cache)}
    env.pop("ESCPOS_CAPABILITIES_PICKLE_DIR", None)
    for _ in range(2):
        subprocess.run([sys.executable, "-c", "import drivers.printer.escpos_printer"], env=env,
                       check=True, cwd=os.path.dirname(os.path.dirname(os.path.dirname(__file__))))
    assert list(temp.iterdir()) == []
    assert [p.name for p in (cache / "one-terminal-kiosk" / "escpos").iterdir()] == [
        f"{sys.version.split()[0]}.capabilities.pickle"]
