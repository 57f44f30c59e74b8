"""Strokes as a finger wrote them, checked and tidied before recognition.

A character is a list of strokes in the order written; a stroke is a list of (x, y)
points in a BOX x BOX square with y growing downwards (the pad's and the command line's
form). Tidying makes the recognizers see the shape, not the way it happened to land on
the pad: points that add nothing dropped, shaky ones smoothed, the ink slanted upright,
then scaled and centred.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

BOX = 1000
MAX_STROKES = 60  # no character has more; beyond it is a scribble, not writing
MAX_POINTS = 2000  # a stroke's points; a finger on a 100 Hz panel for 20 s
Point = tuple[float, float]
Strokes = list[list[Point]]


class BadStrokes(ValueError):
    """Strokes that cannot be a character written in the box; the message says why."""


def parse_strokes(data: object) -> Strokes:
    """`data` as strokes ([[[x, y], ...], ...]), or BadStrokes saying what is wrong."""
    if not isinstance(data, list):
        raise BadStrokes("strokes must be a list of strokes, each a list of [x, y] points")
    if not data:
        raise BadStrokes("no strokes: write the character first")
    if len(data) > MAX_STROKES:
        raise BadStrokes(f"{len(data)} strokes is more than any character has ({MAX_STROKES})")
    strokes: Strokes = []
    for number, stroke in enumerate(data, 1):
        if not isinstance(stroke, list) or not stroke:
            raise BadStrokes(f"stroke {number} is not a non-empty list of [x, y] points")
        if len(stroke) > MAX_POINTS:
            raise BadStrokes(f"stroke {number} has {len(stroke)} points, more than {MAX_POINTS}")
        points = []
        for point in stroke:
            if (not isinstance(point, (list, tuple)) or len(point) != 2
                    or not all(isinstance(v, (int, float)) and not isinstance(v, bool)
                               and math.isfinite(v) for v in point)):
                raise BadStrokes(f"stroke {number} has a point that is not [x, y]: {point!r}")
            x, y = float(point[0]), float(point[1])
            if not (0 <= x <= BOX and 0 <= y <= BOX):
                raise BadStrokes(f"stroke {number} has a point outside the {BOX}x{BOX} box: "
                                 f"[{x:g}, {y:g}]")
            points.append((x, y))
        strokes.append(points)
    return strokes


MIN_STEP = 8.0  # points closer than this to the last one kept add nothing
MAX_KEPT = 120  # a stroke's points after thinning: a stroke across the box, one per MIN_STEP


def thin(strokes: Strokes) -> Strokes:
    """Each stroke without points that add nothing (a finger resting, a fast panel's
    repeats), and at most MAX_KEPT points: the recognizer's time grows with the square
    of a stroke's points, and a scribble must not hold the pad for minutes."""
    out = []
    for stroke in strokes:
        kept = [stroke[0]]
        for point in stroke[1:]:
            if math.dist(point, kept[-1]) >= MIN_STEP:
                kept.append(point)
        if kept[-1] != stroke[-1] and len(stroke) > 1:
            kept.append(stroke[-1])
        if len(kept) > MAX_KEPT:
            step = (len(kept) - 1) / (MAX_KEPT - 1)
            kept = [kept[round(i * step)] for i in range(MAX_KEPT)]
        out.append(kept)
    return out


def smooth(strokes: Strokes) -> Strokes:
    """Each point averaged with its neighbours (ends kept): a shaking finger's zigzags
    would read as corners."""
    out = []
    for stroke in strokes:
        if len(stroke) < 3:
            out.append(list(stroke))
            continue
        middle = [((a[0] + 2 * b[0] + c[0]) / 4, (a[1] + 2 * b[1] + c[1]) / 4)
                  for a, b, c in zip(stroke, stroke[1:], stroke[2:], strict=False)]
        out.append([stroke[0], *middle, stroke[-1]])
    return out


def slant(strokes: Strokes) -> float:
    """How far the writing leans, as dx/dy of its near-vertical segments (0: upright,
    positive: the tops lean right). Chinese has many vertical strokes (竖) and few
    slanted-by-design ones steeper than these, so their mean lean is the hand's."""
    lean = weight = 0.0
    for stroke in strokes:
        for (x0, y0), (x1, y1) in itertools.pairwise(stroke):
            dx, dy = x1 - x0, y1 - y0
            length = math.hypot(dx, dy)
            if length == 0 or abs(dx) > abs(dy) * 0.4:  # beyond ~22 degrees from vertical
                continue
            if dy < 0:  # written upwards: the same line
                dx, dy = -dx, -dy
            lean -= dx / dy * length  # y grows downwards: a top leaning right has dx < 0
            weight += length
    return lean / weight if weight else 0.0


def upright(strokes: Strokes) -> Strokes:
    """The ink sheared so its vertical strokes stand vertical."""
    shear = slant(strokes)
    if abs(shear) < 0.02:
        return strokes
    centre = sum(y for s in strokes for _, y in s) / sum(len(s) for s in strokes)
    return [[(x + shear * (y - centre), y) for x, y in stroke] for stroke in strokes]


def bounds(strokes: Strokes) -> tuple[float, float, float, float]:
    xs = [x for stroke in strokes for x, _ in stroke]
    ys = [y for stroke in strokes for _, y in stroke]
    return min(xs), min(ys), max(xs), max(ys)


def fit(strokes: Strokes, fill: float = 0.75) -> Strokes:
    """The ink scaled (the same in both directions) so its longer side spans `fill` of
    the box, and centred: a character written small in a corner reads as written full."""
    left, top, right, bottom = bounds(strokes)
    side = max(right - left, bottom - top)
    scale = BOX * fill / side if side > 0 else 1.0
    cx, cy = (left + right) / 2, (top + bottom) / 2
    return [[((x - cx) * scale + BOX / 2, (y - cy) * scale + BOX / 2) for x, y in stroke]
            for stroke in strokes]


def tidy(strokes: Sequence[Sequence[Point]]) -> Strokes:
    """Thinned, smoothed, upright, scaled and centred: what the recognizers are shown."""
    return fit(upright(smooth(thin([list(s) for s in strokes]))))
