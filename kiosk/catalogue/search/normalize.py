"""Normalisation of what residents type and of catalogue texts.

Both sides of a match go through `normalize`, so full-width letters, tone marks, ü and
punctuation never decide whether an item is found. `normalize_query` also bounds the
work one key press can cause: input is cut before and after normalising, never refused.
"""

from __future__ import annotations

import unicodedata

MAX_QUERY_CHARS = 64  # after normalisation; longer input is cut, never refused
_MAX_RAW_CHARS = 256  # cut before normalising so a pasted novel costs nothing


def normalize(text: str, limit: int | None = None) -> str:
    """Lower-case half-width letters, digits and CJK only; punctuation and spaces go.

    Full-width input from the keyboard becomes half-width (NFKC); tone marks typed or
    pasted with pinyin are dropped; ü is written v, as pinyin keyboards do.
    """
    text = unicodedata.normalize("NFKC", text).lower().replace("ü", "v")
    text = unicodedata.normalize("NFD", text)
    kept = unicodedata.normalize("NFC", text.translate(_LETTERS_AND_DIGITS))
    return kept if limit is None else kept[:limit]


class _KeepLettersAndDigits(dict):
    """A `str.translate` table that drops every character but letters and digits
    (Unicode categories L* and N*). It learns each character once, so normalising a
    catalogue's texts runs in C, not a Python step per character."""

    def __missing__(self, code: int) -> int | None:
        kept = code if unicodedata.category(chr(code))[0] in "LN" else None
        self[code] = kept
        return kept


_LETTERS_AND_DIGITS = _KeepLettersAndDigits()


def normalize_query(query: str) -> str:
    if not isinstance(query, str):
        return ""
    return normalize(query[:_MAX_RAW_CHARS], MAX_QUERY_CHARS)
