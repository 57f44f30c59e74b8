"""A catalogue answer's JSON read together with each item's text as it came.

The store keeps every item as JSON text. Writing ten thousand parsed items back out as
JSON costs as much Python as reading them; the platform sent that text already. So the
top level of the answer is walked here and its `items` array read element by element by
the standard library's decoder, which says where each element ends: the text of an item
is the slice of the answer it was read from.
"""

from __future__ import annotations

import codecs
import json
import re
from typing import Any

_DECODER = json.JSONDecoder()
_SPACE = re.compile(r"[ \t\n\r]*")


def read_answer(content: bytes) -> tuple[Any, list[str] | None]:
    """The JSON of `content`, as `json.loads` reads it (and raising what it raises), and
    when it is an object with an `items` array, each item's text (None otherwise)."""
    try:
        return _read_object(content.decode("utf-8-sig" if content.startswith(
            codecs.BOM_UTF8) else "utf-8"))
    except (ValueError, IndexError):  # not an object of UTF-8 JSON: as json.loads says
        return json.loads(content), None


def _read_object(text: str) -> tuple[dict, list[str] | None]:
    document: dict = {}
    texts: list[str] | None = None
    position = _after_space(text, 0)
    if text[position] != "{":
        raise ValueError("not an object")
    position = _after_space(text, position + 1)
    if text[position] == "}":
        return document, None
    while True:
        if text[position] != '"':
            raise ValueError("a key is not a string")
        key, position = _DECODER.raw_decode(text, position)
        position = _after_space(text, position)
        if text[position] != ":":
            raise ValueError("no colon after a key")
        position = _after_space(text, position + 1)
        if key == "items" and text[position] == "[":
            value, texts, position = _read_array(text, position)
        else:
            value, position = _DECODER.raw_decode(text, position)
            if key == "items":
                texts = None
        document[key] = value
        position = _after_space(text, position)
        if text[position] == "}":
            break
        if text[position] != ",":
            raise ValueError("no comma between members")
        position = _after_space(text, position + 1)
    if _after_space(text, position + 1) != len(text):
        raise ValueError("extra data")
    return document, texts


def _read_array(text: str, position: int) -> tuple[list, list[str], int]:
    values: list = []
    texts: list[str] = []
    position = _after_space(text, position + 1)
    if text[position] == "]":
        return values, texts, position + 1
    while True:
        value, end = _DECODER.raw_decode(text, position)
        values.append(value)
        texts.append(text[position:end])
        position = _after_space(text, end)
        if text[position] == "]":
            return values, texts, position + 1
        if text[position] != ",":
            raise ValueError("no comma between elements")
        position = _after_space(text, position + 1)


def _after_space(text: str, position: int) -> int:
    return _SPACE.match(text, position).end()
