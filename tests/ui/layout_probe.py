"""Every screen of the UI tests' tour, written down: run in a process of its own.

`python -m tests.ui.layout_probe OUT.json` walks `fixtures.tour` in portrait and writes,
for each screen it visits, the rectangle of every item showing and the fonts each text's
characters are drawn in, plus what fontconfig offered for an unnamed font and which file
the receipt pictures take. fontconfig reads its configuration once a process, so a test
that compares two font set-ups (FONTCONFIG_FILE) runs this once for each.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from ui.app import prepare_qt

TEXT_CLASSES = ("QQuickText", "QQuickTextInput", "QQuickTextEdit")
SAMPLE = "办事指南 Guide 123"


def drawn_in(text: str, font) -> list[str]:
    """The fonts Qt draws `text` in with `font` (its fallbacks included)."""
    from PySide6.QtGui import QTextLayout

    layout = QTextLayout(text, font)
    layout.beginLayout()
    while layout.createLine().isValid():
        pass
    layout.endLayout()
    return sorted({run.rawFont().familyName() for run in layout.glyphRuns()})


# Walked in QML: PySide's wrappers of the items now and then come back stale (see
# ui.rehearsal.driver.descendants), and one item missing from a list would read as a moved one.
GEOMETRY = """JSON.stringify((function walk(item, out) {
    for (var i = 0; i < item.children.length; ++i) {
        var child = item.children[i]
        if (!child.visible)
            continue
        var at = child.mapToItem(null, 0, 0)
        var row = [String(child).split("(")[0].split("_QML")[0], child.objectName,
                   at.x, at.y, child.width, child.height]
        if (child.contentWidth !== undefined)  // a text's words, a list's content
            row.push(child.contentWidth, child.contentHeight)
        out.push(row.map(v => typeof v === "number" ? Math.round(v * 10) / 10 : v))
        if (child.objectName !== "keyboard")
            walk(child, out)
    }
    return out
})(contentItem, []))"""


def screen_record(t) -> dict:
    """What is on screen. The on-screen keyboard counts by its place only: its keys and
    word candidates are drawn in the font its style names, not the application's."""
    from PySide6.QtQml import QQmlExpression

    from ui.scene import descendants, is_within

    listed, error = QQmlExpression(t.screens.engine.rootContext(), t.window,
                                   GEOMETRY).evaluate()
    assert not error, "the screen's items could not be listed"
    items = json.loads(listed)
    keyboard = t.keyboard()
    fonts = set()
    for item in descendants(t.window.contentItem()):
        if not item.isVisible() or is_within(item, keyboard):
            continue
        text = item.property("text")
        if any(item.inherits(c) for c in TEXT_CLASSES) and isinstance(text, str) \
                and text.strip():
            fonts.update(drawn_in(text, item.property("font")))
    return {"items": sorted(items), "fonts": sorted(fonts)}  # places, not tree order


def settle_keyboard(t) -> None:
    """Until the keyboard has stopped changing: it slides, the words it offers arrive from
    its decoder, and its bar of them grows in (on a loaded machine a record could catch
    any of these half-way). Still for four looks in a row, each after a new frame."""
    from PySide6.QtQuick import QQuickItem

    still, last = 0, None
    for _ in range(100):
        keyboard = t.keyboard()
        words = keyboard.findChild(QQuickItem, "wordCandidateView")
        state = (keyboard.isVisible(), keyboard.y(), keyboard.height(),
                 words.property("count") if words is not None else None)
        still = still + 1 if state == last else 0
        if still == 4:
            return
        last = state
        t.driver.wait(50)
        t.frame()


def main(out: Path) -> int:
    prepare_qt(offscreen=True)
    from PySide6.QtGui import QFont, QGuiApplication

    from drivers.fonts import regular_face
    from kiosk.app import Kiosk
    from kiosk.config import KioskConfig
    from tests.ui.fixtures import FIXED_NOW, Terminal, tour
    from ui.app import KioskScreens
    from ui.rehearsal.tour import TourClock, with_tour_pin

    app = QGuiApplication([sys.argv[0]])
    unnamed = QFont("sans-serif")  # asked before the kiosk names its font
    unnamed.setPixelSize(40)
    record = {"unnamed_font": drawn_in(SAMPLE, unnamed), "screens": {}}
    face = regular_face()
    record["receipt_font"] = Path(face.path).name if face else None
    with tempfile.TemporaryDirectory(prefix="layout-probe-") as data:
        kiosk = Kiosk(with_tour_pin(KioskConfig()), Path(data), now=lambda: FIXED_NOW)
        clock = TourClock()
        kiosk.session._clock = clock
        t = Terminal(kiosk, KioskScreens(kiosk, orientation="portrait"), clock=clock)
        try:
            def visit(label: str) -> None:
                settle_keyboard(t)
                record["screens"].setdefault(label, screen_record(t))

            tour(t, visit)
        finally:
            t.close()
    out.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
