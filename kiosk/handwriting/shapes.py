"""The shape of the ink against the shape of each character in the terminal's font.

Zinnia reads strokes: their number, order and directions. Writing that differs in any
of those (a stroke joined to the next, an unusual order) loses the right character
from its list altogether. This second reader looks at the picture only: the ink drawn
as lines and each character drawn in the terminal's font (Noto Sans CJK SC), both
stretched to fill a small square, compared by where their edges run in which direction
(8 directions on an 8x8 grid). Its best matches join Zinnia's, and both scores rank
them (kiosk/handwriting/recognizer.py).

Drawing 6,763 characters takes seconds, so the table is kept in a cache file beside
the terminal's data, named after the font file, the characters and this method.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Sequence
from pathlib import Path

import cv2
import numpy as np

from drivers.fonts import FontFace, faces
from kiosk.handwriting.ink import Strokes, bounds

log = logging.getLogger(__name__)

SIDE = 64  # the square both pictures are compared in
GRID = 8
DIRECTIONS = 8
METHOD = "edges-8x8x8-stretched-v3"  # a new name when the features change: no old cache read
PEN = 0.05  # the ink's line width, as a share of its longer side: about a regular font's


def _features(picture: np.ndarray) -> np.ndarray:
    """Edge strength in each of 8 directions over an 8x8 grid, unit length."""
    blurred = cv2.GaussianBlur(picture, (0, 0), 1.5)
    gx = cv2.Sobel(blurred, cv2.CV_32F, 1, 0)
    gy = cv2.Sobel(blurred, cv2.CV_32F, 0, 1)
    strength = np.hypot(gx, gy)
    direction = np.minimum((np.arctan2(gy, gx) % np.pi) / (np.pi / DIRECTIONS),
                           DIRECTIONS - 1).astype(np.int32)
    grid = np.stack([cv2.resize(np.where(direction == d, strength, 0).astype(np.float32),
                                (GRID, GRID), interpolation=cv2.INTER_AREA)
                     for d in range(DIRECTIONS)])
    vector = np.sqrt(grid.ravel())
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector


def _fill_square(picture: np.ndarray) -> np.ndarray:
    """The inked part of `picture` stretched to fill SIDE (less a margin), centred.

    Stretched, not scaled alike both ways: hands write a character taller or wider than
    the font draws it, and what tells characters apart is where their strokes lie
    within it. Only a thin shape (一, 丨) keeps some of its proportions: its short side
    grows at most fourfold."""
    ys, xs = np.nonzero(picture > 0.05)
    square = np.zeros((SIDE, SIDE), np.float32)
    if len(xs) == 0:
        return square
    crop = picture[ys.min():ys.max() + 1, xs.min():xs.max() + 1]
    height, width = crop.shape
    side = SIDE - 8
    short = round(side * min(1.0, 4 * min(height, width) / max(height, width)))
    new_w, new_h = (side, max(1, short)) if width >= height else (max(1, short), side)
    crop = cv2.resize(crop, (new_w, new_h), interpolation=cv2.INTER_AREA)
    top, left = (SIDE - new_h) // 2, (SIDE - new_w) // 2
    square[top:top + new_h, left:left + new_w] = crop
    return square


def ink_features(strokes: Strokes) -> np.ndarray:
    left, top, right, bottom = bounds(strokes)
    canvas = 256
    span = canvas * 0.8
    scale = span / max(right - left, bottom - top, 1.0)
    pen = max(1, round(span * PEN))
    picture = np.zeros((canvas, canvas), np.uint8)
    for stroke in strokes:
        points = np.array([[(x - left) * scale + canvas * 0.1, (y - top) * scale + canvas * 0.1]
                           for x, y in stroke], np.int32)
        if len(points) == 1:
            cv2.circle(picture, (int(points[0][0]), int(points[0][1])), pen // 2 + 1, 255, -1)
        else:
            cv2.polylines(picture, [points], False, 255, pen, cv2.LINE_AA)
    return _features(_fill_square(picture.astype(np.float32) / 255))


# Tables drawn or read in this process, by key: a second terminal in one process (the
# tests, the tour) shares the first one's instead of reading or drawing its own.
_DRAWN: dict[str, np.ndarray] = {}
_DRAWN_LOCK = threading.Lock()


class FontShapes:
    """Each character's features in the terminal's font, one row per character."""

    def __init__(self, characters: Sequence[str], cache_dir: Path | None) -> None:
        self.characters = tuple(characters)
        self.row = {c: i for i, c in enumerate(self.characters)}
        self._cache_dir = cache_dir
        self._table: np.ndarray | None = None

    def _cache_file(self, key: str) -> Path | None:
        if self._cache_dir is None:
            return None
        return self._cache_dir / f"handwriting-shapes-{key}.npy"

    def _key(self, face: FontFace) -> str:
        """Names the table: the method, the font file as it is, the characters."""
        stat = Path(face.path).stat()
        key = "\n".join([METHOD, face.path, str(face.index), str(stat.st_size),
                         str(int(stat.st_mtime)), "".join(self.characters)])
        return hashlib.sha256(key.encode()).hexdigest()[:16]

    def _draw_all(self, face: FontFace) -> np.ndarray:
        from PIL import Image, ImageDraw, ImageFont  # only when drawing

        font = ImageFont.truetype(face.path, 96, index=face.index)
        table = np.zeros((len(self.characters), DIRECTIONS * GRID * GRID), np.float32)
        canvas = Image.new("L", (128, 128))
        draw = ImageDraw.Draw(canvas)
        for i, character in enumerate(self.characters):
            draw.rectangle((0, 0, 128, 128), fill=0)
            draw.text((16, 0), character, font=font, fill=255)
            picture = np.asarray(canvas, np.float32) / 255
            table[i] = _features(_fill_square(picture))
        return table

    def _read(self, cache: Path | None) -> np.ndarray | None:
        if cache is None or not cache.is_file():
            return None
        try:
            table = np.load(cache, allow_pickle=False)
        except (OSError, ValueError) as e:
            log.warning("handwriting shape cache %s unreadable (%s): drawing again",
                        cache.name, e)
            return None
        return table if table.shape == (len(self.characters), DIRECTIONS * GRID * GRID) else None

    def _write(self, cache: Path | None, table: np.ndarray) -> None:
        if cache is None:
            return
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            partial = cache.with_suffix(".partial.npy")
            np.save(partial, table, allow_pickle=False)
            partial.replace(cache)
            for stale in cache.parent.glob("handwriting-shapes-*.npy"):
                if stale != cache:  # another font or method's: 14 MB never read again
                    stale.unlink(missing_ok=True)
        except OSError as e:  # a full disk: drawn again next start, nothing lost
            log.warning("handwriting shape cache not written (%s)", e)

    def table(self) -> np.ndarray:
        """The features: already in this process, read from the cache, or drawn now
        (and kept in the cache). Safe from any thread."""
        with _DRAWN_LOCK:
            if self._table is None:
                face = self._face()
                key = self._key(face)
                table = _DRAWN.get(key)
                if table is None:
                    cache = self._cache_file(key)
                    table = self._read(cache)
                    if table is None:
                        table = self._draw_all(face)
                        self._write(cache, table)
                    _DRAWN[key] = table
                self._table = table
            return self._table

    def keep(self) -> None:
        """The features in this terminal's cache too, where they came from another
        terminal of the process: its next start reads them instead of drawing."""
        table = self.table()
        cache = self._cache_file(self._key(self._face()))
        if cache is not None and not cache.is_file():
            self._write(cache, table)

    @staticmethod
    def _face() -> FontFace:
        regular = [f for f in faces() if f.style == "Regular"] or list(faces())
        if not regular:
            raise FileNotFoundError("the terminal's font is not installed: no shapes to "
                                    "compare handwriting with")
        return regular[0]

    def similarities(self, strokes: Strokes) -> np.ndarray:
        """How alike the ink is to every character (cosine, 0..1), by row."""
        # einsum, not BLAS's matrix product: on a 2-core terminal BLAS's threads would
        # compete with the screens' thread for a product a single core does in 2 ms.
        return np.einsum("ij,j->i", self.table(), ink_features(strokes))
