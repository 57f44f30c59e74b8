"""Read QR codes (a resident's phone, a printed slip) from camera frames.

zxing-cpp goes first; OpenCV's Aruco-based detector runs only when zxing finds nothing.
Measured on this project's synthetic 1280x720 phone frames (drivers/camera/emulator.py),
one OpenCV thread, median of 30 warm runs, three runs on the 2-core dev machine:

    frame with a code:    zxing-cpp 2.3-3.1 ms   QRCodeDetectorAruco 27-39 ms
                          QRCodeDetector 42-48 ms          (all three decoded it)
    frame without a code: zxing-cpp 2.9-3.1 ms   Aruco 8.5-9.5 ms   plain 24-26 ms

zxing-cpp is about ten times faster on a frame with a code, so a live preview can scan
every frame with it. devices.md reports that on hard real-world sets OpenCV and zxing-cpp
fail on different codes and decode far more together, hence the fallback; here too, a
phone screen dimmed to 6% contrast defeats zxing-cpp and the Aruco detector reads it
(tests/devices/test_camera_capture.py). The fallback runs on frames where zxing found
nothing, mostly frames with no code at all, where Aruco costs about 9 ms; the plain
QRCodeDetector (24 ms even then) is kept for `thorough=True`, for a single still picture
where time does not matter (it alone read a code blurred with sigma 3 px).
"""

from __future__ import annotations

import logging
import threading

import cv2
import numpy as np
import zxingcpp

log = logging.getLogger(__name__)

_QR_FORMATS = (zxingcpp.BarcodeFormat.QRCode, zxingcpp.BarcodeFormat.MicroQRCode)

# OpenCV detector objects keep state between calls, so each thread gets its own.
_local = threading.local()


def _opencv_detectors(thorough: bool) -> list:
    detectors = getattr(_local, "detectors", None)
    if detectors is None:
        detectors = [cv2.QRCodeDetectorAruco(), cv2.QRCodeDetector()]
        _local.detectors = detectors
    return detectors if thorough else detectors[:1]


def _unique(texts: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for text in texts:
        if text and text not in seen:
            seen.add(text)
            out.append(text)
    return out


def decode_with_zxing(frame: np.ndarray) -> list[str]:
    """Texts of the QR codes zxing-cpp finds in a BGR or grey frame."""
    return _unique([code.text for code in zxingcpp.read_barcodes(frame, formats=_QR_FORMATS)])


def decode_with_opencv(frame: np.ndarray, *, thorough: bool = False) -> list[str]:
    """Texts of the QR codes OpenCV's Aruco-based detector (then, if thorough, the plain
    one) finds."""
    for detector in _opencv_detectors(thorough):
        try:
            ok, texts, _points, _straight = detector.detectAndDecodeMulti(frame)
        except cv2.error as exc:  # odd frame sizes can trip OpenCV's asserts
            log.debug("OpenCV QR detector failed: %s", exc)
            continue
        found = _unique(list(texts)) if ok else []
        if found:
            return found
    return []


def decode_qr(frame: np.ndarray, *, thorough: bool = False) -> list[str]:
    """Texts of every QR code in `frame` (BGR or grey): zxing-cpp, then OpenCV if none.

    `thorough` also tries OpenCV's slower plain detector: for a still picture, not for
    every preview frame.
    """
    if frame is None or frame.size == 0:
        return []
    frame = np.ascontiguousarray(frame)
    return decode_with_zxing(frame) or decode_with_opencv(frame, thorough=thorough)
