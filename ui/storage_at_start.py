"""The one place that decides what the terminal does when its store cannot be opened at start.

A full or read-only disk, or a data directory that is not a usable folder: the resident
meets the out-of-service screen with the hotline (not a traceback and a black screen),
the technician one log line with the cause (`kiosk devices check` says what to do), and
the store is tried again every [storage] retry_open_s on the UI thread's event loop. Once
it opens, the terminal's own screens replace this one, without a restart.

A failed try costs milliseconds (the store fails before anything else is built), so it
runs on the UI thread; the try that succeeds builds the Kiosk as a normal start does.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtQml import QQmlApplicationEngine
from PySide6.QtQuick import QQuickWindow

from offline_cache.errors import StorageUnavailable
from ui.app import QML_DIR, WINDOW_SIZES, pixels_per_mm
from ui.fonts import use_named_font
from ui.viewmodels.storage_problem import StorageProblemViewModel

log = logging.getLogger(__name__)


class StorageProblemScreen(QObject):
    """The out-of-service window shown while the store cannot be opened."""

    def __init__(self, config, *, scale: float = 1.0, full_screen: bool = False,
                 orientation: str | None = None, parent=None):
        super().__init__(parent)
        self.orientation = orientation or config.screen.orientation
        width, height = (round(side * scale) for side in WINDOW_SIZES[self.orientation])
        use_named_font(QGuiApplication.instance())
        self.engine = QQmlApplicationEngine()
        self.vm = StorageProblemViewModel(
            config, orientation=self.orientation,
            px_per_mm=pixels_per_mm(config, self.orientation, width,
                                    window_fills_panel=full_screen),
            window_size=(width, height), parent=self.engine)
        self.engine.rootContext().setContextProperty("app", self.vm)
        self.engine.load(QUrl.fromLocalFile(str(QML_DIR / "StorageProblem.qml")))
        roots = self.engine.rootObjects()
        if not roots:
            raise RuntimeError("the out-of-service screen failed to load; see the QML errors")
        self.window: QQuickWindow = roots[0]
        if full_screen:
            self.window.showFullScreen()

    def close(self) -> None:
        self.window.close()
        self.engine.deleteLater()


class StorageAtStart(QObject):
    """Open the terminal (`open_kiosk`) and hand it to `serve`; while the store cannot be
    opened, show StorageProblemScreen and try again every [storage] retry_open_s."""

    def __init__(self, config, open_kiosk: Callable[[], object],
                 serve: Callable[[object], None], *, scale: float = 1.0,
                 full_screen: bool = False,
                 tell_platform: Callable[[str], object] | None = None, parent=None):
        super().__init__(parent)
        # Told on a thread of its own (a network call) each time the problem changes.
        self._tell_platform = tell_platform
        self._config = config
        self._open_kiosk = open_kiosk
        self._serve = serve
        self._scale = scale
        self._full_screen = full_screen
        self._problem: tuple[str, str] | None = None  # logged once, until it changes
        self.screen: StorageProblemScreen | None = None
        self._retry = QTimer(self, singleShot=True,
                             interval=round(config.storage.retry_open_s * 1000))
        self._retry.timeout.connect(self.try_open)

    def try_open(self) -> None:
        try:
            kiosk = self._open_kiosk()
        except StorageUnavailable as problem:
            self._out_of_service(problem)
            return
        if self.screen is not None:
            log.warning("the store opens again: back in service")
            self.screen.close()
            self.screen = None
        self._serve(kiosk)

    def _out_of_service(self, problem: StorageUnavailable) -> None:
        if (problem.reason, problem.message) != self._problem:
            self._problem = (problem.reason, problem.message)
            log.error("out of service: the store cannot be opened (%s: %s); trying again "
                      "every %g s; `kiosk devices check` says what to do", problem.reason,
                      problem.message, self._config.storage.retry_open_s)
            if self._tell_platform is not None:
                threading.Thread(target=self._tell_platform, name="storage-alarm",
                                 args=(f"{problem.reason}: {problem.message}",),
                                 daemon=True).start()
        if self.screen is None:
            self.screen = StorageProblemScreen(self._config, scale=self._scale,
                                               full_screen=self._full_screen)
        self._retry.start()

    def close(self) -> None:
        self._retry.stop()
        if self.screen is not None:
            self.screen.close()
            self.screen = None
