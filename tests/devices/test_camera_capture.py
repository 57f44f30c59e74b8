"""What the camera is for: QR codes on phones, documents on the desk, a face in view."""

from __future__ import annotations

import numpy as np
import pytest

from drivers.camera import capture_document, correct_perspective, decode_qr, detect_document
from drivers.camera.document_capture import A4_ASPECT, order_corners
from drivers.camera.emulator import (
    desk_frame,
    document_on_desk_frame,
    face_frame,
    page_corners,
    phone_qr_frame,
)
from drivers.camera.face import face_present, find_faces
from drivers.camera.qr import decode_with_opencv, decode_with_zxing

# -- QR codes ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "https://zwfw.example.gov.cn/q?id=KS20240101000123",
        "办件查询 KS20240101000123",
        "https://zwfw.example.gov.cn/pay?order=" + "7" * 120,
    ],
)
@pytest.mark.parametrize("tilt", [-15.0, 7.0, 25.0])
def test_qr_on_a_phone_decodes_to_its_text(text, tilt):
    assert decode_qr(phone_qr_frame(text, tilt_degrees=tilt)) == [text]


def test_opencv_fallback_reads_the_phone_too():
    frame = phone_qr_frame("KS20240101000123")
    assert decode_with_opencv(frame) == ["KS20240101000123"]
    assert decode_with_opencv(frame, thorough=True) == ["KS20240101000123"]


def test_fallback_reads_a_dim_phone_screen_that_zxing_misses():
    # A phone at its lowest brightness: the code keeps 6% of its contrast.
    frame = phone_qr_frame("KS20240101000123")
    dim = (frame.astype(np.float32) * 0.06 + 120).astype(np.uint8)

    assert decode_with_zxing(dim) == []
    assert decode_qr(dim) == ["KS20240101000123"]


def test_no_qr_on_an_empty_desk():
    assert decode_qr(desk_frame()) == []
    assert decode_qr(np.zeros((0, 0, 3), np.uint8)) == []


def test_grey_frames_work():
    grey = phone_qr_frame("KS1")[:, :, 1].copy()
    assert decode_qr(grey) == ["KS1"]


# -- documents --------------------------------------------------------------------------------

POSES = [
    {},
    {"angle_degrees": -12.0, "keystone": 0.08, "height_fraction": 0.7},
    {"angle_degrees": 30.0, "height_fraction": 0.6, "centre": (500.0, 360.0)},
    {"angle_degrees": 2.0, "height_fraction": 0.9, "keystone": 0.0, "centre": (900.0, 370.0)},
]


@pytest.mark.parametrize("pose", POSES)
def test_document_corners_are_found_within_two_pixels(pose):
    frame, truth = document_on_desk_frame(corners=page_corners(**pose))

    quad = detect_document(frame)

    assert quad is not None
    assert np.abs(quad - truth).max() < 2.0


@pytest.mark.parametrize("pose", POSES)
def test_corrected_document_is_upright_a4(pose):
    frame, _ = document_on_desk_frame(corners=page_corners(**pose))

    captured = capture_document(frame)

    assert captured.found
    height, width = captured.image.shape[:2]
    assert height / width == pytest.approx(A4_ASPECT, rel=0.02)
    # Upright: the page's heavy title band is at the top, not the bottom.
    grey = captured.image.mean(axis=2)
    band = height // 6
    assert grey[:band].mean() < grey[-band:].mean() - 20
    # The desk is gone: the borders are paper-white, not wood-brown.
    assert grey[:, :3].mean() > 200 and grey[:, -3:].mean() > 200


def test_empty_desk_has_no_document():
    frame = desk_frame()

    assert detect_document(frame) is None
    captured = capture_document(frame)
    assert captured.found is False
    assert captured.quad is None
    assert np.array_equal(captured.image, frame)


def test_small_card_is_not_taken_for_the_document():
    corners = page_corners(height_fraction=0.2, centre=(300.0, 300.0))
    frame, _ = document_on_desk_frame(corners=corners)
    assert detect_document(frame) is None


def test_explicit_output_size_and_corner_order():
    frame, truth = document_on_desk_frame()
    shuffled = truth[[2, 0, 3, 1]]
    assert np.array_equal(order_corners(shuffled), truth)

    image = correct_perspective(frame, shuffled, out_size=(210, 297))

    assert image.shape == (297, 210, 3)


# -- faces ------------------------------------------------------------------------------------


@pytest.mark.parametrize("face_width", [140, 240, 380])
@pytest.mark.parametrize("centre_x", [380, 640, 900])
def test_drawn_face_is_found(face_width, centre_x):
    frame = face_frame(face_width=face_width, centre=(centre_x, 360), seed=face_width)
    assert face_present(frame)
    (x, y, w, h), *_ = find_faces(frame)
    assert x < centre_x < x + w


@pytest.mark.parametrize(
    "frame",
    [
        desk_frame(),
        phone_qr_frame("KS20240101000123"),
        document_on_desk_frame()[0],
        np.full((720, 1280, 3), 128, np.uint8),
    ],
    ids=["desk", "phone", "document", "grey"],
)
def test_no_face_where_there_is_none(frame):
    assert face_present(frame) is False
