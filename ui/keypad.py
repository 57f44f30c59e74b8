"""The tactile keypad (ADA 707.6): every control reachable and pressed without the glass.

A keypad arrives as an ordinary keyboard; `[keypad]` in the configuration says which of
its keys do what. Up and down move the focus through the screen's controls in reading
order (top to bottom, then left to right), Enter presses the one that has it, left and
right turn a list's or a guide's pages, digits go into the digit pad, clear deletes the
last one, back is the screen's 返回, help turns voice guidance on (or says the screen
again), and the volume keys set its volume. With voice guidance on, the control that
takes the focus is said. Touch keeps working at the same time.

Words: Enter on a text field brings the on-screen keyboard up; while it is up the arrows
and Enter are its own (Qt's keyboard walks its keys and offered words with the arrow and
Return keys; a keypad's other keys are sent on as those), clear deletes, and back puts it
away.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtQuick import QQuickItem

from kiosk.i18n import QT_TRANSLATE_NOOP
from kiosk.voice import Speech
from ui.i18n import tr_message
from ui.scene import descendants, is_within, shown

log = logging.getLogger(__name__)

ACTIONS = ("enter", "clear", "back", "help", "up", "down", "left", "right", "louder",
           "quieter")
DIGITS = {getattr(Qt.Key, f"Key_{n}"): str(n) for n in range(10)}
TOUCHES = {QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin}
KEY_EVENTS = {QEvent.Type.KeyPress, QEvent.Type.KeyRelease}
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


def first_keys(config) -> dict[str, Qt.Key]:
    """Action -> the first key the `[keypad]` section names for it that Qt knows (the one
    a site's keypad sends): what the simulator's keypad and burn-in by keypad press."""
    keys = {}
    for action in ACTIONS:
        known = [key for name in getattr(config, action).split()
                 if (key := getattr(Qt.Key, f"Key_{name}", None)) is not None]
        if known:
            keys[action] = known[0]
    return keys


class Keypad(QObject):
    """An event filter on the kiosk's window: the keypad's keys become focus moves and
    presses. Keys it does not know pass on (the on-screen keyboard's text fields)."""

    def __init__(self, window, app_vm, config, parent=None):
        super().__init__(parent)
        self._window = window
        self._app = app_vm
        self._keys = key_map(config)
        self._forwarding = False  # our own key events to the on-screen keyboard

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() in TOUCHES:
            self._drop_keypad_focus()
            return False
        if self._forwarding or event.type() not in KEY_EVENTS:
            return False
        action = self._keys.get(event.key())
        if event.type() == QEvent.Type.KeyRelease:
            # The keyboard had its own press from us: a stray release would pick a word.
            return action is not None and self._keyboard_up()
        if event.key() in DIGITS and self._press_named(f"key-{DIGITS[event.key()]}"):
            return True
        if action is None:
            return False
        if self._keyboard_up():
            return self._on_keyboard(action)
        if self._typing_text() and action == "clear":
            return False  # the field's own Backspace
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
        if control.inherits("QQuickTextInput"):  # a field: the keyboard comes up for it
            control.forceActiveFocus(Qt.FocusReason.TabFocusReason)
            QGuiApplication.inputMethod().show()
        else:
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
        overlays = self._overlays()  # once, not for every control
        found = [i for i in descendants(self._window.contentItem())
                 if i.property("kioskControl") and shown(i) and i.isEnabled()
                 and not self._under_overlay(i, overlays)]
        return sorted(found, key=self._reading_position)

    def _overlays(self) -> list[QQuickItem]:
        return [i for i in self._window.contentItem().childItems()
                if i.isVisible() and i.property("overlay") is True]

    def _under_overlay(self, item: QQuickItem, overlays: list[QQuickItem] | None = None) -> bool:
        overlays = self._overlays() if overlays is None else overlays
        return bool(overlays) and not any(is_within(item, o) for o in overlays)

    @staticmethod
    def _reading_position(item: QQuickItem) -> tuple[int, int]:
        at = item.mapToScene(item.boundingRect().topLeft())
        return round(at.y()), round(at.x())

    def _focused(self) -> QQuickItem | None:
        """The control holding the focus, when a finger could press it now. Looked up
        from the focused item, not by walking the screen: Enter is timed as a tap is."""
        item = self._window.activeFocusItem()
        while item is not None and not item.property("kioskControl"):
            item = item.parentItem()
        if item is None or not (shown(item) and item.isEnabled()) or self._under_overlay(item):
            return None
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
        if target.inherits("QQuickTextInput"):
            # Passing through a field does not bring the keyboard up (its arrows would
            # then walk the keys): Enter does. What is typed in it is the resident's own:
            # for their headset, never the loudspeaker.
            QGuiApplication.inputMethod().hide()
            field = tr_message(FIELD)
            typed = target.property("text") or ""
            speech = Speech(field, private=f"{field} {typed}".strip())
        else:
            speech = Speech(target.property("title") or target.property("text") or "")
        self._app.kiosk.voice.say(speech, self._app.language)
        return True

    def _press_named(self, name: str) -> bool:
        for control in self.controls():
            if control.objectName() == name:
                control.click()
                return True
        return False

    def _typing_text(self) -> bool:
        item = self._window.activeFocusItem()
        return item is not None and item.inherits("QQuickTextInput") and item.isVisible()

    # -- the on-screen keyboard -----------------------------------------------------------

    def _keyboard_up(self) -> bool:
        """The keyboard is up for a field the resident can reach (not one under a card
        that has come over the screen since)."""
        return self._typing_text() and QGuiApplication.inputMethod().isVisible() \
            and not self._under_overlay(self._window.activeFocusItem())

    def _on_keyboard(self, action: str) -> bool:
        """While the keyboard is up the arrows walk its keys and the words it offers and
        Enter presses one (Qt's keyboard does that for the arrow and Return keys: the
        keypad's keys are sent on as those); clear deletes; back puts the keyboard away,
        so that up and down reach the screen's buttons again."""
        if action == "back":
            QGuiApplication.inputMethod().hide()
            return True
        if self._app.writing.writing:
            # Nobody writes with arrows: the keypad's keys bring pinyin's keys back.
            self._app.writing.setWriting(False)
        wanted = KEYBOARD_KEYS.get(action)
        if wanted is None:
            return getattr(self, f"_{action}")()  # help and volume
        self._forwarding = True
        try:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QGuiApplication.sendEvent(
                    self._window, QKeyEvent(kind, wanted, Qt.KeyboardModifier.NoModifier))
        finally:
            self._forwarding = False
        if action != "clear":
            self._say_keyboard_focus()
        return True

    def _say_keyboard_focus(self) -> None:
        """With voice on, the key or offered word the arrows reached. In a personal field
        what it says is the resident's own (a name, letter by letter): for their headset;
        the loudspeaker says only that a key or a word was reached."""
        words = keyboard_focus(self._window)
        if words is None:
            return
        field = self._window.activeFocusItem()
        hints = field.inputMethodQuery(Qt.InputMethodQuery.ImHints) if field else 0
        personal = bool(int(hints or 0) & Qt.InputMethodHint.ImhSensitiveData.value)
        said, kind = words
        speech = Speech(kind, private=said) if personal else Speech(said)
        self._app.kiosk.voice.say(speech, self._app.language)


# What the keyboard's own navigation takes, by keypad action.
KEYBOARD_KEYS = {"up": Qt.Key.Key_Up, "down": Qt.Key.Key_Down, "left": Qt.Key.Key_Left,
                 "right": Qt.Key.Key_Right, "enter": Qt.Key.Key_Return,
                 "clear": Qt.Key.Key_Backspace}
# The keyboard's keys that show a sign, not words, as a resident would call them (by the
# kind of key: the letters say themselves).
KEY_NAMES = {
    "EnterKey": QT_TRANSLATE_NOOP("keypad", "完成"),
    "BackspaceKey": QT_TRANSLATE_NOOP("keypad", "删除"),
    "SpaceKey": QT_TRANSLATE_NOOP("keypad", "空格"),
    "ShiftKey": QT_TRANSLATE_NOOP("keypad", "大写"),
    "SymbolModeKey": QT_TRANSLATE_NOOP("keypad", "数字和符号"),
    "InputModeKey": QT_TRANSLATE_NOOP("keypad", "中文英文切换"),
    "ChangeLanguageKey": QT_TRANSLATE_NOOP("keypad", "切换语言"),
    "HideKeyboardKey": QT_TRANSLATE_NOOP("keypad", "收起键盘"),
}
KEY_KIND = QT_TRANSLATE_NOOP("keypad", "按键")
FIELD = QT_TRANSLATE_NOOP("keypad", "输入框，按确认键开始输入")
WORD_KIND = QT_TRANSLATE_NOOP("keypad", "候选词")


def keyboard_focus(window) -> tuple[str, str] | None:
    """What the keyboard's arrow navigation is on: (its words, the kind of thing: a key
    or a word offered), or None when it is on nothing."""
    area = window.findChild(QQuickItem, "keyboardInputArea")
    key = area.property("initialKey") if area is not None else None
    if key is not None:
        kind = key.metaObject().className().split("_")[0]
        if kind in KEY_NAMES:
            return tr_message(KEY_NAMES[kind]), tr_message(KEY_KIND)
        return key.property("displayText") or key.property("text") or "", tr_message(KEY_KIND)
    words = window.findChild(QQuickItem, "wordCandidateView")
    current = words.property("currentItem") if words is not None and words.isVisible() else None
    if current is not None:
        drawn = next((i.property("text") for i in descendants(current)
                      if i.inherits("QQuickText")), "")
        return drawn or "", tr_message(WORD_KIND)
    return None
