"""`kiosk burn-in`: complete resident journeys by taps, the way a technician burns in a
new terminal before it goes into service.

Every tap is a touch point at the on-screen centre of a visible control (ui/rehearsal/driver.py),
so a control that is hidden, covered or under the keyboard fails that session, naming it.
Words are typed on the on-screen keyboard (pinyin, then the words it offers; digits on
its symbol page), numbers on the digit pad, cards laid on the emulated readers and
noticed by the bridge's own polling thread, papers shown to the emulated camera. The
event loop turns as in service: `KioskScreens.start()` runs the card poller and the
session clock, and every step waits in a real `QEventLoop` (for the next frame or a
timer), never in bare `processEvents()`, so deferred deletions run as they do on a
terminal.

The sessions rotate through every kind of visit: apply (a different service each time,
through all the list's pages), guide with the checklist printed, progress look-up,
complaint, rating a case. Submissions are marked as test traffic; the data dir is a
throw-away one unless the technician names one. A session that fails is recorded with
the reason, the terminal is brought back to an idle home screen, and burn-in goes on.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import statistics
import sys
import tempfile
import time
import traceback
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QGuiApplication

from kiosk import validators
from kiosk.catalogue.model import FieldType, IdentityProof, JourneyKind
from kiosk.logs import log_to_file, stop_logging_to
from ui.rehearsal.driver import TapFailed
from ui.rehearsal.keypad_hands import KeypadHands
from ui.rehearsal.tour import (
    CHILD_ID,
    PHONE,
    RESIDENT,
    TerminalTour,
    TourAborted,
    reference_platform,
)

# One visit of each kind in turn: every journey a resident has. Apply comes first, so
# that the rating visit has a case to rate. Look-ups are answered by the reference
# platform, which burn-in starts on a loopback port as the demo does.
ROTATION = ("apply", "guide", "progress", "lookup-public", "complain", "lookup-personal",
            "rate", "proof", "elicence", "pay", "event", "correction")
CARD_TIMEOUT_S = 5.0  # the poller notices a card within one poll interval (0.1 s)
BANK_CARD = "6222020200112233445"  # 19 digits: any "digits only" field takes a prefix
# Words typed as pinyin on the on-screen keyboard, and the words picked from its offers.
NAME = ("wangxiaoming", "王小明")
ADDRESS = ("xingfulu", "幸福路")


def _digit_only_credit_code() -> str:
    """A valid unified social credit code with no letters: the keyboard's symbol page
    has digits, and its pinyin page turns letters into pinyin."""
    for last in range(10):
        body = f"91350100000100{last:03d}"
        check = validators.credit_code_check_char(body)
        if check.isdigit():
            return body + check
    raise AssertionError("no digit-only credit code")


CREDIT_CODE = _digit_only_credit_code()


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _digits_for(pattern: str | None) -> str | None:
    """An answer for a text field that takes digits only (a bank card number, a count)."""
    match = re.fullmatch(r"\\d\{(\d+)(?:,(\d+))?\}", pattern or "")
    if not match:
        return None
    low = int(match.group(1))
    high = int(match.group(2) or low)
    return BANK_CARD[:max(low, min(high, len(BANK_CARD)))] if low >= 10 else "12"[:high]


class _PressClock(QObject):
    """When the last finger went down on the window, or the last key (before any QML or
    the keypad's filter saw it)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.at: float | None = None

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin,
                            QEvent.Type.KeyPress):
            self.at = time.perf_counter()
        return False


class BurnInTerminal(TerminalTour):
    """The tour's hands (taps, keyboard, cards), without pictures, with the bridge
    running, and every tap that changes the screen timed to the new screen's frame."""

    # Fingers on a touchscreen: touch points, as a touch panel sends them. Mouse clicks
    # on the on-screen keyboard take Qt's mouse path through its MultiPointTouchArea,
    # which makes a touch point for every press and never deletes it (Qt 6.11): about
    # 0.5 KB a key, which burn-in would add up while a touch panel never does (a panel
    # set up to act as a mouse would).
    touch = True

    def __init__(self, config, data_dir: Path, orientation: str, platform=None):
        super().__init__(config, data_dir, data_dir, orientation, "normal", platform)
        # Milliseconds from the finger's press to the new screen's first frame, for
        # every tap that changed the screen, by (screen before, screen after); kept in
        # arrays so that thousands of sessions do not grow the memory being measured.
        self.transitions: dict[tuple[str, str], array] = {}
        self._presses = _PressClock(self.window)
        self.window.installEventFilter(self._presses)
        self.handed_over = False  # the visit under way went to the staffed path
        self.service = ""  # the service of the visit under way, for failure reports
        self._visits = {"apply": 0, "guide": 0, "material": 0, "lookup-public": 0,
                        "lookup-personal": 0, "proof": 0, "elicence": 0, "pay": 0,
                        "event": 0}
        # Services by their place in the "我要办" list: life events, fees, applications.
        to_do = self.kiosk.catalogue.to_do()
        self._to_do = {kind: [n for n, item in enumerate(to_do) if item.journey is kind]
                       for kind in (JourneyKind.APPLY, JourneyKind.PAY, JourneyKind.EVENT)}
        # Applications asking for the household register, which the resident's card opens
        # in the e-licence library: taken from there with her consent, no photo.
        self._licence_applies = [n for n, item in enumerate(to_do) if item.journey is
                                 JourneyKind.APPLY and any(
                                     m.elicence == "household_register" for m in item.materials)]
        self.licences_taken = 0
        # Look-ups by their place in the look-up list: public ones, personal ones, and
        # those that print an A4 proof.
        lookups = self.kiosk.catalogue.by_journey(JourneyKind.LOOKUP)
        self._lookups = {  # a look-up of item schema 1 or 2 has no record: personal rows
            "lookup-public": [n for n, i in enumerate(lookups) if i.record and i.record.public],
            "lookup-personal": [n for n, i in enumerate(lookups)
                                if not (i.record and i.record.public)],
            "proof": [n for n, i in enumerate(lookups) if i.record and i.record.proof],
        }
        self._last_case = ""  # the tracking number on the last receipt
        self.screens.start()  # the card poller and the session clock, as in service

    def shot(self, label: str, *, overlay: str | None = None) -> None:
        self.settle()  # no pictures in burn-in

    def show_camera_a_document(self) -> None:
        self.kiosk.emulators["camera"].show_document()
        self.driver.wait(450)  # a few preview refreshes (every 150 ms)

    def _page(self) -> tuple[str, str]:
        """What the resident sees: the screen, and which step of the journey it shows
        (one question after another is a new page on the same screen)."""
        journey = self.journey_vm.journey
        step = journey.step.key if journey is not None else ""
        return self.vm.screen, step

    def tap(self, name: str) -> None:
        before = self._page()
        self._presses.at = None
        try:
            self.press_control(name)
        except TapFailed as exc:
            raise TourAborted(str(exc)) from None
        self.driver.wait_for_frame()
        if self._page() != before and self._presses.at is not None:
            elapsed_ms = (time.perf_counter() - self._presses.at) * 1000
            self.transitions.setdefault((before[0], self.vm.screen), array("d")).append(
                elapsed_ms)
        self.settle()

    def press_control(self, name: str) -> None:
        """A finger on the control (a keypad in `KeypadBurnIn`)."""
        self.driver.tap(name)

    # -- cards: noticed by the bridge's polling thread ------------------------------

    def _wait_for_cards(self, reader: str | None, present: bool) -> bool:
        """Until `reader` (or every reader, when None) reports a card or none."""
        deadline = time.perf_counter() + CARD_TIMEOUT_S
        while time.perf_counter() < deadline:
            readers = self.kiosk.session.cards_in_readers
            if (reader in readers if reader else bool(readers)) == present:
                return True
            self.driver.wait(20)
        return False

    def _cards(self, reader: str, present: bool) -> None:
        if not self._wait_for_cards(reader, present):
            raise TourAborted(f"the {reader} never reported the card")
        self.settle()

    def _recover(self) -> None:
        """Back to an idle home screen: cards lifted, paper in, session wiped."""
        self.kiosk.emulators["printer"].paper = "ok"
        self.kiosk.emulators["id_reader"].remove_card()
        self.kiosk.emulators["card_reader"].remove()
        self._wait_for_cards(None, False)
        self.vm.cancelHome()
        if self.vm.screen != "home":
            self.vm.goHome()
            if self.vm.confirmingHome:
                self.vm.confirmHome()
        self.kiosk.session.end()
        self.vm.dismissNotice()
        self.settle()

    def identify(self, proofs, turn: int) -> None:
        """The card the service takes: the ID card, or the social security card where
        the service takes only that one (and on every third visit where it takes both)."""
        both = IdentityProof.ID_CARD in proofs and IdentityProof.SOCIAL_SECURITY_CARD in proofs
        if IdentityProof.ID_CARD in proofs and not (both and turn % 3 == 2):
            self.lay_id_card()
        elif IdentityProof.SOCIAL_SECURITY_CARD in proofs:
            self.kiosk.emulators["card_reader"].insert(RESIDENT)
            self._cards("card_reader", True)
        else:
            raise TourAborted(f"burn-in has no card for a service that takes {proofs}")

    def finish_visit(self) -> None:
        """The end screen's "done", the take-your-card reminder, the cards taken."""
        self.expect("end")
        self.tap("primary")
        readers = set(self.kiosk.session.cards_in_readers)
        if "id_reader" in readers:
            self.lift_id_card()
        if "card_reader" in readers:
            self.kiosk.emulators["card_reader"].remove()
            self._cards("card_reader", False)
        self.expect("home")

    # -- typing -----------------------------------------------------------------------

    def type_symbols(self, text: str) -> None:
        """Digits and signs from the keyboard's symbol page, then back to letters."""
        keys, _ = self._keyboard_parts()
        if "&123" not in keys:
            raise TourAborted("the on-screen keyboard has no key for digits")
        self._press_keyboard(keys["&123"], "'&123'")
        for ch in text:
            keys, _ = self._keyboard_parts()
            if ch not in keys:
                raise TourAborted(f"no key '{ch}' on the keyboard's symbol page")
            self._press_keyboard(keys[ch], f"key '{ch}'")
        keys, _ = self._keyboard_parts()
        if "ABC" in keys:
            self._press_keyboard(keys["ABC"], "'ABC'")

    def type_words(self, pinyin: str, words: str) -> None:
        self.type_pinyin(pinyin)
        self.pick_candidates(words)

    # -- one question of a form -------------------------------------------------------

    def answer_question(self, turn: int) -> None:
        vm = self.journey_vm
        question = vm.journey.step.field
        label = question.label
        if vm.fieldType == "choice":
            self.tap(f"choice-{turn % len(vm.choices)}")
        elif vm.fieldValue:  # already known (from the card, or answered before)
            self.tap("primary")
        elif vm.fieldOptional and turn % 2:
            self.tap("skip")
        elif vm.useDigitPad:
            self.type_digits(self._pad_answer(question))
            self.tap("primary")
        else:
            self.tap("answer-field")
            digits = _digits_for(question.pattern)
            if question.type is FieldType.CREDIT_CODE:
                self.type_symbols(CREDIT_CODE)
            elif digits:
                self.type_symbols(digits)
            elif question.type is FieldType.ADDRESS:
                self.type_words(*ADDRESS)
            else:
                self.type_words(*NAME)
            self.tap("primary")
        if vm.error:
            raise TourAborted(f"the answer to '{label}' was refused: {vm.error}")

    @staticmethod
    def _pad_answer(question) -> str:
        match question.type:
            case FieldType.PHONE:
                return PHONE
            case FieldType.ID_NUMBER:
                return CHILD_ID
            case FieldType.DATE:
                return dt.date.today().isoformat()
            case FieldType.AMOUNT:
                from kiosk.demo import sample_answer

                return sample_answer(question)
        return _digits_for(question.pattern) or "12"

    def capture_material(self) -> None:
        """Take the photo; every third paper retaken first, every fifth brought later. A
        licence the e-licence library holds is taken from there instead (同意调取)."""
        self.wait_for(lambda: self.journey_vm.libraryState != "waiting",
                      "the e-licence library's answer")
        if self.journey_vm.libraryState == "offered":
            self.tap("primary")  # 同意调取
            self.licences_taken += 1
            return
        turn = self._visits["material"]
        self._visits["material"] += 1
        if turn % 5 == 4:
            self.tap("bring-later")
            return
        self.show_camera_a_document()
        self.tap("primary")  # take the photo
        if turn % 3 == 2:
            self.tap("retake")
            self.show_camera_a_document()
            self.tap("primary")
        self.tap("primary")  # use it
        if self.journey_vm.error:
            raise TourAborted(f"the photo was refused: {self.journey_vm.error}")

    # -- the visits ---------------------------------------------------------------------

    def _open_service(self, tile: str, index: int) -> None:
        """A service from a home tile's list, turning pages like a resident: its guide
        (a look-up starts at once: the identify screen, or its first question)."""
        self.at_home_in_mode()
        self.tap(tile)
        self.expect("services")
        page_size = self.vm.serviceList.pageSize  # as many rows as this screen fits
        for _ in range(index // page_size):
            self.tap("next-page")
        self.tap(f"service-{index % page_size}")
        if tile != "tile-lookup":
            self.expect("guide")
        item = getattr(self.journey_vm.journey, "item", None)
        self.service = item.code if item is not None else ""

    def walk_apply(self, kind: str = "apply") -> None:
        turn = self._visits[kind]
        self._visits[kind] += 1
        taken = self.licences_taken
        places = (self._licence_applies if kind == "elicence"
                  else self._to_do[JourneyKind.EVENT] if kind == "event"
                  else self._to_do[JourneyKind.APPLY])
        if not places:
            raise TourAborted(f"the catalogue has no application for a {kind} visit")
        self._open_service("tile-apply", places[turn % len(places)])
        self.tap("primary")
        self.expect("identify")
        self.identify(self.journey_vm.journey.item.identity_proofs, turn)
        questions = 0
        while self.vm.screen in ("question", "material"):
            if self.vm.screen == "material":
                self.capture_material()
            else:
                self.answer_question(turn + questions)
                questions += 1
            if questions > 60:
                raise TourAborted("the form never ends")
        self.expect("check")
        changes = [n for n in self.driver.control_names() if n.startswith("change-")]
        if turn % 4 == 1 and changes:  # change an answer, and come back to the check
            self.tap(changes[0])
            self.answer_question(turn + 1)
            self.expect("check")
        if turn % 4 == 3:  # start to leave, then stay
            self.tap("home")
            self.tap("stay")
            self.expect("check")
        if kind == "elicence" and self.licences_taken == taken:
            raise TourAborted("the household register was not offered from the library")
        self.tap("primary")  # submit
        self.expect("confirmation")
        self._last_case = self.journey_vm.journey.case[0]
        self.tap("primary")
        self.expect("rating")
        if turn % 2:
            self.tap("level-2")
            self.tap("reason-0")
        else:
            self.tap("level-5")
        self.tap("primary")
        self.expect("end")
        self.finish_visit()

    def walk_pay(self) -> None:
        """A fee by QR code, for herself or (every other visit) a family member, each
        tier in turn; the platform's provider pays it by command, as a phone would."""
        turn = self._visits["pay"]
        self._visits["pay"] += 1
        places = self._to_do[JourneyKind.PAY]
        if not places:
            raise TourAborted("the catalogue has no fee to pay")
        self._open_service("tile-apply", places[turn % len(places)])
        self.tap("primary")
        self.expect("identify")
        self.identify(self.journey_vm.journey.item.identity_proofs, turn)
        questions = 0
        while self.vm.screen == "question":
            self.answer_question(turn + questions)
            questions += 1
            if questions > 5:
                raise TourAborted("the fee's questions never end")
        self.expect("check")
        self.tap("primary")  # 去付款
        self.expect("payment")
        self.pay_the_order()
        self.tap("primary")
        self.rate_well_and_finish()

    def walk_correction(self) -> None:
        """The office sends the last application back (the platform's command); she
        answers it from her progress look-up: a phone number and a photo."""
        case = self._last_case
        if not case:
            raise TourAborted("no application filed earlier to send back")
        self.service = case
        self.send_back(case)
        self.at_home_in_mode()
        self.tap("tile-progress")
        self.expect("identify")
        self.lay_id_card()
        self.expect("lookup")
        self.tap("correct-0")
        while self.vm.screen in ("question", "material"):
            if self.vm.screen == "material":
                self.capture_material()
            else:
                self.answer_question(0)
        self.expect("check")
        self.tap("primary")
        self.expect("confirmation")
        self.tap("primary")
        self.expect("end")
        self.finish_visit()

    def walk_guide(self) -> None:
        turn = self._visits["guide"]
        self._visits["guide"] += 1
        self._open_service("tile-guide", turn % len(self.kiosk.catalogue.items))
        if self.driver.find("scroll-down") is not None:  # enabled when there is more
            self.tap("scroll-down")
        self.tap("print-checklist")
        if not self.journey_vm.printMessage:
            raise TourAborted("printing the checklist said nothing")
        self.tap("primary")  # read it all
        if self.vm.screen == "end":
            self.finish_visit()
        self.expect("home")

    def walk_rate(self) -> None:
        """Rate the case filed last, by the tracking number on its receipt."""
        case = self._last_case
        if not case:
            raise TourAborted("no application filed earlier to rate")
        self.service = case
        self.at_home_in_mode()
        self.tap("tile-rate")
        self.expect("identify")
        self.lay_id_card()
        self.expect("question")
        self.tap("answer-field")
        self.type_tracking_number(case)
        self.tap("primary")
        if self.journey_vm.error:
            raise TourAborted(f"the tracking number was refused: {self.journey_vm.error}")
        self.expect("rating")
        self.tap("level-4")
        self.tap("primary")
        self.expect("end")
        self.finish_visit()

    def walk_lookup(self, kind: str) -> None:
        """A look-up of the kind's next item: public ones need no card; a resident's own
        record turns a page where there is one, and every third prints its slip; a proof
        visit prints the A4 proof."""
        turn = self._visits[kind]
        self._visits[kind] += 1
        places = self._lookups[kind]
        if not places:
            raise TourAborted(f"the catalogue has no look-up of the kind {kind}")
        self._open_service("tile-lookup", places[turn % len(places)])
        if self.vm.screen == "identify":
            self.identify(self.journey_vm.journey.item.identity_proofs, turn)
        questions = 0
        while self.vm.screen == "question":
            self.answer_question(turn + questions)
            questions += 1
            if questions > 20:
                raise TourAborted("the look-up's questions never end")
        self.expect("lookup")
        result = self.journey_vm.journey.result
        if result is None or result.unavailable is not None:
            raise TourAborted(f"the platform did not answer: {self.journey_vm.lookup['notice']}")
        record = self.journey_vm.lookup["record"]
        if record and record["pages"] > 1:
            self.tap("next-page")
        if kind == "proof":
            self.tap("print-proof")
            if self.journey_vm.printFailed or not self.journey_vm.printMessage:
                raise TourAborted(f"the proof did not print: {self.journey_vm.printMessage}")
        elif record and turn % 3 == 0:
            self.tap("print-record")
            if self.journey_vm.printFailed:
                raise TourAborted(f"the slip did not print: {self.journey_vm.printMessage}")
        self.tap("primary")
        self.expect("end")
        self.finish_visit()

    def type_tracking_number(self, number: str) -> None:
        """As on the receipt (DEMO01-20261129-00042): its letters as pinyin letters
        the enter key keeps as they are, the rest on the symbol page."""
        for part in re.findall(r"[A-Za-z]+|[^A-Za-z]+", number):
            if part.isalpha():
                self.type_pinyin(part.lower())
                keys, _ = self._keyboard_parts()
                self._press_keyboard(keys["\n"], "enter")
            else:
                self.type_symbols(part)

    # -- one session --------------------------------------------------------------------

    def session(self, number: int, kind: str) -> str | None:
        """One visit; None when it went through, else why it did not."""
        self.service = ""
        self.handed_over = False
        self._journey = kind
        self._step = 0
        walk = {"apply": self.walk_apply, "guide": self.walk_guide,
                "progress": self.walk_progress, "complain": self.walk_complain,
                "rate": self.walk_rate,
                "lookup-public": lambda: self.walk_lookup("lookup-public"),
                "lookup-personal": lambda: self.walk_lookup("lookup-personal"),
                "proof": lambda: self.walk_lookup("proof"),
                "elicence": lambda: self.walk_apply("elicence"),
                "pay": self.walk_pay, "event": lambda: self.walk_apply("event"),
                "correction": self.walk_correction}[kind]
        try:
            walk()
            return None
        except HandedOver:
            self.handed_over = True
            try:
                if self.vm.screen != "home":  # a visit with no card ends at once
                    self.finish_visit()
                return None
            except TourAborted as exc:
                reason = f"after handing over: {exc}"
        except TourAborted as exc:
            reason = str(exc)
        except Exception as exc:  # noqa: BLE001 - burn-in reports it and goes on
            frame = traceback.extract_tb(exc.__traceback__)[-1]
            reason = (f"{type(exc).__name__} at {Path(frame.filename).name}:{frame.lineno}: "
                      f"{exc}")
        where = f"{kind} {self.service}".strip()
        try:
            self._recover()
        except Exception as exc:  # noqa: BLE001
            reason += f"; and recovering failed: {type(exc).__name__}: {exc}"
        return f"session {number} ({where}): {reason}"


class HandedOver(Exception):
    """The resident took the staffed path: the visit ends at the counter."""


class KeypadBurnIn(BurnInTerminal):
    """Burn-in by the tactile keypad alone (`--input keypad`): every control reached with
    Down and pressed with Enter, digits by their keys, pages by left and right, and words
    typed on the on-screen keyboard with its arrows (ui/rehearsal/keypad_hands.py). One visit in
    `hand_over_every` that meets a question needing words takes the way to a counter
    instead, as a resident who cannot type would."""

    touch = False

    def __init__(self, config, data_dir: Path, orientation: str, platform=None, *,
                 hand_over_every: int = 4):
        super().__init__(config, data_dir, orientation, platform)
        self._hand_over_every = hand_over_every
        self.hands = KeypadHands(self.window, self.screens.keypad, config.keypad, self.settle)
        self._visits_with_words = 0  # visits that met a question needing words
        self._words_this_visit = False
        self._field = ""  # the text field typed in last

    def session(self, number: int, kind: str) -> str | None:
        self._words_this_visit = False
        self._field = ""
        return super().session(number, kind)

    def press_control(self, name: str) -> None:
        if name == "answer-field" and not self._words_this_visit:
            self._words_this_visit = True
            self._visits_with_words += 1
            if self._visits_with_words % self._hand_over_every == 0:
                self.hand_over()
        control = self.driver.find(name)
        if control is not None and control.inherits("QQuickTextInput"):
            self._field = name
        self.hands.press(name)

    def hand_over(self) -> None:
        self.hands.press("staffed-path")
        if not self.vm.staffedPathShown:
            raise TourAborted("the way to a counter did not open")
        self.hands.press("staffed-end")
        raise HandedOver()

    def _keyboard_parts(self):
        """The keyboard is put away to reach a button: back to the field to type more."""
        if not self.hands.keyboard_up() and self._field:
            self.hands.press(self._field)
        return super()._keyboard_parts()

    def _press_keyboard(self, item, what: str) -> None:
        try:
            self.hands.press_on_keyboard(item)
        except TapFailed as exc:
            raise TourAborted(f"keyboard {what}: {exc}") from None


@dataclass
class BurnInReport:
    sessions: int
    completed: int = 0
    failures: list[str] = field(default_factory=list)
    transitions_ms: list[float] = field(default_factory=list)
    by_new_screen: dict[str, list[float]] = field(default_factory=dict)
    rss_mb_after_100: float | None = None
    rss_mb_every_100: list[float] = field(default_factory=list)
    rss_mb_end: float = 0.0
    submissions_queued: int = 0
    submissions_test_traffic: int = 0
    licences_taken: int = 0  # papers taken from the e-licence library instead of a photo
    seconds: float = 0.0
    input: str = "touch"
    # Per journey kind: sessions, completed (handed over included), handed over, failed.
    by_kind: dict[str, dict[str, int]] = field(default_factory=dict)

    def count(self, kind: str, *, failed: bool, handed_over: bool) -> None:
        tally = self.by_kind.setdefault(
            kind, {"sessions": 0, "completed": 0, "handed_over": 0, "failed": 0})
        tally["sessions"] += 1
        tally["failed" if failed else "completed"] += 1
        tally["handed_over"] += handed_over

    def as_json(self) -> dict:
        samples = sorted(self.transitions_ms)

        def percentile(q: float) -> float | None:
            if not samples:
                return None
            return round(samples[min(len(samples) - 1, int(q * len(samples)))], 1)

        return {
            "sessions": self.sessions,
            "sessions_completed": self.completed,
            "sessions_failed": len(self.failures),
            "failures": self.failures,
            "transition_ms": {
                "p50": round(statistics.median(samples), 1) if samples else None,
                "p95": percentile(0.95), "max": round(samples[-1], 1) if samples else None,
                "transitions": len(samples)},
            "rss_mb_after_100": round(self.rss_mb_after_100, 1)
            if self.rss_mb_after_100 is not None else None,
            "rss_mb_end": round(self.rss_mb_end, 1),
            "rss_mb_every_100": [round(r, 1) for r in self.rss_mb_every_100],
            "submissions_queued": self.submissions_queued,
            "submissions_test_traffic": self.submissions_test_traffic,
            "licences_taken": self.licences_taken,
            "seconds": round(self.seconds, 1),
            "input": self.input,
            "by_kind": self.by_kind,
            "sessions_handed_over": sum(k["handed_over"] for k in self.by_kind.values()),
        }


def run_burn_in(config, sessions: int, *, data_dir: Path | None = None,
                orientation: str | None = None, keypad: bool = False,
                hand_over_every: int = 4,
                before_session: Callable[[int, BurnInTerminal], None] | None = None,
                ) -> BurnInReport:
    """Drive `sessions` visits and report; `before_session(n, terminal)` lets a test
    meddle with the screen before visit n. Makes an offscreen QGuiApplication when
    there is none."""
    from ui.app import prepare_qt

    if QGuiApplication.instance() is None:
        prepare_qt(offscreen=True)
        app = QGuiApplication([sys.argv[0] if sys.argv else "kiosk"])
        app.setApplicationName("one-terminal-kiosk")
    report = BurnInReport(sessions, input="keypad" if keypad else "touch")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="kiosk-burn-in-") as scratch, \
            reference_platform(Path(scratch) / "platform") as platform:
        where = (config, data_dir or Path(scratch) / "data",  # its keys beside it, in scratch
                 orientation or config.screen.orientation, platform)
        # A technician's burn-in of this terminal goes into its log.
        file_log = log_to_file(data_dir) if data_dir is not None else None
        terminal = (KeypadBurnIn(*where, hand_over_every=hand_over_every) if keypad
                    else BurnInTerminal(*where))
        try:
            for number in range(1, sessions + 1):
                if before_session is not None:
                    before_session(number, terminal)
                kind = ROTATION[(number - 1) % len(ROTATION)]
                failure = terminal.session(number, kind)
                report.count(kind, failed=bool(failure),
                             handed_over=terminal.handed_over and not failure)
                if failure:
                    report.failures.append(failure)
                else:
                    report.completed += 1
                if number % 100 == 0:
                    report.rss_mb_every_100.append(rss_mb())
                    if number == 100:
                        report.rss_mb_after_100 = rss_mb()
            # With the terminal still up, as after session 100: once its screens and
            # store are closed the process is smaller, and that says nothing of a creep.
            report.rss_mb_end = rss_mb()
            for (_, after), taps in terminal.transitions.items():
                report.by_new_screen.setdefault(after, []).extend(taps)
                report.transitions_ms.extend(taps)
            # Every submission filed, sent or not (a correction visit sends the queue first).
            queued = terminal.kiosk.store.outbox.queue_rows(limit=sessions * 4 + 100,
                                                            include_done=True)
            report.submissions_queued = len(queued)
            report.submissions_test_traffic = sum(1 for e in queued if e.test_traffic)
            report.licences_taken = terminal.licences_taken
        finally:
            terminal.close()
            stop_logging_to(file_log)
    report.seconds = time.perf_counter() - started
    return report


def burn_in_command(config, sessions: int, *, as_json: bool, data_dir: Path | None,
                    orientation: str | None, keypad: bool = False) -> int:
    """`kiosk burn-in`: 0 only when every session went through."""
    report = run_burn_in(config, sessions, data_dir=data_dir, orientation=orientation,
                         keypad=keypad)
    result = report.as_json()
    if as_json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        taps = result["transition_ms"]
        print(f"burn-in: {report.completed} of {sessions} sessions completed in "
              f"{report.seconds:.0f} s; tap to the new screen's first frame p50 "
              f"{taps['p50']} ms, p95 {taps['p95']} ms; RSS {result['rss_mb_end']} MB "
              f"(after session 100: {result['rss_mb_after_100']}); "
              f"{report.submissions_queued} test submissions queued; by {report.input}, "
              f"{result['sessions_handed_over']} handed over to a counter")
        for failure in report.failures:
            print(f"  failed: {failure}")
    return 0 if report.completed == sessions else 1
