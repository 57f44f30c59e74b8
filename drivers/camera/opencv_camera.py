"""A camera read through OpenCV: a device index, a video file or a stream URL.

A USB camera that is unplugged makes `read()` fail; the camera then reports NO_DEVICE
and tries to reopen on later reads, waiting longer after each failure (0.5 s, 1 s, 2 s,
then every 5 s), so a kiosk whose camera came loose recovers by itself once it is
plugged back, without hammering the USB bus meanwhile. A video file stands in for a
camera in tests and demos and loops when it ends.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from drivers.base import DeviceHealth, DeviceState

if TYPE_CHECKING:
    import cv2
    import numpy as np

log = logging.getLogger(__name__)

RECONNECT_DELAYS = (0.5, 1.0, 2.0, 5.0)


def describe_source(source: int | str) -> str:
    """A name for logs and health: never a stream URL's user name or password."""
    if isinstance(source, int):
        return f"camera {source}"
    parts = urlsplit(source)
    if parts.scheme and parts.netloc:
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
        return f"{parts.scheme}://{host}{port}{parts.path}"
    return os.path.basename(source) or source


class OpenCvCamera:
    """A Camera over `cv2.VideoCapture`, with unplug detection and reconnection."""

    def __init__(
        self,
        source: int | str,
        *,
        size: tuple[int, int] | None = None,
        loop: bool | None = None,
        reconnect_delays: Sequence[float] = RECONNECT_DELAYS,
        clock: Callable[[], float] = time.monotonic,
    ):
        """`size` asks a live camera for (width, height); `loop` restarts a file at its
        end (default: True for files); `clock` is injectable so tests need not sleep."""
        self.source = source
        self.name = describe_source(source)
        self._size = size
        self._is_file = isinstance(source, str) and "://" not in source
        self._loop = self._is_file if loop is None else loop
        self._delays = tuple(reconnect_delays) or (0.0,)
        self._clock = clock
        self._lock = threading.Lock()
        self._capture: cv2.VideoCapture | None = None
        self._wanted_open = False
        self._state = DeviceState.UNKNOWN
        self._failures = 0
        self._next_attempt = 0.0
        self.frames_read = 0
        self.reconnects = 0
        self.last_frame_size: tuple[int, int] | None = None

    # -- opening ----------------------------------------------------------------------

    def open(self) -> None:
        with self._lock:
            self._wanted_open = True
            self._failures = 0
            if self._try_open():
                self._state = DeviceState.READY

    def _try_open(self) -> bool:
        import cv2  # OpenCV (a third of a second) loads when the camera is first opened

        self._release()
        capture = cv2.VideoCapture(self.source)
        if not capture.isOpened():
            capture.release()
            self._fail("cannot open")
            return False
        if self._size is not None and not self._is_file:
            capture.set(cv2.CAP_PROP_FRAME_WIDTH, self._size[0])
            capture.set(cv2.CAP_PROP_FRAME_HEIGHT, self._size[1])
        self._capture = capture
        return True

    def _release(self) -> None:
        if self._capture is not None:
            self._capture.release()
            self._capture = None

    def _fail(self, why: str) -> None:
        """Note a failure once in the log and schedule the next reconnection attempt."""
        self._release()
        if self._state != DeviceState.NO_DEVICE:
            log.warning("%s: %s; will retry", self.name, why)
        self._state = DeviceState.NO_DEVICE
        delay = self._delays[min(self._failures, len(self._delays) - 1)]
        self._failures += 1
        self._next_attempt = self._clock() + delay

    # -- reading ----------------------------------------------------------------------

    def read_frame(self) -> np.ndarray | None:
        with self._lock:
            if not self._wanted_open:
                raise RuntimeError("open() the camera before reading frames")
            if self._capture is None:
                if self._clock() < self._next_attempt or not self._try_open():
                    return None
                self.reconnects += 1
            frame = self._read()
            if frame is None:
                self._fail("no frame (unplugged?)")
                return None
            if self._state != DeviceState.READY:
                if self._state == DeviceState.NO_DEVICE:
                    log.info("%s: frames again", self.name)
                self._state = DeviceState.READY
            self._failures = 0
            self.frames_read += 1
            self.last_frame_size = (frame.shape[1], frame.shape[0])
            return frame

    def _read(self) -> np.ndarray | None:
        import cv2

        assert self._capture is not None
        ok, frame = self._capture.read()
        if not ok and self._loop:
            # The end of a looping file is not an unplug: rewind once and read again.
            self._capture.set(cv2.CAP_PROP_POS_FRAMES, 0)
            ok, frame = self._capture.read()
        if not ok or frame is None or frame.size == 0:
            return None
        if frame.ndim == 2:
            frame = cv2.cvtColor(frame, cv2.COLOR_GRAY2BGR)
        return frame

    # -- state ------------------------------------------------------------------------

    def state(self) -> DeviceState:
        with self._lock:
            return self._state

    def health(self) -> DeviceHealth:
        state = self.state()
        detail = {
            DeviceState.READY: "ready",
            DeviceState.NO_DEVICE: "no frames: camera unplugged or source missing",
            DeviceState.UNKNOWN: "camera not opened",
        }.get(state, state.value)
        extra: dict[str, object] = {"frames_read": self.frames_read, "reconnects": self.reconnects}
        if self.last_frame_size:
            extra["resolution"] = "{}x{}".format(*self.last_frame_size)
        return DeviceHealth(kind="camera", name=self.name, state=state, detail=detail, extra=extra)

    def close(self) -> None:
        with self._lock:
            self._wanted_open = False
            self._release()
            self._state = DeviceState.UNKNOWN
