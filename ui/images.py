"""Pictures QML asks for by URL: the live camera preview, QR codes, icons, illustrations.

`image://camera/<n>`: the camera's latest frame with the detected document outlined, so
the resident sees when the whole page is in view. `image://qr/<text>`: a QR code to take
a photo of when the receipt cannot be printed. `image://icons/<name>/<ink>` and
`image://pictures/<name>/<ink>/<accent>/<paper>`: an SVG from `qml/icons` (a vendored
icon set) or `qml/pictures` (this project's illustrations), drawn in the theme's colours
(hex without '#') at the size the screen asks for.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING
from urllib.parse import unquote

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtQuick import QQuickImageProvider
from PySide6.QtSvg import QSvgRenderer

from drivers.base import DeviceError

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

OUTLINE_BGR = (0, 170, 0)  # green: the page the camera will keep


def bgr_to_qimage(frame: np.ndarray) -> QImage:
    import cv2

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
        import cv2  # OpenCV: loaded on the first picture, not at start
        import numpy as np

        from drivers.camera.document_capture import detect_document

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
        import numpy as np
        import qrcode

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


# The colours an SVG names, and the theme colour each becomes (by its place in the URL):
# icons draw with currentColor only; the illustrations add a marked accent (the card, the
# paper, the arrow: what the resident handles) and a marked paper colour for light faces.
SVG_COLOURS = ("currentColor", "#ff00ff", "#00ffff")
DEFAULT_SIZE = 96  # px, when the screen does not say (QML always does: sourceSize)


class SvgImages(QQuickImageProvider):
    """SVGs from one folder, recoloured and rendered at the requested size.

    An unknown name or colour gives a null image: Qt then warns, which fails a test, so
    a missing icon is found before a resident sees an empty tile.
    """

    def __init__(self, folder):
        super().__init__(QQuickImageProvider.ImageType.Image)
        self._folder = folder
        self._sources: dict[str, str] = {}

    def _source(self, name: str) -> str | None:
        if name not in self._sources:
            path = self._folder / f"{name}.svg"
            if not name.replace("-", "").isalnum() or not path.is_file():
                return None
            self._sources[name] = path.read_text(encoding="utf-8")
        return self._sources[name]

    def requestImage(self, id_: str, size, requested) -> QImage:  # noqa: N802 - Qt's name
        name, *colours = id_.split("/")
        svg = self._source(name)
        if svg is None or len(colours) > len(SVG_COLOURS):
            log.error("no picture %r", id_)
            return QImage()
        for marked, hex_ in zip(SVG_COLOURS, colours, strict=False):
            colour = QColor("#" + hex_)
            if not colour.isValid():
                log.error("picture %r: no colour %r", name, hex_)
                return QImage()
            svg = svg.replace(marked, colour.name(QColor.NameFormat.HexArgb)
                              if colour.alpha() < 255 else colour.name())
        renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
        image = QImage(_fit(renderer.viewBoxF().size().toSize(), requested),
                       QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter, QRectF(0, 0, image.width(), image.height()))
        painter.end()
        if size is not None:
            size.setWidth(image.width())
            size.setHeight(image.height())
        return image


def _fit(natural: QSize, requested: QSize) -> QSize:
    """The requested size, keeping the drawing's proportions when one side is not given
    (or both are, for a box it must fit inside)."""
    width, height = requested.width(), requested.height()
    if natural.isEmpty():
        return QSize(width if width > 0 else DEFAULT_SIZE, height if height > 0 else DEFAULT_SIZE)
    if width <= 0 and height <= 0:
        return natural.scaled(DEFAULT_SIZE, DEFAULT_SIZE, Qt.AspectRatioMode.KeepAspectRatio)
    if width <= 0:
        return QSize(max(1, round(natural.width() * height / natural.height())), height)
    if height <= 0:
        return QSize(width, max(1, round(natural.height() * width / natural.width())))
    return natural.scaled(width, height, Qt.AspectRatioMode.KeepAspectRatio)
