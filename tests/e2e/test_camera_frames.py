"""Frames are asked for from two threads: the preview off the UI thread, the photo on it."""

from __future__ import annotations

import threading
import time


def test_a_photo_taken_while_the_preview_fetches_a_frame_is_not_refused_as_busy(kiosk):
    kiosk.emulators["camera"].show_document()
    errors: list[BaseException] = []
    stop = threading.Event()

    def preview():  # what the preview's image provider does, every 150 ms in service
        while not stop.is_set():
            try:
                kiosk.camera_frame()
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

    fetcher = threading.Thread(target=preview)
    fetcher.start()
    try:
        deadline = time.monotonic() + 1.5
        photos = 0
        while time.monotonic() < deadline:
            try:
                assert kiosk.camera_frame() is not None
                photos += 1
            except BaseException as exc:  # noqa: BLE001
                errors.append(exc)
    finally:
        stop.set()
        fetcher.join()
    assert errors == []
    assert photos > 0
