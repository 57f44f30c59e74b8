"""The handwriting pad's view-model: the ink kept in the recognizer's box, recognition off
the UI thread, and an answer for ink that changed since never shown.

The recognizer here is a stand-in that holds each answer until the test lets it go:
the order of answers across threads is what is tested, which the real one (20 ms a
character) cannot be made to show on demand. The UI tests use the real one.
"""

from __future__ import annotations

import threading
import time

from kiosk.handwriting import BOX, WritingKind
from ui.viewmodels.handwriting import HandwritingViewModel


class HeldRecognizer:
    def __init__(self):
        self.asked: list = []  # (strokes, context) in the order asked
        self.go = threading.Semaphore(0)

    def covers(self, character: str) -> bool:
        return True

    def recognize(self, strokes, context, top=10):
        self.asked.append((strokes, context))
        self.go.acquire()
        return [f"{len(strokes)} strokes"]


def wait_until(qapp, condition, limit_s=5.0):
    deadline = time.monotonic() + limit_s
    while not condition():
        assert time.monotonic() < deadline, "gave up waiting"
        qapp.processEvents()
        time.sleep(0.005)


def stroke(vm, points, side=500.0):
    for x, y in points:
        vm.addPoint(x, y, side)


def test_points_are_kept_in_the_box_and_the_field_is_told(qapp):
    recognizer = HeldRecognizer()
    vm = HandwritingViewModel(recognizer)
    stroke(vm, [(0, 0), (250, 500), (600, -10)])
    vm.endStroke("name", "")
    assert vm.ink == [[0.0, 0.0, BOX / 2, BOX, BOX, 0.0]]  # clamped into the pad
    recognizer.go.release()
    wait_until(qapp, lambda: not vm.recognizing)
    assert vm.candidates == ["1 strokes"]
    assert recognizer.asked[0][1].kind is WritingKind.NAME
    vm.close()


def test_a_newer_stroke_supersedes_an_answer_not_yet_given(qapp):
    recognizer = HeldRecognizer()
    vm = HandwritingViewModel(recognizer)
    stroke(vm, [(10, 10), (400, 10)])
    vm.endStroke("text", "")
    wait_until(qapp, lambda: len(recognizer.asked) == 1)  # the first is being read
    stroke(vm, [(200, 10), (200, 400)])
    vm.endStroke("text", "")
    recognizer.go.release()  # the answer for one stroke: stale, not shown
    recognizer.go.release()
    wait_until(qapp, lambda: not vm.recognizing)
    assert vm.candidates == ["2 strokes"]
    assert len(recognizer.asked) == 2
    # Cleared while asked: nothing comes back onto a clean pad.
    stroke(vm, [(10, 10), (400, 400)])
    vm.endStroke("text", "")
    wait_until(qapp, lambda: len(recognizer.asked) == 3)
    vm.clear()
    recognizer.go.release()
    deadline = time.monotonic() + 0.2
    while time.monotonic() < deadline:
        qapp.processEvents()
    assert vm.candidates == [] and vm.strokeCount == 0
    vm.close()


def test_the_end_of_a_visit_takes_the_ink_and_the_mode(qapp):
    vm = HandwritingViewModel(HeldRecognizer())
    vm.setWriting(True)
    stroke(vm, [(10, 10), (400, 10)])
    vm.wipe()
    assert (vm.writing, vm.strokeCount, vm.ink) == (False, 0, [])
    assert not HandwritingViewModel(None).available  # no recognizer: the pad is not offered
    vm.close()
