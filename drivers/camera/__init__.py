"""Cameras: frames from OpenCV or the emulator, QR reading, document capture, presence.

The names below load on first use: OpenCV and zxing take a third of a second, which the
terminal's first frame does not wait for."""

from drivers.lazy import lazy_names

_WHERE = {
    "CapturedDocument": "document_capture", "capture_document": "document_capture",
    "correct_perspective": "document_capture", "detect_document": "document_capture",
    "face_present": "face", "OpenCvCamera": "opencv_camera", "Camera": "protocol",
    "decode_qr": "qr",
}

__all__ = sorted(_WHERE)

__getattr__ = lazy_names(__name__, _WHERE)
