"""The keypad on every screen a resident meets (issue 11): Down reaches every control once,
in the order a reader takes them, only an overlay's when one is up, and Enter does what a
tap does; the focus ring, measured on the picture, is thick enough and stands out
(WCAG 2.4.13 focus appearance, 1.4.11 non-text contrast).

The expected order is judged from the controls' rectangles on screen, never from the
keypad's own list: a control wholly below another comes after it; of two side by side
on one row, the left one comes first.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest

from tests.ui.fixtures import APPLY_SERVICE, PHONE, Terminal, to_first_question, tour
from ui.bridge import DIM_AFTER_IDLE_S
from ui.scene import descendants, is_within, shown

SLACK_PX = 1.0  # layout rounding
MIN_RING_MM = 0.8
MIN_CONTRAST = 3.0
DIGIT_KEY = re.compile(r"key-(\d)$")


# -- what the resident sees, judged without the keypad's help ---------------------------


def rect(item: QQuickItem) -> QRectF:
    return item.mapRectToScene(QRectF(0, 0, item.width(), item.height()))


def overlay_up(t: Terminal) -> QQuickItem | None:
    """The card over the screen (it takes every touch behind it), if one is up."""
    up = [i for i in t.window.contentItem().childItems()
          if i.isVisible() and i.property("overlay") is True]
    return max(up, key=lambda i: i.z()) if up else None


def pressable(t: Terminal) -> list[QQuickItem]:
    """Every control a finger could press now: drawn, enabled, on the overlay if one is up."""
    overlay = overlay_up(t)
    return [i for i in descendants(t.window.contentItem())
            if i.property("kioskControl") and shown(i) and i.isEnabled()
            and (overlay is None or is_within(i, overlay))]


def focused(t: Terminal) -> QQuickItem | None:
    """The control holding the focus (a text field's inner parts count as the field)."""
    item = t.window.activeFocusItem()
    while item is not None and not item.property("kioskControl"):
        item = item.parentItem()
    return item


def typing(t: Terminal) -> bool:
    """The keyboard is up for a field: the keypad's arrows walk its keys then."""
    item = t.window.activeFocusItem()
    return item is not None and item.inherits("QQuickTextInput") \
        and QGuiApplication.inputMethod().isVisible()


def name(item: QQuickItem | None) -> str:
    if item is None:
        return "nothing"
    return item.objectName() or repr(item.property("text"))


def reading_first(a: QRectF, b: QRectF) -> bool:
    """A reader takes `b` before `a`: `a` lies wholly below `b`, or beside it on its
    right on the same row."""
    if a.top() >= b.bottom() - SLACK_PX:
        return True
    same_row = a.top() < b.bottom() - SLACK_PX and b.top() < a.bottom() - SLACK_PX
    return same_row and a.left() >= b.right() - SLACK_PX


def order_problems(walked: list[QQuickItem]) -> list[str]:
    """Pairs the walk takes against reading order, the cycle started at its top left."""
    if not walked:
        return []
    start = min(range(len(walked)), key=lambda k: (rect(walked[k]).top(), rect(walked[k]).left()))
    cycle = walked[start:] + walked[:start]
    return [f"'{name(a)}' before '{name(b)}'"
            for i, a in enumerate(cycle) for b in cycle[i + 1:]
            if reading_first(rect(a), rect(b))]


def press(t: Terminal, key: Qt.Key) -> None:
    QTest.keyClick(t.window, key)
    t.frame()


def walk(t: Terminal, label: str) -> list[str]:
    """Down through the screen until the focus comes round again: what a resident on the
    keypad would find wrong. Not with the keyboard up: its arrows walk its keys then."""
    expected = pressable(t)
    seen: list[QQuickItem] = []
    for _ in range(len(expected) + 1):
        press(t, Qt.Key.Key_Down)
        seen.append(focused(t))
        if typing(t):
            return [f"{label}: passing '{name(seen[-1])}' brought the keyboard up"]
    problems = []
    walked = seen[:-1]
    missed = [name(c) for c in expected if c not in walked]
    extra = [name(c) for c in walked if c not in expected]
    twice = sorted({name(c) for c in walked if walked.count(c) > 1})
    if missed:
        problems.append(f"never reached: {missed}")
    if extra:
        problems.append(f"reached but not a control to press now: {extra}")
    if twice:
        problems.append(f"reached twice before coming round: {twice}")
    if seen[-1] is not seen[0]:
        problems.append(f"does not come round to '{name(seen[0])}' but to '{name(seen[-1])}'")
    if not (missed or extra or twice):
        problems += [f"out of reading order: {p}" for p in order_problems(walked)]
        hidden = [name(c) for c in walked if not t.in_view(c)]
        if hidden:
            problems.append(f"focus goes out of sight: {hidden}")
    return [f"{label}: {p}" for p in problems]


class KeypadFinger:
    """Stands in for the tour's finger: each tap on a button or a row is done by the
    keypad instead (Down until the control has the focus, then Enter; a digit key for the
    digit pad), so the tour's own checks after it prove that Enter did what the tap does.
    With the keyboard up it is put away (back) first, as a keypad user does."""

    def __init__(self, t: Terminal):
        self.t = t
        self.finger = t.tap
        self.by_finger: list[str] = []
        self.by_keypad: list[str] = []
        self.pressed_on: set[str] = set()  # screens a key was pressed on

    def tap(self, target: str) -> None:
        t = self.t
        control = t.driver.find(target)
        if control is None:
            self.by_finger.append(f"{t.screen}/{target}")
            self.finger(target)
            return
        if typing(t) and not DIGIT_KEY.match(target):
            press(t, Qt.Key.Key_Escape)
            control = t.driver.find(target)  # the keyboard's going may move it
        pressed_on = t.screen
        digit = DIGIT_KEY.match(target)
        if digit:
            press(t, getattr(Qt.Key, f"Key_{digit.group(1)}"))
        else:
            for _ in range(len(pressable(t)) + 1):
                if focused(t) is control:
                    break
                press(t, Qt.Key.Key_Down)
            assert focused(t) is control, f"{t.screen}: the keypad never reaches '{target}'"
            press(t, Qt.Key.Key_Return)
        self.by_keypad.append(f"{t.screen}/{target}")  # the screen the key led to
        self.pressed_on.add(pressed_on)


@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
def test_every_screen_by_keypad_every_control_once_in_reading_order(make_terminal,
                                                                    orientation):
    t = make_terminal(orientation=orientation, fake_clock=True)
    keypad = KeypadFinger(t)
    problems: list[str] = []
    walked: list[str] = []
    typing_on: list[str] = []  # the keyboard up: the arrows are its own (test_keypad.py)

    def visit(label: str) -> None:
        if t.vm.dimmed:
            return  # the dim layer only wakes; nothing on it to reach
        if typing(t):  # a walk would put the keyboard away and lose the pinyin typed
            typing_on.append(label)
            return
        problems.extend(walk(t, label))
        walked.append(label)
        if label == "out-of-service":  # the hotline card over it, and closed by keypad
            keypad.tap("hotline")
            card = t.item("hotline-card")
            assert card is not None and card.isVisible()
            problems.extend(walk(t, "hotline-card"))
            walked.append("hotline-card")
            keypad.tap("hotline-close")
            assert not t.item("hotline-card")

    t.tap = keypad.tap
    tour(t, visit)
    assert not problems, "\n".join(problems)
    screens = {"home", "services", "services-page-2", "guide", "identify", "question-digits",
               "question-choices", "session-warning", "material", "check", "confirmation",
               "rating", "end", "identify-typed", "identify-no-typing", "lookup",
               "out-of-service", "hotline-card", "notice", "confirm-home"}
    assert screens <= set(walked), sorted(screens - set(walked))
    # Enter did the tour's taps on the screens (the tour checked where each one led).
    pressed_on = {p.split("/")[0] for p in keypad.by_keypad} | keypad.pressed_on
    assert {"home", "services", "guide", "identify", "question", "material", "check",
            "confirmation", "rating", "end", "lookup", "out_of_service", "search"} <= pressed_on
    # Screens drawn with the keyboard up; the ones below it are walked by the tests after.
    assert set(typing_on) <= {"search", "search-pinyin", "search-results",
                              "question-keyboard", "rating-dissatisfied"}, typing_on


def test_the_reading_order_judge_catches_a_wrong_order():
    """The judge itself: below comes after, left before right on one row."""
    top, below = QRectF(0, 0, 100, 50), QRectF(0, 60, 100, 50)
    left, right = QRectF(0, 0, 100, 50), QRectF(120, 10, 100, 50)
    assert reading_first(below, top) and not reading_first(top, below)
    assert reading_first(right, left) and not reading_first(left, right)


def test_keys_alone_wake_a_dimmed_screen_and_keep_a_visit_alive(make_terminal):
    """A resident on the keypad alone is at work as much as one touching the glass: the
    first key on a dimmed screen wakes it (and does nothing else, as the first touch), and
    the time-out warning does not come while keys are pressed."""
    t = make_terminal(fake_clock=True)
    t.advance(DIM_AFTER_IDLE_S)
    assert t.vm.dimmed
    press(t, Qt.Key.Key_Down)
    assert not t.vm.dimmed
    assert focused(t) is None  # the key only woke the screen
    KeypadFinger(t).tap("tile-apply")
    assert t.screen == "services"
    for _ in range(3):
        t.advance(t.kiosk.session.idle_warning_s - 5)
        press(t, Qt.Key.Key_Down)
    assert not t.vm.sessionWarning and t.screen == "services"


# -- a text field keeps the keypad's keys ---------------------------------------------------
# A field keeps the keys only while the keyboard is up for it (its arrows walk the keys):
# back puts it away, and a card over the field takes the keys from it.


def test_down_leaves_the_search_field_for_the_results(terminal):
    t = terminal
    t.tap("search")
    t.type_letters("shebaoka")
    t.wait_until(lambda: bool(t.rows("result-")), "results for the pinyin")
    press(t, Qt.Key.Key_Escape)  # the keyboard away: the arrows are the screen's again
    for _ in range(len(pressable(t)) + 1):
        press(t, Qt.Key.Key_Down)
        if name(focused(t)) == "result-0":
            break
    assert name(focused(t)) == "result-0"
    press(t, Qt.Key.Key_Return)
    assert t.screen == "guide"


def test_the_confirm_leave_card_over_a_field_is_reached_by_keypad(terminal):
    t = terminal
    to_first_question(t)
    t.type_digits(PHONE)
    t.tap("primary")
    assert t.journey.fieldType == "text"
    t.tap("answer-field")
    t.tap("home")
    assert t.vm.confirmingHome
    press(t, Qt.Key.Key_Down)
    assert name(focused(t)) == "stay"
    press(t, Qt.Key.Key_Return)
    assert not t.vm.confirmingHome and t.screen == "question"


# -- the focus ring, measured on the picture ------------------------------------------------


def picture(t: Terminal) -> np.ndarray:
    """The window as the resident sees it: (height, width, 3) floats 0..1."""
    image = t.window.grabWindow().convertToFormat(QImage.Format.Format_RGB32)
    width, height = image.width(), image.height()
    stride = image.bytesPerLine() // 4
    data = np.frombuffer(image.constBits(), dtype=np.uint32, count=stride * height)
    rgb = data.reshape(height, stride)[:, :width]
    channels = [(rgb >> shift) & 0xFF for shift in (16, 8, 0)]
    return np.stack(channels, axis=-1).astype(float) / 255


def luminance(rgb: np.ndarray) -> np.ndarray:
    linear = np.where(rgb <= 0.03928, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return linear @ np.array([0.2126, 0.7152, 0.0722])


def contrast(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    la, lb = luminance(a), luminance(b)
    return (np.maximum(la, lb) + 0.05) / (np.minimum(la, lb) + 0.05)


def ring_across(before: np.ndarray, after: np.ndarray, path: list[tuple[int, int]]) -> dict:
    """Along `path` (pixels going outward from the control's edge): the ring is the run of
    pixels that focusing changed by at least 3:1; what lies just inside and just outside
    it are the first pixels focusing left as they were."""
    ys, xs = zip(*path, strict=True)
    was, now = before[list(ys), list(xs)], after[list(ys), list(xs)]
    changed = contrast(was, now) >= MIN_CONTRAST
    if not changed.any():
        return {"thickness": 0}
    start = int(np.argmax(changed))
    end = start
    while end < len(path) and changed[end]:
        end += 1
    same = np.all(np.abs(was - now) < 1 / 255, axis=-1)
    inside = next((k for k in range(start - 1, -1, -1) if same[k]), None)
    outside = next((k for k in range(end, len(path)) if same[k]), None)
    ring = now[(start + end) // 2]
    return {"thickness": end - start, "ring": ring,
            "inside": None if inside is None else float(contrast(ring, now[inside])),
            "outside": None if outside is None else float(contrast(ring, now[outside]))}


def measure_ring(t: Terminal, control: QQuickItem, before: np.ndarray) -> list[str]:
    """Focus `control` by keypad and measure its ring on all four sides."""
    for _ in range(len(pressable(t)) + 1):
        if focused(t) is control:
            break
        press(t, Qt.Key.Key_Down)
    assert focused(t) is control, f"the keypad never reaches '{name(control)}'"
    after = picture(t)
    mm = t.vm.pxPerMm
    reach = round(4 * mm)  # well past the gap and the ring
    box = rect(control)
    cx, cy = int(box.center().x()), int(box.center().y())
    left, right = int(box.left()), int(box.right()) - 1
    top, bottom = int(box.top()), int(box.bottom()) - 1
    sides = {"left": [(cy, left - k) for k in range(reach)],
             "right": [(cy, right + k) for k in range(reach)],
             "top": [(top - k, cx) for k in range(reach)],
             "bottom": [(bottom + k, cx) for k in range(reach)]}
    problems = []
    for side, path in sides.items():
        found = ring_across(before, after, path)
        width_mm = found["thickness"] / mm
        if width_mm < MIN_RING_MM:
            problems.append(f"{side}: ring {width_mm:.2f} mm of 3:1 change, under {MIN_RING_MM}")
            continue
        for where in ("inside", "outside"):
            if found[where] is None:
                problems.append(f"{side}: nothing unchanged {where} the ring")
            elif found[where] < MIN_CONTRAST:
                problems.append(f"{side}: ring {found[where]:.2f}:1 against {where}")
    return [f"'{name(control)}' {p}" for p in problems]


@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
def test_the_focus_ring_on_the_picture_is_thick_and_contrasts(make_terminal, orientation):
    t = make_terminal(orientation=orientation)
    problems: list[str] = []

    def ring_of(target: str, where: str) -> None:
        control = t.driver.find(target)
        assert control is not None, f"{where}: no '{target}'"
        before = picture(t)  # nothing focused yet, or something far away
        problems.extend(f"{where}: {p}" for p in measure_ring(t, control, before))

    for mode in ("standard", "elder"):
        if mode == "elder":
            t.tap("elder-mode")
            assert t.vm.elderMode
        t.tap("tile-apply")
        ring_of("back", f"{mode} services, a button")
        t.tap("home")
        t.tap("tile-apply")
        ring_of("service-0", f"{mode} services, a list row")
        t.tap_row("service-", APPLY_SERVICE)
        ring_of("primary", f"{mode} guide, a primary button")
        t.tap("home")
        t.tap("hotline-button")
        assert t.item("hotline-card") is not None
        ring_of("hotline-close", f"{mode} hotline card over the scrim")
        t.tap("hotline-close")
    assert not problems, "\n".join(problems)
