"""Is someone in front of the camera? A presence check, not face recognition.

OpenCV's frontal-face Haar cascade ships inside the opencv-python(-headless) 4.x wheels
(5.x moved it to contrib), so no model file is vendored or downloaded. It answers "a
face is there" well enough to wake the screen or to check a photo was taken with a
person in it; it identifies nobody, and no frame is kept. The synthetic face of the camera emulator
(emulator.face_frame) is found at face widths of 120-400 px in a 1280x720 frame.
"""

from __future__ import annotations

import threading

import cv2
import numpy as np

CASCADE_FILE = "haarcascade_frontalface_default.xml"
# Faces are searched on a copy at most this wide: detection time grows with pixels and a
# face close enough to matter is large.
_WORK_WIDTH = 640
# A face narrower than this share of the frame width is someone passing far away.
_MIN_FACE_FRACTION = 0.08

_lock = threading.Lock()
_cascade: cv2.CascadeClassifier | None = None


def _classifier() -> cv2.CascadeClassifier:
    """The cascade, loaded once per process (loading parses a 900 kB XML file)."""
    global _cascade
    if _cascade is None:
        classifier = cv2.CascadeClassifier(cv2.data.haarcascades + CASCADE_FILE)
        if classifier.empty():
            raise RuntimeError(f"OpenCV's {CASCADE_FILE} is missing from this OpenCV build")
        _cascade = classifier
    return _cascade


def find_faces(frame: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Face boxes (x, y, width, height) in the frame's own pixel coordinates."""
    grey = frame if frame.ndim == 2 else cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    scale = min(1.0, _WORK_WIDTH / grey.shape[1])
    if scale < 1.0:
        grey = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    grey = cv2.equalizeHist(grey)
    smallest = max(24, int(grey.shape[1] * _MIN_FACE_FRACTION))
    with _lock:  # one classifier object, shared; detectMultiScale is not re-entrant
        boxes = _classifier().detectMultiScale(
            grey, scaleFactor=1.1, minNeighbors=5, minSize=(smallest, smallest)
        )
    return [tuple(int(v / scale) for v in box) for box in boxes]


def face_present(frame: np.ndarray) -> bool:
    """True if at least one face is in view."""
    return bool(find_faces(frame))
