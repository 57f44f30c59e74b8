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
    kept = "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN")
    kept = unicodedata.normalize("NFC", kept)
    return kept if limit is None else kept[:limit]


def normalize_query(query: str) -> str:
    if not isinstance(query, str):
        return ""
    return normalize(query[:_MAX_RAW_CHARS], MAX_QUERY_CHARS)
