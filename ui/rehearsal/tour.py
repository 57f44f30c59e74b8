"""`kiosk tour --out DIR`: every screen of every journey, drawn offscreen, checked, saved.

For each orientation (portrait, landscape) and mode (normal, elder) the tour builds a
terminal on a throw-away data dir and goes through every journey the way a resident
does: taps through `ScreenDriver`, pinyin on the on-screen keyboard, cards laid on the
emulated readers, a document shown to the emulated camera, the printer run out of paper,
the session clock moved on, the technician's PIN and maintenance view, the terminal out of
service. The reference platform runs on a loopback port, as in the demo, and each terminal
is enrolled in it: look-ups are answered from its records and proofs issued by it (its
sync rounds do not run; the link's status on the screens that show it is a sample).
Before each picture it checks every control a finger may
need: inside the window, not under the keyboard, not covered (except by an overlay the
step shows on purpose, which is recorded), not overlapping another, large enough, its
words fitting it; and every text the resident reads: not under the keyboard, not cut
off. `tour.json` lists the pictures and the problems; any problem fails the command.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QGuiApplication
from PySide6.QtQml import QQmlEngine, QQmlExpression
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest

from kiosk.catalogue.model import JourneyKind
from kiosk.handwriting import handwriting_dir
from kiosk.technician import hash_pin
from ui.rehearsal.driver import ScreenDriver, TapFailed, topmost_at
from ui.rehearsal.layout_check import band_problem, content_span
from ui.scene import descendants, is_within, shown

log = logging.getLogger(__name__)

ORIENTATIONS = ("portrait", "landscape")
MODES = ("normal", "elder")
RESIDENT = "wang_xiulan"  # a fictional resident on the emulator's sample cards
WORKER = "li_jianguo"  # another, who pays contributions (the records' demo data)
RESIDENT_ID = "110101196803120028"  # her ID number, typed where a service allows it
TYPED_SERVICE_PINYIN = "qiuzhi"  # 求职登记: an application that takes a typed number
PHONE = "13800138000"
# What the office sends back in the tour's correction (python -m central correct).
SENT_BACK = {"note": "出生医学证明照片不清楚，请重新拍摄，并留一个能打通的电话",
             "items": [{"kind": "answer", "key": "contact_phone", "label": "联系电话",
                        "type": "phone"},
                       {"kind": "photo", "name": "出生医学证明（重拍）"}]}
CHILD_ID = "110101199003070011"
SEARCH_PINYIN = "shebaoka"
# Characters written with a finger on the handwriting pad, stroke by stroke, in its
# 1000x1000 box (y downwards): 社 in the search box, 王 as a name's first character.
WRITTEN_SHE = [[(230, 130), (280, 210)], [(130, 320), (370, 320), (150, 580)],
               [(260, 430), (260, 880)], [(300, 520), (380, 620)], [(480, 420), (880, 420)],
               [(680, 180), (680, 820)], [(430, 830), (920, 830)]]
WRITTEN_WANG = [[(250, 220), (750, 220)], [(280, 500), (720, 500)], [(500, 220), (500, 800)],
                [(180, 800), (820, 800)]]
HANDWRITING_LIMIT_S = 120  # only stops a hung tour: the first character draws the shapes
# Overlays a step may show on purpose, by the QML type (or objectName) of their root.
OVERLAYS = {"session-warning": "SessionWarning", "confirm-home": "ConfirmHome",
            "notice": "Notice", "dim": "dim", "voice-panel": "VoicePanel", "blank": "blank",
            "staffed-path": "StaffedPathCard"}
TEXT_CLASSES = ("QQuickText", "QQuickTextInput", "QQuickTextEdit")
SLACK_PX = 1.0  # layout rounding
# Uses a village terminal counts of a few services (by item code), for the home screen.
VILLAGE_HABITS = {"SB-0006": 60, "YL-0001": 45, "SB-0019": 30, "SF-0001": 20}
# The tour's own technician PIN (the demo's 000000 opens maintenance only in the demo).
TECHNICIAN_PIN = "246813"
_TOUR_PIN_HASH = hash_pin(TECHNICIAN_PIN)


def with_tour_pin(config):
    """`config` with the tour's technician PIN (tests that sign in use it too)."""
    return replace(config, technician=replace(config.technician, pin_hash=_TOUR_PIN_HASH))
FOOTER_HOLD_S = 5  # ui.viewmodels.app.FOOTER_HOLD_S
# What a terminal in service might report of its link, for the screens that show it:
# enrolled, the platform unreachable for a while, an item waiting too long.
SAMPLE_LINK = {"enrolled": True, "online": False,
               "last_contact_at": "2026-11-27T01:58:12.000+00:00",
               "last_error": "platform not reachable: connection refused "
                             "(https://platform.example.gov.cn/v1/submissions)",
               "catalogue_revision": 12, "next_retry_in_s": 37.0,
               "alert": True, "waited_too_long": True, "oldest_queued_age_s": 4000.0}


@contextmanager
def sample_link(kiosk, **changes) -> Iterator:
    """Until the block ends the kiosk reports SAMPLE_LINK (with `changes`) as its sync
    status, with its own terminal id: the tour and the UI tests have no platform to be
    cut off from."""
    status = replace(kiosk.sync.status(), **(
        SAMPLE_LINK | {"terminal_id": kiosk.context.terminal.id} | changes))
    kiosk.sync_status = lambda: status
    try:
        yield status
    finally:
        del kiosk.sync_status  # the Kiosk's own method again


class TourAborted(Exception):
    """A journey could not go on (a control a resident needs could not be tapped)."""


@dataclass
class Shot:
    name: str  # journey-NN-label: the same for every orientation and mode
    screen: str  # the screen showing (AppViewModel.screen)
    journey: str
    step: int
    label: str
    orientation: str
    mode: str
    file: str
    keyboard: bool = False
    overlay: str | None = None  # an overlay showing on purpose
    speech: str = ""  # what voice mode says here, as the loudspeaker says it
    covered_by_overlay: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


# -- geometry -----------------------------------------------------------------------


def _scene_rect(item: QQuickItem) -> QRectF:
    return item.mapRectToScene(QRectF(0, 0, item.width(), item.height()))


def _shown_rect(item: QQuickItem) -> QRectF:
    """The part of `item` not clipped away by an ancestor (a scrolled list, say)."""
    rect = _scene_rect(item)
    parent = item.parentItem()
    while parent is not None:
        if parent.clip():
            rect = rect.intersected(_scene_rect(parent))
        parent = parent.parentItem()
    return rect


def _type_name(item: QQuickItem) -> str:
    return item.metaObject().className().split("_QMLTYPE_")[0].split("_QML_")[0]


def _label(item: QQuickItem) -> str:
    name = item.objectName()
    if name:
        return name
    text = item.property("text")
    if isinstance(text, str) and text:
        return f"'{text[:16]}'"
    return _type_name(item)


def _overlaps(a: QRectF, b: QRectF) -> bool:
    inter = a.intersected(b)
    return inter.width() > SLACK_PX and inter.height() > SLACK_PX


# -- the checks before every picture ------------------------------------------------


class ScreenCheck:
    """What a resident would find wrong on the screen as it is now."""

    def __init__(self, window, driver: ScreenDriver, px_per_mm: float):
        self.window = window
        self.driver = driver
        self.px_per_mm = px_per_mm

    def keyboard(self) -> QQuickItem | None:
        keyboard = self.window.findChild(QQuickItem, "keyboard")
        return keyboard if keyboard is not None and keyboard.isVisible() else None

    def overlay_root(self, overlay: str) -> QQuickItem | None:
        wanted = OVERLAYS[overlay]
        for item in self.window.contentItem().childItems():
            if item.isVisible() and (item.objectName() == wanted or _type_name(item) == wanted):
                return item
        return None

    def run(self, shot: Shot, *, elder: bool) -> None:
        window_rect = QRectF(0, 0, self.window.width(), self.window.height())
        keyboard = self.keyboard()
        keyboard_top = _scene_rect(keyboard).top() if keyboard is not None else None
        overlay = self.overlay_root(shot.overlay) if shot.overlay else None
        if shot.overlay and overlay is None:
            shot.problems.append(f"the {shot.overlay} overlay is not showing")
        problems = shot.problems
        controls = self.driver.controls()
        pressable = []
        for item in controls:
            name = _label(item)
            shown = _shown_rect(item)
            if shown.width() <= 0 or shown.height() <= 0 \
                    or not shown.contains(self.driver.centre(item)):
                shot.notes.append(f"control '{name}' is scrolled out of view")
                continue  # in a list the resident scrolls; not on screen to press now
            problem = self.driver.problem(item, name)
            if problem and overlay is not None and not is_within(item, overlay):
                hit = topmost_at(self.window.contentItem(), self.driver.centre(item))
                if is_within(hit, overlay):
                    shot.covered_by_overlay.append(name)
                    continue
            if problem:
                problems.append(problem)
                continue
            pressable.append(item)
        min_mm = 16 if elder else 12
        for item in pressable:
            name = _label(item)
            rect = _shown_rect(item)
            if not window_rect.contains(rect.adjusted(SLACK_PX, SLACK_PX, -SLACK_PX, -SLACK_PX)):
                problems.append(f"control '{name}' is cut off at the window's edge")
            if keyboard_top is not None and not is_within(item, keyboard) \
                    and rect.bottom() > keyboard_top + SLACK_PX:
                problems.append(f"control '{name}' reaches under the keyboard")
            short = min(rect.width(), rect.height()) / self.px_per_mm
            if short < min_mm - 0.05:
                problems.append(f"control '{name}' is {short:.1f} mm, smaller than "
                                f"the {min_mm} mm a finger needs")
            problem = self._words_fit(item, name)
            if problem:
                problems.append(problem)
        for i, a in enumerate(pressable):
            for b in pressable[i + 1:]:
                if is_within(a, b) or is_within(b, a):
                    continue
                if _overlaps(_shown_rect(a), _shown_rect(b)):
                    problems.append(f"controls '{_label(a)}' and '{_label(b)}' overlap")
        self._texts(shot, window_rect, keyboard, keyboard_top, overlay, pressable)
        self._hidden_content(shot, overlay)
        self._speech(shot)

    def _speech(self, shot: Shot) -> None:
        """Voice mode says where the resident is and what goes on: the screen's heading
        and its primary button, as drawn, are in what it says there."""
        screen = self.window.findChild(QQuickItem, "screens").property("currentItem")
        spoken = re.sub(r"\s+", "", shot.speech)
        for item in descendants(screen):
            if item.objectName() in ("heading", "primary") and shown(item):
                words = item.property("text")
                if words and re.sub(r"\s+", "", words) not in spoken:
                    shot.problems.append(f"voice mode does not say the {item.objectName()} "
                                         f"'{words}'")

    def empty_band(self, shot: Shot, image) -> None:
        """No stripe of bare background taller than a tile between heading and buttons."""
        screen = self.window.findChild(QQuickItem, "screens").property("currentItem")
        if not isinstance(screen, QQuickItem):
            return
        top, bottom = content_span(self.window, screen)
        problem = band_problem(image, self.window.color(), top, bottom,
                               limit=self.theme_px("tileHeight"),
                               centred=bool(screen.property("centred")),
                               px_per_mm=self.px_per_mm)
        if problem:
            shot.problems.append(problem)

    def theme_px(self, name: str) -> float:
        """A size from Theme.qml as the running screens see it, in pixels."""
        context = QQmlEngine.contextForObject(self.window)
        value, failed = QQmlExpression(context, self.window, f"Theme.{name}").evaluate()
        if failed:
            raise RuntimeError(f"Theme.{name} cannot be read")
        return float(value)

    @staticmethod
    def _words_fit(item: QQuickItem, name: str) -> str | None:
        content = item.property("contentItem")
        if not isinstance(content, QQuickItem) or not content.isVisible():
            return None
        if content.inherits("QQuickText"):
            if not content.property("text"):
                return None
            if content.property("contentWidth") > content.width() + SLACK_PX \
                    or content.property("contentHeight") > content.height() + SLACK_PX:
                return f"the words on '{name}' do not fit it"
        elif not content.inherits("QQuickTextInput"):
            if content.implicitHeight() > content.height() + SLACK_PX:
                return f"the content of '{name}' does not fit it"
            # Words beside an icon: each text inside the content, within its own box
            # and the content's.
            area = _scene_rect(content)
            for text in descendants(content):
                if not text.inherits("QQuickText") or not text.isVisible() \
                        or not text.property("text"):
                    continue
                box = _scene_rect(text)
                if text.property("contentWidth") > text.width() + SLACK_PX \
                        or text.property("contentHeight") > text.height() + SLACK_PX \
                        or not area.adjusted(-SLACK_PX, -SLACK_PX, SLACK_PX, SLACK_PX) \
                        .contains(box):
                    return f"the words on '{name}' do not fit it"
        return None

    def _texts(self, shot, window_rect, keyboard, keyboard_top, overlay, pressable) -> None:
        """Every text the resident reads: on screen, above the keyboard, in its space."""
        for item in descendants(self.window.contentItem()):
            if not item.isVisible() or is_within(item, keyboard) or item.opacity() == 0:
                continue
            if not any(item.inherits(c) for c in TEXT_CLASSES):
                continue
            text = item.property("text")
            if not text or not str(text).strip():
                continue
            if overlay is not None and not is_within(item, overlay):
                continue  # behind the overlay on purpose
            if not self._really_visible(item) or any(is_within(item, c) for c in pressable):
                continue  # hidden, or the words of a control (checked with the control)
            what = f"text '{str(text).strip()[:20]}'"
            shown = _shown_rect(item)
            if shown.width() <= 0 or shown.height() <= 0:
                continue  # scrolled out of view inside a list
            if not window_rect.contains(shown.adjusted(SLACK_PX, SLACK_PX, -SLACK_PX, -SLACK_PX)):
                shot.problems.append(f"{what} is cut off at the window's edge")
            if keyboard_top is not None and shown.bottom() > keyboard_top + SLACK_PX:
                shot.problems.append(f"{what} lies under the keyboard")
            if item.inherits("QQuickText"):
                too_tall = item.property("contentHeight") > item.height() + SLACK_PX
                too_wide = item.property("contentWidth") > item.width() + SLACK_PX
                if too_tall or too_wide:
                    shot.problems.append(f"{what} does not fit its space")
            for control in pressable:
                if is_within(item, control) or is_within(control, item):
                    continue
                if _overlaps(shown, _shown_rect(control)):
                    shot.problems.append(f"{what} runs into control '{_label(control)}'")

    _really_visible = staticmethod(shown)

    def lists_with_more_below(self) -> list[str]:
        """The lists on screen that have more below what they show now: scrolled ones
        with content below, paged ones (a guide) with pages after this one."""
        found = []
        keyboard = self.keyboard()
        for item in descendants(self.window.contentItem()):
            if not self._really_visible(item) or is_within(item, keyboard):
                continue
            if item.inherits("QQuickFlickable"):
                below = item.property("contentHeight") - item.property("contentY") \
                    - item.height()
                if below > SLACK_PX:
                    found.append(_label(item))
            elif item.property("hasMore") is True:
                found.append(_label(item))
        return found

    def _hidden_content(self, shot: Shot, overlay) -> None:
        """Lists taller than their space: noted (the resident has to scroll)."""
        for item in descendants(self.window.contentItem()):
            if not item.inherits("QQuickFlickable") or not self._really_visible(item):
                continue
            if overlay is not None and not is_within(item, overlay):
                continue
            keyboard = self.keyboard()
            if is_within(item, keyboard):
                continue
            more = item.property("contentHeight") - item.height()
            if more > SLACK_PX:
                shot.notes.append(f"{_label(item)}: {more / self.px_per_mm:.0f} mm more "
                                  "below; the resident scrolls to see it")


# -- one terminal, one orientation, one mode -----------------------------------------


class TourClock:
    """The session's clock, moved by the tour instead of by waiting."""

    def __init__(self) -> None:
        # A whole number of seconds, so that adding whole seconds stays exact (from
        # time.monotonic(), 60 s after a touch could read 59.999999 s: no warning).
        self.now = float(int(time.monotonic()))

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class TerminalTour:
    touch = False  # taps as mouse clicks (True: as touch points, see ScreenDriver)

    def __init__(self, config, data_dir: Path, out_dir: Path, orientation: str, mode: str,
                 platform=None):
        from kiosk.app import Kiosk
        from kiosk.sync.enrollment import enroll
        from ui.app import KioskScreens

        self.config = config
        self.out_dir = out_dir
        self.orientation = orientation
        self.mode = mode
        self.elder = mode == "elder"
        self.kiosk = Kiosk(with_tour_pin(config), data_dir, test_traffic=True)
        # A village terminal's own habits over the last months, mixed into the city's
        # ranking on home: pension certification and residents' medical insurance lead.
        self.kiosk.seed_usage(VILLAGE_HABITS, days_ago=20)
        self.reference = platform  # its office and payment provider act by command
        if platform is not None and platform.url is not None:
            enroll(self.kiosk.store, platform.url, platform.admin("enroll-code").strip(),
                   self.kiosk.config.platform, label=f"tour {orientation} {mode}")
            self.kiosk.relink()
        # Time passes when the tour says so: the idle warning, the wipe and the dimming
        # come from the session's own rules, without waiting for them.
        self.clock = TourClock()
        self.kiosk.session._clock = self.clock
        self.kiosk.session._last_touch = self.clock()
        try:
            self.screens = KioskScreens(self.kiosk, orientation=orientation)
        except BaseException:
            self.kiosk.close()
            raise
        self.vm = self.screens.app_vm
        self.journey_vm = self.vm.journeyModel
        self.window = self.screens.window
        self.driver = ScreenDriver(self.window, touch=self.touch)
        self.check = ScreenCheck(self.window, self.driver, self.vm.pxPerMm)
        self.shots: list[Shot] = []
        self.failures: list[str] = []
        self._journey = ""
        self._step = 0
        self.window.requestActivate()  # the keyboard follows the focused field
        self.screens.keyboard_now()  # as it is a moment after the first frame
        self.settle()

    def close(self) -> None:
        self.screens.close()
        self.kiosk.close()

    # -- pacing and pictures ----------------------------------------------------------

    def settle(self) -> None:
        """Let layout, the keyboard's slide and images finish: until nothing moves."""
        keyboard = self.window.findChild(QQuickItem, "keyboard")
        last = None
        for _ in range(50):
            self.driver.wait_for_frame(200)
            busy = self.journey_vm.printing or self.journey_vm.asking
            state = (self.vm.screen, keyboard.isVisible(), keyboard.y(), keyboard.height(), busy)
            if state == last and not busy:
                return
            last = state
            self.driver.wait(30)

    def shot(self, label: str, *, overlay: str | None = None) -> Shot:
        self.settle()
        self._step += 1
        name = f"{self._journey}-{self._step:02d}-{label}"
        file = f"{name}_{self.orientation}_{self.mode}.png"
        shot = Shot(name=name, screen=self.vm.screen, journey=self._journey, step=self._step,
                    label=label, orientation=self.orientation, mode=self.mode, file=file,
                    keyboard=self.check.keyboard() is not None, overlay=overlay,
                    speech=self.vm.speech)
        self.check.run(shot, elder=self.elder)
        image = self.window.grabWindow()
        if image.isNull() or not image.save(str(self.out_dir / file)):
            shot.problems.append("the screen could not be captured")
        elif not shot.keyboard and not shot.overlay:
            self.check.empty_band(shot, image)
        self.shots.append(shot)
        return shot

    # -- a resident's hands -----------------------------------------------------------

    def tap(self, name: str) -> None:
        try:
            self.driver.tap(name)
        except TapFailed as exc:
            raise TourAborted(str(exc)) from None
        self.settle()

    def page_down(self) -> None:
        """"下一页" under a list or guide, when there is more to see. A pager is rightly
        disabled or absent when the whole of it fits (a short guide): the tour goes on.
        Disabled while a list still has more below, the resident could not read the rest:
        that stops it."""
        if self.driver.find("scroll-down") is not None:
            self.tap("scroll-down")
            return
        more = self.check.lists_with_more_below()
        if more:
            raise TourAborted(f"control 'scroll-down' is disabled while {', '.join(more)} "
                              "has more below")

    def tap_anywhere(self, point: QPointF) -> None:
        self.driver.press_at(point)
        self.settle()

    def type_digits(self, digits: str) -> None:
        for key in digits:
            self.tap("key-extra" if key in "X.-" else f"key-{key}")

    def hold(self, name: str, seconds: int) -> None:
        """A finger kept on the item named `name` while `seconds` pass on the clock."""
        item = next((i for i in descendants(self.window.contentItem())
                     if i.objectName() == name and i.isVisible()), None)
        if item is None:
            raise TourAborted(f"'{name}' is not on screen")
        point = self.driver.centre(item)
        if not is_within(topmost_at(self.window.contentItem(), point), item):
            raise TourAborted(f"'{name}' is covered")
        at = QPoint(int(point.x()), int(point.y()))
        QTest.mousePress(self.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         at)
        self.let_time_pass(seconds)
        QTest.mouseRelease(self.window, Qt.MouseButton.LeftButton,
                           Qt.KeyboardModifier.NoModifier, at)
        self.settle()

    def type_keys(self, text: str) -> None:
        """Keys of a hardware keyboard, as QTest sends them (the search box)."""
        for ch in text:  # one QTest.keyClicks, for a window rather than a widget
            QTest.keyClick(self.window, ord(ch))
        self.settle()

    def _keyboard_parts(self) -> tuple[dict[str, QQuickItem], list[QQuickItem]]:
        """(keys by label, word candidates in order) on the on-screen keyboard now."""
        keys: dict[str, QQuickItem] = {}
        candidates: list[QQuickItem] = []

        def walk(item: QQuickItem, in_candidates: bool) -> None:
            for child in item.childItems():
                if not isinstance(child, QQuickItem) or not child.isVisible():
                    continue
                if child.property("key") is not None:
                    label = child.property("displayText") or child.property("text")
                    keys.setdefault(label, child)
                elif in_candidates and child.property("text"):
                    candidates.append(child)
                walk(child, in_candidates or child.objectName() == "wordCandidateView")

        keyboard = self.window.findChild(QQuickItem, "keyboard")
        if keyboard is not None and keyboard.isVisible():
            walk(keyboard, False)
        return keys, candidates

    def _press_keyboard(self, item: QQuickItem, what: str) -> None:
        point = self.driver.centre(item)
        keyboard = self.window.findChild(QQuickItem, "keyboard")
        if not is_within(topmost_at(self.window.contentItem(), point), keyboard):
            raise TourAborted(f"keyboard {what} is covered")
        self.tap_anywhere(point)

    def type_pinyin(self, letters: str) -> None:
        """Letters on the on-screen keyboard's keys; the pinyin shows as candidates."""
        for letter in letters:
            keys, _ = self._keyboard_parts()
            if letter not in keys:
                raise TourAborted(f"no key '{letter}' on the on-screen keyboard")
            self._press_keyboard(keys[letter], f"key '{letter}'")

    def write_by_hand(self, strokes) -> None:
        """A finger writing `strokes` (the pad's 1000 box) on the handwriting pad: press,
        moves, release, stroke by stroke; then the candidates the pad offers."""
        area = next((i for i in descendants(self.window.contentItem())
                     if i.objectName() == "writing-area" and i.isVisible()), None)
        if area is None:
            raise TourAborted("no handwriting pad on screen")
        try:
            self.driver.write(area, strokes, self.vm.handwriting.box, step_px=16)
        except TapFailed as exc:
            raise TourAborted(str(exc)) from None
        # The first character of a run waits for the font's shapes to be drawn (seconds).
        deadline = time.monotonic() + HANDWRITING_LIMIT_S
        while self.vm.handwriting.recognizing or not self.vm.handwriting.candidates:
            if time.monotonic() > deadline:
                raise TourAborted("the handwriting pad offered no characters")
            self.driver.wait(50)
        self.settle()

    def pick_candidates(self, wanted: str = "") -> None:
        """Take the words `wanted` from the keyboard's candidates (else its first word)
        until the pinyin is all turned into characters."""
        for _ in range(12):
            # The property, not activeFocusItem(): PySide would keep the field's wrapper
            # as a child of the window's, one dead wrapper for every field typed into.
            field = self.window.property("activeFocusItem")
            if field is None or not field.property("preeditText"):
                return
            _, candidates = self._keyboard_parts()
            if not candidates:
                raise TourAborted("the keyboard offers no words for the pinyin typed")
            pick = next((c for c in candidates
                         if wanted and wanted.startswith(c.property("text"))), candidates[0])
            wanted = wanted[len(pick.property("text")):] if wanted else ""
            self._press_keyboard(pick, f"word '{pick.property('text')}'")

    # -- cards, camera, printer, clock --------------------------------------------------

    def _cards(self, reader: str, present: bool) -> None:
        """What the bridge's polling thread does, on this thread, until the reader tells."""
        for _ in range(10):
            events = self.kiosk.devices.poll_cards()
            if events:
                self.screens.bridge._deliver(events)
            if (reader in self.kiosk.session.cards_in_readers) == present:
                self.settle()
                return
        raise TourAborted(f"the {reader} never reported the card")

    def lay_id_card(self, who: str = RESIDENT) -> None:
        self.kiosk.emulators["id_reader"].present_card(who)
        self._cards("id_reader", True)

    def lift_id_card(self) -> None:
        self.kiosk.emulators["id_reader"].remove_card()
        self._cards("id_reader", False)

    def let_time_pass(self, seconds: int) -> None:
        """The bridge's clock ticking once a second, `seconds` times."""
        for _ in range(seconds):
            self.clock.advance(1)
            self.screens.bridge._tick()
        self.settle()

    def show_camera_a_document(self) -> None:
        self.kiosk.emulators["camera"].show_document()
        self.driver.wait(450)  # a few preview refreshes (every 150 ms)

    # -- navigation helpers -----------------------------------------------------------

    def expect(self, screen: str) -> None:
        if self.vm.screen != screen:
            raise TourAborted(f"expected the {screen} screen, the terminal shows "
                              f"{self.vm.screen}")

    def at_home_in_mode(self) -> None:
        self.expect("home")
        if self.elder and not self.vm.elderMode:
            self.tap("elder-mode")

    def journey(self, name: str, walk: Callable[[], None]) -> None:
        self._journey = name
        self._step = 0
        try:
            walk()
        except TourAborted as exc:
            self.failures.append(f"{name} (after step {self._step}): {exc}")
            self._recover()

    def _recover(self) -> None:
        """Back to an idle home screen after a journey that could not go on."""
        self.kiosk.emulators["printer"].paper = "ok"
        for reader, remove in (("id_reader", "remove_card"), ("card_reader", "remove")):
            getattr(self.kiosk.emulators[reader], remove)()
        for _ in range(5):
            events = self.kiosk.devices.poll_cards()
            if events:
                self.screens.bridge._deliver(events)
        self.vm.cancelHome()
        if self.vm.screen != "home":
            self.vm.goHome()
            if self.vm.confirmingHome:
                self.vm.confirmHome()
        self.kiosk.session.end()  # no card in a reader now: the session is wiped
        self.vm.dismissNotice()
        self.settle()

    def finish_visit(self) -> None:
        """The end screen's "done", the take-your-card reminder, the card lifted."""
        self.expect("end")
        self.tap("primary")
        if self.kiosk.session.cards_in_readers:
            self.shot("end-take-card")
            self.lift_id_card()
        self.expect("home")

    # -- the journeys -----------------------------------------------------------------

    def walk(self) -> None:
        self.journey("home", self.walk_home)
        self.journey("voice", self.walk_voice)
        self.journey("search", self.walk_search)
        self.journey("apply", self.walk_apply)
        self.journey("progress", self.walk_progress)
        self.journey("records", self.walk_records)
        self.journey("fees", self.walk_fees)
        self.journey("life-event", self.walk_life_event)
        self.journey("correction", self.walk_correction)
        self.journey("typed", self.walk_typed)
        self.journey("complain", self.walk_complain)
        self.journey("rate", self.walk_rate)
        self.journey("guide", self.walk_guide)
        self.journey("platform", self.walk_platform)
        self.journey("maintenance", self.walk_maintenance)

    def walk_home(self) -> None:
        # A terminal nobody has touched for a while dims; the first touch only wakes it.
        from ui.bridge import DIM_AFTER_IDLE_S

        self.let_time_pass(DIM_AFTER_IDLE_S)
        self.shot("dimmed", overlay="dim")
        self.tap_anywhere(QPointF(self.window.width() / 2, self.window.height() / 2))
        if self.vm.dimmed:
            raise TourAborted("a touch did not wake the dimmed screen")
        self.at_home_in_mode()
        self.shot("home")
        self.tap("tile-apply")
        self.expect("services")
        self.shot("services-apply")
        self.tap("next-page")
        self.shot("services-apply-page-2")
        self.tap("back")
        self.expect("home")
        if self.elder:  # elder mode keeps the domains behind one button
            self.tap("show-domains")
        self.shot("home-domains")
        self.tap("domain-education")
        self.expect("services")
        self.shot("services-domain")
        self.tap("home")
        self.expect("home")

    def walk_voice(self) -> None:
        """Voice mode on, its settings; a headset plugged in: hearing one's own data and
        the blanked screen; the headset pulled out brings the screen back."""
        self.at_home_in_mode()
        if not self.vm.voice.on:  # elder mode speaks from the start
            self.tap("voice")  # on: the screen is said
        self.tap("voice")  # on already: its settings
        self.shot("voice-settings", overlay="voice-panel")
        speaker = self.kiosk.emulators["speaker"]
        speaker.plug_headset(True)
        self.wait_for(lambda: self.vm.voice.headset, "the headset was never noticed")
        self.shot("voice-settings-headset", overlay="voice-panel")
        self.tap("voice-blank")
        self.shot("screen-blanked", overlay="blank")
        speaker.plug_headset(False)
        self.wait_for(lambda: not self.vm.voice.screenBlanked,
                      "pulling the headset out left the screen blank")
        self.tap("voice-close")
        self.kiosk.session.end()  # the wipe turns voice mode off for the next resident
        self.settle()
        if self.vm.voice.on:
            raise TourAborted("voice mode outlived the visit")

    def wait_for(self, condition: Callable[[], bool], failing: str) -> None:
        """Until `condition()` (something another thread reports), or the tour aborts."""
        for _ in range(100):
            if condition():
                self.settle()
                return
            self.driver.wait(20)
        raise TourAborted(failing)

    def walk_search(self) -> None:
        self.at_home_in_mode()
        self.tap("search")
        self.expect("search")
        self.tap("search-field")
        self.type_keys(SEARCH_PINYIN)
        if not self.vm.searching.results:
            raise TourAborted(f"searching '{SEARCH_PINYIN}' found nothing")
        self.shot("search")
        if self.vm.handwriting.available:
            self.tap("home")
            self.tap("search")
            self.tap("search-field")
            self.tap("mode-handwriting")
            self.write_by_hand(WRITTEN_SHE)
            self.shot("search-handwriting")
            self.tap("pad-candidate-0")
            self.tap("mode-pinyin")  # the rest of the visit types pinyin
        self.tap("home")
        self.expect("home")

    def walk_apply(self) -> None:
        self.at_home_in_mode()
        self.tap("tile-apply")
        # The first application in "我要办" (after the life events and the fees).
        first = next(n for n, item in enumerate(self.kiosk.catalogue.to_do())
                     if item.journey is JourneyKind.APPLY)
        page_size = self.vm.serviceList.pageSize
        for _ in range(first // page_size):
            self.tap("next-page")
        self.tap(f"service-{first % page_size}")
        self.expect("guide")
        self.shot("guide")
        self.page_down()
        self.tap("print-checklist")
        self.shot("guide-printed")
        self.tap("primary")
        self.expect("identify")
        self.shot("identify")
        self.lay_id_card()
        self.expect("question")
        materials = 0
        errors_shown = set()
        while self.vm.screen in ("question", "material"):
            if self.vm.screen == "material":
                materials += 1
                self.wait_for(lambda: self.journey_vm.libraryState != "waiting",
                              "the e-licence library's answer")
                if self.journey_vm.libraryState == "offered":  # the library holds it
                    self.shot(f"material-{materials}-elicence")
                    self.tap("primary")  # 同意调取
                    continue
                self.show_camera_a_document()
                self.shot(f"material-{materials}")
                self.tap("primary")  # take the photo
                self.shot(f"material-{materials}-captured")
                self.tap("primary")  # use it
                continue
            kind = self.journey_vm.fieldType
            key = self.journey_vm.journey.step.field.key
            if kind == "choice":
                self.shot(f"question-{key}")
                self.tap("choice-0")
            elif self.journey_vm.useDigitPad:
                if kind not in errors_shown:  # one refusal per kind of pad
                    errors_shown.add(kind)
                    self.type_digits("123")
                    self.tap("primary")
                    self.shot(f"question-{key}-error")
                    for _ in range(3):
                        self.tap("key-erase")
                self.type_digits(PHONE if kind == "phone" else CHILD_ID)
                self.shot(f"question-{key}")
                self.tap("primary")
            else:
                self.shot(f"question-{key}-empty")
                self.tap("staffed-path")
                self.shot(f"question-{key}-staffed-path", overlay="staffed-path")
                self.tap("staffed-keep-typing")
                self.tap("answer-field")
                if self.vm.handwriting.available \
                        and self.journey_vm.fieldWritingKind == "name":
                    self.tap("mode-handwriting")
                    self.write_by_hand(WRITTEN_WANG)
                    self.shot(f"question-{key}-handwriting")
                    self.tap("pad-clear")
                    self.tap("mode-pinyin")
                self.type_pinyin("wangxiaoming")
                self.shot(f"question-{key}")
                self.pick_candidates("王小明")
                self.tap("primary")
        self.expect("check")
        self.shot("check")
        self.tap("home")
        self.shot("check-confirm-home", overlay="confirm-home")
        self.tap("stay")
        self.expect("check")
        self.tap("primary")
        self.expect("confirmation")
        self.shot("confirmation-printed")
        self.tap("primary")
        self.expect("rating")
        self.shot("rating")
        self.tap("level-2")
        self.tap("reason-0")
        self.shot("rating-dissatisfied")
        self.tap("opinion")
        self.type_pinyin("paiduitaijiu")
        self.pick_candidates("排队太久")
        self.shot("rating-opinion")
        self.tap("primary")
        self.expect("end")
        self.shot("end")
        self.finish_visit()

    def walk_progress(self) -> None:
        # A typed number would open anyone's cases: no typing here, and the screen says
        # where a resident without a card or phone goes. Her card opens her cases.
        self.at_home_in_mode()
        self.tap("tile-progress")
        self.expect("identify")
        if self.driver.find("type-id") is not None:
            raise TourAborted("progress offers to type an ID number")
        self.shot("identify-no-typing")
        self.lay_id_card()
        self.expect("lookup")
        self.shot("lookup")
        self.tap("primary")
        self.expect("end")
        self.finish_visit()

    def open_by_search(self, pinyin: str) -> None:
        self.at_home_in_mode()
        self.tap("search")
        self.tap("search-field")
        self.type_keys(pinyin)
        self.tap("result-0")

    def walk_records(self) -> None:
        """Look-ups answered from the platform's records: public data with no card; a
        resident's contributions a page at a time, on a slip; a proof on A4 with its
        code; the A4 printer out of paper, said before the card; no network."""
        self.open_by_search("xuequ")  # which school serves this street: anyone may ask
        self.expect("question")
        self.tap("answer-field")
        self.type_pinyin("xingfuli")
        self.pick_candidates("幸福里")
        self.shot("question-public")
        self.tap("primary")
        self.expect("lookup")
        self.shot("lookup-public")
        self.tap("primary")
        self.expect("end")
        self.tap("primary")
        self.expect("home")

        self.open_by_search("quanyijilu")  # her contributions, by month
        self.expect("identify")
        self.lay_id_card(WORKER)
        self.expect("question")
        self.tap("choice-0")
        self.expect("lookup")
        self.shot("lookup-contributions")
        self.tap("next-page")
        self.shot("lookup-contributions-page-2")
        self.tap("print-record")
        self.shot("lookup-slip-printed")
        self.tap("primary")
        self.finish_visit()

        self.open_by_search("cbzm")  # a proof of insurance
        self.expect("identify")
        self.lay_id_card()
        self.expect("question")  # which insurance the proof covers
        self.tap("choice-0")
        self.expect("lookup")
        self.shot("lookup-proof")
        self.tap("print-proof")
        self.shot("proof-printed")
        self.tap("primary")
        self.finish_visit()

        a4 = self.kiosk.emulators["document_printer"]
        a4.set_fault("media-empty-report")
        self.kiosk.devices.health()  # as the heartbeat's check finds it
        self.open_by_search("cbzm")
        self.expect("identify")
        self.shot("identify-a4-out-of-paper")
        a4.set_fault()
        self.kiosk.devices.health()
        self.tap("home")
        self.expect("home")

        platform = self.kiosk.store.platform.load()
        if platform is not None:  # the network down: the platform's port closed
            self.kiosk.store.platform.move("http://127.0.0.1:9")
            self.kiosk.relink()
        self.open_by_search("ybye")  # the medical insurance account's balance
        self.expect("identify")
        self.lay_id_card()
        self.expect("lookup")
        self.shot("lookup-offline")
        self.tap("primary")
        self.finish_visit()
        if platform is not None:
            self.kiosk.store.platform.move(platform.url)
            self.kiosk.relink()

    # -- what the reference platform's office and payment provider do by command ------

    def pay_the_order(self, shot: str | None = None) -> None:
        """On the QR screen: once the order is up (pictured as `shot`), the provider
        reports it paid, as a phone would; then the paid screen."""
        payment = self.journey_vm.payment
        self.wait_for(lambda: payment.state != "creating", "the payment order")
        if payment.state != "waiting":
            raise TourAborted(f"no order to pay: {payment.problem or payment.closedText}")
        if shot:
            self.shot(shot)
        if self.reference is None or self.reference.url is None:
            raise TourAborted("no platform to pay the order")
        self.reference.admin("pay", "--order", payment.order["orderNumber"])
        self.wait_for(lambda: self.vm.screen == "paid", "the payment")

    def send_back(self, tracking_number: str) -> None:
        """The office sends the case back for correction (SENT_BACK), once the terminal
        has delivered it."""
        if self.reference is None or self.reference.url is None:
            raise TourAborted("no platform to send the case back")
        self.kiosk.sync.run_once(("uploads",))
        with tempfile.TemporaryDirectory() as folder:
            asked = Path(folder) / "sent-back.json"
            asked.write_text(json.dumps(SENT_BACK, ensure_ascii=False), "utf-8")
            self.reference.admin("correct", "--case", tracking_number, "--file", str(asked))

    def rate_well_and_finish(self) -> None:
        self.expect("rating")
        self.tap("level-5")
        self.tap("primary")
        self.expect("end")
        self.finish_visit()

    def walk_fees(self) -> None:
        """Her family member's pension contribution by QR code: whom for, the tier, the
        QR with its countdown, paid (the platform's provider pays by command); then the
        same fee with the network down: the guide says so and names the counter."""
        self.open_by_search("yanglaojiaofei")
        self.expect("guide")
        self.shot("guide-fee")
        self.tap("primary")
        self.expect("identify")
        self.lay_id_card()
        self.expect("question")
        self.shot("question-pay-for")
        self.tap("choice-1")  # a family member
        self.expect("question")
        self.type_digits(CHILD_ID)
        self.shot("question-family-id")
        self.tap("primary")
        self.expect("question")
        self.shot("question-tier")
        self.tap("choice-2")
        self.expect("check")
        self.shot("check-fee")
        self.tap("primary")  # 去付款
        self.expect("payment")
        self.pay_the_order(shot="payment-qr")
        self.shot("paid")
        self.tap("primary")
        self.rate_well_and_finish()

        link = self.kiosk.store.platform.load()
        if link is None:
            return
        self.kiosk.store.platform.move("http://127.0.0.1:9")  # the network down
        self.kiosk.relink()
        self.kiosk.sync.run_once(("heartbeat",))
        try:
            self.open_by_search("jiaoyibao")
            self.expect("guide")
            self.shot("guide-fee-offline")
            self.tap("home")
            self.expect("home")
        finally:
            self.kiosk.store.platform.move(link.url)
            self.kiosk.relink()
            self.kiosk.sync.run_once(("heartbeat",))

    def walk_life_event(self) -> None:
        """A newborn's registration, insurance and card in one visit: each question once,
        each paper once, the card posted home; every link's number on one confirmation."""
        self.open_by_search("chushengyijianshi")
        self.expect("guide")
        self.shot("guide-event")
        self.page_down()
        self.shot("guide-event-links")
        self.tap("primary")
        self.expect("identify")
        self.lay_id_card()
        materials = 0
        while self.vm.screen in ("question", "material"):
            if self.vm.screen == "material":
                materials += 1
                self.show_camera_a_document()
                self.tap("primary")
                self.tap("primary")
                continue
            key = self.journey_vm.journey.step.field.key
            kind = self.journey_vm.fieldType
            if key == "delivery_method":
                self.shot("question-delivery")
                self.tap("choice-1")  # free post
            elif key == "delivery_address":
                self.shot("question-delivery-address")  # the card's, ready to change
                self.tap("primary")
            elif kind == "choice":
                self.tap("choice-0")
            elif self.journey_vm.useDigitPad:
                self.type_digits(PHONE if kind == "phone" else dt.date.today().isoformat()
                                 if kind == "date" else CHILD_ID)
                self.tap("primary")
            else:
                self.tap("answer-field")
                self.type_pinyin("wangxiaoming")
                self.pick_candidates("王小明")
                self.tap("primary")
            if self.journey_vm.error:
                raise TourAborted(f"the answer to {key} was refused: {self.journey_vm.error}")
        self.expect("check")
        self.shot("check-event")
        self.tap("primary")
        self.expect("confirmation")
        self.shot("confirmation-event")
        self.tap("primary")
        self.rate_well_and_finish()

    def walk_correction(self) -> None:
        """The office sends the birth registration back (the platform's command): her
        progress look-up shows what it asks, and she answers it here."""
        births = [e for e in self.kiosk.store.outbox.pending(limit=1000)  # a chain's first
                  if e.kind == "application" and e.payload.get("chain", {}).get("position") == 0]
        if not births:
            raise TourAborted("no registration filed to send back")
        self.send_back(births[-1].tracking_number)
        self.at_home_in_mode()
        self.tap("tile-progress")
        self.expect("identify")
        self.lay_id_card()
        self.expect("lookup")
        self.shot("lookup-correction")
        self.tap("correct-0")
        self.expect("question")
        self.shot("question-correction")
        self.type_digits(PHONE)
        self.tap("primary")
        self.expect("material")
        self.show_camera_a_document()
        self.tap("primary")
        self.tap("primary")
        self.expect("check")
        self.tap("primary")
        self.expect("confirmation")
        self.shot("confirmation-correction")
        self.tap("primary")
        self.expect("end")
        self.finish_visit()

    def walk_typed(self) -> None:
        # An application the office verifies takes a typed number: found by search.
        self.at_home_in_mode()
        self.tap("search")
        self.tap("search-field")
        self.type_keys(TYPED_SERVICE_PINYIN)
        self.tap("result-0")
        self.expect("guide")
        self.tap("primary")
        self.expect("identify")
        self.tap("type-id")
        self.type_digits(RESIDENT_ID)
        self.shot("identify-typed")
        self.tap("primary")
        self.expect("question")
        self.shot("question-after-typed")
        self.tap("home")
        self.tap("leave")
        self.expect("home")

    def walk_complain(self) -> None:
        self.at_home_in_mode()
        self.tap("tile-complain")
        self.expect("identify")
        self.lay_id_card()
        self.expect("question")
        self.shot("question-subject")
        self.tap("choice-0")
        self.tap("answer-field")
        self.shot("question-case-number")
        self.tap("skip")
        self.tap("answer-field")
        self.type_pinyin("taiman")
        self.pick_candidates("太慢")
        self.tap("primary")  # too short: the screen says why, beside the field
        self.shot("question-description-error")
        self.type_pinyin("paiduihenjiu")
        self.shot("question-description")
        self.pick_candidates("排队很久")
        self.tap("primary")
        self.type_digits(PHONE)
        self.shot("question-phone")
        self.tap("primary")
        self.expect("check")
        self.shot("check")
        self.let_time_pass(self.kiosk.session.idle_warning_s)  # doubled in elder mode
        self.shot("check-session-warning", overlay="session-warning")
        self.tap("more-time")
        self.kiosk.emulators["printer"].paper = "out"
        self.tap("primary")
        self.expect("confirmation")
        self.shot("confirmation-not-printed")
        self.kiosk.emulators["printer"].paper = "ok"
        self.tap("primary")
        self.expect("end")
        self.shot("end")
        self.finish_visit()

    def walk_rate(self) -> None:
        case = next((row.tracking_number for row in self.kiosk.store.outbox.queue_rows(
            limit=100, include_done=True) if row.kind == "application"), None)  # sent or not
        if case is None:
            raise TourAborted("no application filed earlier to rate")
        self.at_home_in_mode()
        self.tap("tile-rate")
        self.expect("identify")
        self.lay_id_card()
        self.expect("question")
        self.tap("answer-field")
        self.type_keys(case)
        self.shot("question-tracking-number")
        self.tap("primary")
        self.expect("rating")
        self.tap("level-5")
        self.shot("rating-satisfied")
        self.tap("primary")
        self.expect("end")
        self.finish_visit()

    def walk_guide(self) -> None:
        self.at_home_in_mode()
        self.tap("tile-guide")
        self.expect("services")
        self.shot("services-guide")
        self.tap("service-0")
        self.expect("guide")
        self.shot("guide")
        # The resident walks away: warned, then wiped, and the next one is told why.
        session = self.kiosk.session  # its limits, doubled in elder mode
        self.let_time_pass(session.idle_warning_s + session.countdown_s + 1)
        self.expect("home")
        self.shot("home-timed-out", overlay="notice")
        self.tap("notice-ok")

    def walk_platform(self) -> None:
        # The platform out of reach: one calm line on home, nothing else changes.
        with sample_link(self.kiosk):
            self.let_time_pass(1)
            self.at_home_in_mode()
            self.shot("home-offline")
        # Taken out of service by the platform: once nobody is mid-visit.
        self.kiosk.session.end()  # the resident leaves, as "done" ends a visit
        with sample_link(self.kiosk, online=True, last_error=None, next_retry_in_s=None,
                         alert=False, out_of_service=True):
            self.let_time_pass(1)
            self.expect("out_of_service")
            self.shot("out-of-service")
        self.let_time_pass(1)
        self.expect("home")

    def walk_maintenance(self) -> None:
        with sample_link(self.kiosk):
            self.let_time_pass(1)
            self.at_home_in_mode()
            # The technician's way in: the footer held, then the PIN (a wrong one first).
            self.hold("terminal-id", FOOTER_HOLD_S)
            self.expect("technician_pin")
            self.shot("pin")
            self.type_digits("1234")
            self.tap("primary")
            self.shot("pin-refused")
            self.type_digits(TECHNICIAN_PIN)
            self.tap("primary")
            self.expect("technician")
            self._await_devices()
            self.shot("technician")
            self.page_down()
            self.shot("technician-scrolled")
            self.tap("sync-now")
            self.shot("technician-sync-asked")
            self.tap("back")
            self.expect("home")

    def _await_devices(self) -> None:
        """Device health comes from its own thread."""
        technician = self.vm.technician
        for _ in range(100):
            if technician.deviceRows and len(technician.deviceRows) > 1:
                self.settle()
                return
            self.driver.wait(20)
        raise TourAborted("the maintenance view never showed the devices")


# -- the whole tour -----------------------------------------------------------------


@dataclass
class TourResult:
    out_dir: Path
    shots: list[Shot]
    failures: list[str]
    qt_warnings: list[str]
    seconds: float

    @property
    def problem_count(self) -> int:
        return sum(len(s.problems) for s in self.shots) + len(self.failures) \
            + len(self.qt_warnings)

    def as_json(self) -> dict:
        names = sorted({s.name for s in self.shots})
        return {
            "screens": len(names),
            "pictures": len(self.shots),
            "orientations": list(ORIENTATIONS),
            "modes": list(MODES),
            "problems": self.problem_count,
            "failures": self.failures,
            "qt_warnings": self.qt_warnings,
            "seconds": round(self.seconds, 1),
            "made": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            "shots": [asdict(s) for s in self.shots],
        }


class _QtMessages:
    """Qt's warnings during the tour are problems too (passed on to any earlier handler)."""

    # Qt's own files: the keyboard's popup list, and the pinyin plugin announcing that it
    # creates its user dictionary on first use in a fresh data dir (every tour's).
    IGNORED = ("PopupList", "Couldn't load pipewire", "PinyinDecoderService::init()")

    def __init__(self) -> None:
        self.warnings: list[str] = []
        self._previous = None

    def __enter__(self):
        self._previous = qInstallMessageHandler(self._handle)
        return self

    def __exit__(self, *exc) -> None:
        qInstallMessageHandler(self._previous)

    def _handle(self, kind, context, message) -> None:
        if kind in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg) \
                and not any(part in message for part in self.IGNORED):
            self.warnings.append(message)
        if callable(self._previous):
            self._previous(kind, context, message)
        elif kind is not QtMsgType.QtDebugMsg:
            print(message, file=sys.stderr)


def run_tour(config, out_dir: Path, *, scratch_root: Path | None = None,
             orientations=ORIENTATIONS, modes=MODES) -> TourResult:
    """Draw every screen in every orientation and mode into `out_dir`; write tour.json.

    Needs a QGuiApplication (made here when there is none yet, offscreen)."""
    from ui.app import prepare_qt

    if QGuiApplication.instance() is None:
        prepare_qt(offscreen=True)
        app = QGuiApplication([sys.argv[0] if sys.argv else "kiosk"])
        app.setApplicationName("one-terminal-kiosk")
    out_dir.mkdir(parents=True, exist_ok=True)
    if scratch_root is not None:
        scratch_root.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    shots: list[Shot] = []
    failures: list[str] = []
    with _QtMessages() as messages, \
            tempfile.TemporaryDirectory(prefix="kiosk-tour-", dir=scratch_root) as scratch, \
            reference_platform(Path(scratch) / "platform") as platform:
        if platform.url is None:
            failures.append("the reference platform did not start: look-ups and proofs "
                            "are drawn without it")
        shapes: Path | None = None  # the handwriting pad's font shapes, drawn once
        for orientation in orientations:
            for mode in modes:
                data_dir = Path(scratch) / f"{orientation}-{mode}"
                tour = TerminalTour(config, data_dir, out_dir, orientation, mode, platform)
                if shapes is not None and shapes.is_dir():
                    shutil.copytree(shapes, handwriting_dir(data_dir), dirs_exist_ok=True)
                shapes = handwriting_dir(data_dir)
                try:
                    tour.walk()
                finally:
                    tour.close()
                shots += tour.shots
                failures += [f"{orientation}/{mode}: {f}" for f in tour.failures]
                log.info("tour %s/%s: %d pictures", orientation, mode, len(tour.shots))
    result = TourResult(out_dir, shots, failures, messages.warnings,
                        time.perf_counter() - started)
    (out_dir / "tour.json").write_text(
        json.dumps(result.as_json(), ensure_ascii=False, indent=2), encoding="utf-8")
    return result


@contextmanager
def reference_platform(folder: Path) -> Iterator:
    """The reference platform on a loopback port for the tour's terminals, as the demo
    starts it; `url` is None when it could not start."""
    from kiosk.sync.demo_platform import DemoPlatform

    platform = DemoPlatform(folder)
    platform.url = platform.start_server()
    try:
        yield platform
    finally:
        platform.stop()


def tour_command(config, out_dir: Path, scratch_root: Path | None) -> int:
    """`kiosk tour`: 0 when every screen passed its checks, 1 otherwise."""
    result = run_tour(config, out_dir, scratch_root=scratch_root)
    screens = len({s.name for s in result.shots})
    print(f"tour: {screens} screens, {len(result.shots)} pictures in {out_dir} "
          f"({result.seconds:.0f} s)")
    for shot in result.shots:
        for problem in shot.problems:
            print(f"  {shot.file}: {problem}")
    for failure in result.failures:
        print(f"  stopped: {failure}")
    for warning in result.qt_warnings:
        print(f"  Qt warning: {warning}")
    if result.problem_count:
        print(f"tour: {result.problem_count} problems; see {out_dir / 'tour.json'}")
        return 1
    return 0
