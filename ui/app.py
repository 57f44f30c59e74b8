"""Start the touchscreen: Qt set-up, the window, view-models, bridge and image providers.

`KioskScreens` is the whole screen layer for one `Kiosk`; the terminal, the demo, the
tour, burn-in and the UI tests all build it the same way.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import logging
import os
import shutil
import sys
import time
from pathlib import Path

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QMetaObject, QObject, Qt, QTimer, QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtQml import QQmlApplicationEngine
from PySide6.QtQuick import QQuickWindow, QSGRendererInterface

from kiosk.session import SessionState
from kiosk.update.running import prove
from ui.bridge import KioskBridge
from ui.fonts import use_named_font
from ui.i18n import Translations
from ui.images import CameraPreview, QrImages, SvgImages
from ui.keypad import Keypad
from ui.viewmodels.app import AppViewModel

log = logging.getLogger(__name__)

QML_DIR = Path(__file__).with_name("qml")
# Where Qt finds the on-screen keyboard's style (QtQuick/VirtualKeyboard/Styles/kiosk).
KEYBOARD_STYLE_IMPORT_PATH = QML_DIR / "keyboard"
WINDOW_SIZES = {"portrait": (1080, 1920), "landscape": (1920, 1080)}
# A common 21.5-inch kiosk panel (476 x 268 mm), when neither config nor Qt knows better.
DEFAULT_PANEL_MM = {"portrait": (268.0, 476.0), "landscape": (476.0, 268.0)}


# How long another thread (a catalogue sync, uploads) may hold the interpreter before
# the screens get it: Python's default of 5 ms, paid on each of the many calls a screen
# change makes into Python, adds up to a stutter. 0.5 ms still made a tap during a city's
# catalogue sync 1.8x slower at p95 (bench/transitions.py --during-sync); 0.1 ms, 1.5x.
SCREENS_WAIT_AT_MOST_S = 0.0001

# How often the terminal looks for a quiet moment to switch to a version installed beside.
SWITCH_CHECK_MS = 60_000
# The exit of a start refused after a failed update (its service manager starts it again,
# then in the previous version): EX_TEMPFAIL.
EXIT_RESTART = 75


def prepare_qt(*, offscreen: bool | None = None, screens_first: bool = True) -> bool:
    """Environment Qt reads at start: keyboard in the window in the project's style,
    software rendering, and offscreen when there is no display; and (`screens_first`)
    the interpreter handed to the screens promptly when they need it. Returns whether
    offscreen."""
    if screens_first:
        hand_screens_the_interpreter()
    os.environ.setdefault("QT_IM_MODULE", "qtvirtualkeyboard")
    os.environ.setdefault("QT_VIRTUALKEYBOARD_STYLE", "kiosk")
    os.environ.setdefault("QT_QUICK_BACKEND", "software")
    if offscreen is None:
        offscreen = not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if offscreen:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    QQuickWindow.setGraphicsApi(QSGRendererInterface.GraphicsApi.Software)
    return offscreen


def hand_screens_the_interpreter() -> None:
    """From now on another thread gives up the interpreter within SCREENS_WAIT_AT_MOST_S
    when the screens want it. The terminal does this at its first frame: before it, the
    switching would only slow the start, whose threads all work towards that frame."""
    sys.setswitchinterval(SCREENS_WAIT_AT_MOST_S)


def pixels_per_mm(config, orientation: str, window_width_px: int, *,
                  window_fills_panel: bool) -> float:
    """Sizes are millimetres on the real panel: from config, else Qt's physical size when
    the window fills the panel, else a common kiosk panel (a demo window is a picture of
    the terminal, not of the desktop it opens on)."""
    width_mm = config.screen.width_mm
    if not width_mm and window_fills_panel:
        screen = QGuiApplication.primaryScreen()
        physical = screen.physicalSize().width() if screen else 0
        if 150 < physical < 2000:  # virtual screens report nonsense sizes
            width_mm = physical
    return window_width_px / (width_mm or DEFAULT_PANEL_MM[orientation][0])


def demo_scale(orientation: str) -> float:
    """Shrink the demo window to fit the desktop it opens on."""
    screen = QGuiApplication.primaryScreen()
    if screen is None or os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        return 1.0
    available = screen.availableGeometry()
    width, height = WINDOW_SIZES[orientation]
    return min(1.0, 0.92 * available.height() / height, 0.7 * available.width() / width)


class KioskScreens(QObject):
    def __init__(self, kiosk, *, orientation: str | None = None, scale: float = 1.0,
                 full_screen: bool = False, parent=None):
        """`scale` < 1 shrinks the window (the demo on a desktop): the same screen, the
        same millimetres of the real panel, drawn smaller."""
        super().__init__(parent)
        self.kiosk = kiosk
        self.orientation = orientation or kiosk.config.screen.orientation
        width, height = (round(side * scale) for side in WINDOW_SIZES[self.orientation])
        use_named_font(QGuiApplication.instance())  # before any Text takes its font
        self.engine = QQmlApplicationEngine()
        self.engine.addImportPath(str(KEYBOARD_STYLE_IMPORT_PATH))
        self.engine.addImageProvider("camera", CameraPreview(kiosk))
        self.engine.addImageProvider("qr", QrImages())
        self.engine.addImageProvider("icons", SvgImages(QML_DIR / "icons"))
        self.engine.addImageProvider("pictures", SvgImages(QML_DIR / "pictures"))
        self.translations = Translations(QGuiApplication.instance(), self.engine)
        self.app_vm = AppViewModel(
            kiosk, self.translations, orientation=self.orientation,
            px_per_mm=pixels_per_mm(kiosk.config, self.orientation, width,
                                    window_fills_panel=full_screen),
            window_size=(width, height),
            parent=self.engine)  # the engine's screens go before the view-model they read
        self.engine.rootContext().setContextProperty("app", self.app_vm)
        # The pinyin keyboard keeps learned words under the user's config folder; point it
        # into the data dir, where the wipe resets them (QStandardPaths reads this on use).
        os.environ["XDG_CONFIG_HOME"] = self.app_vm.keyboardDataPath
        self.engine.load(QUrl.fromLocalFile(str(QML_DIR / "Main.qml")))
        roots = self.engine.rootObjects()
        if not roots:
            raise RuntimeError("the main screen failed to load; see the QML errors above")
        self.window: QQuickWindow = roots[0]
        # The window's filters see a key before any screen, the last installed first: the
        # bridge (a key is a resident at work; the first wakes a dimmed screen), then the
        # keypad (its keys never reach a screen).
        self.keypad = Keypad(self.window, self.app_vm, kiosk.config.keypad, self)
        self.window.installEventFilter(self.keypad)
        self.bridge = KioskBridge(kiosk, self.app_vm, self)
        self.window.installEventFilter(self.bridge)
        # A bound method of this QObject: queued to this thread when the scene graph
        # emits the signal on its render thread.
        self.window.frameSwapped.connect(self.make_keyboard)
        self.app_vm.wiped.connect(self._after_visit)

    def _after_visit(self) -> None:
        """Nobody is at the terminal: the words the keyboard learned from this resident
        go from the disk too (the keyboard's own reset leaves its file behind for a
        while); then the screens' garbage is collected now, not in the middle of the next
        resident's visit, and the components no screen uses are dropped."""
        shutil.rmtree(Path(self.app_vm.keyboardDataPath) / "qtvirtualkeyboard",
                      ignore_errors=True)
        self.engine.collectGarbage()
        self.engine.trimComponentCache()

    def make_keyboard(self) -> None:
        """After the first frame: the on-screen keyboard, on the next turn of the event
        loop (whoever waits for the first frame hears of it first)."""
        self.window.frameSwapped.disconnect(self.make_keyboard)
        QTimer.singleShot(0, self, self.keyboard_now)

    def keyboard_now(self) -> None:
        """The on-screen keyboard, made now if it is not there yet (tests and the tour,
        which look at it right after the first frame)."""
        QMetaObject.invokeMethod(self.window, "makeKeyboard")

    def start(self) -> None:
        self.bridge.start()

    def close(self) -> None:
        self.bridge.stop()
        self.app_vm.writing.close()
        self.window.close()
        self.engine.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


class InService:
    """The terminal serving residents: its screens over a Kiosk and, in the demo, the
    device simulator and the reference platform beside them."""

    def __init__(self, kiosk, *, demo: bool, scale: float, on_first_frame, updates=None):
        self.kiosk = kiosk
        self.updates = updates
        self.screens = KioskScreens(kiosk, scale=scale, full_screen=not demo)
        self.simulator = self.platform = None
        window = self.screens.window
        if demo:
            from kiosk.sync.demo_platform import DEMO_PAY_AFTER_S, DemoPlatform
            from ui.rehearsal.simulator import open_device_simulator

            self.platform = DemoPlatform(kiosk.store.data_dir / "demo-platform",
                                         pay_after_s=DEMO_PAY_AFTER_S)
            self.simulator = open_device_simulator(self.screens.engine, kiosk, window)
            self.simulator.setPosition(window.x() + window.width() + 16, window.y())
        else:
            window.showFullScreen()

        def first_frame() -> None:
            window.frameSwapped.disconnect(first_frame)
            serving = on_first_frame("home screen")
            if serving and updates is not None:
                prove(updates, kiosk, on_failed=lambda why: QMetaObject.invokeMethod(
                    QCoreApplication.instance(), "quit", Qt.ConnectionType.QueuedConnection))
            if serving:
                kiosk.prepare_search()  # a background thread
                kiosk.prepare_proof_font()  # once per data directory; a background thread too
                kiosk.prepare_handwriting()  # a background thread too
            if serving and self.platform is not None:
                # After the first frame: it takes a core for a while.
                self.platform.start_and_enroll(kiosk)

        window.frameSwapped.connect(first_frame)
        # Closing the terminal's window ends it (in the demo, the simulator's window too).
        window.closing.connect(QGuiApplication.quit)
        # A version installed beside this one is switched to at a quiet moment.
        self._quiet_since = time.monotonic()
        self.screens.app_vm.wiped.connect(self._visit_ended)
        self._switch_timer = QTimer(self.screens)
        self._switch_timer.setInterval(SWITCH_CHECK_MS)
        self._switch_timer.timeout.connect(self._switch_if_due)
        if updates is not None and updates.running is not None:
            self._switch_timer.start()
        self.screens.start()
        kiosk.start_sync()  # on its own thread; waits for an enrollment if there is none

    def _visit_ended(self) -> None:
        self._quiet_since = time.monotonic()

    def _switch_if_due(self) -> None:
        session = self.kiosk.session
        version = self.updates.switch_due(
            nobody_there=session.state is SessionState.IDLE and not session.id,
            idle_s=time.monotonic() - self._quiet_since, now=dt.datetime.now(),
            platform_reachable=self.kiosk.sync_status().online is True)
        if version is not None:
            log.info("nobody at the terminal: it restarts into version %s", version)
            QGuiApplication.quit()

    def close(self) -> None:
        self._switch_timer.stop()
        self.screens.window.closing.disconnect(QGuiApplication.quit)
        self.kiosk.session.shut_down()  # while the screens that hear of the wipe still stand
        self.screens.close()
        if self.simulator is not None:
            self.simulator.close()
            shiboken6.delete(self.simulator)
        self.kiosk.close()
        if self.platform is not None:
            self.platform.stop()


def run(config, data_dir: Path, *, demo: bool, exit_after_first_frame: bool,
        started: float) -> int:
    """`kiosk run` and `kiosk --demo`: full screen in service, windowed in the demo. While
    the store cannot be opened, the out-of-service screen (ui/storage_at_start.py)."""
    import tempfile

    from kiosk.app import Kiosk
    from kiosk.logs import log_to_file
    from kiosk.service_manager import ServiceManager
    from kiosk.sync.storage_alarm import tell_platform_storage_unusable
    from kiosk.update.running import UpdateKeeper
    from ui.lifecycle import StopOnSignal, WatchdogPings
    from ui.storage_at_start import StorageAtStart

    updates = UpdateKeeper.at_start(config)
    if not updates.start_allowed():
        print("kiosk: this version failed its health check after an update; the previous "
              "version runs from the next start", file=sys.stderr)
        return EXIT_RESTART
    offscreen = prepare_qt(screens_first=False)
    app = QGuiApplication(sys.argv)
    app.setApplicationName("one-terminal-kiosk")
    stop = StopOnSignal(app)
    if demo and offscreen:
        print("kiosk: no display here (DISPLAY and WAYLAND_DISPLAY are not set): the demo "
              "runs offscreen, with no window to see", file=sys.stderr, flush=True)
    service_manager = ServiceManager()
    watchdog = WatchdogPings(service_manager)
    scratch = tempfile.TemporaryDirectory(prefix="kiosk-demo-") if demo else None
    if scratch is not None and data_dir is None:
        data_dir = Path(scratch.name) / "data"  # its keys beside it, in the scratch too
    scale = demo_scale(config.screen.orientation) if demo else 1.0
    serving: list[InService] = []
    log_to_file(data_dir)

    def first_frame(what: str) -> bool:
        """Whether the terminal goes on (not with --exit-after-first-frame)."""
        elapsed = time.perf_counter() - started
        log.info("%s's first frame %.3f s after start", what, elapsed)
        hand_screens_the_interpreter()
        service_manager.ready()
        if not exit_after_first_frame:
            return True
        print(f"first frame after {elapsed:.3f} s" + ("" if serving else " (out of service)"),
              flush=True)
        app.exit(0 if serving else 1)
        return False

    def serve(kiosk) -> None:
        serving.append(InService(kiosk, demo=demo, scale=scale, on_first_frame=first_frame,
                                 updates=updates))
        # What start-up built (the catalogue, the screens) lives all day: the collector's
        # full passes, which stop every thread, need not walk it again and again.
        gc.freeze()

    storage = StorageAtStart(
        config, lambda: Kiosk(config, data_dir, test_traffic=demo, demo=demo), serve,
        scale=scale, full_screen=not demo,
        tell_platform=None if demo else functools.partial(
            tell_platform_storage_unusable, config, data_dir))
    storage.try_open()
    if storage.screen is not None:
        window = storage.screen.window

        def problem_frame() -> None:
            window.frameSwapped.disconnect(problem_frame)
            first_frame("out-of-service screen")

        window.frameSwapped.connect(problem_frame)
    try:
        code = app.exec()
        return stop.exit_code if stop.received else code
    finally:
        service_manager.stopping()
        watchdog.stop()
        storage.close()
        for terminal in serving:
            terminal.close()
        if scratch is not None:
            scratch.cleanup()
        service_manager.close()
        stop.close()
