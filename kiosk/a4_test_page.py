"""The A4 printer's test page: one page of PDF built by hand, no library needed.

It says what it is, the terminal and the time, shows the printable frame 10 mm inside
the page edge (a page whose frame is cut off was scaled or shifted), and a line of
letters and digits. Its text uses the PDF's built-in Helvetica, so it is ASCII only:
Chinese text on A4 is the proofs' business (their PDF embeds its font).
"""

from __future__ import annotations

import datetime as dt

A4_PT = (595.28, 841.89)
MM = 72 / 25.4


def a4_test_page(terminal_id: str, now: dt.datetime) -> bytes:
    width, height = A4_PT
    lines = [
        (24, "Print test - A4 document printer"),
        (14, f"Terminal: {terminal_id}"),
        (14, f"Time: {now:%Y-%m-%d %H:%M:%S}"),
        (14, "ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz 0123456789"),
        (11, "The frame is 10 mm inside the edge of the paper on every side."),
    ]
    text = ["BT"]
    y = height - 40 * MM
    for size, line in lines:
        text.append(f"/F1 {size} Tf 1 0 0 1 {25 * MM:.2f} {y:.2f} Tm ({_escape(line)}) Tj")
        y -= size * 1.8
    text.append("ET")
    frame = f"1 w {10 * MM:.2f} {10 * MM:.2f} {width - 20 * MM:.2f} {height - 20 * MM:.2f} re S"
    content = (frame + "\n" + "\n".join(text)).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width} {height}] "
         f"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>").encode("ascii"),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        f"<< /Title ({_escape('Print test ' + terminal_id)}) >>".encode("ascii"),
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += (b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
            % (len(objects) + 1, len(objects), xref))
    return bytes(out)


def _escape(text: str) -> str:
    ascii_text = text.encode("ascii", "replace").decode("ascii")
    return ascii_text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
