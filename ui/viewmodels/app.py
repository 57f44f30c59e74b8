"""The whole terminal as QML sees it: which screen, the session's state, and navigation.

Each view-model has one `changed` signal that all its properties notify: re-evaluating
the bindings of one screen on one signal is cheap at this scale and keeps the classes
free of per-property plumbing. (A subclass must not redeclare a base class's notifier:
QML then sees the property as non-bindable, so there is no shared base class.)

Python decides which screen shows; QML only maps a screen name to a file. Every tap
reaches a slot here or in a child view-model, and every core call goes through the
session's guard.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Property, QCoreApplication, QObject, QTimer, Signal, Slot
from PySide6.QtGui import QClipboard, QGuiApplication

from kiosk.app import PRINTER_PROBLEMS
from kiosk.catalogue.wording import ItemWording
from kiosk.i18n import QT_TRANSLATE_NOOP
from kiosk.journeys import JourneyError, StepKind
from kiosk.session import SessionState
from kiosk.voice import Speech
from ui.i18n import tr_message
from ui.viewmodels.catalogue import (
    SearchViewModel,
    ServiceListViewModel,
    domain_titles,
    section_titles,
)
from ui.viewmodels.handwriting import HandwritingViewModel
from ui.viewmodels.icons import DOMAIN_ICONS, TILE_ICONS
from ui.viewmodels.journey import OUT_OF_ORDER, JourneyViewModel
from ui.viewmodels.speech import screen_speech
from ui.viewmodels.technician import TechnicianViewModel
from ui.viewmodels.voice import VoiceViewModel

log = logging.getLogger(__name__)
translate = QCoreApplication.translate

PRINTER_BROKEN = QT_TRANSLATE_NOOP("home", "故障")

# Screens outside a journey; inside one, the journey's step decides.
BROWSING = ("home", "services", "search")
# The technician's: a PIN, then the maintenance view. Leaving them ends the visit.
MAINTENANCE = ("technician_pin", "technician")
# Where the footer's hidden gesture works, and how long it must be held (a resident
# resting a finger on small print that long is rare, and a PIN follows).
FOOTER_SCREENS = ("home", "out_of_service")
FOOTER_HOLD_S = 5.0
# The most used items on home, before any domain, by (elder mode, landscape): whole rows
# of the home grid (3 or 5 columns; 2 in elder mode), fewer and larger in elder mode.
MOST_USED_ON_HOME = {(False, False): 9, (False, True): 10, (True, False): 4, (True, True): 2}
# The notice after a time-out is for the resident who walked away: up long enough to be
# read by someone still near, then gone, so the next resident meets the home screen.
WIPE_NOTICE_S = 12.0
# Parts of a screen's speech not said again when they change: the countdown's seconds
# tick, a typed answer is echoed key by key instead, and the guide's and the check's
# first pages only settle once the screen has laid them out.
NOT_SAID_AGAIN = {"warning", "value", "first-page", "first-rows", "time-left"}


def where_to_go(terminal) -> str:
    """Out of service: where the resident can be served instead (`terminal`: the
    configuration's [terminal])."""
    if terminal.staffed_counter:
        return translate("home", "需要办理的业务，请到{where}办理。").format(
            where=terminal.staffed_counter)
    return translate("home", "需要办理的业务，请到附近的政务服务大厅或便民服务中心办理。")


class AppViewModel(QObject):
    changed = Signal()
    wiped = Signal()  # the keyboard forgets what it learned; QML clears its fields
    # The platform link, polled every second: told only when it changes, so the screens'
    # bindings are not all re-evaluated once a second.
    linkChanged = Signal()
    speechChanged = Signal()

    def __init__(self, kiosk, translations, *, orientation: str, px_per_mm: float,
                 window_size: tuple[int, int], parent=None):
        super().__init__(parent)
        self.kiosk = kiosk
        self._translations = translations
        self._orientation = orientation
        self._px_per_mm = px_per_mm
        self._window_size = window_size
        self._screen = "home"
        self._came_from = "home"  # where "back" from a journey's first step goes
        self._notice = ""
        self._notice_until: float | None = None  # session clock; None: until dismissed
        self._confirm_home = False
        self._hotline_shown = False
        self._staffed_path_shown = False  # a question's way to the counter, by keypad too
        self._warning_seconds = 0
        self._dimmed = False
        self._offline = False
        self._out_of_service = False
        self._device_trouble = ""
        # Home's most used items, by (elder mode, language): read from the store once a
        # visit, not at every re-evaluation of home's bindings (counts change at wipes).
        self._most_used_shown: dict[tuple[bool, str], list] = {}
        self._held_since: float | None = None  # the footer, pressed at (session clock)
        language = self._language  # lists and search read the session's, row by row
        self.services = ServiceListViewModel(kiosk.catalogue, self, language=language)
        self.searching = SearchViewModel(kiosk.catalogue, self, language=language)
        self.journeyModel = JourneyViewModel(kiosk, self)
        self.journeyModel.changed.connect(self._follow_journey)
        self.technician = TechnicianViewModel(kiosk, self)
        self.voice = VoiceViewModel(kiosk.voice, self)
        self.writing = HandwritingViewModel(kiosk.handwriting, self)
        # What voice mode says: worked out once per turn of the event loop, after all
        # the view-models have changed, from what the screen then shows.
        self._speech: list[tuple[str, Speech]] = []
        self._said_on = ("", "")  # (screen, language) of the speech last worked out
        self._speech_timer = QTimer(self, singleShot=True, interval=0)
        self._speech_timer.timeout.connect(self._speak_changes)
        for model in (self, self.journeyModel, self.services, self.searching,
                      self.technician, self.voice):
            model.changed.connect(self._speech_timer.start)
        self.journeyModel.guidePageChanged.connect(self._speech_timer.start)
        self.journeyModel.checkPageChanged.connect(self._speech_timer.start)
        self.voice.sayScreen.connect(lambda: self._speak_changes(whole=True))
        self.voice.unplugged.connect(lambda: self._speak_changes(silent=True))
        self._speech_timer.start()
        kiosk.session.on_wipe(self._after_wipe)
        kiosk.on_catalogue_changed(self._catalogue_changed)

    # -- properties -----------------------------------------------------------------

    def _screen_name(self) -> str:
        return self._screen

    def _elder(self) -> bool:
        return self.kiosk.session.elder_mode

    def _language(self) -> str:
        return self.kiosk.session.language

    def _orientation_name(self) -> str:
        return self._orientation

    def _mm(self) -> float:
        return self._px_per_mm

    def _notice_text(self) -> str:
        return self._notice

    def _asking_home(self) -> bool:
        return self._confirm_home

    def _warning(self) -> bool:
        return self._warning_seconds > 0

    def _seconds_left(self) -> int:
        return self._warning_seconds

    def _can_extend(self) -> bool:
        return self.kiosk.session.can_extend

    def _is_dimmed(self) -> bool:
        return self._dimmed

    def _home_tiles(self) -> list:
        titles = section_titles()
        tiles = [{"key": key, "title": titles[key]} for key in ("apply", "lookup", "guide")] + [
            {"key": "progress", "title": translate("home", "办件进度")},
            {"key": "rate", "title": translate("home", "评价服务")},
            {"key": "complain", "title": translate("home", "投诉建议")},
        ]
        return [tile | {"icon": TILE_ICONS[tile["key"]]} for tile in tiles]

    def _most_used(self) -> list:
        key = (self._elder(), self.kiosk.session.language)
        if key not in self._most_used_shown:
            limit = MOST_USED_ON_HOME[key[0], self._orientation == "landscape"]
            self._most_used_shown[key] = [
                {"code": item.code, "title": ItemWording(item, key[1]).name,
                 "icon": DOMAIN_ICONS[item.domain]}
                for item in self.kiosk.most_used(limit)]
        return self._most_used_shown[key]

    def _domain_tiles(self) -> list:
        return [{"key": d.value, "title": title, "icon": DOMAIN_ICONS[d]}
                for d, title in domain_titles().items()]

    def _submissions_open(self) -> bool:
        return self.kiosk.submissions_open()

    def _terminal(self) -> str:
        return self.kiosk.config.terminal.location

    def _terminal_id(self) -> str:
        return self.kiosk.context.terminal.id  # the platform's id once enrolled

    def _hotline(self) -> str:
        return self.kiosk.config.terminal.hotline

    def _showing_hotline(self) -> bool:
        return self._hotline_shown

    def _showing_staffed_path(self) -> bool:
        return self._staffed_path_shown

    def _where_to_go(self) -> str:
        return where_to_go(self.kiosk.config.terminal)

    def _is_offline(self) -> bool:
        return self._offline

    def _trouble(self) -> str:
        return self._device_trouble

    def _is_out_of_service(self) -> bool:
        return self._out_of_service

    def _keyboard_data(self) -> str:
        """The keyboard's own learned words live beside the store, and are reset at wipes."""
        return str(self.kiosk.store.data_dir / "keyboard")

    screen = Property(str, _screen_name, notify=changed)
    elderMode = Property(bool, _elder, notify=changed)
    language = Property(str, _language, notify=changed)
    orientation = Property(str, _orientation_name, notify=changed)
    pxPerMm = Property(float, _mm, notify=changed)
    notice = Property(str, _notice_text, notify=changed)
    confirmingHome = Property(bool, _asking_home, notify=changed)
    sessionWarning = Property(bool, _warning, notify=changed)
    secondsLeft = Property(int, _seconds_left, notify=changed)
    canExtend = Property(bool, _can_extend, notify=changed)
    dimmed = Property(bool, _is_dimmed, notify=changed)
    homeTiles = Property(list, _home_tiles, notify=changed)
    domainTiles = Property(list, _domain_tiles, notify=changed)
    mostUsed = Property(list, _most_used, notify=changed)
    submissionsOpen = Property(bool, _submissions_open, notify=changed)
    terminalLocation = Property(str, _terminal, notify=changed)
    terminalId = Property(str, _terminal_id, notify=changed)
    hotline = Property(str, _hotline, notify=changed)
    hotlineShown = Property(bool, _showing_hotline, notify=changed)
    staffedPathShown = Property(bool, _showing_staffed_path, notify=changed)
    whereToGo = Property(str, _where_to_go, notify=changed)
    offline = Property(bool, _is_offline, notify=linkChanged)
    # A device the resident will need is down: said on home and on a service's first
    # screen, before anyone fills a form, not after they submit.
    deviceTrouble = Property(str, _trouble, notify=linkChanged)
    outOfService = Property(bool, _is_out_of_service, notify=linkChanged)
    keyboardDataPath = Property(str, _keyboard_data, constant=True)

    def _speech_text(self) -> str:
        return " ".join(speech.text for _, speech in self._speech)

    # What voice mode says on this screen now (for anyone's ears): the tour records it.
    speech = Property(str, _speech_text, notify=speechChanged)

    def _voice_vm(self):
        return self.voice

    voiceGuide = Property("QVariant", _voice_vm, constant=True)

    def _handwriting_vm(self):
        return self.writing

    handwriting = Property("QVariant", _handwriting_vm, constant=True)

    def _window_width(self) -> int:
        return self._window_size[0]

    def _window_height(self) -> int:
        return self._window_size[1]

    windowWidth = Property(int, _window_width, constant=True)
    windowHeight = Property(int, _window_height, constant=True)

    def _services_vm(self):
        return self.services

    def _search_vm(self):
        return self.searching

    def _journey_vm(self):
        return self.journeyModel

    def _technician_vm(self):
        return self.technician

    serviceList = Property("QVariant", _services_vm, notify=changed)
    search = Property("QVariant", _search_vm, notify=changed)
    journey = Property("QVariant", _journey_vm, notify=changed)
    technicianView = Property("QVariant", _technician_vm, constant=True)

    # -- navigation -----------------------------------------------------------------

    def _show(self, screen: str) -> None:
        if screen == "home" and self._paused():
            screen = "out_of_service"
        if screen == "out_of_service":
            self._dimmed = False  # "touch the screen to start" would be wrong there
        if screen != self._screen:
            if self._screen == "out_of_service":  # voice turned on there, by nobody served
                self.kiosk.voice.end_visit()
                self.voice.wipe()
            self._screen = screen
            self._staffed_path_shown = False
            self._held_since = None  # a footer replaced under a finger sends no release
        self.changed.emit()

    def _follow_journey(self) -> None:
        if self.journeyModel.journey is not None:
            self._show(self.journeyModel.screen)
        elif self._screen not in BROWSING:
            self._show("home")

    @Slot(str)
    def openTile(self, key: str) -> None:
        self.kiosk.session.touch()
        if key in ("progress", "rate", "complain"):
            self._start(lambda: self.kiosk.start(key))
            return
        self.services.show_section(key)
        self._show("services")

    @Slot()
    def openSearch(self) -> None:
        self.kiosk.session.touch()
        self.searching.clear()
        self._show("search")

    @Slot(str)
    def openService(self, code: str) -> None:
        """From a list or search: the guide section shows guides, else the service."""
        item = self.kiosk.catalogue.item(code)
        if item is None:
            return
        self._came_from = self._screen
        open_, why = self.kiosk.is_open(item)
        if not open_ and self.services.section != "guide":
            self._set_notice(tr_message(why))
            self.changed.emit()
            return
        if self._screen == "services" and self.services.section == "guide":
            self._start(lambda: self.kiosk.start("guide", code))
        else:
            self._start(lambda: self.kiosk.start_service(item))

    @Slot()
    def startServiceFromGuide(self) -> None:
        """"开始办理" at the end of a guide read from "办事指南": the service itself."""
        journey = self.journeyModel.journey
        item = journey.item if journey is not None else None
        if item is None:
            return
        open_, why = self.kiosk.is_open(item)
        if not open_:
            self._set_notice(tr_message(why))
            self.changed.emit()
            return
        def start():
            journey = self.kiosk.start_service(item)
            if journey.step.kind is StepKind.GUIDE:
                journey.next()  # the guide was just read
            return journey

        self._start(start)

    @Slot(int)
    def startCorrection(self, index: int) -> None:  # noqa: N802 - called from QML
        """"去补正" on a case of the progress look-up: the correction journey, for the
        resident this visit has proven already."""
        journey = self.journeyModel.journey
        result = getattr(journey, "result", None)
        cases = result.cases if result else ()
        if not 0 <= index < len(cases) or cases[index].correction is None:
            return
        asked = cases[index].correction
        try:
            self._start(lambda: self.kiosk.start_correction(asked))
        except JourneyError as exc:  # the item is gone from the catalogue: say so there
            self.journeyModel.show_error(tr_message(exc.message))

    def _start(self, start) -> None:
        journey = self.kiosk.session.guard(start)
        self.journeyModel.bind(journey)
        if journey is None:
            self._show_session_message()

    @Slot()
    def back(self) -> None:
        if self._close_card():
            return
        if self._screen in MAINTENANCE:
            self._leave_maintenance()
            return
        self.kiosk.session.touch()
        if self.journeyModel.payment.holdsOrder:  # no way back past a fee's order: home
            self.goHome()
            return
        if self.journeyModel.journey is not None:
            if not self.journeyModel.go_back():
                if self.journeyModel.journey is not None:
                    self.kiosk.session.abandon_journey()
                    self.journeyModel.bind(None)
                self._show(self._came_from if self._came_from in BROWSING else "home")
            return
        self._show("home")

    def _close_card(self) -> bool:
        """Back (the keypad's key) with a card over the screen closes the card, as its
        own close button would; False when none is up."""
        if self._confirm_home:
            self.cancelHome()
        elif self._hotline_shown:
            self.hideHotline()
        elif self._staffed_path_shown:
            self.hideStaffedPath()
        else:
            return False
        return True

    @Slot()
    def goHome(self) -> None:
        """Home asks first when it would throw away answers."""
        journey = self.journeyModel.journey
        in_progress = journey is not None and (journey.identity is not None or journey.answers)
        filed = journey is not None and (getattr(journey, "confirmation", None) is not None
                                         or getattr(journey, "receipt", None) is not None)
        if in_progress and not filed:
            self._confirm_home = True
            self.changed.emit()
            return
        self._leave_to_home()

    @Slot()
    def confirmHome(self) -> None:
        self._confirm_home = False
        self._leave_to_home()

    @Slot()
    def cancelHome(self) -> None:
        self._confirm_home = False
        self.changed.emit()

    def _leave_to_home(self) -> None:
        if self.journeyModel.journey is not None:
            journey = self.journeyModel.journey
            if journey.step.kind.value in ("confirmation", "paid", "rating", "end"):
                self.finish()
                return
            self.kiosk.session.abandon_journey()
            self.journeyModel.bind(None)
        self._show("home")

    @Slot()
    def finish(self) -> None:
        """The resident is done: remind them of card and receipt, then the wipe."""
        reminders = [tr_message(r) for r in self.kiosk.finish()]
        if self.kiosk.session.state is SessionState.TAKE_CARD:
            self.journeyModel.set_reminders(reminders)
            self._show("end")
        else:
            self.journeyModel.bind(None)
            self._show("home")

    @Slot()
    def showHotline(self) -> None:
        """The number, large. No visit starts for it (out of service, nobody is served)."""
        self._hotline_shown = True
        self.changed.emit()

    @Slot()
    def hideHotline(self) -> None:
        self._hotline_shown = False
        self.changed.emit()

    @Slot()
    def showStaffedPath(self) -> None:
        """A question needs typing: where staff would do this service instead."""
        self.kiosk.session.touch()
        self.journeyModel.forget_print_message()
        self._staffed_path_shown = True
        self.changed.emit()

    @Slot()
    def hideStaffedPath(self) -> None:
        self.kiosk.session.touch()
        self._staffed_path_shown = False
        self.changed.emit()

    @Slot()
    def handOver(self) -> None:
        """The resident goes to the counter: this visit ends (its answers dropped), with
        the reminder to take their card."""
        self._staffed_path_shown = False
        self.kiosk.session.hand_over()
        self.finish()

    # -- the resident's settings ----------------------------------------------------

    @Slot()
    def toggleElderMode(self) -> None:
        session = self.kiosk.session
        session.touch()
        session.elder_mode = not session.elder_mode
        self.services.set_elder(session.elder_mode)
        self.searching.set_elder(session.elder_mode)
        self.changed.emit()
        self.voice.elder_mode(session.elder_mode)

    @Slot(str)
    def setLanguage(self, code: str) -> None:
        self.kiosk.session.touch()
        self.kiosk.session.language = code
        self._translations.set_language(code)
        self.changed.emit()
        self.journeyModel.changed.emit()
        self.services.changed.emit()
        self.searching.changed.emit()

    @Slot()
    def dismissNotice(self) -> None:
        self._set_notice("")
        self.changed.emit()

    def _set_notice(self, text: str, *, lasts_s: float | None = None) -> None:
        self._notice = text
        self._notice_until = (self.kiosk.session.now() + lasts_s
                              if text and lasts_s is not None else None)

    # -- the session ----------------------------------------------------------------

    @Slot()
    def extendSession(self) -> None:
        if self.kiosk.session.extend():
            self._warning_seconds = 0
            self.changed.emit()

    def touched(self) -> None:
        """Any touch anywhere (from the window's event filter).

        While the warning is up, its "I need more time" decides: clearing the warning on
        the press hid the button before its release, so the extension was never counted
        and the session's limit on extensions never applied.
        """
        self.kiosk.voice.silence()
        self.at_work()

    def at_work(self) -> None:
        """A touch or a key of the keypad: the resident is here, the visit's time starts
        again (a key does not silence the voice: the keypad's own keys say what they do)."""
        if self._warning_seconds:
            return
        if self._screen == "out_of_service":
            return  # nobody's visit starts on a terminal that is not serving
        self.kiosk.session.touch()

    @Slot()
    def wake(self) -> None:
        """The first touch on a dimmed screen only wakes it."""
        self._dimmed = False
        self.changed.emit()

    def set_dimmed(self, dimmed: bool) -> None:
        if dimmed != self._dimmed:
            self._dimmed = dimmed
            self.changed.emit()

    def on_session_event(self, event) -> None:
        if event.kind == "warn":
            self._warning_seconds = max(1, event.seconds_left)
            self.changed.emit()
        elif event.kind == "remind_card":
            self.journeyModel.set_reminders([tr_message(event.message)])
        elif event.kind == "wiped":
            self._set_notice(tr_message(event.message) if event.message else "",
                             lasts_s=WIPE_NOTICE_S)
            self.changed.emit()

    def on_card_refused(self, error: JourneyError) -> None:
        self.journeyModel._error = tr_message(error.message)
        self.journeyModel.changed.emit()

    def _show_session_message(self) -> None:
        message = self.kiosk.session.last_message
        if message:
            self._set_notice(tr_message(message))
        self._show("home")

    def _after_wipe(self) -> None:
        """Everything this screen layer held for the resident goes with the session."""
        self._most_used_shown.clear()  # this visit's services now count
        self._warning_seconds = 0
        self._confirm_home = False
        self._hotline_shown = False
        self._staffed_path_shown = False
        self._held_since = None
        self.journeyModel.bind(None)
        self.technician.wipe()
        self.voice.wipe()
        self.writing.wipe()  # the ink may be a name; the next resident starts with pinyin
        self.searching.clear()
        self.services.set_elder(False)
        self.searching.set_elder(False)
        self._translations.set_language("zh_CN")
        clear_clipboard()
        self._screen = "home"
        self.wiped.emit()
        self._show_session_message()

    # -- voice mode -----------------------------------------------------------------

    def _speak_changes(self, whole: bool = False, silent: bool = False) -> None:
        """Work out what the screen says now; in voice mode say it: all of it on a new
        screen (or in a new language), else only the parts that changed (nothing when
        `silent`: the headset was just pulled out)."""
        before = dict(self._speech)
        self._speech = screen_speech(self)
        shown_as = (self._screen, self._language())
        if whole or shown_as != self._said_on or before.get("where") != dict(
                self._speech).get("where"):
            said = [speech for _, speech in self._speech]
        else:
            said = [speech for key, speech in self._speech
                    if before.get(key) != speech
                    and not (key in NOT_SAID_AGAIN and key in before)]
        self._said_on = shown_as
        self.speechChanged.emit()
        if said and not silent:
            self.kiosk.voice.say(Speech(" ".join(s.text for s in said),
                                        " ".join(s.private or s.text for s in said)),
                                 self._language())

    # -- the platform link and out of service --------------------------------------

    def on_link_status(self, status) -> None:
        """The sync engine's status, once a second (the bridge's clock)."""
        offline = status.enrolled and status.online is False
        out = bool(status.out_of_service)
        trouble = self._devices_in_trouble()
        if (offline, out, trouble) != (self._offline, self._out_of_service,
                                       self._device_trouble):
            self._offline, self._out_of_service = offline, out
            self._device_trouble = trouble
            self.linkChanged.emit()
        if self._screen == "home" and self._paused():
            self._show("out_of_service")
        elif self._screen == "out_of_service" and not self._out_of_service:
            self._show("home")

    def _devices_in_trouble(self) -> str:
        """What a resident should know before starting: no receipt, or no card reading."""
        state = self.kiosk.devices.last_state  # as the last check found them
        lines = []
        printer = state("printer")
        if printer in PRINTER_PROBLEMS or printer in OUT_OF_ORDER:
            problem = tr_message(PRINTER_PROBLEMS.get(printer, PRINTER_BROKEN))
            lines.append(translate("home", "打印机暂时不能用（{problem}）：办理后打印不出回执，"
                                           "请记下屏幕上的受理编号。").format(problem=problem))
        id_down = state("id_reader") in OUT_OF_ORDER
        card_down = state("card_reader") in OUT_OF_ORDER
        if id_down and card_down:
            lines.append(translate("home", "读卡器暂时不能用：需要刷卡的业务请到人工窗口办理。"))
        elif id_down:
            lines.append(translate("home", "身份证读卡器暂时不能用，请用社保卡。"))
        elif card_down:
            lines.append(translate("home", "社保卡读卡口暂时不能用，请用身份证。"))
        return "\n".join(lines)

    def _paused(self) -> bool:
        """Out of service shows instead of home, but never under a resident mid-visit:
        they finish first (their session ends with a wipe, then it shows)."""
        return self._out_of_service and self.kiosk.session.state is SessionState.IDLE

    def _catalogue_changed(self, catalogue) -> None:
        """A new catalogue was adopted (between visits): the lists and search use it."""
        self._most_used_shown.clear()
        self.services.set_catalogue(catalogue)
        self.searching.set_catalogue(catalogue)

    # -- maintenance ----------------------------------------------------------------

    def on_tick(self) -> None:
        """Once a second (the bridge's clock): the footer's hold, the maintenance view,
        the time-out notice going by itself."""
        if self._notice_until is not None and self.kiosk.session.now() >= self._notice_until:
            self.dismissNotice()
        if self._held_since is not None \
                and self.kiosk.session.now() - self._held_since >= FOOTER_HOLD_S:
            self._held_since = None
            if self._screen in FOOTER_SCREENS:
                self._open_maintenance()
        if self._screen == "technician":
            self.technician.refresh()
        elif self._screen == "technician_pin":
            self.technician.tick_locked()

    @Slot(bool)
    def holdFooter(self, held: bool) -> None:  # noqa: N802 - Qt's naming, called from QML
        """The footer pressed (True) or let go (False); the clock times the hold."""
        self._held_since = self.kiosk.session.now() if held else None

    def _open_maintenance(self) -> None:
        # A visit like any other: the idle warning and the wipe end it too.
        self.kiosk.session.touch()
        self.technician.begin()
        self._show("technician_pin")

    @Slot(str)
    def enterTechnicianPin(self, pin: str) -> None:  # noqa: N802
        self.kiosk.session.touch()
        if self.technician.enter_pin(pin):
            self._show("technician")

    def _leave_maintenance(self) -> None:
        """"Back" from the PIN or the maintenance view: the technician's visit ends, and
        with it the sign-in (the wipe goes home, or to out of service)."""
        self.kiosk.session.end()
        if self.kiosk.session.state is not SessionState.IDLE:  # a card left in a reader
            self.technician.wipe()
            self._show("home")


def clear_clipboard() -> None:
    """What a resident copied from a field with a plugged-in keyboard (or selected, where
    the system keeps a selection too) is not there for the next one to paste."""
    clipboard = QGuiApplication.clipboard()
    clipboard.clear(QClipboard.Mode.Clipboard)
    if clipboard.supportsSelection():
        clipboard.clear(QClipboard.Mode.Selection)
