"""A resident's hands on the tactile keypad alone: burn-in's `--input keypad`.

Every press is a key event on the kiosk's window, with the keys the `[keypad]`
configuration names (the first name of each action), so the kiosk's own keypad filter
(ui/keypad.py) does the work, exactly as for a resident: Down until the wanted control has
the focus, then Enter; digits straight into the digit pad; left and right to turn pages;
back to put the on-screen keyboard away. On the keyboard the arrows walk to the key or
the offered word, as a resident who knows the layout does (up or down to its row, then
along it), and Enter presses it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest

from ui.keypad import first_keys
from ui.rehearsal.driver import TapFailed
from ui.scene import is_within

PAGE_KEYS = {"next-page": "right", "scroll-down": "right", "previous-page": "left",
             "scroll-up": "left"}
STEPS_LIMIT = 120  # arrow presses to reach a key before giving up


class KeypadHands:
    def __init__(self, window, keypad, config, settle: Callable[[], None]):
        self.window = window
        self._keypad = keypad
        self._keys = first_keys(config)
        self._settle = settle

    def key(self, action: str, *, settle: bool = True) -> None:
        self._click(self._keys[action], settle=settle)

    def _click(self, key: Qt.Key, *, settle: bool = True) -> None:
        QTest.keyClick(self.window, key)
        if settle:
            self._settle()

    def keyboard_up(self) -> bool:
        item = self.window.activeFocusItem()
        return item is not None and item.inherits("QQuickTextInput") \
            and QGuiApplication.inputMethod().isVisible()

    # -- the screen's controls ------------------------------------------------------------

    def press(self, name: str) -> None:
        """The control `name` pressed by keypad: a digit by its key, a page turned by
        left or right, anything else reached with Down and pressed with Enter. The last
        key is not waited after: the caller times the new screen from it, as from a tap."""
        digit = name.removeprefix("key-")
        if digit.isdigit():
            self._click(getattr(Qt.Key, f"Key_{digit}"), settle=False)
            return
        if self.keyboard_up():
            self.key("back")  # the keyboard away: the arrows are the screen's again
        if name in PAGE_KEYS and self._shown(name):
            self.key(PAGE_KEYS[name], settle=False)
            return
        controls = self._keypad.controls()
        target = next((c for c in reversed(controls) if c.objectName() == name), None)
        if target is None:
            raise TapFailed(f"control '{name}' is not within the keypad's reach")
        for _ in range(len(controls) + 1):
            if self._keypad._focused() == target:
                self.key("enter", settle=False)
                return
            self.key("down")
        raise TapFailed(f"the keypad's Down never reaches '{name}'")

    def _shown(self, name: str) -> bool:
        return any(c.objectName() == name for c in self._keypad.controls())

    # -- the on-screen keyboard -----------------------------------------------------------

    def press_on_keyboard(self, item: QQuickItem) -> None:
        """Arrow to a key or an offered word of the on-screen keyboard, then Enter."""
        for _ in range(STEPS_LIMIT):
            here = self._keyboard_position()
            if here is not None and (here == item or is_within(here, item)
                                     or is_within(item, here)):
                self.key("enter")
                return
            self.key(self._arrow_towards(item, here))
        raise TapFailed("the keypad's arrows never reach that key of the keyboard")

    def _keyboard_position(self) -> QQuickItem | None:
        """The key, or the offered word, that the keyboard's navigation is on."""
        area = self.window.findChild(QQuickItem, "keyboardInputArea")
        key = area.property("initialKey") if area is not None else None
        if key is not None:
            return key
        words = self.window.findChild(QQuickItem, "wordCandidateView")
        if words is not None and words.isVisible() and words.property("currentIndex") >= 0 \
                and not self._on_keys():
            return words.property("currentItem")
        return None

    def _on_keys(self) -> bool:
        area = self.window.findChild(QQuickItem, "keyboardInputArea")
        return area is not None and area.property("initialKey") is not None

    def _arrow_towards(self, target: QQuickItem, here: QQuickItem | None) -> str:
        words = self.window.findChild(QQuickItem, "wordCandidateView")
        wants_word = words is not None and is_within(target, words)
        if here is None:
            return "up" if wants_word else "down"
        on_word = words is not None and is_within(here, words)
        if wants_word != on_word:
            return "up" if wants_word else "down"  # the words offered sit above the keys
        to, at = _centre(target), _centre(here)
        # Along the row to the target's column first, then up or down: the rows are
        # offset, and straight down from a row's end may skip the row below.
        same_row = on_word or abs(to.y() - at.y()) <= 1
        if same_row or abs(to.x() - at.x()) > here.width():
            return "right" if to.x() > at.x() else "left"
        return "down" if to.y() > at.y() else "up"


def _centre(item: QQuickItem):
    return item.mapToScene(item.boundingRect().center())
