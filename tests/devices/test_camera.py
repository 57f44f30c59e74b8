"""Camera drivers: the emulated camera and OpenCvCamera on real video files."""

from __future__ import annotations

import threading

import cv2
import numpy as np
import pytest

from drivers.base import DeviceState
from drivers.camera import Camera, OpenCvCamera, decode_qr, detect_document, face_present
from drivers.camera.emulator import EmulatedCamera, desk_frame, document_on_desk_frame
from drivers.camera.opencv_camera import describe_source

FRAME_SIZE = (640, 360)


def write_clip(path, frames: list[np.ndarray], fps: float = 10.0) -> None:
    """An MJPG .avi, the format the headless OpenCV wheel can both write and read."""
    height, width = frames[0].shape[:2]
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), fps, (width, height))
    assert writer.isOpened()
    for frame in frames:
        writer.write(frame)
    writer.release()


def numbered_frames(count: int) -> list[np.ndarray]:
    """Desk frames with a bright bar whose position encodes the frame number."""
    frames = []
    for i in range(count):
        frame = desk_frame(FRAME_SIZE, seed=0).copy()
        cv2.rectangle(frame, (20 + 40 * i, 20), (50 + 40 * i, 60), (255, 255, 255), -1)
        frames.append(frame)
    return frames


def bar_position(frame: np.ndarray) -> int:
    """Which numbered frame this is, from where its white bar is."""
    row = frame[40, :, :].min(axis=1)
    bright = np.flatnonzero(row > 200)
    return int(round((bright[0] - 20) / 40))


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


# -- EmulatedCamera -------------------------------------------------------------------------


def test_emulated_camera_shows_the_qr_it_is_told_to():
    camera = EmulatedCamera()
    camera.open()
    camera.show_qr("KS20240101000123")

    frame = camera.read_frame()

    assert frame.shape == (720, 1280, 3)
    assert decode_qr(frame) == ["KS20240101000123"]
    assert camera.state() == DeviceState.READY


def test_emulated_camera_switches_scenes():
    camera = EmulatedCamera()
    camera.open()
    camera.show_document()
    quad = detect_document(camera.read_frame())
    assert np.abs(quad - camera.document_corners).max() < 2.0

    camera.show_empty_desk()
    assert detect_document(camera.read_frame()) is None
    assert decode_qr(camera.read_frame()) == []
    assert camera.document_corners is None

    camera.show_face()
    assert face_present(camera.read_frame())

    camera.show_document()  # from the cache, with its truth
    assert np.abs(detect_document(camera.read_frame()) - camera.document_corners).max() < 2.0


def test_unplugged_emulated_camera_is_no_device_then_recovers():
    camera = EmulatedCamera()
    camera.open()
    camera.show_qr("hello")

    camera.unplug()
    assert camera.read_frame() is None
    assert camera.state() == DeviceState.NO_DEVICE
    assert camera.health().state == DeviceState.NO_DEVICE

    camera.plug()
    assert camera.state() == DeviceState.READY
    assert decode_qr(camera.read_frame()) == ["hello"]


def test_frames_handed_out_cannot_spoil_the_scene():
    camera = EmulatedCamera()
    camera.open()
    first = camera.read_frame()
    first[:] = 0
    assert camera.read_frame().any()



class CameraPausedWhileOpening(EmulatedCamera):
    """The emulated camera, held still while open() draws the scene it opens on, so a
    scene switch from another thread lands exactly then (the e-ID scanner opens the
    camera on its thread while the resident, or a test, holds up a phone)."""

    def __init__(self) -> None:
        super().__init__(size=FRAME_SIZE)
        self.opening = threading.Event()
        self.go_on = threading.Event()

    def _render(self, scene):
        if scene == ("desk",) and threading.current_thread().name == "opener":
            self.opening.set()
            assert self.go_on.wait(30)
        return super()._render(scene)


def test_a_phone_held_up_while_the_camera_opens_stays_in_view():
    camera = CameraPausedWhileOpening()
    opener = threading.Thread(target=camera.open, name="opener")
    opener.start()
    assert camera.opening.wait(30)
    camera.show_qr("hello")  # the phone comes up while the camera is starting
    camera.go_on.set()
    opener.join(30)

    assert decode_qr(camera.read_frame()) == ["hello"]

def test_reading_a_camera_that_was_never_opened_is_a_programming_error():
    with pytest.raises(RuntimeError):
        EmulatedCamera().read_frame()
    assert EmulatedCamera().state() == DeviceState.UNKNOWN


def test_both_cameras_satisfy_the_protocol(tmp_path):
    assert isinstance(EmulatedCamera(), Camera)
    assert isinstance(OpenCvCamera(str(tmp_path / "none.avi")), Camera)


# -- OpenCvCamera on video files ----------------------------------------------------------


def test_opencv_camera_reads_a_video_file_in_order(tmp_path):
    clip = tmp_path / "desk.avi"
    write_clip(clip, numbered_frames(6))
    camera = OpenCvCamera(str(clip))
    camera.open()

    frames = [camera.read_frame() for _ in range(6)]

    assert all(frame is not None and frame.shape == (360, 640, 3) for frame in frames)
    assert [bar_position(frame) for frame in frames] == [0, 1, 2, 3, 4, 5]
    assert camera.state() == DeviceState.READY
    health = camera.health().as_dict()
    assert health["state"] == "ready" and health["resolution"] == "640x360"
    assert health["name"] == "desk.avi"
    camera.close()


def test_video_file_loops_like_a_camera_that_never_ends(tmp_path):
    clip = tmp_path / "loop.avi"
    write_clip(clip, numbered_frames(3))
    camera = OpenCvCamera(str(clip))
    camera.open()

    positions = [bar_position(camera.read_frame()) for _ in range(7)]

    assert positions == [0, 1, 2, 0, 1, 2, 0]
    assert camera.state() == DeviceState.READY


def test_document_survives_the_trip_through_a_video_file(tmp_path):
    frame, corners = document_on_desk_frame((1280, 720))
    clip = tmp_path / "document.avi"
    write_clip(clip, [frame, frame])
    camera = OpenCvCamera(str(clip))
    camera.open()

    quad = detect_document(camera.read_frame())

    assert quad is not None
    assert np.abs(quad - corners).max() < 3.0


def test_missing_file_is_no_device(tmp_path):
    camera = OpenCvCamera(str(tmp_path / "missing.avi"))
    camera.open()

    assert camera.state() == DeviceState.NO_DEVICE
    assert camera.read_frame() is None
    assert camera.health().state == DeviceState.NO_DEVICE


def test_camera_that_appears_later_is_picked_up_after_the_backoff(tmp_path):
    clip = tmp_path / "late.avi"
    clock = FakeClock()
    camera = OpenCvCamera(str(clip), clock=clock, reconnect_delays=(1.0, 2.0))
    camera.open()
    assert camera.state() == DeviceState.NO_DEVICE

    write_clip(clip, numbered_frames(2))
    # Within the backoff the driver does not even try: the state stays NO_DEVICE.
    clock.now += 0.5
    assert camera.read_frame() is None
    assert camera.state() == DeviceState.NO_DEVICE

    clock.now += 0.6
    frame = camera.read_frame()

    assert frame is not None and bar_position(frame) == 0
    assert camera.state() == DeviceState.READY
    assert camera.reconnects == 1


def test_stream_that_stops_is_no_device_and_reconnects(tmp_path):
    """A non-looping source that stops delivering frames is what an unplug looks like."""
    clip = tmp_path / "stream.avi"
    write_clip(clip, numbered_frames(2))
    clock = FakeClock()
    camera = OpenCvCamera(str(clip), loop=False, clock=clock, reconnect_delays=(1.0, 4.0))
    camera.open()
    assert camera.read_frame() is not None
    assert camera.read_frame() is not None

    assert camera.read_frame() is None  # the stream ended: "unplugged"
    assert camera.state() == DeviceState.NO_DEVICE

    clip.unlink()  # still gone at the first retry: the next wait is longer
    clock.now += 1.0
    assert camera.read_frame() is None
    write_clip(clip, numbered_frames(2))
    clock.now += 3.0
    assert camera.read_frame() is None  # 3 s < 4 s: not retried yet
    clock.now += 1.0
    assert camera.read_frame() is not None
    assert camera.state() == DeviceState.READY


def test_stream_urls_are_described_without_credentials():
    assert describe_source("rtsp://admin:secret@10.0.0.5:554/stream1") == (
        "rtsp://10.0.0.5:554/stream1"
    )
    assert describe_source(0) == "camera 0"


def test_the_clips_a_technician_writes_play_as_a_camera_showing_each_scene(tmp_path):
    """`python -m drivers.camera.clips`: each clip, played by the real OpenCV camera,
    shows what its name says to the real detectors."""
    from drivers.camera.clips import main as write_clips

    assert write_clips(["--out", str(tmp_path), "--size", "1280x720", "--seconds", "0.2",
                        "--qr-text", "DEMO01-20261201-00007"]) == 0

    def first_frame(name):
        camera = OpenCvCamera(str(tmp_path / f"{name}.avi"))
        camera.open()
        frame = camera.read_frame()
        camera.close()
        assert frame is not None and frame.shape == (720, 1280, 3)
        return frame

    assert decode_qr(first_frame("phone_qr")) == ["DEMO01-20261201-00007"]
    assert detect_document(first_frame("document")) is not None
    assert face_present(first_frame("face"))
    desk = first_frame("desk")
    assert decode_qr(desk) == [] and detect_document(desk) is None and not face_present(desk)
