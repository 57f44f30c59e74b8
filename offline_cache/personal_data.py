"""Recognising personal data where it must not be stored (audit trail, printed-receipt copy).

A second line of defence: callers are meant to pass masked or non-personal values; this
catches the mistakes that would otherwise sit on a public terminal's disk for years.
"""

from __future__ import annotations

import re

# 17 digits and a check character (GB 11643), not inside a longer run of letters/digits.
ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
MOBILE_NUMBER = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
DIGIT_RUN = re.compile(r"\d{6,}")

# Keys under which a value is personal data unless it is plainly not (a flag, a count,
# an already masked or non-Chinese code word).
SENSITIVE_KEYS = frozenset({"name", "id_number", "address", "phone"})


def holds_id_or_mobile_number(text: str) -> bool:
    return bool(ID_NUMBER.search(text) or MOBILE_NUMBER.search(text))


def personal_value(key: str, value: object) -> bool:
    """True when `value`, stored under `key`, looks like a resident's personal data."""
    if isinstance(value, bool):
        return False
    text = str(value)
    if holds_id_or_mobile_number(text):
        return True
    if key in SENSITIVE_KEYS:
        return bool(CJK.search(text) or DIGIT_RUN.search(text))
    return False
