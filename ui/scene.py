"""The terminal's screens as a tree of items: what is drawn, what sits in what. Used by
the keypad (which moves focus among what is drawn) and by the rehearsal tools."""

from __future__ import annotations

from PySide6.QtQuick import QQuickItem


def shown(item: QQuickItem) -> bool:
    """Drawn: visible and not fully transparent, it and every item it sits in."""
    while item is not None:
        if not item.isVisible() or item.opacity() == 0:
            return False
        item = item.parentItem()
    return True


def descendants(item: QQuickItem):
    for child in item.childItems():
        # Seen once in thousands of screens: PySide handed back a stale wrapper of another
        # type for an item whose address was reused; such a thing is no control.
        if not isinstance(child, QQuickItem):
            continue
        yield child
        yield from descendants(child)


def is_within(item: QQuickItem | None, ancestor: QQuickItem | None) -> bool:
    """`item` is `ancestor` or lies inside it (False when either is missing)."""
    while item is not None and ancestor is not None:
        if item == ancestor:
            return True
        item = item.parentItem()
    return False
