"""The one home of masking: how personal data appears on screens, paper and in speech.

ID numbers read 3710**********6320 everywhere except while the resident types or checks
them; so do the numbers of residence permits and foreigners' permanent residence cards
(USA3*******1212). Names are masked on paper (王*兰, SMITH JOHN -> S*** J***). Nothing
else in the code masks on its own.
"""

from __future__ import annotations


def mask_id_number(number: str) -> str:
    """Keep the first four and last four characters: 371002**********6320 style."""
    number = number.strip()
    if len(number) <= 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def mask_licence_number(number: str) -> str:
    """A licence's number (household register, marriage certificate, business licence...):
    the first four and last four characters stay, as an ID number's, so the resident can
    tell which of their papers it is; short numbers lose all but the last two."""
    number = number.strip()
    if len(number) <= 8:
        return "*" * max(0, len(number) - 2) + number[-2:]
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def mask_name(name: str) -> str:
    """王秀兰 -> 王*兰, 李明 -> 李*, 欧阳娜娜 -> 欧**娜.

    A Latin name (a foreigner's card) keeps the first letter of each part, each followed
    by three stars whatever its length: SMITH JOHN -> S*** J***, so the paper tells
    neither the name nor how long it is.
    """
    name = name.strip()
    if name.isascii() and any(c.isalpha() for c in name):
        return " ".join(part[0] + "***" for part in name.replace(",", " ").split())
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_pass_number(number: str) -> str:
    """A travel permit number (9 characters): H6******45 keeps the first two and last two."""
    number = number.strip()
    if len(number) <= 4:
        return "*" * len(number)
    return number[:2] + "*" * (len(number) - 4) + number[-2:]


def mask_phone(number: str) -> str:
    """13812345678 -> 138****5678."""
    number = number.strip()
    if len(number) < 7:
        return "*" * len(number)
    return number[:3] + "*" * (len(number) - 7) + number[-4:]


def mask_address(address: str) -> str:
    """Keep the district-level start only: 北京市东城区********."""
    address = address.strip()
    keep = min(6, len(address) // 2)
    return address[:keep] + "*" * min(8, len(address) - keep)
