"""What a screen reader reaches: Qt's accessibility tree of the kiosk's window (the one
its AT-SPI bridge exports), walked at every screen and overlay of the tour. Every control
is a button named in its words; every line a resident can read is there, named by its
words, the heading as a heading and an error as an alert.

(Issue 11 adds the end-to-end check: an AT-SPI client in a separate process on Xvfb.)"""

from __future__ import annotations

import re

from PySide6.QtGui import QAccessible

from tests.ui.fixtures import TEXT_CLASSES, is_within, tour

Role = QAccessible.Role
TEXT_ROLES = {Role.StaticText, Role.Paragraph, Role.Heading, Role.AlertMessage}
# Controls whose words are not Chinese on purpose: the digit pad's keys, the switch to
# English (named in the language it offers).
NOT_CHINESE = re.compile(r"^([0-9X]|English)$")
CHINESE = re.compile(r"[\u3400-\u9fff]")
SIGNS = re.compile("[▶◀▼▲○●⚠•·]")  # drawn beside words, never read out


def bare(words: str) -> str:
    """Words without their signs, spaces and pauses: a line and the name read for it."""
    return re.sub(r"[\s，]", "", SIGNS.sub("", words))


def reachable(iface) -> list:
    """(role, name, state) of every node a screen reader can reach now: shown, not
    invisible."""
    found = []
    if iface is None or not iface.isValid() or iface.state().invisible:
        return found
    found.append((iface.role(), iface.text(QAccessible.Text.Name), iface.state()))
    for i in range(iface.childCount()):
        found += reachable(iface.child(i))
    return found


def screen_texts(t) -> list[str]:
    """Every line on screen, except a control's own words and the keyboard's."""
    keyboard = t.keyboard()
    controls = [i for i in t.visible_items() if i.property("kioskControl")]
    return [i.property("text") for i in t.visible_items()
            if any(i.inherits(c) for c in TEXT_CLASSES) and i.property("text")
            and not is_within(i, keyboard) and t.in_view(i)
            and not any(is_within(i, c) for c in controls)
            and not i.inherits("QQuickTextInput")]  # a field: its own role, issue 11


def test_every_control_and_every_line_is_reachable_by_a_screen_reader(make_terminal):
    QAccessible.setActive(True)
    t = make_terminal(fake_clock=True)
    problems: list[str] = []
    visited: list[str] = []

    def visit(label: str) -> None:
        visited.append(label)
        with_state = reachable(QAccessible.queryAccessibleInterface(t.window))
        nodes = [(role, name) for role, name, _ in with_state]
        # A focusable line: a screen reader's tab and browse modes stop on it as on a control.
        problems.extend(f"{label}: the line {name!r} is focusable" for role, name, state
                        in with_state if role in TEXT_ROLES and state.focusable)
        names = {name for _, name in nodes}
        keyboard_keys = {i.property("text") for i in t.keyboard_keys()} \
            if t.keyboard_shown() else set()
        for role, name in nodes:
            if role == Role.Button and name not in keyboard_keys and not (
                    CHINESE.search(name) or NOT_CHINESE.match(name)):
                problems.append(f"{label}: a button named {name!r}")
        heard = {bare(name) for name in names}
        for text in screen_texts(t):
            if bare(text) not in heard:
                problems.append(f"{label}: the words {text!r} are not reachable")
        problems.extend(f"{label}: {name!r} has a sign read out as a character's name"
                        for name in names if SIGNS.search(name))
        heading = t.item("heading")
        if heading is not None and (Role.Heading, heading.property("text")) not in nodes:
            problems.append(f"{label}: the heading is not exposed as a heading")
        elif heading is not None:
            # Where they are before anything to press (the top bar's buttons included).
            at = nodes.index((Role.Heading, heading.property("text")))
            before = [name for role, name in nodes[:at] if role == Role.Button]
            if before:
                problems.append(f"{label}: {before} come before the heading")
        error = t.item("error")
        alerts = {bare(name) for role, name in nodes if role == Role.AlertMessage}
        if error is not None and bare(error.property("text")) not in alerts:
            problems.append(f"{label}: the error is not exposed as an alert")

    tour(t, visit)
    assert len(visited) > 30, "the tour reached too few screens"
    assert problems == []
