"""Pictures QML asks for by URL: the live camera preview and QR codes.

`image://camera/<n>`: the camera's latest frame with the detected document outlined, so
the resident sees when the whole page is in view. `image://qr/<text>`: a QR code to take
a photo of when the receipt cannot be printed.
"""

from __future__ import annotations

import logging
from urllib.parse import unquote

import cv2
import numpy as np
import qrcode
from PySide6.QtGui import QImage
from PySide6.QtQuick import QQuickImageProvider

from drivers.base import DeviceError
from drivers.camera.document_capture import detect_document

log = logging.getLogger(__name__)

OUTLINE_BGR = (0, 170, 0)  # green: the page the camera will keep


def bgr_to_qimage(frame: np.ndarray) -> QImage:
    rgb = cv2.cvtColor(frame, cv2.COLOR_BGR2RGB)
    height, width = rgb.shape[:2]
    return QImage(rgb.data, width, height, 3 * width, QImage.Format.Format_RGB888).copy()


class CameraPreview(QQuickImageProvider):
    def __init__(self, kiosk):
        super().__init__(QQuickImageProvider.ImageType.Image)
        self._kiosk = kiosk

    def requestImage(self, id_: str, size, requested) -> QImage:  # noqa: N802 - Qt's name
        try:
            frame = self._kiosk.camera_frame()
        except DeviceError:
            frame = None
        if frame is None:
            image = QImage(640, 360, QImage.Format.Format_RGB888)
            image.fill(0x303030)
            return image
        quad = detect_document(frame)
        if quad is not None:
            points = quad.astype(np.int32).reshape(-1, 1, 2)
            frame = frame.copy()
            cv2.polylines(frame, [points], True, OUTLINE_BGR, max(4, frame.shape[1] // 160))
        image = bgr_to_qimage(frame)
        if size is not None:
            size.setWidth(image.width())
            size.setHeight(image.height())
        return image


class QrImages(QQuickImageProvider):
    def __init__(self):
        super().__init__(QQuickImageProvider.ImageType.Image)

    def requestImage(self, id_: str, size, requested) -> QImage:  # noqa: N802 - Qt's name
        code = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
        code.add_data(unquote(id_))
        code.make(fit=True)
        matrix = np.array(code.get_matrix(), dtype=np.uint8)
        scale = 12
        pixels = np.where(matrix, 0, 255).astype(np.uint8)
        pixels = np.kron(pixels, np.ones((scale, scale), dtype=np.uint8))
        height, width = pixels.shape
        image = QImage(pixels.data, width, height, width, QImage.Format.Format_Grayscale8).copy()
        if size is not None:
            size.setWidth(width)
            size.setHeight(height)
        return image
