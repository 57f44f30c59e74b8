"""The tactile keypad: key events alone move through a screen's controls in reading order,
press them, type digits, turn pages and go back, with a focus ring a resident can see;
touch keeps working beside it. (The rest of issue 11: free text by keypad, burn-in by
keypad, the simulator's keypad.)"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest

from tests.ui.fixtures import PHONE, to_first_question
from tests.ui.test_voice_ui import hear


def press(t, key, times: int = 1) -> None:
    for _ in range(times):
        QTest.keyClick(t.window, key)
    t.frame()


def focused(t):
    return t.screens.keypad._focused()


def luminance(color: QColor) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF()) \
        + 0.0722 * channel(color.blueF())


def contrast(a: QColor, b: QColor) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_down_walks_the_controls_in_reading_order_and_enter_presses(terminal):
    t = terminal
    controls = t.screens.keypad.controls()
    seen = []
    for _ in range(len(controls)):
        press(t, Qt.Key.Key_Down)
        seen.append(focused(t).objectName())
    assert seen == [c.objectName() for c in controls]  # every control, once, in order
    tops = [c.mapToScene(c.boundingRect().topLeft()).y() for c in controls]
    assert tops == sorted(tops)  # top to bottom
    press(t, Qt.Key.Key_Down)
    assert focused(t) is controls[0]  # round again
    press(t, Qt.Key.Key_Up)
    assert focused(t) is controls[-1]

    while focused(t).objectName() != "tile-apply":
        press(t, Qt.Key.Key_Down)
    press(t, Qt.Key.Key_Return)
    assert t.screen == "services"
    page = t.vm.serviceList.pageText
    press(t, Qt.Key.Key_Right)
    assert t.vm.serviceList.pageText != page
    press(t, Qt.Key.Key_Left)
    assert t.vm.serviceList.pageText == page
    press(t, Qt.Key.Key_Escape)
    assert t.screen == "home"


def test_the_focus_ring_is_thick_and_contrasts_and_a_touch_shows_none(terminal):
    t = terminal
    press(t, Qt.Key.Key_Down)
    control = focused(t)
    ring = next(c for c in control.childItems() if c.objectName() == "focus-ring")
    assert ring.isVisible()
    mm = t.vm.pxPerMm
    assert ring.property("thickness") / mm >= 0.8
    background = t.window.color()
    assert contrast(ring.property("ink"), background) >= 3
    assert ring.width() > control.width()  # around it, clear of its own edge
    t.tap("elder-mode")  # a touch: the focus ring is for the keypad only
    assert not any(r.isVisible() for r in t.visible_items() if r.objectName() == "focus-ring")


def test_digits_go_straight_into_a_numeric_question_and_clear_deletes(terminal):
    t = terminal
    to_first_question(t)
    for digit in PHONE[:3]:
        press(t, getattr(Qt.Key, f"Key_{digit}"))
    assert t.journey.fieldValue.replace(" ", "") == PHONE[:3]
    press(t, Qt.Key.Key_Backspace)
    assert t.journey.fieldValue.replace(" ", "") == PHONE[:2]


def test_with_an_overlay_up_the_keypad_reaches_only_its_controls(terminal):
    t = terminal
    t.tap("voice")
    t.tap("voice")  # the voice settings, over home
    names = {c.objectName() for c in t.screens.keypad.controls()}
    assert names and all(n.startswith("voice-") for n in names)


def test_with_voice_on_the_focused_control_is_said(terminal):
    t = terminal
    hear(t, lambda: t.tap("voice"))
    heard = hear(t, lambda: press(t, Qt.Key.Key_Down), t.text_of("voice"))
    assert heard.text == t.text_of("voice")
