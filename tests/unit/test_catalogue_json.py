"""A catalogue answer is read as JSON reads it, and each item's text is what came: the
store keeps the platform's own text of every item instead of writing it out again."""

from __future__ import annotations

import codecs
import json

import pytest

from kiosk.sync.catalogue_json import read_answer

ITEMS = [{"code": "SB-0001", "name": "社保卡申领", "fee": {"amount": 0.5}, "keywords": []},
         {"code": "GA-0001", "pattern": "[\\u4e00-\\u9fff]{2,4}", "n": [1, -2.5e3, None]},
         "not an item", 7, [], {}]

ANSWERS = {
    "compact": json.dumps({"kind": "full", "items": ITEMS}, ensure_ascii=False,
                          separators=(",", ":")),
    "escaped and indented": json.dumps({"kind": "full", "items": ITEMS, "tombstones": []},
                                       indent=2),
    "spaces everywhere": ' \n{ "items" :\t[ {"a" : 1} ,\r\n 2 ] , "kind" : "delta" } \n',
    "items twice, the last counts": '{"items": [1, 2], "items": [{"b": [3]}]}',
    "items replaced by a non-list": '{"items": [1], "items": "none"}',
    "no items": '{"kind": "full"}',
    "empty items": '{"items": [ ]}',
    "empty object": "{ }",
    "not an object": "[1, 2]",
}


@pytest.mark.parametrize("text", ANSWERS.values(), ids=list(ANSWERS))
def test_an_answer_reads_as_json_and_each_item_text_is_what_came(text):
    for content in (text.encode(), codecs.BOM_UTF8 + text.encode()):
        document, texts = read_answer(content)
        assert document == json.loads(content)
        if isinstance(document, dict) and isinstance(document.get("items"), list):
            assert [json.loads(t) for t in texts] == document["items"]
            assert all(t in text for t in texts)
        else:
            assert texts is None


@pytest.mark.parametrize("content", [
    b"", b"{", b'{"items": [1, 2}', b'{"items": [1,]}', b'{"a": 1,}', b'{"a" 1}',
    b'{"a": 1} x', b"{1: 2}", b'{"items": [1] "b": 2}', b"\xff\xfe{}", b'{"a": "\xe4"}'])
def test_what_is_not_json_is_refused_as_json_refuses_it(content):
    with pytest.raises(ValueError):
        json.loads(content)
    with pytest.raises(ValueError):
        read_answer(content)
