"""The tactile keypad: key events alone move through a screen's controls in reading order,
press them, type digits, turn pages and go back, with a focus ring a resident can see;
the on-screen keyboard is typed with the arrows and Enter, and a question that needs
typing offers the way to a counter; touch keeps working beside it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtTest import QTest

from kiosk.config import KeypadConfig, KioskConfig
from tests.ui.fixtures import PHONE, to_first_question
from tests.ui.test_voice_ui import hear, said, voice_on
from ui.keypad import keyboard_focus
from ui.rehearsal.keypad_hands import KeypadHands


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


# -- words: the on-screen keyboard by arrows, or the way to a counter ----------------------

def to_text_question(t) -> None:
    """The first question that needs words (the child's name), by keypad."""
    to_first_question(t)
    for digit in PHONE:
        press(t, getattr(Qt.Key, f"Key_{digit}"))
    focus_on(t, "primary")
    press(t, Qt.Key.Key_Return)
    assert t.journey.fieldType == "text", t.journey.error


def focus_on(t, name: str, *, down=Qt.Key.Key_Down) -> None:
    for _ in range(len(t.screens.keypad.controls()) + 1):
        press(t, down)
        if focused(t).objectName() == name:
            return
    raise AssertionError(f"the keypad never reached {name}")


def keyboard_press(t, words: str, keys: KeypadConfig | None = None) -> None:
    """Arrow across the keyboard to the key or offered word showing `words` (as burn-in
    by keypad does), and Enter."""
    on_keys, offered = t.keyboard_parts()
    hands = KeypadHands(t.window, t.screens.keypad, keys or KeypadConfig(), t.frame)
    hands.press_on_keyboard(on_keys[words] if words in on_keys else offered[words])


def typed(t) -> str:
    return t.window.activeFocusItem().property("text")


def test_the_keyboard_is_typed_with_the_arrows_and_enter_alone(terminal):
    t = terminal
    to_text_question(t)
    focus_on(t, "answer-field")
    press(t, Qt.Key.Key_Return)
    assert QGuiApplication.inputMethod().isVisible()  # the keyboard came up for it
    press(t, Qt.Key.Key_Down)  # the arrows are on the keyboard's keys now
    for letter in "wang":
        keyboard_press(t, letter)
    assert "王" in t.candidates()
    keyboard_press(t, "王")  # a word the keyboard offers
    assert typed(t) == "王"
    press(t, Qt.Key.Key_Escape)  # back: the keyboard goes, the answer stays
    assert not QGuiApplication.inputMethod().isVisible() and t.screen == "question"
    focus_on(t, "primary")
    press(t, Qt.Key.Key_Return)
    assert t.journey.fieldType == "id_number", t.journey.error  # 王 was taken


def test_a_keypad_with_other_keys_types_on_the_keyboard_too(make_terminal):
    keys = KeypadConfig(up="PageUp", down="PageDown", left="Home", right="End",
                        enter="Select", back="F4")
    t = make_terminal(config=KioskConfig(keypad=keys))
    to_first_question(t)
    for digit in PHONE:
        press(t, getattr(Qt.Key, f"Key_{digit}"))
    focus_on(t, "primary", down=Qt.Key.Key_PageDown)
    press(t, Qt.Key.Key_Select)
    focus_on(t, "answer-field", down=Qt.Key.Key_PageDown)
    press(t, Qt.Key.Key_Select)
    press(t, Qt.Key.Key_PageDown)
    keyboard_press(t, "a", keys)
    assert t.window.activeFocusItem().property("preeditText") == "a"
    press(t, Qt.Key.Key_F4)
    assert not QGuiApplication.inputMethod().isVisible()


def walk_keyboard(t, presses: int = 30) -> list[str]:
    """Right along the keyboard; the keys reached, as the kiosk names them."""
    reached = []
    for _ in range(presses):
        press(t, Qt.Key.Key_Right)
        reached.append(keyboard_focus(t.window)[0])
    return reached


def test_with_voice_on_the_keyboard_says_each_key_reached(terminal):
    t = terminal
    voice_on(t)
    focus_on(t, "search")
    press(t, Qt.Key.Key_Return)
    focus_on(t, "search-field")
    press(t, Qt.Key.Key_Return)
    press(t, Qt.Key.Key_Down)
    start = len(said(t))
    reached = walk_keyboard(t)
    assert "删除" in reached and "空格" in reached  # a key with a sign says what it does
    assert said(t)[start:] == reached


def test_in_a_personal_field_the_loudspeaker_says_only_that_a_key_was_reached(terminal):
    t = terminal
    voice_on(t)
    to_text_question(t)
    assert t.journey.fieldSensitive  # the child's name: letter by letter, it spells it
    focus_on(t, "answer-field")
    press(t, Qt.Key.Key_Return)
    press(t, Qt.Key.Key_Down)
    start = len(said(t))
    walk_keyboard(t, 10)
    assert set(said(t)[start:]) == {"按键"}


def test_a_question_that_needs_typing_offers_the_counter_by_keypad(terminal):
    t = terminal
    to_text_question(t)
    item = t.journey.journey.item
    focus_on(t, "staffed-path")
    press(t, Qt.Key.Key_Return)
    assert t.vm.staffedPathShown
    assert t.text_of("staffed-counter") == f"{item.department}的服务窗口"
    assert item.hotline in t.text_of("staffed-hotline")
    names = {c.objectName() for c in t.screens.keypad.controls()}
    assert names == {"staffed-print", "staffed-keep-typing", "staffed-end"}  # the card's

    focus_on(t, "staffed-print")
    press(t, Qt.Key.Key_Return)
    t.frame()
    paper = "\n".join(t.kiosk.emulators["printer"].paper_receipt().lines)
    assert "办事材料清单" in paper and item.department in paper

    press(t, Qt.Key.Key_Escape)  # back closes the card, the question stays
    assert not t.vm.staffedPathShown and t.screen == "question"
    focus_on(t, "staffed-path")
    press(t, Qt.Key.Key_Return)
    focus_on(t, "staffed-end")
    press(t, Qt.Key.Key_Return)
    assert t.screen == "end"  # the card is still in the reader: take it
    assert t.kiosk.session.journey is None  # the answers went
    events = [e["event"] for e in t.kiosk.store.audit.for_session(t.kiosk.session.id)]
    assert "journey_handed_over" in events


def test_with_voice_on_a_field_reached_by_keypad_is_named_but_its_words_stay_off_the_loudspeaker(
        terminal):
    t = terminal
    voice_on(t)
    to_text_question(t)
    t.tap("answer-field")
    t.type_chinese("wangxiaoming", "王小明")  # typed by touch
    press(t, Qt.Key.Key_Escape)  # the keyboard away
    focus_on(t, "primary")
    start = len(said(t))
    focus_on(t, "answer-field")
    heard = said(t)[start:]
    assert "输入框，按确认键开始输入" in heard
    assert not any("王小明" in h for h in heard)  # the child's name, not for the queue
