"""Cameras: frames from OpenCV or the emulator, QR reading, document capture, presence."""

from drivers.camera.document_capture import (
    CapturedDocument,
    capture_document,
    correct_perspective,
    detect_document,
)
from drivers.camera.face import face_present
from drivers.camera.opencv_camera import OpenCvCamera
from drivers.camera.protocol import Camera
from drivers.camera.qr import decode_qr

__all__ = [
    "Camera",
    "CapturedDocument",
    "OpenCvCamera",
    "capture_document",
    "correct_perspective",
    "decode_qr",
    "detect_document",
    "face_present",
]
