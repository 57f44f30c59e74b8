"""Masking on the platform's answers and proofs: names and numbers as the kiosk masks
them (kiosk/masking.py, which this package does not import; keep the two alike)."""

from __future__ import annotations


def mask_name(name: str) -> str:
    """王秀兰 -> 王*兰, 李明 -> 李*; a Latin name keeps each part's first letter and ***
    (the kiosk's masking rule, which this package does not import)."""
    name = name.strip()
    if name.isascii() and any(c.isalpha() for c in name):
        return " ".join(part[0] + "***" for part in name.replace(",", " ").split())
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_id_number(number: str) -> str:
    number = "".join(number.split()).upper()
    if len(number) <= 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def mask_licence_number(number: str) -> str:
    """A licence's number: the first four and last four characters stay; short numbers
    lose all but the last two."""
    number = number.strip()
    if len(number) <= 8:
        return "*" * max(0, len(number) - 2) + number[-2:]
    return number[:4] + "*" * (len(number) - 8) + number[-4:]
