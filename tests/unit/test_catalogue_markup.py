"""The catalogue check refuses markup in any text of an item, and keeps text that only
uses the signs: an item with a tag or an HTML entity is skipped with a reason naming the
text, like any other item that cannot be served."""

from __future__ import annotations

import copy
import json

import pytest

from kiosk.catalogue.loader import demo_catalogue_path, load_catalogue, load_catalogue_file
from kiosk.catalogue.plain_text import document_may_hold_markup
from kiosk.sync.catalogue_check import Serving, check
from tests.unit.test_catalogue_loader import document, good_item


def changed(path: tuple, value: str) -> dict:
    """The good item with the text at `path` (keys and indexes) set to `value`."""
    item = copy.deepcopy(good_item())
    place = item
    for step in path[:-1]:
        place = place[step]
    place[path[-1]] = value
    return item


MARKUP = {
    "picture from a file": '<img src="file:///etc/passwd">',
    "picture from the network": '社保卡<img src="http://203.0.113.7/p.png">',
    "big red words": "<font color=red size=7>请到3号窗口缴费</font>",
    "a link": '<a href="http://203.0.113.7/">点这里</a>',
    "a closing tag alone": "办理须知</b>",
    "bold": "<b>免费</b>",
    "a comment": "说明<!-- 隐藏 -->",
    "a named entity": "年龄&lt;18岁",
    "a numbered entity": "&#20013;文",
    "a hexadecimal entity": "&#x4e2d;文",
}
PLACES = {
    "name": ("name",),
    "department": ("department",),
    "summary": ("summary",),
    "materials[0].name": ("materials", 0, "name"),
    "fields[0].label": ("fields", 0, "label"),
    "fields[1].choices[1].label": ("fields", 1, "choices", 1, "label"),
    "conditions[0]": ("conditions", 0),
    "fee.note": ("fee", "note"),
}


@pytest.mark.parametrize("markup", MARKUP.values(), ids=list(MARKUP))
def test_an_item_with_markup_is_skipped_naming_the_text(markup):
    bad = changed(("summary",), markup)
    loaded = load_catalogue(document([good_item("SB-0001"), bad, good_item("SB-0002")]))

    assert [item.code for item in loaded.items] == ["SB-0001", "SB-0002"]
    [skipped] = loaded.skipped
    assert skipped.position == 1 and skipped.code == bad["code"]
    assert skipped.reason.startswith("summary: ")
    assert "markup" in skipped.reason and "plain text" in skipped.reason


@pytest.mark.parametrize("where", PLACES, ids=list(PLACES))
def test_markup_is_refused_in_every_text_of_an_item(where):
    bad = changed(PLACES[where], "<b>注意</b>")
    [skipped] = load_catalogue(document([bad])).skipped
    assert skipped.reason.startswith(f"{where}: ")
    assert "'<b>注意</b>'" in skipped.reason


def test_markup_in_the_english_text_is_refused():
    bad = good_item(item_schema=2, en={"name": "Apply for a <i>card</i>"})
    [skipped] = load_catalogue(document([bad])).skipped
    assert skipped.reason.startswith("en.name: ")


@pytest.mark.parametrize("text", [
    "年龄<18岁", "1<2", "收入 < 5000元", "≤60岁", "A & B", "R&D部门", "<<民法典>>", "<-- 返回",
    "3<=4", "＜b＞全角的不是标签＜/b＞"])
def test_text_that_only_uses_the_signs_loads(text):
    item = changed(("summary",), text)
    item["fields"][0]["pattern"] = r"(?P<name>[\u4e00-\u9fa5]{2,15})"  # never shown
    loaded = load_catalogue(document([item]))
    assert loaded.skipped == ()
    assert loaded.items[0].summary == text


def test_the_demo_catalogue_has_no_markup():
    loaded = load_catalogue_file(demo_catalogue_path())
    assert len(loaded.items) >= 200 and loaded.skipped == ()


def test_the_platform_refuses_what_the_kiosk_refuses():
    """The reference platform keeps its own copy of the rule (it never imports the kiosk)."""
    from central import catalogue as platform
    from kiosk.catalogue import plain_text

    assert platform.MARKUP.pattern == plain_text.MARKUP.pattern
    assert platform.NOT_SHOWN == plain_text.NOT_SHOWN


def platform_answer(items: list) -> bytes:
    """A whole catalogue as the platform sends it (JSON without ASCII escapes)."""
    answer = dict(document(items), schema_version=2, kind="full", catalogue_revision=1,
                  since_revision=None, cursor="c1", tombstones=[])
    return json.dumps(answer, ensure_ascii=False).encode()


def test_markup_spelled_in_escapes_is_refused_beside_patterns_that_write_backslash_u():
    """A field pattern's `\\u4e00` is written `\\\\u4e00` in JSON: not an escape, so a
    catalogue of such patterns is checked without walking every text for markup, and
    markup that a real escape spells (`\\u003c`) is still found."""
    with_pattern = good_item("SB-0001")
    with_pattern["fields"][0]["pattern"] = r"[\u4e00-\u9fa5]{2,15}"
    plain = platform_answer([with_pattern])
    assert b"\\\\u4e00" in plain and not document_may_hold_markup(plain)

    spelled = platform_answer([with_pattern, changed(("summary",), "ESCAPED<b>注意</b>")])
    spelled = spelled.replace(b"ESCAPED<b>", b"\\u003cb\\u003e")
    assert b"<b>" not in spelled and document_may_hold_markup(spelled)
    answer = check(spelled, Serving(None, False), worker_from_bytes=1 << 40)
    assert answer.whole.served == 1
    [skipped] = answer.whole.skipped
    assert skipped.reason.startswith("summary: ") and "markup" in skipped.reason
