"""A catalogue field's pattern never freezes the screen, and keeps its meaning.

A backtracking engine takes minutes on `^(\\w+\\s?)+$` and a 40-character wrong answer.
Each such check runs in a child interpreter with a generous deadline: on a frozen check
the test fails (instead of hanging the run) and says so.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk import forms
from kiosk.catalogue.model import FieldType, FormField

ROOT = Path(__file__).resolve().parents[2]
DEADLINE_S = 60  # far above a bounded check, far below a backtracking one


def field(pattern: str) -> FormField:
    return FormField(key="plate", label="车牌号", type=FieldType.TEXT, pattern=pattern,
                     help="例如 京A12345")


def check_in_child(pattern: str, answer: str) -> str | None:
    script = (
        "import json, sys\n"
        "from kiosk import forms\n"
        "from kiosk.catalogue.model import FieldType, FormField\n"
        "pattern, answer = json.loads(sys.argv[1])\n"
        "field = FormField(key='k', label='车牌号', type=FieldType.TEXT, pattern=pattern)\n"
        "print(json.dumps(forms.check(field, answer)))\n"
    )
    try:
        done = subprocess.run(
            [sys.executable, "-c", script, json.dumps([pattern, answer])],
            cwd=ROOT, capture_output=True, text=True, timeout=DEADLINE_S,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"checking one answer against {pattern!r} froze for {DEADLINE_S} s")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_a_nested_repetition_answers_at_once_that_the_format_is_wrong():
    said = check_in_child(r"^(\w+\s?)+$", "a" * 40 + "!")

    assert said is not None and "格式不对" in said


def test_an_answer_that_cannot_be_checked_in_time_is_refused_with_a_way_out():
    said = check_in_child(r"^(\w|\w\w)+$", "a" * 60 + "!")

    assert said is not None
    assert "暂时无法核对" in said and "人工窗口" in said


@pytest.mark.parametrize(("pattern", "answer", "fine"), [
    (r"[\u4e00-\u9fa5][A-Z][A-Z0-9]{5,6}", "京A12345", True),
    (r"[\u4e00-\u9fa5][A-Z][A-Z0-9]{5,6}", "AA12345", False),
    (r"\d{12,19}", "６２２２０２１２３４５６７８９０", True),  # full-width digits
    (r"\d{8}|\d{20}", "1234567", False),
    (r"(\w+\s?)+", "张三 李四", True),  # ASCII-only \w would refuse Chinese
])
def test_todays_patterns_keep_their_meaning(pattern, answer, fine):
    assert (forms.check(field(pattern), answer) is None) is fine
