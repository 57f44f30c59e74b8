"""The tactile keypad (ADA 707.6): every control reachable and pressed without the glass.

A keypad arrives as an ordinary keyboard; `[keypad]` in the configuration says which of
its keys do what. Up and down move the focus through the screen's controls in reading
order (top to bottom, then left to right), Enter presses the one that has it, left and
right turn a list's or a guide's pages, digits go into the digit pad, clear deletes the
last one, back is the screen's 返回, help turns voice guidance on (or says the screen
again), and the volume keys set its volume. With voice guidance on, the control that
takes the focus is said. Touch keeps working at the same time.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtQuick import QQuickItem

from kiosk.voice import Speech
from ui.driver import descendants, is_within
from ui.layout_check import shown

log = logging.getLogger(__name__)

ACTIONS = ("enter", "clear", "back", "help", "up", "down", "left", "right", "louder",
           "quieter")
DIGITS = {getattr(Qt.Key, f"Key_{n}"): str(n) for n in range(10)}
TOUCHES = {QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin}
PAGE_TURNS = {"left": ("previous-page", "scroll-up"), "right": ("next-page", "scroll-down")}


def key_map(config) -> dict[Qt.Key, str]:
    """Qt key -> action, from the `[keypad]` section; an unknown key name is logged."""
    keys: dict[Qt.Key, str] = {}
    for action in ACTIONS:
        for name in getattr(config, action).split():
            key = getattr(Qt.Key, f"Key_{name}", None)
            if key is None:
                log.error("[keypad] %s: no key named %r", action, name)
                continue
            keys[key] = action
    return keys


class Keypad(QObject):
    """An event filter on the kiosk's window: the keypad's keys become focus moves and
    presses. Keys it does not know pass on (the on-screen keyboard's text fields)."""

    def __init__(self, window, app_vm, config, parent=None):
        super().__init__(parent)
        self._window = window
        self._app = app_vm
        self._keys = key_map(config)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() in TOUCHES:
            self._drop_keypad_focus()
            return False
        if event.type() != QEvent.Type.KeyPress:
            return False
        if event.key() in DIGITS and self._press_named(f"key-{DIGITS[event.key()]}"):
            return True
        action = self._keys.get(event.key())
        if action is None or self._typing_text():
            return False
        return getattr(self, f"_{action}")()

    def _drop_keypad_focus(self) -> None:
        """A finger: the keypad's ring goes (a field being typed in keeps its focus).
        Looked up from the focused item, not by walking the screen: this runs on every
        touch."""
        item = self._window.activeFocusItem()
        while item is not None:
            if item.inherits("QQuickTextInput"):
                return  # typing: the on-screen keyboard needs the field's focus
            if item.property("visualFocus"):
                item.setFocus(False)
                return
            item = item.parentItem()

    # -- the actions --------------------------------------------------------------------

    def _up(self) -> bool:
        return self._move(-1)

    def _down(self) -> bool:
        return self._move(+1)

    def _enter(self) -> bool:
        control = self._focused()
        if control is None:
            return self._move(+1)
        control.click()
        return True

    def _left(self) -> bool:
        return any(self._press_named(name) for name in PAGE_TURNS["left"])

    def _right(self) -> bool:
        return any(self._press_named(name) for name in PAGE_TURNS["right"])

    def _clear(self) -> bool:
        return self._press_named("key-erase")

    def _back(self) -> bool:
        self._app.back()
        return True

    def _help(self) -> bool:
        self._app.voice.help_key()
        return True

    def _louder(self) -> bool:
        self._app.voice.louder()
        return True

    def _quieter(self) -> bool:
        self._app.voice.quieter()
        return True

    # -- the controls on screen -----------------------------------------------------------

    def controls(self) -> list[QQuickItem]:
        """The controls a finger could press now, in reading order. With an overlay up,
        only its own (it takes every touch behind it)."""
        found = [i for i in descendants(self._window.contentItem())
                 if i.property("kioskControl") and shown(i) and i.isEnabled()
                 and not self._under_overlay(i)]
        return sorted(found, key=self._reading_position)

    def _under_overlay(self, item: QQuickItem) -> bool:
        overlays = [i for i in self._window.contentItem().childItems()
                    if i.isVisible() and i.property("overlay") is True]
        return bool(overlays) and not any(is_within(item, o) for o in overlays)

    @staticmethod
    def _reading_position(item: QQuickItem) -> tuple[int, int]:
        at = item.mapToScene(item.boundingRect().topLeft())
        return round(at.y()), round(at.x())

    def _focused(self) -> QQuickItem | None:
        item = self._window.activeFocusItem()
        controls = self.controls()
        while item is not None and item not in controls:
            item = item.parentItem()
        return item

    def _move(self, step: int) -> bool:
        controls = self.controls()
        if not controls:
            return False
        current = self._focused()
        index = controls.index(current) + step if current in controls else (
            0 if step > 0 else len(controls) - 1)
        target = controls[index % len(controls)]
        target.forceActiveFocus(Qt.FocusReason.TabFocusReason)
        name = target.property("title") or target.property("text") or ""  # row, button
        self._app.kiosk.voice.say(Speech(name), self._app.language)
        return True

    def _press_named(self, name: str) -> bool:
        for control in self.controls():
            if control.objectName() == name:
                control.click()
                return True
        return False

    def _typing_text(self) -> bool:
        """A text field has the focus: its own keys (arrows, Backspace) are the resident's."""
        item = self._window.activeFocusItem()
        return item is not None and item.inherits("QQuickTextInput") and item.isVisible()

