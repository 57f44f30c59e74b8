"""The ESC/POS decoder: byte streams from python-escpos and by hand, and garbage."""

from __future__ import annotations

import random

from escpos.printer import Dummy

from drivers.printer import Line, QrCode, ReceiptDocument, get_profile
from drivers.printer.escpos_decoder import decode
from drivers.printer.escpos_printer import render_receipt

ESC, GS, FS = b"\x1b", b"\x1d", b"\x1c"


def test_plain_lines_and_a_cut():
    data = ESC + b"@" + b"line one\nline two\n" + GS + b"V\x00"
    paper = decode(data)
    assert paper.lines == ["line one", "line two"]
    assert paper.cuts == 1
    assert paper.notes == []


def test_styles_sizes_and_alignment_are_recorded():
    data = (
        ESC + b"a\x01" + ESC + b"E\x01" + "标题".encode("gb18030") + b"\n"
        + ESC + b"E\x00" + ESC + b"a\x02" + GS + b"!\x11" + b"BIG\n"
        + ESC + b"!\x00" + GS + b"!\x00" + ESC + b"a\x00" + b"plain "
        + ESC + b"E\x01" + b"bold" + ESC + b"E\x00" + b" tail\n"
    )  # fmt: skip
    paper = decode(data)
    assert paper.lines == ["标题", "BIG", "plain bold tail"]
    assert [s.align for s in paper.line_styles] == ["center", "right", "left"]
    assert (paper.line_styles[1].width, paper.line_styles[1].height) == (2, 2)
    assert paper.bold_spans == [(0, "标题"), (2, "bold")]


def test_esc_bang_sets_bold_and_double_size():
    paper = decode(ESC + b"!\x38" + b"X\n")
    assert paper.bold_spans == [(0, "X")]
    assert (paper.line_styles[0].width, paper.line_styles[0].height) == (2, 2)


def test_print_and_feed_makes_blank_lines():
    paper = decode(b"a" + ESC + b"d\x03" + b"b\n")
    assert paper.lines == ["a", "", "", "b"]
    assert paper.text_lines == ["a", "b"]


def test_reset_discards_unprinted_text():
    paper = decode(b"lost" + ESC + b"@" + b"kept\n")
    assert paper.lines == ["kept"]


def test_status_requests_are_counted_anywhere():
    paper = decode(b"\x10\x04\x01" + b"a\n" + b"\x10\x04\x04" + GS + b"r\x01")
    assert paper.status_requests == 3
    assert paper.lines == ["a"]


def test_native_qr_from_python_escpos():
    dummy = Dummy()
    dummy.qr("https://example.gov.cn/办件/1", native=True, size=5)
    assert decode(dummy.output).qr_codes == ["https://example.gov.cn/办件/1"]


def test_image_qr_from_python_escpos_is_read_back_from_the_raster():
    profile = get_profile("generic-58-gb18030-image-qr")
    data = render_receipt(ReceiptDocument((QrCode("KS20240101000123"),)), profile).data
    paper = decode(data)
    assert paper.qr_codes == ["KS20240101000123"]
    # python-escpos centres the code by padding the picture to the full paper width.
    assert paper.images[0].width == profile.dots


def test_chinese_mode_switches_the_decoding():
    gbk = "办理".encode("gbk")
    paper = decode(
        gbk + b"\n" + FS + b"&" + gbk + FS + b"." + b"\n", "gbk", chinese_mode_default=False
    )
    assert paper.lines[1] == "办理"
    assert paper.lines[0] != "办理"  # code page characters, as a real printer shows them


def test_utf8_stream():
    paper = decode("（个人）：，。\n".encode(), "utf-8")
    assert paper.lines == ["（个人）：，。"]


def test_unknown_commands_are_skipped_with_a_note_and_text_goes_on():
    paper = decode(ESC + b"\x7f" + b"after\n" + GS + b"\x7e" + b"more\n" + b"\x07bell\n")
    assert paper.lines == ["after", "more", "bell"]
    assert len(paper.notes) == 3


def test_truncated_command_at_the_end_is_noted_not_fatal():
    paper = decode(b"ok\n" + GS + b"v0\x00\x10\x00\x40")
    assert paper.lines == ["ok"]
    assert any("truncated" in note for note in paper.notes)


def test_text_without_final_line_feed_is_shown_and_noted():
    paper = decode(b"no newline")
    assert paper.lines == ["no newline"]
    assert paper.notes


def test_every_truncation_of_a_real_receipt_decodes_without_error():
    doc = ReceiptDocument(
        (Line("受理编号：KS20240101", bold=True, size="large"), Line("请妥善保管。"), QrCode("x1"))
    )
    data = render_receipt(doc, get_profile("generic-80-gbk-fs")).data
    for end in range(len(data) + 1):
        decode(data[:end], "gbk", chinese_mode_default=False)
    whole = decode(data, "gbk", chinese_mode_default=False)
    assert whole.text_lines == ["受理编号：KS20240101", "请妥善保管。"]
    assert whole.qr_codes == ["x1"]


def test_random_bytes_never_crash_the_decoder():
    rng = random.Random(20240101)
    for _ in range(300):
        blob = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 400)))
        paper = decode(blob)
        assert isinstance(paper.lines, list)
    # Random command-heavy streams: mostly ESC/GS/FS/DLE with random arguments.
    alphabet = [0x1B, 0x1D, 0x1C, 0x10, 0x0A, 0x28, 0x6B, 0x76, 0x30, 0x4C, 0x56, 0x21]
    for _ in range(300):
        blob = bytes(
            rng.choice(alphabet) if rng.random() < 0.6 else rng.randrange(256)
            for _ in range(rng.randrange(1, 200))
        )
        decode(blob, "utf-8")
