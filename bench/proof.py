"""How long an A4 proof takes to make: render_proof on a realistic contribution-history
proof (3 pages), against the bare PDF library (fpdf2) drawing the same text from the same
font file with no layout logic (one line after another, no wrapping, no table, no QR).

    .venv/bin/python bench/proof.py [--n 20]

Prints one JSON object. Both are timed with the prepared common-characters font, the path
a running kiosk takes (kiosk/proofs/font.py); render_full_face_p95_ms is the path before it
is prepared, or for a proof with a character outside it. font_prepare_ms is the one-off cost
of preparing it (in a temporary directory here, so always measured).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fpdf import FPDF  # noqa: E402

from kiosk.proofs import ProofDocument, prepare_common_subset, render_proof  # noqa: E402
from kiosk.proofs.font import font_for  # noqa: E402
from kiosk.proofs.pdf import _all_text  # noqa: E402

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=20, help="proofs to time (after warm-up)")
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
    # tap_to_first_byte_p95_ms (the tap to the first byte at the IPP printer) is timed by
    # the kiosk's proof journey against ippeveprinter; it joins this object when that
    # journey exists.
    print(json.dumps({
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
