"""The tap driver's eyes: the item under a finger, found without keeping hold of it.

Burn-in runs thousands of visits in one process; anything the driver keeps of a screen
that QML has since destroyed adds up to a creep that a terminal in service never has.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QByteArray, QObject, QPointF, QUrl
from PySide6.QtQml import QQmlComponent, QQmlEngine
from PySide6.QtQuick import QQuickItem

from ui.rehearsal.driver import child_at, topmost_at

SCENE = b"""
import QtQuick
Item {
    width: 200; height: 200
    Rectangle { objectName: "under"; width: 200; height: 200 }
    Item {
        objectName: "page"; x: 50; y: 50; width: 100; height: 100
        Rectangle { objectName: "button"; x: 10; y: 10; width: 40; height: 40 }
        Rectangle { objectName: "hidden"; x: 10; y: 10; width: 40; height: 40; visible: false }
    }
    Rectangle { objectName: "rotated"; x: 0; y: 160; width: 40; height: 40; rotation: 45 }
}
"""


def _scene(qapp):
    engine = QQmlEngine()
    component = QQmlComponent(engine)
    component.setData(QByteArray(SCENE), QUrl("scene.qml"))
    root = component.create()
    assert root is not None, component.errorString()
    return engine, component, root


def test_the_item_under_a_point_is_the_one_child_at_finds(qapp):
    engine, component, root = _scene(qapp)
    points = [QPointF(x + 0.5, y + 0.5) for x in range(0, 200, 7) for y in range(0, 200, 7)]
    for item in [root, *root.findChildren(QQuickItem)]:
        for point in points:
            expected = item.childAt(point.x(), point.y())
            assert child_at(item, point) == expected, (item.objectName(), point)
    assert topmost_at(root, QPointF(70, 70)).objectName() == "button"
    assert topmost_at(root, QPointF(120, 120)).objectName() == "page"
    assert topmost_at(root, QPointF(5, 5)).objectName() == "under"
    root.deleteLater()


def test_finding_the_item_under_a_finger_leaves_no_hold_on_it(qapp):
    """PySide's childAt() keeps the wrapper it returns as a child of the parent's
    wrapper: it outlives the item once QML destroys it (a dead wrapper per screen)."""
    engine, component, root = _scene(qapp)
    hit = topmost_at(root, QPointF(70, 70))
    assert hit.objectName() == "button"
    del hit
    gc.collect()
    [page] = [i for i in root.childItems() if i.objectName() == "page"]
    [button] = [i for i in page.childItems() if i.objectName() == "button"]
    assert not [r for r in gc.get_referrers(page) if isinstance(r, QObject)]
    assert not [r for r in gc.get_referrers(button) if isinstance(r, QObject)]
    root.deleteLater()
