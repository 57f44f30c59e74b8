"""A decoded receipt as a person would see it: plain text, and a picture of the paper.

The picture is as wide as the printer's head (576 dots on 80 mm paper, 384 on 58 mm),
text drawn in the terminal's named font (drivers/fonts.py), each QR code drawn again
from its payload at the place it was printed, so a reviewer (or zxing) can scan it off
the PNG.
"""

from __future__ import annotations

import functools
import logging

import qrcode
from PIL import Image, ImageDraw, ImageFont

from drivers import fonts
from drivers.printer.escpos_decoder import DecodedReceipt, LineStyle
from drivers.printer.profiles import PrinterProfile
from drivers.textwidth import char_width

log = logging.getLogger(__name__)

_CHAR_HEIGHT_DOTS = 24  # font A: 12 x 24 dots a half-width character
_LINE_SPACING_DOTS = 6
_QR_QUIET_MODULES = 4
_MARGIN_DOTS = 16


@functools.cache
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    face = fonts.regular_face()
    if face is None:
        log.warning("receipt pictures: %s; Chinese shows as boxes", fonts.MISSING)
        return ImageFont.load_default(size)
    return ImageFont.truetype(face.path, size, index=face.index)


def receipt_text(paper: DecodedReceipt) -> str:
    """The receipt's lines, with each QR code's payload where it was printed."""
    out: list[str] = []
    qr_at = list(zip(paper.qr_line_numbers, paper.qr_codes, strict=True))
    for number, line in enumerate(paper.lines):
        out += [f"[QR] {data}" for at, data in qr_at if at == number]
        out.append(line.rstrip())
    out += [f"[QR] {data}" for at, data in qr_at if at >= len(paper.lines)]
    if paper.cuts:
        out.append("--- cut ---")
    return "\n".join(out) + "\n"


def _qr_picture(data: str, dots: int) -> Image.Image:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(data)
    code.make(fit=True)
    modules = code.modules_count + 2 * _QR_QUIET_MODULES
    code.box_size = max(1, min(6, dots // modules))
    code.border = _QR_QUIET_MODULES
    return code.make_image().get_image().convert("L")


def _line_height(style: LineStyle) -> int:
    return _CHAR_HEIGHT_DOTS * style.height + _LINE_SPACING_DOTS


def receipt_png(paper: DecodedReceipt, profile: PrinterProfile) -> Image.Image:
    """A greyscale picture of the paper, one pixel a printer dot.

    Characters sit in the printer's own cells (12 x 24 dots in font A, a CJK character
    two cells), so columns line up as they do on paper.
    """
    dots = profile.dots
    cell = dots // profile.columns
    bold_lines = {number for number, _ in paper.bold_spans}
    items: list[tuple[str, object]] = []
    qr_at = list(zip(paper.qr_line_numbers, paper.qr_codes, strict=True))
    for number, (line, style) in enumerate(zip(paper.lines, paper.line_styles, strict=True)):
        items += [("qr", _qr_picture(data, dots)) for at, data in qr_at if at == number]
        items.append(("line", (line.rstrip(), style, number in bold_lines)))
    items += [("qr", _qr_picture(data, dots)) for at, data in qr_at if at >= len(paper.lines)]

    height = 2 * _MARGIN_DOTS + sum(
        item.height if kind == "qr" else _line_height(item[1])  # type: ignore[union-attr,index]
        for kind, item in items
    )
    image = Image.new("L", (dots, height), 255)
    draw = ImageDraw.Draw(image)
    y = _MARGIN_DOTS
    for kind, item in items:
        if kind == "qr":
            assert isinstance(item, Image.Image)
            image.paste(item, ((dots - item.width) // 2, y))
            y += item.height
            continue
        text, style, bold = item  # type: ignore[misc]
        _draw_line(draw, text, style, bold, y, cell, dots, profile.ambiguous_wide)
        y += _line_height(style)
    return image


def _draw_line(
    draw: ImageDraw.ImageDraw, text: str, style: LineStyle, bold: bool, y: int,
    cell: int, dots: int, ambiguous_wide: bool,
) -> None:
    font = _font(_CHAR_HEIGHT_DOTS * style.height)
    widths = [char_width(ch, ambiguous_wide=ambiguous_wide) * cell * style.width for ch in text]
    used = sum(widths)
    x = {"left": 0, "center": (dots - used) // 2, "right": dots - used}[style.align]
    for ch, width in zip(text, widths, strict=True):
        if not ch.isspace():
            glyph = draw.textlength(ch, font=font)
            draw.text((x + (width - glyph) / 2, y), ch, fill=0, font=font,
                      stroke_width=1 if bold else 0, stroke_fill=0)
        x += width
