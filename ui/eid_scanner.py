"""e-ID QR codes on a resident's phone, read while the identify screen of a service that
takes them is showing.

The camera's frames are searched on a thread of this scanner's own (a QR decode takes a
few milliseconds, the platform's answer up to a few seconds: neither may hold the screen),
and what the platform says crosses to the UI thread as a queued signal, where the session
takes it. Tokens tried are kept only in memory, and forgotten when the screen goes.
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, Signal

from drivers.base import DeviceError
from kiosk.app import EID_PREFIX
from kiosk.journeys import JourneyError

log = logging.getLogger(__name__)

SCAN_INTERVAL_S = 0.3


class EidScanner(QObject):
    vouched = Signal(object, object)  # (journey, Identity): the platform vouched
    refused = Signal(object, object)  # (journey, JourneyError): tell the resident why

    def __init__(self, kiosk, parent=None):
        super().__init__(parent)
        self._kiosk = kiosk
        self._journey = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def watching(self):
        return self._journey

    def watch(self, journey) -> None:
        """Look for a code for `journey` (None: stop looking)."""
        if journey is self._journey:
            return
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        self._journey = journey
        if journey is None:
            return
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._scan, args=(journey, self._stop),
                                        name="eid-scanner", daemon=True)
        self._thread.start()

    def _scan(self, journey, stop: threading.Event) -> None:
        tried: set[str] = set()
        from drivers.camera import decode_qr  # OpenCV, zxing: loaded when a scan starts

        frames = 0
        vouched = False
        while not vouched and not stop.wait(SCAN_INTERVAL_S):
            try:
                frame = self._kiosk.camera_frame()
            except DeviceError:
                continue  # the camera's trouble shows on the screen's device notice
            except Exception as exc:  # noqa: BLE001 - a scanner bug must not end the visit
                log.error("e-ID scan failed: %s", type(exc).__name__)
                continue
            frames += frame is not None
            for text in decode_qr(frame) if frame is not None else ():
                if not text.startswith(EID_PREFIX) or text in tried:
                    continue
                tried.add(text)
                try:
                    identity = self._kiosk.check_eid(text)
                except JourneyError as refusal:
                    self.refused.emit(journey, refusal)
                    continue
                if identity is not None and not stop.is_set():
                    self.vouched.emit(journey, identity)
                    vouched = True
                    break
        # What it saw, for whoever wonders why a code was not taken (never the codes).
        log.info("e-ID scanner stopped: %d frames searched, %d codes tried", frames, len(tried))
