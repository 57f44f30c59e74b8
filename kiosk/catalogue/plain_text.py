"""Catalogue text is plain text: what counts as markup, and where an item holds some.

Screens draw catalogue text as plain text whatever it holds. The check refuses markup as
well, so a platform's slip (or an attack) is named to the technician at catalogue check
instead of reaching paper, speech or a screen. Markup is what an HTML renderer would
act on: a tag opening or closing (`<b>`, `<img ...>`, `</font>`, `<!-- ...`) or a
character reference (`&lt;`, `&#20013;`, `&#x4e2d;`). Text that merely uses the signs
stays: "年龄<18岁", "1<2", "A & B", "≤".

The reference platform applies the same rule in `central/catalogue.py` (it never imports
the kiosk); keep the two alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

MARKUP = re.compile(r"<[A-Za-z/!]|&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9A-Fa-f]+);")
# Keys whose text is never shown: a field's regular expression may well hold "(?P<name>".
NOT_SHOWN = frozenset({"pattern"})
_QUOTED = 40  # characters of the markup quoted in a reason


_MARKUP_BYTES = re.compile(MARKUP.pattern.encode())


def document_may_hold_markup(raw: bytes) -> bool:
    """False when no text of a JSON document can hold markup: none is in its bytes, and
    none can be spelled in `\\u` escapes. A few scans in C instead of a walk over every
    text of every item (the regular expression only where a `<` or `&` is)."""
    return _has_unicode_escape(raw) or (
        (b"<" in raw or b"&" in raw) and _MARKUP_BYTES.search(raw) is not None)


def _has_unicode_escape(raw: bytes) -> bool:
    """Whether JSON text `raw` holds a `\\u` escape. A backslash written as `\\\\`
    followed by a u (a field pattern's `[\\u4e00-\\u9fff]`, as JSON writes it) is not
    one: an escape's backslash follows an even number of backslashes."""
    found = raw.find(b"\\u")
    while found >= 0:
        start = found
        while start > 0 and raw[start - 1] == 0x5C:  # backslash
            start -= 1
        if (found - start) % 2 == 0:
            return True
        found = raw.find(b"\\u", found + 2)
    return False


def markup_in(item: Any) -> tuple[str, str] | None:
    """The first text of a catalogue item that holds markup, as (where, what), or None.

    `where` is the path of the text in the item (`fields[2].label`, `en.summary`); `what`
    the text from its first markup on, shortened.
    """
    if not _holds_markup(item):  # the common case, without building a path per text
        return None
    for where, text in _texts(item, ""):
        found = MARKUP.search(text)
        if found:
            what = text[found.start():]
            return where, what if len(what) <= _QUOTED else what[: _QUOTED - 1] + "…"
    return None


def _holds_markup(item: Any) -> bool:
    """Whether any shown text of `item` holds markup (what `_texts` walks, no paths)."""
    search = MARKUP.search
    pending = [item]
    while pending:
        value = pending.pop()
        if isinstance(value, str):
            if search(value):
                return True
        elif isinstance(value, dict):
            pending.extend(inner for key, inner in value.items() if key not in NOT_SHOWN)
        elif isinstance(value, list | tuple):
            pending.extend(value)
    return False


def _texts(value: Any, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, inner in value.items():
            if key not in NOT_SHOWN:
                yield from _texts(inner, f"{where}.{key}" if where else str(key))
    elif isinstance(value, list | tuple):
        for index, inner in enumerate(value):
            yield from _texts(inner, f"{where}[{index}]")
