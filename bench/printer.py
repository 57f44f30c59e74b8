"""How long from the resident's tap to paper moving: the driver's print of a typical
receipt (rendering, the status check before the job, the send) until its first byte of
print data reaches a TCP 9100 printer, against a bare socket connect + send of the same
bytes to the same printer.

    .venv/bin/python bench/printer.py [--n 50]

Prints one JSON object. The target is first_byte_p95_ms under 100. The printer is the
TCP emulator on 127.0.0.1 in this process; it stamps each receipt's first byte with
time.perf_counter(), so both sides read the same clock. The driver reads status fresh
before every job (no answer = unknown, never assumed fine), over the connection it keeps.
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from drivers.printer import Feed, Line, Pair, QrCode, ReceiptDocument, Rule  # noqa: E402
from drivers.printer.connections import open_escpos_printer  # noqa: E402
from drivers.printer.escpos_printer import render_receipt  # noqa: E402
from drivers.printer.tcp_emulator import TcpPrinterEmulator  # noqa: E402
from kiosk.config import PrinterConfig  # noqa: E402

PROFILE = "generic-80-gb18030"
WARM_UP = 3


def typical_receipt(n: int) -> ReceiptDocument:
    """The application receipt's shape (kiosk/receipts.py), with masked personal data."""
    tracking = f"DEMO01-20261129-{n:06d}"
    return ReceiptDocument((
        Line("政务服务自助终端 受理回执", bold=True, align="center"),
        Rule(),
        Pair("办理事项：", "城乡居民基本养老保险参保登记（个人）变更申请"),
        Pair("受理部门：", "济南市历下区人力资源和社会保障局"),
        Pair("受理编号：", tracking),
        Pair("申请人：", "王*兰"),
        Pair("证件号码：", "1101**********002X"),
        Pair("提交时间：", "2026-11-29 14:30"),
        Pair("终端编号：", "DEMO01"),
        Pair("办理地点：", "演示网点（市民服务中心一楼大厅）"),
        Rule(),
        Pair("预计办结：", "2026年12月4日前（承诺5个工作日）"),
        Line("请妥善保管本回执，凭受理编号或扫描二维码查询办理进度。"),
        QrCode(tracking),
        Line("咨询投诉：12345", align="center"),
        Feed(2),
    ))


def percentile(samples: list[float], q: int) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[q - 1]


def time_driver(emulator: TcpPrinterEmulator, n: int) -> tuple[list[float], list[float]]:
    """(tap to first byte, whole print call) in ms, over the driver the kiosk would build."""
    config = PrinterConfig(driver="escpos", connection="network", host="127.0.0.1",
                           port=emulator.port, profile=PROFILE, timeout_s=2.0)
    printer = open_escpos_printer(config)
    first_byte, whole = [], []
    try:
        for i in range(WARM_UP + n):
            expected = len(emulator.receipts) + 1
            tapped = time.perf_counter()
            result = printer.print_receipt(typical_receipt(i))
            returned = time.perf_counter()
            receipt = emulator.wait_for_receipts(expected)[-1]
            if not result.surely_printed:
                raise RuntimeError(f"receipt {i} not surely printed: {result}")
            if i >= WARM_UP:
                first_byte.append((receipt.first_byte_at - tapped) * 1000)
                whole.append((returned - tapped) * 1000)
    finally:
        printer.close()
    return first_byte, whole


def time_bare_socket(emulator: TcpPrinterEmulator, n: int) -> list[float]:
    """Connect, send the receipt's bytes (rendered beforehand), close: the floor."""
    from drivers.printer.profiles import get_profile

    data = [render_receipt(typical_receipt(i), get_profile(PROFILE)).data
            for i in range(WARM_UP + n)]
    samples = []
    for i, payload in enumerate(data):
        done = len(emulator.receipts) + 1
        start = time.perf_counter()
        with socket.create_connection(emulator.address, timeout=2.0) as sock:
            sock.sendall(payload)
            receipt = emulator.wait_for_receipts(done)[-1]
        if i >= WARM_UP:
            samples.append((receipt.first_byte_at - start) * 1000)
    return samples


def time_rendering(n: int) -> list[float]:
    """The part of the driver's time spent turning the receipt into bytes, in ms."""
    from drivers.printer.profiles import get_profile

    samples = []
    for i in range(WARM_UP + n):
        start = time.perf_counter()
        render_receipt(typical_receipt(i), get_profile(PROFILE))
        if i >= WARM_UP:
            samples.append((time.perf_counter() - start) * 1000)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=50, help="receipts to time (after warm-up)")
    args = parser.parse_args()
    with TcpPrinterEmulator(PROFILE) as emulator:
        first_byte, whole = time_driver(emulator, args.n)
        baseline = time_bare_socket(emulator, args.n)
    rendering = time_rendering(args.n)
    receipt_bytes = len(render_receipt(typical_receipt(0), emulator.device.printer_profile).data)
    print(json.dumps({
        "receipts": args.n,
        "receipt_bytes": receipt_bytes,
        "status_before_job": "fresh query (3 DLE EOT round trips)",
        "first_byte_p50_ms": round(statistics.median(first_byte), 3),
        "first_byte_p95_ms": round(percentile(first_byte, 95), 3),
        "print_call_p50_ms": round(statistics.median(whole), 3),
        "print_call_p95_ms": round(percentile(whole, 95), 3),
        "render_p50_ms": round(statistics.median(rendering), 3),
        "baseline_p50_ms": round(statistics.median(baseline), 3),
        "baseline_p95_ms": round(percentile(baseline, 95), 3),
        "target_first_byte_p95_ms": 100,
    }))


if __name__ == "__main__":
    main()
