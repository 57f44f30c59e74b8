"""Find a paper document in a camera frame and straighten it into an upright scan.

The classic pipeline: grey, blur, Canny edges, the largest external contour, a polygon
approximation to four corners. The corners are then refined by fitting a straight line
to each side's edge points and intersecting neighbouring sides, which puts them within
a pixel or so of the true page corners even though the contour itself is jagged.
If no page is found the core shows the whole frame and offers a retake.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

# A page must cover at least this share of the frame: smaller quadrilaterals are a
# phone, a card or a pattern on the desk, not the document the resident holds up.
MIN_AREA_FRACTION = 0.12
A4_ASPECT = 297 / 210
# Side-length ratios within this share of A4 are taken as A4 (perspective makes the
# measured ratio wander a few per cent).
_A4_SNAP = 0.08

Quad = np.ndarray  # float32, shape (4, 2): top-left, top-right, bottom-right, bottom-left


@dataclass(frozen=True)
class CapturedDocument:
    """The straightened page, or the whole frame when no page was found."""

    image: np.ndarray
    quad: Quad | None
    found: bool


def order_corners(points: np.ndarray) -> Quad:
    """Four points as top-left, top-right, bottom-right, bottom-left.

    Sorting by angle around the centre, then starting at the point nearest the frame's
    top-left corner, stays right for pages rotated well past the 45 degrees at which the
    usual sum/difference trick breaks.
    """
    pts = np.asarray(points, dtype=np.float32).reshape(4, 2)
    centre = pts.mean(axis=0)
    angles = np.arctan2(pts[:, 1] - centre[1], pts[:, 0] - centre[0])
    pts = pts[np.argsort(angles)]  # clockwise on screen (y points down)
    start = int(np.argmin(pts.sum(axis=1)))
    return np.roll(pts, -start, axis=0)


def _fit_side(points: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """A line through edge points as (point, direction), ignoring the rounded ends."""
    n = len(points)
    if n < 6:
        return None
    trimmed = points[n // 8 : n - n // 8]
    vx, vy, x0, y0 = cv2.fitLine(trimmed.astype(np.float32), cv2.DIST_HUBER, 0, 0.01, 0.01)
    return np.array([x0[0], y0[0]]), np.array([vx[0], vy[0]])


def _intersect(a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray]):
    (p, r), (q, s) = a, b
    cross = r[0] * s[1] - r[1] * s[0]
    if abs(cross) < 1e-6:
        return None
    t = ((q - p)[0] * s[1] - (q - p)[1] * s[0]) / cross
    return p + t * r


def _refine(contour: np.ndarray, approx: np.ndarray) -> np.ndarray:
    """Sharpen the approximated corners with lines fitted to the four sides."""
    points = contour.reshape(-1, 2)
    indices = []
    for corner in approx.reshape(-1, 2):
        matches = np.flatnonzero((points == corner).all(axis=1))
        if len(matches) == 0:
            return approx.reshape(4, 2).astype(np.float32)
        indices.append(int(matches[0]))
    order = np.argsort(indices)
    indices = [indices[i] for i in order]
    corners = approx.reshape(4, 2)[order].astype(np.float32)
    sides = []
    for i in range(4):
        start, end = indices[i], indices[(i + 1) % 4]
        side = (
            points[start : end + 1]
            if end > start
            else np.vstack([points[start:], points[: end + 1]])
        )
        fitted = _fit_side(side)
        if fitted is None:
            return corners
        sides.append(fitted)
    refined = []
    for i in range(4):
        point = _intersect(sides[i - 1], sides[i])
        # A fitted corner far from the contour's own means a bad fit: keep the original.
        if point is None or np.linalg.norm(point - corners[i]) > 10:
            refined.append(corners[i])
        else:
            refined.append(point)
    return np.float32(refined)


def detect_document(frame: np.ndarray, min_area_fraction: float = MIN_AREA_FRACTION) -> Quad | None:
    """Corners of the largest four-sided outline in the frame, or None if there is none."""
    grey = frame if frame.ndim == 2 else cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    blurred = cv2.GaussianBlur(grey, (5, 5), 0)
    edges = cv2.Canny(blurred, 50, 150)
    # Closing joins edge gaps (a shadow, a thumb) without moving the edges outward.
    edges = cv2.morphologyEx(edges, cv2.MORPH_CLOSE, np.ones((5, 5), np.uint8))
    contours, _ = cv2.findContours(edges, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    frame_area = grey.shape[0] * grey.shape[1]
    for contour in sorted(contours, key=cv2.contourArea, reverse=True)[:5]:
        if cv2.contourArea(contour) < min_area_fraction * frame_area:
            break
        perimeter = cv2.arcLength(contour, True)
        approx = cv2.approxPolyDP(contour, 0.02 * perimeter, True)
        if len(approx) != 4 or not cv2.isContourConvex(approx):
            continue
        return order_corners(_refine(contour, approx))
    return None


def _upright_size(quad: Quad) -> tuple[int, int]:
    """Output (width, height) from the quad's side lengths, snapped to A4 when close."""
    tl, tr, br, bl = quad
    width = max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl))
    height = max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr))
    ratio = height / max(width, 1.0)
    for a4 in (A4_ASPECT, 1 / A4_ASPECT):
        if abs(ratio - a4) / a4 <= _A4_SNAP:
            height = width * a4
    return max(1, round(width)), max(1, round(height))


def correct_perspective(
    frame: np.ndarray, quad: Quad, out_size: tuple[int, int] | None = None
) -> np.ndarray:
    """Warp the page inside `quad` to an upright rectangle of `out_size` (width, height)."""
    quad = order_corners(quad)
    width, height = out_size or _upright_size(quad)
    target = np.float32([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]])
    matrix = cv2.getPerspectiveTransform(quad.astype(np.float32), target)
    return cv2.warpPerspective(frame, matrix, (width, height), flags=cv2.INTER_CUBIC)


def capture_document(frame: np.ndarray) -> CapturedDocument:
    """The straightened page if one is in view, else the whole frame with found=False."""
    quad = detect_document(frame)
    if quad is None:
        return CapturedDocument(image=frame.copy(), quad=None, found=False)
    return CapturedDocument(image=correct_perspective(frame, quad), quad=quad, found=True)
