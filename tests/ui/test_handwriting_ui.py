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
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtTest import QTest

from kiosk.handwriting import BOX, HandwritingRecognizer, HandwritingUnavailable, handwriting_dir
from tests.ui.fixtures import open_apply_service, to_first_question
from ui.scene import is_within

STROKES = Path(__file__).parents[1] / "data" / "handwriting"


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
        shutil.copytree(shapes_cache, handwriting_dir(t.data_dir), dirs_exist_ok=True)
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
    t.driver.write(area, strokes[:count], BOX)
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



def test_undo_takes_back_the_last_stroke_and_the_candidates_follow(pad_terminal):
    t = pad_terminal()
    open_search(t)
    switch_to_writing(t)
    wang = recorded("wang.json")
    write(t, wang)
    assert "王" in offered(t)[:3], offered(t)
    with_four = offered(t)
    t.tap("pad-undo")
    settle(t)
    assert writer(t).strokeCount == 3
    assert offered(t) and offered(t) != with_four, "the candidates did not follow the undo"
    assert offered(t)[0] != "王"
    # The stroke written again: 王 is back; 重写 clears the pad, the field untouched.
    write(t, wang[3:])
    assert offered(t) == with_four
    t.tap("pad-clear")
    assert writer(t).strokeCount == 0 and offered(t) == []
    assert field(t).property("text") == ""


def test_a_name_question_offers_surnames_first(pad_terminal):
    """The same loosely written strokes read 于 (a surname) as a name's first character
    and 干 after it, where no surname is expected: the pad tells the recognizer which
    field it writes in and what is before the cursor."""
    t = pad_terminal()
    to_first_question(t)
    t.type_digits("13800138000")
    t.tap("primary")
    assert t.journey.fieldWritingKind == "name", t.journey.fieldLabel
    t.tap("answer-field")
    switch_to_writing(t)
    strokes = recorded("gan-or-yu.json")
    write(t, strokes)
    assert offered(t)[0] == "于", offered(t)
    pick(t, "于")
    write(t, strokes)
    assert offered(t)[0] == "干", offered(t)
    pick(t, "干")
    t.tap("pad-delete")
    assert field(t).property("text") == "于"
    write(t, recorded("da.json"))
    pick(t, "大")
    t.tap("pad-hide")
    assert not t.keyboard_shown()
    t.tap("primary")
    assert t.journey.fieldType == "id_number", t.journey.error
    assert t.journey.journey.answers["child_name"] == "于大"


def test_a_character_outside_the_pad_is_typed_by_pinyin(pad_terminal):
    """玥, common in given names, is not among the characters the pad can read: the pad
    says so, and 拼音 (one tap, the same field) offers it."""
    t = pad_terminal()
    assert not writer(t).covers("玥") and writer(t).covers("王")
    to_first_question(t)
    t.type_digits("13800138000")
    t.tap("primary")
    t.tap("answer-field")
    switch_to_writing(t)
    assert "玥" in t.text_of("pad-hint") and "拼音" in t.text_of("pad-hint")
    write(t, recorded("wang.json"))
    pick(t, "王")
    t.tap("mode-pinyin")
    assert t.item("handwriting-pad") is None
    t.type_chinese("yue", "玥")
    assert field(t).property("text") == "王玥"


def test_the_mode_holds_for_the_visit_and_the_ink_goes_with_it(pad_terminal):
    t = pad_terminal()
    open_search(t)
    switch_to_writing(t)
    write(t, recorded("shi.json"), count=1)
    assert writer(t).strokeCount == 1
    # Another field in the same visit: the pad again, without asking.
    t.tap("back")
    open_apply_service(t)
    t.tap("primary")
    t.lay_id_card()
    t.type_digits("13800138000")
    t.tap("primary")
    t.tap("answer-field")
    t.wait_until(t.keyboard_shown, "the keyboard to come up")
    assert t.item("handwriting-pad") is not None
    write(t, recorded("shi.json"), count=1)
    # The visit ends: no ink left, and the next resident meets pinyin first.
    t.lift_id_card()
    t.kiosk.session.end()
    t.frame()
    assert writer(t).strokeCount == 0 and writer(t).candidates == []
    open_search(t)
    t.wait_until(t.keyboard_shown, "the keyboard to come up")
    assert t.item("handwriting-pad") is None and "q" in t.keyboard_parts()[0]


@pytest.mark.parametrize("elder", [False, True], ids=["standard", "elder"])
def test_the_pad_is_named_and_finger_sized(pad_terminal, elder):
    """A screen reader names the pad's parts; every one is at least 12 mm square (16 mm
    in elder mode), the candidates too; the field written in stays above the pad."""
    t = pad_terminal()
    if elder:
        t.tap("elder-mode")
    open_search(t)
    switch_to_writing(t)
    write(t, recorded("shi.json"))
    mm = t.theme()["mm"]
    least = (16 if elder else 12) * mm - 0.5
    keyboard = t.keyboard()
    parts = [i for i in t.driver.controls() if is_within(i, keyboard)]
    names = {i.objectName() for i in parts}
    assert {"mode-pinyin", "mode-handwriting", "pad-undo", "pad-clear", "pad-delete",
            "pad-hide", "pad-candidate-0"} <= names
    for part in [*parts, t.item("writing-area"), t.item("handwriting-pad")]:
        spoken = QAccessible.queryAccessibleInterface(part)
        assert spoken is not None and spoken.text(QAccessible.Text.Name), part.objectName()
    for part in parts:
        assert part.width() >= least and part.height() >= least, part.objectName()
        assert t.driver.problem(part, part.objectName()) is None
    spoken = QAccessible.queryAccessibleInterface(t.item("pad-candidate-0"))
    assert "十" in spoken.text(QAccessible.Text.Name)
    search = t.item("search-field")
    assert search.mapToScene(QPointF(0, search.height())).y() <= keyboard.y()


def test_a_keypad_key_brings_back_the_pinyin_keys(pad_terminal):
    """Nobody writes with arrows: with the pad up, the keypad's keys reach pinyin's keys
    (which they walk), not keys hidden under the pad."""
    t = pad_terminal()
    open_search(t)
    switch_to_writing(t)
    QTest.keyClick(t.window, Qt.Key.Key_Down)
    t.frame()
    assert t.item("handwriting-pad") is None and "q" in t.keyboard_parts()[0]
    assert field(t).property("text") == ""  # nothing typed on the way
