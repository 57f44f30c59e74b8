"""How long an A4 proof takes to make: render_proof on a realistic contribution-history
proof (3 pages), against the bare PDF library (fpdf2) drawing the same text from the same
font file with no layout logic (one line after another, no wrapping, no table, no QR);
and, end to end, from the resident's tap on "print a proof" to the first byte of the job
at an IPP printer (CUPS's ippeveprinter, through a relay that notes when each Print-Job
request begins): the kiosk asks the reference platform on loopback to issue the proof,
draws it and sends it, as in service, with the font prepared.

    .venv/bin/python bench/proof.py [--n 20] [--taps 10]

Prints one JSON object. Both are timed with the prepared common-characters font, the path
a running kiosk takes (kiosk/proofs/font.py); render_full_face_p95_ms is the path before it
is prepared, or for a proof with a character outside it. font_prepare_ms is the one-off cost
of preparing it (in a temporary directory here, so always measured).
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fpdf import FPDF  # noqa: E402

from bench.platform_harness import Platform  # noqa: E402
from kiosk.proofs.document import ProofDocument  # noqa: E402
from kiosk.proofs.font import (
    font_for,  # noqa: E402
    prepare_common_subset,  # noqa: E402
)
from kiosk.proofs.pdf import (
    _all_text,  # noqa: E402
    render_proof,  # noqa: E402
)

WARM_UP = 2
ROWS = 48  # three pages


def contribution_proof(n: int) -> ProofDocument:
    rows = []
    for i in range(ROWS):
        year, month = 2026 - i // 12, 12 - i % 12
        base = 6520 - 40 * (i // 12)
        rows.append((f"{year}-{month:02d}", f"{base:,}.00", f"{base * 0.08:,.2f}",
                     f"{base * 0.16:,.2f}", "已到账"))
    return ProofDocument(
        city="XX市政务服务", title="城镇职工基本养老保险缴费记录",
        code=f"P7K2-9QX4-HM3T-W8RC-{n:04d}",
        verify_url=f"https://zw.example.cn/v1/proofs/P7K29QX4HM3TW8RC{n:04d}",
        issued_at="2026-12-02 09:14", holder_name_masked="王*兰",
        id_number_masked="1101**********002X", as_of="2026-12-01 08:00",
        summary=(("累计缴费月数", "156个月"), ("个人账户累计储存额", "48,213.77元"),
                 ("参保状态", "正常参保"), ("参保地", "XX市社会保险事业管理中心")),
        columns=("月份", "缴费基数（元）", "个人缴纳（元）", "单位缴纳（元）", "状态"),
        rows=tuple(rows),
        footer_note="扫描二维码，或在XX市政务服务网“证明验证”输入验证码，可核对本证明的真伪。",
    )


def bare_fpdf(document: ProofDocument, font_cache: Path, pages: int) -> bytes:
    """The same words, drawn one line after another by fpdf2 alone."""
    face = font_for(_all_text(document), font_cache)
    pdf = FPDF(unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_font("bare", "", face.path, collection_font_number=face.index)
    pdf.set_font("bare", size=12)
    head = [document.city, document.title, document.holder_name_masked,
            document.id_number_masked, document.issued_at, document.as_of,
            "  ".join(document.columns)]
    foot = [document.code, document.footer_note]
    per_page = -(-len(document.rows) // pages)
    for page in range(pages):
        pdf.add_page()
        rows = document.rows[page * per_page:(page + 1) * per_page]
        lines = head + (["  ".join(pair) for pair in document.summary] if page == 0 else [])
        for line in [*lines, *("  ".join(row) for row in rows), *foot,
                     f"第 {page + 1} 页 共 {pages} 页"]:
            pdf.cell(0, 5.5, line, new_x="LMARGIN", new_y="NEXT")
    data = bytes(pdf.output())
    pdf.fonts["bare"].ttfont.close()
    return data


def timed(work, n: int) -> list[float]:
    samples = []
    for i in range(WARM_UP + n):
        start = time.perf_counter()
        work(i)
        if i >= WARM_UP:
            samples.append((time.perf_counter() - start) * 1000)
    return samples


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[94]


class FirstByteRelay:
    """A TCP relay in front of the printer noting, for every Print-Job request, when its
    first byte arrived (the driver opens one connection per IPP request)."""

    PRINT_JOB = b"\x00\x02"

    def __init__(self, target_port: int):
        self._target = target_port
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port = self._server.getsockname()[1]
        self.print_jobs: list[float] = []  # perf_counter at each Print-Job's first byte
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            threading.Thread(target=self._relay, args=(client,), daemon=True).start()

    def _relay(self, client: socket.socket) -> None:
        printer = socket.create_connection(("127.0.0.1", self._target))
        threading.Thread(target=_pump, args=(printer, client), daemon=True).start()
        first, head = None, b""
        while data := client.recv(65536):
            first = first or time.perf_counter()
            if len(head) < 65536:
                head += data
                end = head.find(b"\r\n\r\n")
                if end >= 0 and len(head) >= end + 8:
                    if head[end + 6:end + 8] == self.PRINT_JOB:
                        self.print_jobs.append(first)
                    head = b"x" * 65536  # noted: the rest is the document
            printer.sendall(data)
        printer.shutdown(socket.SHUT_WR)

    def close(self) -> None:
        self._server.close()


def _pump(source: socket.socket, sink: socket.socket) -> None:
    try:
        while data := source.recv(65536):
            sink.sendall(data)
        sink.shutdown(socket.SHUT_WR)
    except OSError:
        pass


def tap_to_first_byte(taps: int, work: Path) -> list[float]:
    """Milliseconds from the tap to the Print-Job's first byte at the printer, per proof."""
    from kiosk.app import Kiosk
    from kiosk.catalogue.model import IdentityProof
    from kiosk.config import DocumentPrinterConfig, KioskConfig
    from kiosk.identity import Identity
    from kiosk.sync.enrollment import enroll
    from tests.devices.ipp_stack import IppPrinterStack, missing_prerequisite

    problem = missing_prerequisite()
    if problem:
        raise SystemExit(f"cannot time the tap to the printer: {problem}")
    stack = IppPrinterStack().start()
    relay = FirstByteRelay(stack.port)
    try:
        with Platform() as platform:
            config = KioskConfig()
            config.devices["document_printer"] = DocumentPrinterConfig(
                driver="ipp", uri=f"ipp://127.0.0.1:{relay.port}/ipp/print")
            kiosk = Kiosk(config, work / "kiosk")
            try:
                enroll(kiosk.store, platform.url, platform.enrollment_codes(1)[0],
                       config.platform)
                kiosk.relink()
                prepare_common_subset(kiosk.proof_font_dir)  # as a terminal in service has
                samples = []
                for i in range(WARM_UP + taps):
                    journey = kiosk.start("lookup", "SB-0017")
                    journey.identify(Identity("310104197510010010", IdentityProof.ID_CARD,
                                              "李建国"))
                    journey.answer(journey.step.field.choices[0].value)
                    journey.look_up()
                    tapped = time.perf_counter()
                    outcome = kiosk.start_printing_proof(journey).result(timeout=120)
                    if not outcome.printed:
                        raise SystemExit(f"the proof did not print: {outcome.message}")
                    first = next(t for t in reversed(relay.print_jobs) if t > tapped)
                    if i >= WARM_UP:
                        samples.append((first - tapped) * 1000)
                    kiosk.session.end()
                return samples
            finally:
                kiosk.close()
    finally:
        relay.close()
        stack.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=20, help="proofs to time (after warm-up)")
    parser.add_argument("--taps", type=int, default=10,
                        help="proofs to print end to end (the platform allows a terminal 30 "
                             "personal look-ups in 10 minutes; each proof takes two)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        font_cache = Path(directory)
        start = time.perf_counter()
        prepare_common_subset(font_cache)
        prepare_ms = (time.perf_counter() - start) * 1000
        sample = render_proof(contribution_proof(0), font_cache)
        pages = sample.count(b"/Type /Page") - sample.count(b"/Type /Pages")
        render = timed(lambda i: render_proof(contribution_proof(i), font_cache), args.n)
        baseline = timed(lambda i: bare_fpdf(contribution_proof(i), font_cache, pages), args.n)
        full_face = timed(lambda i: render_proof(contribution_proof(i)), args.n)
        taps = tap_to_first_byte(args.taps, Path(directory))
    print(json.dumps({
        "taps": args.taps,
        "tap_to_first_byte_p50_ms": round(statistics.median(taps), 1),
        "tap_to_first_byte_p95_ms": round(p95(taps), 1),
        "proofs": args.n,
        "pages": pages,
        "pdf_bytes": len(sample),
        "render_p50_ms": round(statistics.median(render), 1),
        "render_p95_ms": round(p95(render), 1),
        "baseline_render_p50_ms": round(statistics.median(baseline), 1),
        "baseline_render_p95_ms": round(p95(baseline), 1),
        "render_full_face_p95_ms": round(p95(full_face), 1),
        "font_prepare_ms": round(prepare_ms, 1),
    }))


if __name__ == "__main__":
    main()
