"""Empty bands: a screen that leaves a wide stripe of nothing between its heading and its
buttons looks unfinished and makes a resident wonder whether something failed to load.

Measured on the picture the resident sees: the tallest run of pixel rows that hold only
the background colour, between the bottom of the screen's heading and the top of what
closes the screen (the terminal's footer, else its primary button, else the window's
bottom). The tour flags a run taller than `Theme.tileHeight`.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QColor, QImage
from PySide6.QtQuick import QQuickItem, QQuickWindow

from ui.scene import descendants, shown

# What ScreenFrame (and home) show above the content: the band check starts below them.
HEADER_PARTS = ("heading", "step-bar", "subheading", "language-note")


def rows_of(image: QImage) -> np.ndarray:
    """The picture as an (height, width) array of 32-bit RGB values."""
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    width, height = image.width(), image.height()
    stride = image.bytesPerLine() // 4
    data = np.frombuffer(image.constBits(), dtype=np.uint32, count=stride * height)
    return data.reshape(height, stride)[:, :width] & 0xFFFFFF


def empty_rows(image: QImage, background: QColor, top: int, bottom: int) -> np.ndarray:
    """For each row in [top, bottom): does it hold only the background colour?"""
    pixels = rows_of(image)[max(0, top):max(0, bottom)]
    return np.all(pixels == (background.rgb() & 0xFFFFFF), axis=1)


def tallest_empty_run(empty: np.ndarray) -> tuple[int, int]:
    """(height, first row offset) of the tallest run of True in `empty`."""
    best, best_start, run, start = 0, 0, 0, 0
    for offset, is_empty in enumerate(empty):
        if is_empty:
            if run == 0:
                start = offset
            run += 1
            if run > best:
                best, best_start = run, start
        else:
            run = 0
    return best, best_start


def band_problem(image: QImage, background: QColor, top: int, bottom: int, *, limit: float,
                 centred: bool, px_per_mm: float) -> str | None:
    """What is wrong with the space between heading and closing buttons, if anything.

    A screen that asks one thing may centre its content: the bands above and below it
    may then be tall, but must be about equal; inside the content none may be."""
    empty = empty_rows(image, background, top, bottom)
    if centred and not empty.all():
        filled = np.flatnonzero(~empty)
        above, below = int(filled[0]), int(len(empty) - 1 - filled[-1])
        if abs(above - below) > limit:
            return (f"content meant to be centred is not: {above / px_per_mm:.0f} mm above it, "
                    f"{below / px_per_mm:.0f} mm below")
        empty = empty[filled[0]:filled[-1] + 1]
        top += int(filled[0])
    run, at = tallest_empty_run(empty)
    if run > limit + 1:
        return (f"an empty band {run / px_per_mm:.0f} mm tall at {(top + at) / px_per_mm:.0f} mm "
                f"from the top (more than a tile, {limit / px_per_mm:.0f} mm)")
    return None


def content_span(window: QQuickWindow, screen: QQuickItem) -> tuple[int, int]:
    """Rows between the screen's heading (with its step bar and subheading) and what
    closes it, in window pixels."""
    heading = primary = footer = None
    for item in descendants(screen):
        if not shown(item):
            continue
        name = item.objectName()
        if name in HEADER_PARTS and (
                heading is None or _rect(item).bottom() > _rect(heading).bottom()):
            heading = item
        elif name == "primary":
            primary = item
        elif name == "footer":
            footer = item
    top = _rect(heading).bottom() if heading is not None else 0
    centred = bool(screen.property("centred"))
    if footer is not None:
        bottom = _rect(footer).top()
    elif primary is not None and not centred:  # a centred screen's button is its content
        bottom = _rect(primary).top()
    else:
        bottom = window.height()
    return int(top) + 1, int(bottom)


def _rect(item: QQuickItem):
    return item.mapRectToScene(item.boundingRect())
