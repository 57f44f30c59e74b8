"""Taps the way a finger does: at the centre of a control that is really there to press.

Used by burn-in, the tour and the UI tests. A control is a visible, enabled item marked
`kioskControl`. A tap fails, naming the control, when it is missing, hidden, disabled,
outside the window, under the keyboard, or covered by something else at its centre. A
tap is a mouse click, or with `touch=True` a touch point pressed and lifted, as a
touchscreen sends it.
"""

from __future__ import annotations

import time
from itertools import pairwise

from PySide6.QtCore import QEventLoop, QPoint, QPointF, Qt, QTimer
from PySide6.QtQuick import QQuickItem, QQuickWindow
from PySide6.QtTest import QTest

from ui.scene import descendants, is_within


class TapFailed(Exception):
    """A finger could not press this control; the message says which and why."""


def is_control(item: QQuickItem) -> bool:
    return bool(item.property("kioskControl")) and item.isVisible() and item.isEnabled()






def child_at(item: QQuickItem, point: QPointF) -> QQuickItem | None:
    """What `item.childAt(x, y)` gives (`point` in the item's coordinates): the last of
    its visible children that contains the point.

    Not `childAt` itself: PySide makes the wrapper of the child it returns a Python child
    of the parent's wrapper, and keeps it for as long as the parent's wrapper lives,
    even after QML has destroyed the item. From the window's StackView down, every
    screen a tap walked through left a chain of dead wrappers and their bookkeeping
    behind (about 10 KB a burn-in visit); `childItems()` hands out wrappers that go
    when Python drops them.
    """
    for child in reversed(item.childItems()):
        if isinstance(child, QQuickItem) and child.isVisible() \
                and child.contains(item.mapToItem(child, point)):
            return child
    return None


def topmost_at(root: QQuickItem, point: QPointF) -> QQuickItem:
    """The deepest visible item under `point` (scene coordinates), z-order respected."""
    item = root
    while True:
        child = child_at(item, item.mapFromScene(point))
        if child is None:
            return item
        item = child




class ScreenDriver:
    def __init__(self, window: QQuickWindow, *, touch: bool = False):
        self.window = window
        self._touchscreen = QTest.createTouchDevice() if touch else None
        # One event loop, one timer and one frame connection for the driver's life: made
        # anew for every wait, PySide keeps a little of each connection, which thousands
        # of burn-in sessions would add up to.
        self._loop = QEventLoop()
        self._timer = QTimer()
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._loop.quit)
        self._waiting_for_frame = False
        window.frameSwapped.connect(self._frame_swapped)

    def _frame_swapped(self) -> None:
        if self._waiting_for_frame:
            self._loop.quit()

    def controls(self) -> list[QQuickItem]:
        return [i for i in descendants(self.window.contentItem()) if is_control(i)]

    def find(self, name: str) -> QQuickItem | None:
        matches = [i for i in self.controls() if i.objectName() == name]
        return matches[-1] if matches else None  # overlays come last in the tree

    def disabled(self, name: str) -> QQuickItem | None:
        """The control `name` when it is on screen but disabled (a pager with nothing
        more to show), else None."""
        matches = [i for i in descendants(self.window.contentItem())
                   if i.objectName() == name and i.property("kioskControl")
                   and i.isVisible() and not i.isEnabled()]
        return matches[-1] if matches else None

    def control_names(self) -> list[str]:
        return [i.objectName() for i in self.controls() if i.objectName()]

    def centre(self, item: QQuickItem) -> QPointF:
        return item.mapToScene(QPointF(item.width() / 2, item.height() / 2))

    def problem(self, item: QQuickItem, name: str) -> str | None:
        """Why a finger could not press `item` now, or None."""
        point = self.centre(item)
        if not (0 <= point.x() < self.window.width() and 0 <= point.y() < self.window.height()):
            return f"control '{name}' lies outside the window"
        hit = topmost_at(self.window.contentItem(), point)
        if is_within(hit, item):
            return None
        keyboard = self.window.findChild(QQuickItem, "keyboard")
        if keyboard is not None and is_within(hit, keyboard):
            return f"control '{name}' lies under the keyboard"
        what = hit.objectName() or type(hit).__name__
        return f"control '{name}' is covered by {what}"

    def tap(self, name: str, *, settle_ms: int = 0) -> None:
        item = self.find(name)
        if item is None:
            if self.disabled(name) is not None:
                raise TapFailed(f"control '{name}' is disabled")
            raise TapFailed(f"control '{name}' is not on screen")
        problem = self.problem(item, name)
        if problem:
            raise TapFailed(problem)
        self.press_at(self.centre(item))
        if settle_ms:
            self.wait(settle_ms)

    def press_at(self, point: QPointF) -> None:
        """One finger down and up at `point` (scene coordinates)."""
        at = QPoint(int(point.x()), int(point.y()))
        if self._touchscreen is None:
            QTest.mouseClick(self.window, Qt.MouseButton.LeftButton,
                             Qt.KeyboardModifier.NoModifier, at)
            return
        QTest.touchEvent(self.window, self._touchscreen).press(0, at, self.window).commit()
        QTest.touchEvent(self.window, self._touchscreen).release(0, at, self.window).commit()

    def write(self, area: QQuickItem, strokes, box: float, *, step_px: int = 8) -> None:
        """A finger writing on `area` (the handwriting pad): each stroke pressed, moved
        through its points about every `step_px` pixels, and lifted. `strokes`: lists
        of (x, y) in a `box` x `box` square over the area, y downwards. Fails, as a tap
        does, when something covers the area where a stroke starts."""
        scale = area.width() / box

        def at(x: float, y: float) -> QPoint:
            p = area.mapToScene(QPointF(x * scale, y * scale))
            return QPoint(round(p.x()), round(p.y()))

        button, plain = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
        for stroke in strokes:
            start = at(*stroke[0])
            hit = topmost_at(self.window.contentItem(), QPointF(start))
            if not is_within(hit, area):
                raise TapFailed(f"'{area.objectName()}' is covered by "
                                f"{hit.objectName() or type(hit).__name__}")
            QTest.mousePress(self.window, button, plain, start)
            for a, b in pairwise(at(x, y) for x, y in stroke):
                steps = max(1, round(max(abs(b.x() - a.x()), abs(b.y() - a.y())) / step_px))
                for i in range(1, steps + 1):
                    QTest.mouseMove(self.window, QPoint(round(a.x() + (b.x() - a.x()) * i / steps),
                                                        round(a.y() + (b.y() - a.y()) * i / steps)))
            QTest.mouseRelease(self.window, button, plain, at(*stroke[-1]))

    def wait_for_frame(self, timeout_ms: int = 1000) -> float:
        """Turn the event loop until the window shows a new frame; seconds it took."""
        started = time.perf_counter()
        self._waiting_for_frame = True
        self._timer.start(timeout_ms)
        self.window.update()
        self._loop.exec()
        self._waiting_for_frame = False
        self._timer.stop()
        return time.perf_counter() - started

    def wait(self, ms: int) -> None:
        """Let `ms` pass in a real event loop, as in service: timers fire, queued signals
        arrive and deferred deletions run (bare processEvents() would skip those)."""
        self._timer.start(ms)
        self._loop.exec()
