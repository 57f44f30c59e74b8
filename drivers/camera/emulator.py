"""Synthetic camera frames and an in-process camera that shows them.

The generators draw what the kiosk's camera really looks at: a phone held up with a QR
code on its screen, an A4 page lying askew on a wooden desk, the empty desk, a face. The
frames go through the same detectors as real ones (zxing-cpp, OpenCV contours, the Haar
cascade), so the real capture code runs in every test. They are deterministic for a
given seed, and `EmulatedCamera` caches them: a read costs a copy, not a redraw.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

import cv2
import numpy as np
import qrcode

from drivers.base import DeviceHealth, DeviceState

Size = tuple[int, int]  # (width, height), as OpenCV sizes are given

# A4 portrait, width : height.
A4_ASPECT = 297 / 210

_DEFAULT_DOCUMENT_LINES = (
    "APPLICATION FOR SOCIAL INSURANCE",
    "Name ______________________",
    "ID number _________________",
    "Address ___________________",
    "Phone _____________________",
    "Signature _________________",
    "Date ______________________",
)


def _noise(frame: np.ndarray, rng: np.random.Generator, sigma: float) -> np.ndarray:
    """Sensor noise: what makes a synthetic frame stop being a perfect drawing."""
    noise = rng.standard_normal(frame.shape, dtype=np.float32)
    noise *= sigma
    noise += frame
    return np.clip(noise, 0, 255, out=noise).astype(np.uint8)


def desk_frame(size: Size = (1280, 720), seed: int = 0) -> np.ndarray:
    """An empty wooden desk under uneven light: grain, knots of colour, a vignette."""
    width, height = size
    rng = np.random.default_rng(seed)
    ys = np.arange(height, dtype=np.float32)[:, None]
    xs = np.arange(width, dtype=np.float32)[None, :]
    # Wood grain: wavy bands along x whose phase drifts slowly with y.
    drift = 6.0 * np.sin(xs / 170.0 + rng.uniform(0, 6.28))
    grain = (
        np.sin((ys + drift) / 3.1 + rng.uniform(0, 6.28)) * 0.5
        + np.sin((ys + 2 * drift) / 11.0 + rng.uniform(0, 6.28)) * 0.8
    )
    light = 1.0 - 0.25 * (((xs - width * 0.4) / width) ** 2 + ((ys - height * 0.3) / height) ** 2)
    base = np.array([62.0, 98.0, 140.0], dtype=np.float32)  # BGR, a mid-brown desk
    frame = (base[None, None, :] + 9.0 * grain[..., None]) * light[..., None]
    return _noise(np.clip(frame, 0, 255).astype(np.uint8), rng, 4.0)


def _paste_warped(
    frame: np.ndarray, picture: np.ndarray, corners: np.ndarray, feather: float = 0.8
) -> np.ndarray:
    """Warp `picture` onto `frame` so its corners land on `corners` (TL, TR, BR, BL)."""
    h, w = picture.shape[:2]
    source = np.float32([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]])
    matrix = cv2.getPerspectiveTransform(source, corners.astype(np.float32))
    size = (frame.shape[1], frame.shape[0])
    warped = cv2.warpPerspective(picture, matrix, size, flags=cv2.INTER_LINEAR)
    mask = cv2.warpPerspective(np.full((h, w), 255, np.uint8), matrix, size)
    alpha = cv2.GaussianBlur(mask, (0, 0), feather).astype(np.float32)[..., None] / 255.0
    out = frame.astype(np.float32) * (1 - alpha) + warped.astype(np.float32) * alpha
    return out.astype(np.uint8)


def _shadow(frame: np.ndarray, corners: np.ndarray, offset: tuple[int, int]) -> np.ndarray:
    """A soft shadow under an object lying on or held above the desk."""
    mask = np.zeros(frame.shape[:2], np.uint8)
    cv2.fillConvexPoly(mask, (corners + np.float32(offset)).astype(np.int32), 255)
    shade = cv2.GaussianBlur(mask, (0, 0), 12).astype(np.float32)[..., None] / 255.0
    return (frame.astype(np.float32) * (1 - 0.35 * shade)).astype(np.uint8)


# -- documents ------------------------------------------------------------------------


def a4_page(width: int = 840, text_lines: Sequence[str] = _DEFAULT_DOCUMENT_LINES) -> np.ndarray:
    """A flat A4 page: a black title band at the top, then printed lines of text."""
    height = round(width * A4_ASPECT)
    page = np.full((height, width, 3), 246, np.uint8)
    margin = width // 10
    # A heavy band at the top tells "upright" from "upside down" in tests and for people.
    cv2.rectangle(page, (margin, margin), (width - margin, margin + height // 14), (30, 30, 30), -1)
    scale = width / 900
    y = margin + height // 14 + int(70 * scale)
    for line in text_lines:
        if line.isascii():
            cv2.putText(
                page, line, (margin, y), cv2.FONT_HERSHEY_SIMPLEX, 1.0 * scale,
                (40, 40, 40), max(1, round(2 * scale)), cv2.LINE_AA,
            )  # fmt: skip
        else:
            # Hershey fonts have no Chinese; a grey bar of the right length stands in.
            length = min(width - 2 * margin, int(len(line) * 32 * scale))
            cv2.rectangle(
                page, (margin, y - int(22 * scale)), (margin + length, y), (90, 90, 90), -1
            )
        y += int(64 * scale)
    return page


def page_corners(
    size: Size = (1280, 720),
    height_fraction: float = 0.85,
    angle_degrees: float = 4.0,
    keystone: float = 0.04,
    centre: tuple[float, float] | None = None,
) -> np.ndarray:
    """Where an A4 page lying on the desk appears: TL, TR, BR, BL.

    The page is turned by `angle_degrees` and, as the camera looks down a little
    obliquely, its far (top) edge is `keystone` narrower than the near one.
    """
    width, height = size
    page_h = height * height_fraction
    half_w, half_h = page_h / A4_ASPECT / 2, page_h / 2
    rect = np.float32([[-half_w, -half_h], [half_w, -half_h], [half_w, half_h], [-half_w, half_h]])
    rect[:2, 0] *= 1 - keystone
    angle = np.deg2rad(angle_degrees)
    rotation = np.float32([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    cx, cy = centre if centre is not None else (width / 2, height / 2)
    return rect @ rotation.T + np.float32([cx, cy])


def document_on_desk_frame(
    size: Size = (1280, 720),
    text_lines: Sequence[str] = _DEFAULT_DOCUMENT_LINES,
    corners: np.ndarray | Sequence[Sequence[float]] | None = None,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """An A4 page warped onto a desk; returns the frame and the page's true corners."""
    true_corners = page_corners(size) if corners is None else np.float32(corners).reshape(4, 2)
    rng = np.random.default_rng(seed + 1)
    frame = _shadow(desk_frame(size, seed), true_corners, (6, 8))
    frame = _paste_warped(frame, a4_page(text_lines=text_lines), true_corners)
    return _noise(frame, rng, 2.5), true_corners


# -- phone showing a QR code ------------------------------------------------------------


def qr_matrix_image(text: str, module_px: int, border_modules: int = 2) -> np.ndarray:
    """A QR code drawn black on white, `module_px` pixels a module."""
    code = qrcode.QRCode(border=border_modules, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(text)
    code.make(fit=True)
    matrix = np.array(code.get_matrix(), dtype=bool)
    image = np.where(matrix, 0, 255).astype(np.uint8)
    image = cv2.resize(image, None, fx=module_px, fy=module_px, interpolation=cv2.INTER_NEAREST)
    return cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)


def _phone_picture(text: str, width: int = 360) -> np.ndarray:
    """A phone seen from the front: dark body, bright screen, the QR code in the middle."""
    height = int(width * 2.05)
    phone = np.zeros((height, width, 3), np.uint8)
    radius = width // 9
    body = (28, 28, 32)
    cv2.rectangle(phone, (radius, 0), (width - radius, height), body, -1)
    cv2.rectangle(phone, (0, radius), (width, height - radius), body, -1)
    for cx, cy in ((radius, radius), (width - radius, radius),
                   (radius, height - radius), (width - radius, height - radius)):  # fmt: skip
        cv2.circle(phone, (cx, cy), radius, body, -1, cv2.LINE_AA)
    bezel = width // 20
    top = height // 10
    screen = (250, 248, 245)
    cv2.rectangle(phone, (bezel, top), (width - bezel, height - top), screen, -1)
    # A payment-app style header bar above the code.
    cv2.rectangle(phone, (bezel, top), (width - bezel, top + height // 12), (96, 170, 40), -1)
    qr = qr_matrix_image(text, module_px=1, border_modules=2)
    target = int((width - 2 * bezel) * 0.8)
    qr = cv2.resize(qr, (target, target), interpolation=cv2.INTER_NEAREST)
    y0 = (height - target) // 2
    x0 = (width - target) // 2
    phone[y0 : y0 + target, x0 : x0 + target] = qr
    return phone


def phone_qr_frame(
    text: str, size: Size = (1280, 720), seed: int = 0, tilt_degrees: float = 7.0
) -> np.ndarray:
    """A phone held over the desk with `text` as a QR code on its screen.

    The phone is slightly rotated and seen a little off-axis (a perspective squeeze),
    with a soft shadow, a glare across the screen and sensor noise.
    """
    width, height = size
    rng = np.random.default_rng(seed)
    picture = _phone_picture(text)
    ph, pw = picture.shape[:2]
    scale = 0.85 * height / ph
    half_w, half_h = pw * scale / 2, ph * scale / 2
    rect = np.float32([[-half_w, -half_h], [half_w, -half_h], [half_w, half_h], [-half_w, half_h]])
    # Off-axis view: the far (top) edge looks a little narrower than the near one.
    rect[:2, 0] *= 0.94
    angle = np.deg2rad(tilt_degrees)
    rotation = np.float32([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    centre = np.float32([width * 0.55, height * 0.5])
    corners = rect @ rotation.T + centre + rng.uniform(-4, 4, (4, 2)).astype(np.float32)
    frame = _shadow(desk_frame(size, seed), corners, (14, 18))
    frame = _paste_warped(frame, picture, corners)
    # Glare: a soft bright diagonal band, as a ceiling light reflected on glass.
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    band = np.exp(-(((xs - ys * 0.6 - width * 0.35) / (width * 0.08)) ** 2))
    frame = np.clip(frame.astype(np.float32) + 28.0 * band[..., None], 0, 255).astype(np.uint8)
    frame = cv2.GaussianBlur(frame, (0, 0), 0.8)  # a touch of defocus
    return _noise(frame, rng, 3.0)


# -- a face -----------------------------------------------------------------------------


def face_frame(
    size: Size = (1280, 720), face_width: int = 240, centre: tuple[int, int] | None = None,
    seed: int = 0,
) -> np.ndarray:  # fmt: skip
    """A drawn head and shoulders in front of a plain wall.

    Drawn, not photographed: no face image is shipped. It has what the Haar cascade
    looks for (dark brows and eyes over bright cheeks, a bright nose bridge, a darker
    mouth), and the frontal-face cascade finds it at face widths of about 120-400 px.
    """
    width, height = size
    rng = np.random.default_rng(seed)
    cx, cy = centre if centre is not None else (width // 2, height // 2)
    fw = face_width
    fh = int(fw * 1.3)
    frame = np.full((height, width, 3), (150, 160, 165), np.uint8)
    skin = (150, 175, 215)
    cv2.ellipse(frame, (cx, cy + fh), (int(fw * 1.1), int(fh * 0.6)), 0, 0, 360, (90, 60, 40), -1)
    cv2.rectangle(frame, (cx - fw // 5, cy + fh // 3), (cx + fw // 5, cy + fh), (130, 155, 195), -1)
    cv2.ellipse(frame, (cx, cy - int(fh * 0.12)), (int(fw * 0.55), int(fh * 0.55)), 0, 0, 360,
                (30, 30, 40), -1)  # fmt: skip
    cv2.ellipse(frame, (cx, cy), (fw // 2, fh // 2), 0, 0, 360, skin, -1)
    eye_dx, eye_y = int(fw * 0.2), cy - int(fh * 0.1)
    for side in (-1, 1):
        ex = cx + side * eye_dx
        cv2.ellipse(frame, (ex, eye_y - int(fh * 0.07)), (int(fw * 0.12), int(fh * 0.025)), 0,
                    0, 360, (40, 45, 60), -1)  # fmt: skip
        cv2.ellipse(frame, (ex, eye_y), (int(fw * 0.09), int(fh * 0.04)), 0, 0, 360,
                    (235, 235, 240), -1)  # fmt: skip
        cv2.circle(frame, (ex, eye_y), int(fh * 0.035), (40, 30, 30), -1)
    cv2.line(frame, (cx, eye_y), (cx - int(fw * 0.04), cy + int(fh * 0.12)), (120, 140, 180), 3)
    cv2.ellipse(frame, (cx, cy + int(fh * 0.13)), (int(fw * 0.08), int(fh * 0.03)), 0, 0, 360,
                (110, 130, 170), -1)  # fmt: skip
    cv2.ellipse(frame, (cx, cy + int(fh * 0.27)), (int(fw * 0.15), int(fh * 0.04)), 0, 0, 360,
                (80, 80, 160), -1)  # fmt: skip
    frame = cv2.GaussianBlur(frame, (0, 0), fw / 100)
    return _noise(frame, rng, 3.0)


# -- the emulated camera ------------------------------------------------------------------


class EmulatedCamera:
    """A Camera whose scene is switched by tests and demos, and that can be unplugged.

    Frames come from the generators above and are cached per scene, so reading costs a
    copy. Unplugging makes reads return None and the state NO_DEVICE until `plug()`.
    """

    def __init__(self, size: Size = (1280, 720), name: str = "emulated camera"):
        self.size = size
        self.name = name
        self._lock = threading.Lock()
        self._cache: dict[tuple, tuple[np.ndarray, np.ndarray | None]] = {}
        self._scene: tuple = ("desk",)
        self._opened = False
        self._plugged = True
        self.frames_read = 0
        self.document_corners: np.ndarray | None = None  # truth for the document scene

    # -- scene switches -------------------------------------------------------------------

    def show_qr(self, text: str) -> None:
        self._set_scene(("qr", text))

    def show_document(
        self,
        text_lines: Sequence[str] = _DEFAULT_DOCUMENT_LINES,
        corners: np.ndarray | Sequence[Sequence[float]] | None = None,
    ) -> None:
        key_corners = None if corners is None else tuple(np.float32(corners).ravel().tolist())
        self._set_scene(("document", tuple(text_lines), key_corners))

    def show_empty_desk(self) -> None:
        self._set_scene(("desk",))

    def show_face(self) -> None:
        self._set_scene(("face",))

    def unplug(self) -> None:
        with self._lock:
            self._plugged = False

    def plug(self) -> None:
        with self._lock:
            self._plugged = True

    def _set_scene(self, scene: tuple) -> None:
        frame, corners = self._render(scene)
        with self._lock:
            self._cache.setdefault(scene, (frame, corners))
            self._scene = scene
            self.document_corners = corners

    def _render(self, scene: tuple) -> tuple[np.ndarray, np.ndarray | None]:
        """The scene's frame (read-only) and, for a document, its true corners."""
        cached = self._cache.get(scene)
        if cached is not None:
            return cached
        kind = scene[0]
        truth = None
        if kind == "qr":
            frame = phone_qr_frame(scene[1], self.size)
        elif kind == "document":
            corners = None if scene[2] is None else np.float32(scene[2]).reshape(4, 2)
            frame, truth = document_on_desk_frame(self.size, scene[1], corners)
        elif kind == "face":
            frame = face_frame(self.size)
        else:
            frame = desk_frame(self.size)
        frame.setflags(write=False)
        return frame, truth

    # -- Camera protocol ----------------------------------------------------------------

    def open(self) -> None:
        # Draw the scene it opens on, but never switch scenes: a phone held up while the
        # camera starts (on the e-ID scanner's thread) must stay in view, as it would on
        # a real camera. Open only once the frame is there to read.
        with self._lock:
            scene = self._scene
        frame, corners = self._render(scene)
        with self._lock:
            self._cache.setdefault(scene, (frame, corners))
            self._opened = True

    def read_frame(self) -> np.ndarray | None:
        with self._lock:
            if not self._opened:
                raise RuntimeError("open() the camera before reading frames")
            if not self._plugged:
                return None
            frame = self._cache[self._scene][0]
            self.frames_read += 1
        return frame.copy()  # callers may draw on it

    def state(self) -> DeviceState:
        with self._lock:
            if not self._opened:
                return DeviceState.UNKNOWN
            return DeviceState.READY if self._plugged else DeviceState.NO_DEVICE

    def health(self) -> DeviceHealth:
        state = self.state()
        detail = {
            DeviceState.READY: "ready",
            DeviceState.NO_DEVICE: "camera unplugged",
            DeviceState.UNKNOWN: "camera not opened",
        }[state]
        width, height = self.size
        return DeviceHealth(
            kind="camera",
            name=self.name,
            state=state,
            detail=detail,
            extra={"resolution": f"{width}x{height}", "frames_read": self.frames_read},
        )

    def close(self) -> None:
        with self._lock:
            self._opened = False
