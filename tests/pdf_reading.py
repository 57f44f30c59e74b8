"""Reading a PDF back as a person or a scanner would: its text layer (poppler's pdftotext),
where each word lies on the page, and its pages as pictures with the QR codes on them."""

from __future__ import annotations

import html
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import cv2
import zxingcpp


def _pdf_file(data: bytes, directory: Path) -> Path:
    path = directory / "document.pdf"
    path.write_bytes(data)
    return path


def page_texts(data: bytes) -> list[str]:
    """The text of each page, laid out as on paper (-layout keeps a table row on one line)."""
    with tempfile.TemporaryDirectory() as directory:
        path = _pdf_file(data, Path(directory))
        text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"],
                              capture_output=True, text=True, check=True, timeout=60).stdout
    return text.split("\f")[:-1]  # pdftotext ends every page with a form feed


@dataclass(frozen=True)
class Word:
    text: str
    x_min: float  # points from the page's left edge
    x_max: float
    y_min: float
    y_max: float


@dataclass(frozen=True)
class Page:
    width: float  # points
    height: float
    words: tuple[Word, ...]


_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                   r'(.*?)</word>')


def page_words(data: bytes) -> list[Page]:
    """Every word of every page with its box (pdftotext -bbox)."""
    with tempfile.TemporaryDirectory() as directory:
        path = _pdf_file(data, Path(directory))
        out = subprocess.run(["pdftotext", "-bbox", "-enc", "UTF-8", str(path), "-"],
                             capture_output=True, text=True, check=True, timeout=60).stdout
    pages = []
    for width, height, body in _PAGE.findall(out):
        words = tuple(Word(html.unescape(text), float(x0), float(x1), float(y0), float(y1))
                      for x0, y0, x1, y1, text in _WORD.findall(body))
        pages.append(Page(float(width), float(height), words))
    return pages


def qr_on_page(data: bytes, page: int, dpi: int = 150) -> str:
    """What the QR on `page` (1-based) says, read from a picture of the page as a phone
    would read the paper; "" when none is found. zxing reads it (as the terminal's own
    QR reader does): OpenCV's detector misses some codes that phones read at once."""
    with tempfile.TemporaryDirectory() as directory:
        path = _pdf_file(data, Path(directory))
        prefix = Path(directory) / "page"
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", "-singlefile",
                        "-f", str(page), "-l", str(page), str(path), str(prefix)],
                       check=True, timeout=60)
        image = cv2.imread(str(prefix.with_suffix(".png")), cv2.IMREAD_GRAYSCALE)
    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    return found[0].text if found else ""
