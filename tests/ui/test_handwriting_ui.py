"""Writing with a finger: the handwriting pad on the on-screen keyboard, as a resident
who cannot spell pinyin uses it.

Strokes recorded by hand (tests/data/handwriting/, see its README) are drawn through the
pad with real mouse presses, moves and releases on the window; the candidates that
appear are tapped as a finger would, and the field, the search results and the answers
are read back.

Drawing the font's shapes takes seconds: the session prepares them once and every
terminal's data directory gets a copy (as a terminal's own cache after its first start).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest

from kiosk.handwriting import BOX, HandwritingRecognizer, HandwritingUnavailable
from tests.ui.fixtures import open_apply_service, to_first_question
from ui.driver import is_within, topmost_at

STROKES = Path(__file__).parents[1] / "data" / "handwriting"
STEP_PX = 8  # a finger's move reported about every 8 pixels


@pytest.fixture(scope="session")
def shapes_cache(tmp_path_factory) -> Path:
    """The recognizer's font shapes, drawn once for the whole run."""
    folder = tmp_path_factory.mktemp("handwriting-shapes")
    try:
        HandwritingRecognizer(cache_dir=folder).prepare()
    except HandwritingUnavailable as exc:
        pytest.fail(f"this machine cannot read handwriting ({exc}): run scripts/setup.sh")
    return folder


@pytest.fixture
def pad_terminal(make_terminal, shapes_cache):
    def make(**kwargs):
        t = make_terminal(**kwargs)
        shutil.copytree(shapes_cache, t.data_dir / "handwriting", dirs_exist_ok=True)
        return t

    return make


def recorded(name: str) -> list[list[list[float]]]:
    return json.loads((STROKES / name).read_text())


def writer(t):
    return t.vm.handwriting


def field(t):
    return t.window.activeFocusItem()


def switch_to_writing(t) -> None:
    t.wait_until(t.keyboard_shown, "the keyboard to come up")
    t.tap("mode-handwriting")
    assert t.item("handwriting-pad") is not None, "the pad did not take the keys' place"


def write(t, strokes, *, count: int | None = None) -> None:
    """Draw `strokes` (the 1000 box) on the pad's writing area, stroke by stroke, with a
    finger's press, moves and release; then wait for the candidates."""
    area = t.item("writing-area")
    assert area is not None, "no writing area on screen"
    scale = area.width() / BOX

    def scene(x: float, y: float) -> QPoint:
        p = area.mapToScene(QPointF(x * scale, y * scale))
        return QPoint(round(p.x()), round(p.y()))

    for stroke in strokes[:count]:
        start = scene(*stroke[0])
        hit = topmost_at(t.window.contentItem(), QPointF(start))
        assert is_within(hit, area), f"the writing area is covered by {hit.objectName() or hit}"
        QTest.mousePress(t.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         start)
        for (x0, y0), (x1, y1) in zip(stroke, stroke[1:]):
            a, b = scene(x0, y0), scene(x1, y1)
            steps = max(1, round(max(abs(b.x() - a.x()), abs(b.y() - a.y())) / STEP_PX))
            for i in range(1, steps + 1):
                QTest.mouseMove(t.window, QPoint(round(a.x() + (b.x() - a.x()) * i / steps),
                                                 round(a.y() + (b.y() - a.y()) * i / steps)))
        QTest.mouseRelease(t.window, Qt.MouseButton.LeftButton,
                           Qt.KeyboardModifier.NoModifier, scene(*stroke[-1]))
    settle(t)


def settle(t) -> None:
    t.wait_until(lambda: not writer(t).recognizing, "the candidates")


def offered(t) -> list[str]:
    """The candidates on the pad, in the order shown."""
    cells = [t.item(f"pad-candidate-{i}") for i in range(len(writer(t).candidates))]
    return [c.property("candidate") for c in cells if c is not None and t.in_view(c)]


def pick(t, character: str) -> None:
    shown = offered(t)
    assert character in shown, f"'{character}' not offered (have {shown})"
    t.tap(f"pad-candidate-{shown.index(character)}")


def open_search(t) -> None:
    t.tap("search")
    assert t.screen == "search"


def test_a_written_character_finds_services(pad_terminal):
    t = pad_terminal()
    open_search(t)
    switch_to_writing(t)
    assert t.item("search-field") is not None and t.in_view(t.item("search-field"))
    write(t, recorded("she.json"))
    assert "社" in offered(t)[:3], offered(t)
    pick(t, "社")
    assert field(t).property("text") == "社"
    assert writer(t).strokeCount == 0 and offered(t) == [], "the pad is clean for the next"
    t.wait_until(lambda: any("社" in title for title in t.rows("result-")),
                 "a service found by 社")
