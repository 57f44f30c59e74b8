"""Core to Qt: device polling off the UI thread, the session's clock, touches, dimming.

Card readers are polled on a thread of their own (a real card read takes about 0.1 s on
the wire); their events cross to the UI thread as a queued signal and reach the session
there, so all session state changes on one thread.
"""

from __future__ import annotations

import logging
import threading
import time

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal

from kiosk.journeys import JourneyError
from kiosk.session import SessionState
from ui.eid_scanner import EidScanner

log = logging.getLogger(__name__)

TOUCH_EVENTS = {QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin}
DEVICE_CHECK_S = 10  # how often the devices are asked how they are, for home's notice
DIM_AFTER_IDLE_S = 120  # home screen untouched this long: dim it (and save the panel)
RESTART_EXIT_CODE = 75  # EX_TEMPFAIL: the service manager starts the terminal again
IDLE_SCREENS = ("home", "out_of_service")  # what an idle terminal shows


class KioskBridge(QObject):
    cardEvents = Signal(list)

    def __init__(self, kiosk, app_vm, parent=None):
        super().__init__(parent)
        self._kiosk = kiosk
        self._app_vm = app_vm
        self._stop = threading.Event()
        self._interval_s = kiosk.config.devices["id_reader"].poll_interval_ms / 1000
        self._idle_ticks = 0
        self.cardEvents.connect(self._deliver)  # queued: emitted from the polling thread
        self._clock = QTimer(self)
        self._clock.setInterval(1000)
        self._clock.timeout.connect(self._tick)
        self._poller = threading.Thread(target=self._poll_loop, name="card-poller", daemon=True)
        self.exit_application = QCoreApplication.exit  # the terminal's way out (tests record it)
        self._eid = EidScanner(kiosk, self)
        self._eid.vouched.connect(self._eid_vouched)  # queued: emitted on the scanner's thread
        self._eid.refused.connect(self._eid_refused)

    def start(self) -> None:
        self._clock.start()
        self._poller.start()

    def stop(self) -> None:
        self._eid.watch(None)
        self._stop.set()
        self._clock.stop()
        if self._poller.is_alive():
            self._poller.join(timeout=2)

    # -- cards ----------------------------------------------------------------------

    def _poll_loop(self) -> None:
        failing = False
        checked_at = 0.0
        while not self._stop.wait(self._interval_s):
            if time.monotonic() - checked_at >= DEVICE_CHECK_S:
                checked_at = time.monotonic()
                self.check_devices()
            try:
                events = self._kiosk.devices.poll_cards()
                failing = False
            except Exception as exc:  # noqa: BLE001 - a driver bug must not stop polling
                if not failing:
                    log.error("card polling failed: %s", type(exc).__name__)
                failing = True
                continue
            if events:
                self.cardEvents.emit(events)

    def check_devices(self) -> None:
        """Ask every device how it is (off the UI thread: it may talk to the hardware),
        so home can say what is down before a resident starts (see deviceTrouble)."""
        try:
            self._kiosk.device_health()
        except Exception as exc:  # noqa: BLE001 - a driver bug must not stop polling
            log.error("device check failed: %s", type(exc).__name__)

    def _deliver(self, events: list) -> None:
        try:
            self._kiosk.deliver_card_events(events)
        except JourneyError as refused:
            self._app_vm.on_card_refused(refused)
        self._app_vm.journeyModel.changed.emit()
        self._app_vm.changed.emit()

    # -- e-ID codes on phones -------------------------------------------------------

    def _watch_for_eid(self) -> None:
        journey_vm = self._app_vm.journeyModel
        wanted = journey_vm.journey if journey_vm.acceptsEid else None
        self._eid.watch(wanted)

    def _eid_vouched(self, journey, identity) -> None:
        if journey is not self._kiosk.session.journey:
            return  # the resident moved on meanwhile
        self._kiosk.identify_with(identity)
        self._eid.watch(None)
        self._app_vm.journeyModel.changed.emit()
        self._app_vm.changed.emit()

    def _eid_refused(self, journey, refusal) -> None:
        if journey is self._kiosk.session.journey:
            self._app_vm.on_card_refused(refusal)

    # -- the clock ------------------------------------------------------------------

    def _tick(self) -> None:
        session = self._kiosk.session
        self._app_vm.journeyModel.payment.keep_visit_open()  # paying on the phone: not idle
        event = session.guard(session.tick)
        if event is not None:
            self._app_vm.on_session_event(event)
        # The sync engine's thread keeps its status; reading it is a lock and a copy.
        self._app_vm.on_link_status(self._kiosk.sync_status())
        if session.state is SessionState.IDLE and self._app_vm.screen in IDLE_SCREENS:
            # Nobody is here: a catalogue the platform sent is served from now on.
            try:
                self._kiosk.adopt_new_catalogue()
            except Exception as exc:  # noqa: BLE001 - the old one keeps serving
                log.error("adopting the new catalogue failed: %s", type(exc).__name__)
        self._app_vm.on_tick()
        self._watch_for_eid()
        if session.state is SessionState.IDLE and self._kiosk.restart_due():
            log.warning("restarting, as the platform asked (exit code %d)", RESTART_EXIT_CODE)
            self.exit_application(RESTART_EXIT_CODE)
        if session.state is SessionState.IDLE and self._app_vm.screen == "home":
            self._idle_ticks += 1
            if self._idle_ticks >= DIM_AFTER_IDLE_S:
                self._app_vm.set_dimmed(True)
        else:
            self._idle_ticks = 0

    # -- touches --------------------------------------------------------------------

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.KeyPress:  # the keypad: a resident at work, as a touch
            self._idle_ticks = 0
            if self._app_vm.dimmed:
                self._app_vm.wake()
                return True  # the first key only wakes the screen, as the first touch
            self._app_vm.at_work()
            return False
        if event.type() in TOUCH_EVENTS:
            self._idle_ticks = 0
            if not self._app_vm.dimmed:
                self._app_vm.touched()
        return False  # never eat a touch here; the dim overlay eats its own
