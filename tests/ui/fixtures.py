"""What the UI tests share: a whole terminal per test, a finger, cards, a clock, a tour.

`Terminal` wraps one `Kiosk` + `KioskScreens` built in the test's temporary directory.
Every step a test takes goes through the screen the way a resident's does: taps on
controls (`ScreenDriver`, which refuses hidden, covered or off-screen controls), keys and
candidates of the on-screen keyboard, cards laid on the emulated readers, and the session
clock ticked by the bridge. Assertions read what is on screen (visible texts, controls)
and, where the screen promises something about data, the store.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, QUrl
from PySide6.QtQml import QQmlComponent, QQmlExpression, qmlContext
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest

from ui.app import QML_DIR
from ui.bridge import DIM_AFTER_IDLE_S
from ui.rehearsal.driver import ScreenDriver, TapFailed, topmost_at
from ui.rehearsal.tour import TECHNICIAN_PIN, TourClock, sample_link
from ui.scene import descendants, is_within

FIXED_NOW = dt.datetime(2026, 11, 27, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))

# Fictional residents on the emulators' sample cards.
WANG = "wang_xiulan"
WANG_ID = "110101196803120028"
WANG_NAME = "王秀兰"
LI = "li_jianguo"

# The first apply item of the demo catalogue asks by digit pad, keyboard and choices and
# has three papers to capture: phone, child's name, child's ID number, residence.
APPLY_SERVICE = "义务教育入学登记（小学一年级）"
TYPED_SERVICE = "求职登记"  # an application that takes a typed ID number
PHONE = "13800138000"
CHILD_ID = "110101199003070011"
CAP_RATIO = 0.733  # Theme.capRatio: a capital H is this much of the font's pixel size
TEXT_CLASSES = ("QQuickText", "QQuickTextInput", "QQuickTextEdit")


def draws_plain_text(item: QQuickItem) -> bool:
    """A text item draws its text as plain text (PySide cannot read the enum itself)."""
    value, undefined = QQmlExpression(qmlContext(item), item,
                                      "textFormat === Text.PlainText").evaluate()
    assert not undefined
    return value


class Terminal:
    def __init__(self, kiosk, screens, *, started: bool = False,
                 clock: TourClock | None = None):
        self.kiosk = kiosk
        self.screens = screens
        self.vm = screens.app_vm
        self.journey = screens.app_vm.journeyModel
        self.window = screens.window
        self.driver = ScreenDriver(screens.window)
        self.started = started
        self.clock = clock
        self.closed = False
        if started:
            screens.start()
        self.frame()
        screens.keyboard_now()  # as it is a moment after the first frame
        self.frame()

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        self.screens.close()
        self.kiosk.close()

    # -- looking at the screen ------------------------------------------------------

    @property
    def screen(self) -> str:
        return self.vm.screen

    @property
    def data_dir(self):
        return self.kiosk.store.data_dir

    def frame(self) -> None:
        """Let the window lay out and paint what the last action changed, a receipt
        being printed (on the printer's thread) come out, and a look-up's answer (on its
        own thread) arrive."""
        self.driver.wait_for_frame()
        for _ in range(500):
            if not (self.journey.printing or self.journey.asking):
                break
            self.driver.wait(10)
        else:
            raise AssertionError("the printer or the platform never finished")
        self.driver.wait_for_frame()

    def names(self) -> list[str]:
        return self.driver.control_names()

    def visible_items(self) -> list[QQuickItem]:
        return [i for i in descendants(self.window.contentItem()) if i.isVisible()]

    def item(self, name: str) -> QQuickItem | None:
        """The visible item with this objectName (the last one: overlays come last)."""
        found = [i for i in self.visible_items() if i.objectName() == name]
        return found[-1] if found else None

    def text_of(self, name: str) -> str:
        item = self.item(name)
        assert item is not None, f"'{name}' is not on screen"
        return item.property("text")

    def in_view(self, item: QQuickItem) -> bool:
        """Some of `item` lies inside the window and every clipping area around it (a
        list's row scrolled out of sight is not in view)."""
        area = QRectF(0, 0, self.window.width(), self.window.height())
        node = item.parentItem()
        while node is not None:
            if node.clip():
                area = area.intersected(node.mapRectToScene(node.boundingRect()))
            node = node.parentItem()
        return area.intersects(item.mapRectToScene(item.boundingRect()))

    def texts(self) -> list[str]:
        """Every text a resident can see now, on the screen and its overlays."""
        keyboard = self.keyboard()
        return [i.property("text") for i in self.visible_items()
                if any(i.inherits(c) for c in TEXT_CLASSES)
                and i.property("text") and not is_within(i, keyboard) and self.in_view(i)]

    def rich_texts(self) -> list[str]:
        """Texts on the screen and its overlays, shown or laid out unseen, that Qt would
        take as rich text if they looked like HTML. Catalogue and platform text never may;
        the keyboard's own labels and a field's placeholder (the style's) are neither."""
        keyboard = self.keyboard()
        return [i.property("text") for i in descendants(self.window.contentItem())
                if i.inherits("QQuickText") and not i.inherits("QQuickPlaceholderText")
                and not is_within(i, keyboard) and not draws_plain_text(i)]

    def shows(self, fragment: str) -> bool:
        return any(fragment in text for text in self.texts())

    def rows(self, prefix: str) -> list[str]:
        """Titles of the list rows on screen ("service-", "result-")."""
        rows = [i for i in self.driver.controls() if i.objectName().startswith(prefix)]
        rows.sort(key=lambda i: int(i.objectName()[len(prefix):]))
        return [i.property("title") for i in rows]

    # -- a finger -------------------------------------------------------------------

    def tap(self, name: str) -> None:
        self.driver.tap(name)
        self.frame()

    def tap_raw(self, point: QPointF) -> None:
        """A touch wherever it lands, as on a dimmed screen."""
        QTest.mouseClick(self.window, Qt.MouseButton.LeftButton,
                         Qt.KeyboardModifier.NoModifier, QPoint(int(point.x()), int(point.y())))
        self.frame()

    def can_tap(self, name: str) -> bool:
        item = self.driver.find(name)
        return item is not None and self.driver.problem(item, name) is None

    def tap_row(self, prefix: str, title: str, *, pages: int = 30) -> None:
        """Tap the list row titled `title`, turning pages with "next page" as a finger would."""
        for _ in range(pages):
            for item in self.driver.controls():
                if item.objectName().startswith(prefix) and item.property("title") == title:
                    self.tap(item.objectName())
                    return
            if not self.can_tap("next-page"):
                break
            self.tap("next-page")
        raise TapFailed(f"no row '{title}' in the list")

    def type_digits(self, digits: str) -> None:
        for key in digits:
            self.tap("key-extra" if key in "X.-" else f"key-{key}")

    def press(self, name: str) -> QPoint:
        """A finger down on the item named `name` (a control or not), and kept there."""
        item = self.item(name)
        assert item is not None, f"'{name}' is not on screen"
        point = self.driver.centre(item)
        hit = topmost_at(self.window.contentItem(), point)
        assert is_within(hit, item), f"'{name}' is covered by {hit.objectName() or hit}"
        at = QPoint(int(point.x()), int(point.y()))
        QTest.mousePress(self.window, Qt.MouseButton.LeftButton,
                         Qt.KeyboardModifier.NoModifier, at)
        self.frame()
        return at

    def release(self, at: QPoint) -> None:
        QTest.mouseRelease(self.window, Qt.MouseButton.LeftButton,
                           Qt.KeyboardModifier.NoModifier, at)
        self.frame()

    def hold(self, name: str, seconds: int) -> None:
        """A finger kept on `name` while `seconds` pass on the session's clock."""
        at = self.press(name)
        self.advance(seconds)
        self.release(at)

    def sign_in_as_technician(self, pin: str = TECHNICIAN_PIN) -> None:
        """Home (or out of service) -> the footer held 5 s -> the PIN -> maintenance."""
        self.hold("terminal-id", 5)
        assert self.screen == "technician_pin"
        self.type_digits(pin)
        self.tap("primary")
        assert self.screen == "technician", self.vm.technician.pinMessage
        self.wait_until(lambda: len(self.vm.technician.deviceRows) > 1,
                        "the devices' health")

    # -- the on-screen keyboard -----------------------------------------------------

    def keyboard(self) -> QQuickItem:
        return self.window.findChild(QQuickItem, "keyboard")

    def keyboard_shown(self) -> bool:
        return self.keyboard().isVisible()

    def keyboard_keys(self) -> list[QQuickItem]:
        """Every key a finger can press on the keyboard now (not the spacers)."""
        return [i for i in descendants(self.keyboard()) if i.isVisible()
                and i.property("key") is not None
                and not i.metaObject().className().startswith("FillerKey")]

    def keyboard_candidates(self) -> list[QQuickItem]:
        """The words the keyboard offers, in view now: each word's whole button (the
        candidate list's delegate), not only its text."""
        view = next((i for i in descendants(self.keyboard())
                     if i.objectName() == "wordCandidateView"), None)
        if view is None or not view.isVisible():
            return []
        return [word for word in view.property("contentItem").childItems()
                if word.isVisible() and self.in_view(word)
                and any(i.inherits("QQuickText") and i.property("text")
                        for i in descendants(word))]

    def keyboard_parts(self) -> tuple[dict[str, QQuickItem], dict[str, QQuickItem]]:
        """(keys by label, word candidates by text) that are on screen now."""
        keys: dict[str, QQuickItem] = {}
        candidates: dict[str, QQuickItem] = {}

        def walk(item: QQuickItem, in_candidates: bool) -> None:
            for child in item.childItems():
                if not isinstance(child, QQuickItem) or not child.isVisible():
                    continue
                if child.property("key") is not None:
                    label = child.property("displayText") or child.property("text")
                    keys.setdefault(label, child)
                elif in_candidates and child.property("text"):
                    candidates.setdefault(child.property("text"), child)
                walk(child, in_candidates or child.objectName() == "wordCandidateView")

        walk(self.keyboard(), False)
        return keys, candidates

    def key_faces(self) -> dict[str, QQuickItem]:
        """The keys on the keyboard now, by the words drawn on each (markup left out)."""
        faces: dict[str, QQuickItem] = {}
        for key in self.keyboard_keys():
            drawn = [re.sub(r"<[^>]+>", "", i.property("text")) for i in descendants(key)
                     if i.inherits("QQuickText") and i.isVisible() and i.property("text")]
            faces.setdefault(" ".join(w for w in drawn if w.strip()), key)
        return faces

    def tap_key(self, words: str) -> None:
        """Press the keyboard's key showing `words`, as a finger would."""
        faces = self.key_faces()
        if words not in faces:
            raise TapFailed(f"no key saying '{words}' (have {sorted(faces)})")
        self._press(faces[words], f"key '{words}'")

    def _press(self, item: QQuickItem, what: str) -> None:
        point = item.mapToScene(QPointF(item.width() / 2, item.height() / 2))
        if not (0 <= point.x() < self.window.width() and 0 <= point.y() < self.window.height()):
            raise TapFailed(f"keyboard {what} lies outside the window")
        if not is_within(topmost_at(self.window.contentItem(), point), self.keyboard()):
            raise TapFailed(f"keyboard {what} is covered")
        self.tap_raw(point)

    def type_letters(self, letters: str) -> None:
        for letter in letters:
            keys, _ = self.keyboard_parts()
            if letter not in keys:
                raise TapFailed(f"no key '{letter}' on the keyboard")
            self._press(keys[letter], f"key '{letter}'")

    def candidates(self) -> list[str]:
        return list(self.keyboard_parts()[1])

    def pick(self, candidate: str) -> None:
        _, candidates = self.keyboard_parts()
        if candidate not in candidates:
            raise TapFailed(f"no candidate '{candidate}' (have {list(candidates)[:10]})")
        self._press(candidates[candidate], f"candidate '{candidate}'")

    def _editing(self) -> tuple[str, str]:
        item = self.window.activeFocusItem()
        if item is None:
            return "", ""
        return item.property("text") or "", item.property("preeditText") or ""

    def _steady_candidates(self) -> list[str]:
        """The candidate bar once it has caught up with the keyboard's decoder."""
        def where() -> list[tuple[str, float, float]]:
            return [(text, p.x(), p.y()) for text, item in self.keyboard_parts()[1].items()
                    for p in [item.mapToScene(QPointF(item.width() / 2, item.height() / 2))]]

        offered = where()
        for _ in range(100):  # the bar slides in: wait until nothing moves
            self.driver.wait(30)
            now = where()
            if now == offered:
                return [text for text, _, _ in now]
            offered = now
        raise AssertionError("the candidate bar never settled")

    def type_chinese(self, pinyin: str, characters: str) -> None:
        """Type the pinyin on the keyboard, then pick `characters` from the candidates."""
        text_before = self._editing()[0]
        self.type_letters(pinyin)
        self.wait_until(lambda: self._editing()[1].replace(" ", "").replace("'", "") == pinyin,
                        f"the keyboard to spell '{pinyin}'")
        self.choose(characters, text_before)

    def choose(self, characters: str, text_before: str = "") -> None:
        """Pick candidates until `characters` are in: the longest candidate that fits
        each time (a phrase, or one character at a time)."""
        done = ""
        while done != characters:
            left = characters[len(done):]
            offered = self._steady_candidates()
            fitting = [c for c in offered if left.startswith(c)]
            if not fitting:
                raise TapFailed(f"no candidate for '{left}' (have {offered[:10]})")
            choice = max(fitting, key=len)
            self.pick(choice)
            done += choice
            self.wait_until(lambda d=done: d in "".join(self._editing()),
                            f"'{done}' to be taken")
        self.wait_until(lambda: self._editing() == (text_before + characters, ""),
                        f"'{characters}' to be typed")

    # -- cards ----------------------------------------------------------------------

    def lay_id_card(self, who: str = WANG) -> None:
        self.kiosk.emulators["id_reader"].present_card(who)
        self._await_card("id_reader", present=True)

    def lift_id_card(self) -> None:
        self.kiosk.emulators["id_reader"].remove_card()
        self._await_card("id_reader", present=False)

    def insert_social_security_card(self, who: str = LI) -> None:
        self.kiosk.emulators["card_reader"].insert(who)
        self._await_card("card_reader", present=True)

    def take_social_security_card(self) -> None:
        self.kiosk.emulators["card_reader"].remove()
        self._await_card("card_reader", present=False)

    def _await_card(self, reader: str, *, present: bool) -> None:
        def done() -> bool:
            return (reader in self.kiosk.session.cards_in_readers) == present

        if self.started:  # the bridge's polling thread delivers it
            self.wait_until(done, f"the {reader} to report the card")
            return
        for _ in range(10):  # what the polling thread does, on this thread
            events = self.kiosk.devices.poll_cards()
            if events:
                self.screens.bridge._deliver(events)
            if done():
                self.frame()
                return
        raise AssertionError(f"the {reader} never reported the card")

    def wait_until(self, condition: Callable[[], bool], what: str, limit_s: float = 10) -> None:
        """Turn the event loop until `condition`; the limit only stops a hung test."""
        deadline = time.monotonic() + limit_s
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"gave up waiting for {what}")
            self.driver.wait(20)
        self.frame()

    # -- the session clock ----------------------------------------------------------

    def advance(self, seconds: int) -> None:
        """Let `seconds` pass, the bridge's clock ticking once a second as it does."""
        assert self.clock is not None, "make the terminal with fake_clock=True"
        for _ in range(seconds):
            self.clock.advance(1)
            self.screens.bridge._tick()
        self.frame()

    # -- the theme ------------------------------------------------------------------

    def theme(self) -> dict:
        """Theme.qml's values as the running screens see them (the engine's singleton)."""
        component = QQmlComponent(self.screens.engine)
        component.setData(b"import QtQuick\nQtObject { property var theme: Theme }",
                          QUrl.fromLocalFile(str(QML_DIR / "ThemeProbe.qml")))
        probe = component.create()
        assert probe is not None, component.errorString()
        theme = probe.property("theme")
        names = ("mm", "elder", "fontFamily", "capRatio", "bodySize", "smallSize", "headingSize",
                 "titleSize", "hugeSize", "minTarget", "background", "surface", "text",
                 "mutedText", "primary", "textOnPrimary", "error", "errorSurface", "success",
                 "verySatisfied", "satisfied", "fairlySatisfied", "dissatisfied",
                 "veryDissatisfied")
        values = {name: theme.property(name) for name in names}
        probe.deleteLater()
        return values


# -- journeys by taps, used by several test files -----------------------------------


def open_apply_service(t: Terminal, name: str = APPLY_SERVICE) -> None:
    t.tap("tile-apply")
    assert t.screen == "services"
    t.tap_row("service-", name)
    assert t.screen == "guide"


def to_first_question(t: Terminal) -> None:
    """Home -> apply -> the service's guide -> identify by ID card -> first question."""
    open_apply_service(t)
    t.tap("primary")
    assert t.screen == "identify"
    t.lay_id_card()
    assert t.screen == "question"


def answer_questions(t: Terminal, *, child_name=("wangxiaoming", "王小明")) -> None:
    """The service's four questions: pad, keyboard (pinyin), pad with X, a choice."""
    assert t.journey.fieldType == "phone"
    t.type_digits(PHONE)
    t.tap("primary")
    assert t.journey.fieldType == "text", t.journey.error
    t.tap("answer-field")
    t.type_chinese(*child_name)
    t.tap("primary")
    assert t.journey.fieldType == "id_number", t.journey.error
    t.type_digits(CHILD_ID)
    t.tap("primary")
    assert t.journey.fieldType == "choice", t.journey.error
    t.tap("choice-0")
    assert t.screen == "material"


def capture_materials(t: Terminal) -> int:
    t.kiosk.emulators["camera"].show_document()
    captured = 0
    while t.screen == "material":
        t.tap("primary")  # take the photo
        assert t.can_tap("retake")
        t.tap("primary")  # use it
        captured += 1
    assert t.screen == "check"
    return captured


def to_check(t: Terminal) -> None:
    to_first_question(t)
    answer_questions(t)
    capture_materials(t)


# -- a tour of every screen and overlay, by taps --------------------------------------


def tour(t: Terminal, visit: Callable[[str], None], *, elder: bool = False,
         english: bool = False) -> None:
    """Reach every screen and overlay a resident can reach, calling `visit(label)` at each.

    Needs a terminal made with `fake_clock=True` (the session warning, the time-out notice
    and the dimmed screen come from the clock). With `elder`, elder mode is switched on at
    the home screen, and again after each wipe, as a resident would; with `english`, the
    same for English (a screen shown to nobody, out of service, stays in Chinese).
    """
    def at_home() -> None:
        assert t.screen == "home"
        if elder and not t.vm.elderMode:
            t.tap("elder-mode")
        if english and t.vm.language != "en":
            t.tap("language")

    at_home()
    visit("home")
    if elder:
        t.tap("show-domains")
        visit("home-domains")

    # Search on the on-screen keyboard: results follow the pinyin, then the characters.
    t.tap("search")
    assert t.screen == "search"
    visit("search")
    t.tap("search-field")
    t.type_letters("shebaoka")
    t.wait_until(lambda: bool(t.rows("result-")), "results for the pinyin")
    visit("search-pinyin")
    t.choose("社保卡")
    assert any("社会保障卡" in row for row in t.rows("result-"))
    visit("search-results")
    t.tap("result-0")
    assert t.screen == "guide"
    t.tap("back")
    assert t.screen == "search"
    t.tap("home")
    at_home()

    # A domain's list; the apply list and its second page.
    t.tap("domain-social_security" if not elder else "tile-lookup")
    assert t.screen == "services"
    visit("services-other")
    t.tap("home")
    t.tap("tile-apply")
    visit("services")
    t.tap("next-page")
    visit("services-page-2")
    t.tap("previous-page")

    # Apply: guide, identify, every kind of question, materials, check, submit.
    t.tap_row("service-", APPLY_SERVICE)
    assert t.screen == "guide"
    visit("guide")
    if t.can_tap("scroll-down"):  # a guide that fits has one page
        t.tap("scroll-down")
    t.tap("print-checklist")
    visit("guide-printed")
    t.tap("primary")
    assert t.screen == "identify"
    visit("identify")
    t.lay_id_card()
    assert t.journey.fieldType == "phone"
    visit("question-digits")
    t.type_digits("123")
    t.tap("primary")
    visit("question-error")
    for _ in range(3):
        t.tap("key-erase")
    t.type_digits(PHONE)
    t.tap("primary")
    assert t.journey.fieldType == "text"
    t.tap("answer-field")
    t.type_letters("wangxiaoming")
    assert t.keyboard_shown() and t.candidates()
    visit("question-keyboard")
    t.choose("王小明")
    t.tap("home")  # answers would be lost: it asks first
    visit("confirm-home")
    t.tap("stay")
    t.tap("primary")
    assert t.journey.fieldType == "id_number"
    t.type_digits(CHILD_ID)
    t.tap("primary")
    assert t.journey.fieldType == "choice"
    visit("question-choices")
    t.advance(t.kiosk.session.idle_warning_s)  # doubled in elder mode
    assert t.vm.sessionWarning
    visit("session-warning")
    t.tap("more-time")
    t.tap("choice-0")
    assert t.screen == "material"
    visit("material")
    t.kiosk.emulators["camera"].show_document()
    t.tap("primary")
    visit("material-captured")
    t.tap("primary")
    t.tap("bring-later")
    while t.screen == "material":
        t.tap("primary")
        t.tap("primary")
    assert t.screen == "check"
    visit("check")
    t.tap("primary")
    assert t.screen == "confirmation"
    visit("confirmation")
    t.tap("primary")
    assert t.screen == "rating"
    visit("rating")
    t.tap("level-1")
    t.tap("opinion")
    t.type_chinese("taimanle", "太慢了")
    visit("rating-dissatisfied")
    t.tap("primary")
    assert t.screen == "end"
    visit("end")
    t.tap("primary")
    visit("end-take-card")
    t.lift_id_card()
    at_home()

    # Progress: no typed number here (it would open anyone's cases), and where to go
    # without a card; then the card: the case just filed.
    t.tap("tile-progress")
    assert t.screen == "identify" and t.item("type-id") is None
    visit("identify-no-typing")
    t.lay_id_card()
    assert t.screen == "lookup"
    visit("lookup")
    t.tap("primary")
    t.tap("primary")
    t.lift_id_card()
    at_home()

    # A typed number where the service takes one: an application the office verifies.
    open_apply_service(t, TYPED_SERVICE)
    t.tap("primary")
    t.tap("type-id")
    t.type_digits(WANG_ID)
    visit("identify-typed")
    t.tap("home")
    at_home()

    # The receipt printer out of paper: the number and a QR code on screen instead.
    t.kiosk.emulators["printer"].paper = "out"
    t.tap("tile-complain")
    t.insert_social_security_card()  # the other reader this time
    t.tap("choice-0")
    t.tap("skip")  # no tracking number to name
    t.tap("answer-field")
    t.type_chinese("paiduitaijiule", "排队太久了")
    t.tap("primary")
    assert t.journey.fieldType == "phone", t.journey.error
    t.type_digits(PHONE)
    t.tap("primary")
    assert t.screen == "check"
    t.tap("primary")
    assert t.screen == "confirmation"
    visit("confirmation-not-printed")
    t.kiosk.emulators["printer"].paper = "ok"
    t.tap("primary")
    t.tap("primary")
    t.take_social_security_card()

    # The platform takes the terminal out of service: it shows, now that nobody is here.
    with sample_link(t.kiosk, online=True, out_of_service=True):
        t.advance(1)
        assert t.screen == "out_of_service"
        visit("out-of-service")
    t.advance(1)
    at_home()

    # The platform out of reach: a calm line on home. The technician's way in (a wrong PIN
    # first) and the maintenance view.
    with sample_link(t.kiosk):
        t.advance(1)
        assert t.item("offline-notice") is not None
        visit("home-offline")
        t.hold("terminal-id", 5)
        assert t.screen == "technician_pin"
        visit("technician-pin")
        t.type_digits("1234")
        t.tap("primary")
        assert t.vm.technician.pinMessage
        visit("technician-pin-refused")
        t.type_digits(TECHNICIAN_PIN)
        t.tap("primary")
        assert t.screen == "technician"
        t.wait_until(lambda: len(t.vm.technician.deviceRows) > 1, "the devices' health")
        visit("technician")
        if t.can_tap("scroll-down"):
            t.tap("scroll-down")
            visit("technician-scrolled")
        t.tap("back")
    at_home()

    # Walked away mid-journey: warned, then wiped, then told why.
    t.tap("tile-apply")
    t.tap("service-0")
    config = t.kiosk.session  # its time limits, doubled in elder mode
    t.advance(config.idle_warning_s + config.countdown_s)
    assert t.screen == "home" and t.vm.notice
    visit("notice")
    t.tap("notice-ok")

    # Nobody there for a while: the screen dims; a touch wakes it.
    t.advance(config.idle_warning_s + config.countdown_s)  # the touch above started one
    t.advance(DIM_AFTER_IDLE_S)
    assert t.vm.dimmed
    visit("dimmed")
