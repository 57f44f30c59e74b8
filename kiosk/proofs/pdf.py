"""The A4 proof as PDF, drawn with fpdf2 in the project's font (drivers/fonts.py).

fpdf2 embeds a subset of Noto Sans CJK SC (CFF outlines, from a .ttc) as a CID font with a
ToUnicode map built from the characters drawn, so the text layer gives back exactly what
the page shows: digits, 人 and 大 included (Qt's QPdfWriter with the same font loses the
digits and maps 人/大 to the Kangxi radicals that share their glyphs).

Every page repeats the city's header, the title, the holder and times, the table's header
row, the verification code with its QR and the note on how to verify; "第 n 页 共 m 页" at
the foot. The key figures (summary) are on the first page. Sizes are in millimetres and
points; body text is 12 pt, the table 11.5 pt, nothing under 11 pt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF

from drivers import fonts
from kiosk.proofs.document import ProofDocument
from kiosk.proofs.font import ProofFontMissing, font_for
from kiosk.proofs.qr import QUIET_ZONE, dark_runs, qr_modules

PAGE_W, PAGE_H = 210.0, 297.0  # A4 portrait, mm
MARGIN_X = 15.0
MARGIN_TOP = 12.0
MARGIN_BOTTOM = 12.0
CONTENT_W = PAGE_W - 2 * MARGIN_X

HEADER_PT = 14
TITLE_PT = 20
BODY_PT = 12
SUMMARY_PT = 13
TABLE_PT = 11.5
CODE_PT = 24
NOTE_PT = 11

QR_SIZE = 34.0  # mm, the symbol without its quiet zone
FOOTER_H = 58.0  # the verification block and the page number, at the foot of every page
FOOTER_TOP = PAGE_H - MARGIN_BOTTOM - FOOTER_H
CELL_PAD = 1.3  # mm inside table cells
GREY_FILL = (232, 232, 232)
FONT_KEY = "proof"

_AMOUNT = re.compile(r"^[-+]?[\d,]+(\.\d+)?%?$")


__all__ = ["ProofFontMissing", "ProofTextNotDrawable", "render_proof"]


class ProofTextNotDrawable(ValueError):
    """The document has characters the font has no glyph for (they would print as boxes
    and vanish from the text layer)."""


def line_height(points: float) -> float:
    """mm between baselines for text of `points` size."""
    return points * 0.3528 * 1.4


def render_proof(proof: ProofDocument, font_cache_dir: Path | None = None) -> bytes:
    """The proof as an A4 portrait PDF, one or more pages. With `font_cache_dir` holding the
    prepared common-characters font (kiosk/proofs/font.py), several times faster."""
    pdf = _new_pdf(proof, font_cache_dir)
    try:  # fontTools keeps the font file open until the font is closed
        _check_drawable(pdf, proof)
        layout = _Layout(pdf, proof)
        pages = layout.paginate()
        for number, rows in enumerate(pages, start=1):
            pdf.add_page()
            y = layout.top_block(MARGIN_TOP, draw=True)
            if number == 1:
                y = layout.summary_block(y, draw=True)
            layout.table(y, rows, draw=True)
            layout.footer(number, len(pages))
        return bytes(pdf.output())
    finally:
        pdf.fonts[FONT_KEY].ttfont.close()


def _new_pdf(proof: ProofDocument, font_cache_dir: Path | None) -> FPDF:
    face = font_for(_all_text(proof), font_cache_dir)
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(MARGIN_X, MARGIN_TOP, MARGIN_X)
    pdf.add_font(FONT_KEY, "", face.path, collection_font_number=face.index)
    pdf.set_font(FONT_KEY, size=BODY_PT)
    pdf.set_title(proof.title)
    pdf.set_lang("zh-CN")
    return pdf


def _all_text(proof: ProofDocument) -> str:
    parts = [proof.city, proof.title, proof.code, proof.issued_at, proof.holder_name_masked,
             proof.id_number_masked, proof.as_of, proof.footer_note, *proof.columns,
             *(text for pair in proof.summary for text in pair),
             *(cell for row in proof.rows for cell in row), *_LABELS.values(), "第页共"]
    return "".join(parts)


def _check_drawable(pdf: FPDF, proof: ProofDocument) -> None:
    cmap = pdf.fonts[FONT_KEY].cmap
    missing = sorted({c for c in _all_text(proof) if ord(c) not in cmap and not c.isspace()})
    if missing:
        shown = " ".join(f"U+{ord(c):04X}" for c in missing[:10])
        raise ProofTextNotDrawable(f"no glyph in {fonts.FAMILY} for {shown}")


_LABELS = {
    "holder": "持有人：",
    "id_number": "证件号码：",
    "issued_at": "出具时间：",
    "as_of": "数据截至：",
    "code": "验证码",
}


@dataclass(frozen=True)
class _Row:
    cells: tuple[tuple[str, ...], ...]  # each cell's wrapped lines
    height: float


class _Layout:
    """Measures (draw=False) and draws (draw=True) the blocks of a page with the same code,
    so the pagination and the pages agree."""

    def __init__(self, pdf: FPDF, proof: ProofDocument):
        self.pdf = pdf
        self.proof = proof
        self.qr = qr_modules(proof.qr_payload)
        self._char_widths: dict[tuple[float, str], float] = {}
        self.widths = self._column_widths() if proof.columns else ()

    # --- text helpers -------------------------------------------------------------------

    def _size(self, points: float) -> None:
        self.pdf.set_font(FONT_KEY, size=points)

    def text_width(self, text: str) -> float:
        """mm, in the current size (the sum of the characters' advances: no kerning)."""
        size = self.pdf.font_size_pt
        total = 0.0
        for char in text:
            key = (size, char)
            if key not in self._char_widths:
                self._char_widths[key] = self.pdf.get_string_width(char)
            total += self._char_widths[key]
        return total

    def wrap(self, text: str, width: float) -> list[str]:
        """`text` broken into lines no wider than `width` mm in the current size: at a space
        where Latin text has one, otherwise between any two characters (as Chinese breaks)."""
        lines: list[str] = []
        for paragraph in text.split("\n"):
            line, line_width = "", 0.0
            for char in paragraph:
                char_width = self.text_width(char)
                if not line or line_width + char_width <= width:
                    line, line_width = line + char, line_width + char_width
                    continue
                cut = line.rfind(" ")
                if char != " " and cut > 0 and line[cut - 1].isascii():
                    lines.append(line[:cut])
                    line = line[cut + 1:] + char
                else:
                    lines.append(line.rstrip())
                    line = "" if char == " " else char
                line_width = self.text_width(line)
            lines.append(line)
        return lines

    def _lines(self, lines: list[str], x: float, y: float, width: float, points: float,
               align: str = "L", draw: bool = True) -> float:
        height = line_height(points)
        if draw:
            self._size(points)
            for index, text in enumerate(lines):
                self.pdf.set_xy(x, y + index * height)
                self.pdf.cell(width, height, text, align=align)
        return y + len(lines) * height

    def _paragraph(self, text: str, x: float, y: float, width: float, points: float,
                   align: str = "L", draw: bool = True) -> float:
        self._size(points)
        return self._lines(self.wrap(text, width), x, y, width, points, align, draw)

    # --- blocks -------------------------------------------------------------------------

    def top_block(self, y: float, draw: bool) -> float:
        proof = self.proof
        y = self._paragraph(proof.city, MARGIN_X, y, CONTENT_W, HEADER_PT, draw=draw)
        if draw:
            self.pdf.set_line_width(0.4)
            self.pdf.line(MARGIN_X, y + 1, PAGE_W - MARGIN_X, y + 1)
        y = self._paragraph(proof.title, MARGIN_X, y + 4, CONTENT_W, TITLE_PT, "C", draw)
        pairs = ((_LABELS["holder"], proof.holder_name_masked),
                 (_LABELS["id_number"], proof.id_number_masked),
                 (_LABELS["issued_at"], proof.issued_at),
                 (_LABELS["as_of"], proof.as_of))
        return self._pairs(pairs, y + 3, BODY_PT, draw) + 2

    def summary_block(self, y: float, draw: bool) -> float:
        if not self.proof.summary:
            return y
        pairs = tuple((f"{label}：", value) for label, value in self.proof.summary)
        bottom = self._pairs(pairs, y + 2, SUMMARY_PT, draw, inset=3)
        if draw:
            self.pdf.set_line_width(0.3)
            self.pdf.rect(MARGIN_X, y, CONTENT_W, bottom + 2 - y)
        return bottom + 6

    def _pairs(self, pairs, y: float, points: float, draw: bool, inset: float = 0) -> float:
        """Label: value pairs two to a line, each wrapping within its half of the width."""
        half = (CONTENT_W - 2 * inset) / 2
        for start in range(0, len(pairs), 2):
            bottom = y
            for column, (label, value) in enumerate(pairs[start:start + 2]):
                x = MARGIN_X + inset + column * half
                bottom = max(bottom, self._paragraph(label + value, x, y, half - 3, points,
                                                     draw=draw))
            y = bottom
        return y

    # --- the table ----------------------------------------------------------------------

    def _column_widths(self) -> tuple[float, ...]:
        """Each column as wide as its widest text where that fits; otherwise the narrow
        columns keep their width and the wide ones share the rest (and wrap)."""
        self._size(TABLE_PT)
        columns = self.proof.columns
        natural = [max(self.text_width(text) for text in
                       (columns[i], *(row[i] for row in self.proof.rows))) + 2 * CELL_PAD + 0.5
                   for i in range(len(columns))]
        if sum(natural) <= CONTENT_W:
            scale = CONTENT_W / sum(natural)
            return tuple(width * scale for width in natural)
        widths: list[float | None] = [None] * len(natural)
        remaining, open_columns = CONTENT_W, list(range(len(natural)))
        while open_columns:
            share = remaining / len(open_columns)
            narrow = [i for i in open_columns if natural[i] <= share]
            if not narrow:
                total = sum(natural[i] for i in open_columns)
                for i in open_columns:
                    widths[i] = remaining * natural[i] / total
                break
            for i in narrow:
                widths[i] = natural[i]
                remaining -= natural[i]
                open_columns.remove(i)
        return tuple(float(width or 0) for width in widths)

    def _row(self, cells: tuple[str, ...]) -> _Row:
        self._size(TABLE_PT)
        wrapped = tuple(tuple(self.wrap(text, width - 2 * CELL_PAD))
                        for text, width in zip(cells, self.widths, strict=True))
        lines = max(len(cell) for cell in wrapped)
        return _Row(wrapped, lines * line_height(TABLE_PT) + 2 * CELL_PAD)

    def _draw_row(self, row: _Row, y: float, header: bool) -> None:
        x = MARGIN_X
        self.pdf.set_line_width(0.2)
        for lines, width in zip(row.cells, self.widths, strict=True):
            if header:
                self.pdf.set_fill_color(*GREY_FILL)
                self.pdf.rect(x, y, width, row.height, style="DF")
            else:
                self.pdf.rect(x, y, width, row.height)
            align = "R" if not header and all(_AMOUNT.match(t) for t in lines if t) else "L"
            self._lines(list(lines), x + CELL_PAD, y + CELL_PAD, width - 2 * CELL_PAD,
                        TABLE_PT, align)
            x += width

    def paginate(self) -> list[list[_Row]]:
        """The body rows of each page: as many as fit above the verification block, below
        the page's top block (and, on the first page, the key figures) and the header row."""
        if not self.proof.columns:
            return [[]]
        header = self._row(self.proof.columns)
        first_top = self.summary_block(self.top_block(MARGIN_TOP, False), False)
        other_top = self.top_block(MARGIN_TOP, False)
        pages: list[list[_Row]] = [[]]
        y = first_top + header.height
        for cells in self.proof.rows:
            row = self._row(cells)
            if y + row.height > FOOTER_TOP - 3 and pages[-1]:
                pages.append([])
                y = other_top + header.height
            pages[-1].append(row)
            y += row.height
        return pages

    def table(self, y: float, rows: list[_Row], draw: bool) -> float:
        if not self.proof.columns:
            return y
        header = self._row(self.proof.columns)
        self._draw_row(header, y, header=True)
        y += header.height
        for row in rows:
            self._draw_row(row, y, header=False)
            y += row.height
        return y

    # --- the foot: verification and page number ----------------------------------------

    def footer(self, number: int, pages: int) -> None:
        proof = self.proof
        top = FOOTER_TOP
        self.pdf.set_line_width(0.4)
        self.pdf.line(MARGIN_X, top, PAGE_W - MARGIN_X, top)
        modules = self.qr
        module = QR_SIZE / len(modules)
        qr_x = PAGE_W - MARGIN_X - QR_SIZE
        qr_y = top + QUIET_ZONE * module
        self.pdf.set_fill_color(0, 0, 0)
        for row, column, length in dark_runs(modules):
            self.pdf.rect(qr_x + column * module, qr_y + row * module, length * module,
                          module, style="F")
        text_w = qr_x - QUIET_ZONE * module - MARGIN_X - 2
        y = self._paragraph(_LABELS["code"], MARGIN_X, top + 3, text_w, BODY_PT)
        y = self._paragraph(proof.code, MARGIN_X, y, text_w, CODE_PT)
        self._paragraph(proof.footer_note, MARGIN_X, y + 1, text_w, NOTE_PT)
        self._paragraph(f"第 {number} 页 共 {pages} 页", MARGIN_X,
                        PAGE_H - MARGIN_BOTTOM - line_height(NOTE_PT), CONTENT_W, NOTE_PT, "C")
