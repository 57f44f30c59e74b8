"""Checks for what residents type or cards tell us.

Each check returns None when the value is fine, or a `Message` that says what is wrong
and how to fix it, in words a resident understands (no "invalid", no codes).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources

from kiosk.i18n import QT_TRANSLATE_NOOP, Message

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"

CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

# Mainland mobile numbers: 1, then 3-9, then nine digits.
MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")

# Codes used on residence permits for Hong Kong, Macao and Taiwan residents.
PERMIT_AREA_CODES = {"810000", "820000", "830000"}


@cache
def _area_codes() -> frozenset[str]:
    text = resources.files("kiosk.data").joinpath("area_codes.txt").read_text("ascii")
    return frozenset(line for line in text.split() if not line.startswith("#") and line.isdigit())


def is_known_area_code(code: str) -> bool:
    """A real administrative area code, current or retired.

    The bundled list holds every code of the 2002-2014 revisions. Districts created later
    belong to a prefecture that is in the list, so the prefecture's code ("XXXX00") also
    vouches for a six-digit code under it.
    """
    codes = _area_codes()
    prefecture = code[:4] + "00"
    return code in codes or code in PERMIT_AREA_CODES or (
        code[2:4] != "00" and code[4:] != "00" and prefecture in codes
    )


def id_check_char(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARS[total % 11]


def normalise_id_number(value: str) -> str:
    """Strip spaces and full-width forms; a lower-case x becomes X."""
    return value.strip().replace(" ", "").translate(_FULL_WIDTH).upper()


_FULL_WIDTH = {0xFF10 + i: 0x30 + i for i in range(10)} | {0xFF38: ord("X"), 0xFF58: ord("X")}


def check_id_number(value: str, today: dt.date | None = None) -> Message | None:
    number = normalise_id_number(value)
    if len(number) != 18:
        return QT_TRANSLATE_NOOP(
            "validators", "身份证号码应为18位，您输入了{count}位，请核对后补全。"
        ).format(count=len(number))
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        return QT_TRANSLATE_NOOP(
            "validators", "身份证号码前17位只能是数字，最后一位是数字或X，请核对。"
        )
    if not is_known_area_code(number[:6]):
        return QT_TRANSLATE_NOOP(
            "validators", "身份证号码前6位（地区代码）不正确，请对照证件核对。"
        )
    birth = parse_compact_date(number[6:14])
    today = today or dt.date.today()
    if birth is None or birth > today or birth.year < 1900:
        return QT_TRANSLATE_NOOP(
            "validators", "身份证号码中的出生日期（第7到14位）不正确，请对照证件核对。"
        )
    if id_check_char(number[:17]) != number[17]:
        return QT_TRANSLATE_NOOP(
            "validators", "身份证号码有一位输错了，请对照证件逐位核对。"
        )
    return None


def check_residence_permit_number(value: str, today: dt.date | None = None) -> Message | None:
    """The number of a residence permit for Hong Kong, Macao and Taiwan residents: 18
    characters like an ID number (GB 11643 check digit) starting 810000 (Hong Kong),
    820000 (Macao) or 830000 (Taiwan)."""
    number = normalise_id_number(value)
    if len(number) != 18:
        return QT_TRANSLATE_NOOP(
            "validators", "港澳台居民居住证号码应为18位，您输入了{count}位，请核对后补全。"
        ).format(count=len(number))
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        return QT_TRANSLATE_NOOP(
            "validators", "港澳台居民居住证号码前17位只能是数字，最后一位是数字或X，请核对。"
        )
    if number[:6] not in PERMIT_AREA_CODES:
        return QT_TRANSLATE_NOOP(
            "validators",
            "港澳台居民居住证号码以810000（香港）、820000（澳门）或830000（台湾）开头，"
            "请对照证件核对。",
        )
    if not _plausible_birth(number[6:14], today):
        return QT_TRANSLATE_NOOP(
            "validators", "号码中的出生日期（第7到14位）不正确，请对照证件核对。"
        )
    if id_check_char(number[:17]) != number[17]:
        return QT_TRANSLATE_NOOP(
            "validators", "港澳台居民居住证号码有一位输错了，请对照证件逐位核对。"
        )
    return None


def permanent_residence_2017_check_char(first14: str) -> str:
    """Check character of a 2017 foreigner's permanent residence card number.

    The machine-readable-document rule (ICAO 9303): letters count A=10 .. Z=35, weights
    7 3 1 repeating, the sum mod 10. Taken from a public validation library and its test
    vector (KAZ110090123105); no official text of the rule was found.
    """
    values = [int(c) if c.isdigit() else ord(c) - ord("A") + 10 for c in first14]
    weights = ((7, 3, 1) * 5)[: len(values)]
    return str(sum(v * w for v, w in zip(values, weights, strict=True)) % 10)


def check_permanent_residence_number(value: str, today: dt.date | None = None) -> Message | None:
    """A foreigner's permanent residence card number, either edition.

    2023 edition: 18 characters, 9 first, the birth date in places 7-14 and the GB 11643
    check digit. 2017 edition: 15 characters, three letters (the country) then 12 digits:
    an authority code (4), the birth date as YYMMDD (6), a sequence digit and the check
    digit of permanent_residence_2017_check_char.
    """
    number = normalise_id_number(value)
    if len(number) == 15:
        if not (number[:3].isalpha() and number[:3].isascii() and number[3:].isdigit()):
            return QT_TRANSLATE_NOOP(
                "validators",
                "2017年版永久居留身份证号码是3个英文字母加12位数字，请对照证件核对。",
            )
        yymmdd = number[7:13]
        if not (_plausible_birth("19" + yymmdd, today) or _plausible_birth("20" + yymmdd, today)):
            return QT_TRANSLATE_NOOP(
                "validators", "号码中的出生日期（第8到13位）不正确，请对照证件核对。"
            )
        if permanent_residence_2017_check_char(number[:14]) != number[14]:
            return QT_TRANSLATE_NOOP(
                "validators", "永久居留身份证号码有一位输错了，请对照证件逐位核对。"
            )
        return None
    if len(number) != 18:
        return QT_TRANSLATE_NOOP(
            "validators",
            "外国人永久居留身份证号码应为18位（2017年版为15位），您输入了{count}位，请对照证件核对。",
        ).format(count=len(number))
    if not number.startswith("9") or not number[:17].isdigit() or not (
        number[17].isdigit() or number[17] == "X"
    ):
        return QT_TRANSLATE_NOOP(
            "validators",
            "新版永久居留身份证号码以9开头，前17位是数字，最后一位是数字或X，请核对。",
        )
    if not _plausible_birth(number[6:14], today):
        return QT_TRANSLATE_NOOP(
            "validators", "号码中的出生日期（第7到14位）不正确，请对照证件核对。"
        )
    if id_check_char(number[:17]) != number[17]:
        return QT_TRANSLATE_NOOP(
            "validators", "永久居留身份证号码有一位输错了，请对照证件逐位核对。"
        )
    return None


def _plausible_birth(yyyymmdd: str, today: dt.date | None) -> bool:
    birth = parse_compact_date(yyyymmdd)
    return birth is not None and 1900 <= birth.year and birth <= (today or dt.date.today())


def birth_date_from_id(number: str) -> dt.date | None:
    return parse_compact_date(normalise_id_number(number)[6:14])


def sex_from_id(number: str) -> str:
    """GB 11643: the 17th digit is odd for men, even for women."""
    return "男" if int(normalise_id_number(number)[16]) % 2 else "女"


def parse_compact_date(text: str) -> dt.date | None:
    """YYYYMMDD to a date, or None if it is not a real calendar date."""
    if len(text) != 8 or not text.isdigit():
        return None
    try:
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None


def credit_code_check_char(first17: str) -> str:
    total = sum(
        CREDIT_CODE_ALPHABET.index(c) * w
        for c, w in zip(first17, CREDIT_CODE_WEIGHTS, strict=True)
    )
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def check_credit_code(value: str) -> Message | None:
    """Unified social credit code (GB 32100). Letters are allowed in the first two places."""
    code = value.strip().replace(" ", "").upper()
    if len(code) != 18:
        return QT_TRANSLATE_NOOP(
            "validators", "统一社会信用代码应为18位，您输入了{count}位，请对照营业执照核对。"
        ).format(count=len(code))
    if any(c not in CREDIT_CODE_ALPHABET for c in code):
        return QT_TRANSLATE_NOOP(
            "validators",
            "统一社会信用代码里没有字母I、O、S、V、Z，请对照营业执照核对（可能是数字1、0、5、2）。",
        )
    if not code[2:8].isdigit():
        return QT_TRANSLATE_NOOP(
            "validators", "统一社会信用代码第3到8位应为数字（登记机关地区代码），请核对。"
        )
    if credit_code_check_char(code[:17]) != code[17]:
        return QT_TRANSLATE_NOOP(
            "validators", "统一社会信用代码有一位输错了，请对照营业执照逐位核对。"
        )
    return None


def normalise_phone(value: str) -> str:
    digits = value.strip().translate(_FULL_WIDTH).replace(" ", "").replace("-", "")
    return digits[3:] if digits.startswith("+86") else digits


def check_mobile(value: str) -> Message | None:
    number = normalise_phone(value)
    if not number.isdigit():
        return QT_TRANSLATE_NOOP("validators", "手机号码只能是数字，请重新输入。")
    if len(number) != 11:
        return QT_TRANSLATE_NOOP(
            "validators", "手机号码应为11位，您输入了{count}位，请核对。"
        ).format(count=len(number))
    if not MOBILE_RE.match(number):
        return QT_TRANSLATE_NOOP(
            "validators", "这不是一个手机号码：手机号码以13到19开头，请核对。"
        )
    return None


def parse_date(value: str) -> dt.date | None:
    """Accepts 2024-03-05, 2024/3/5, 2024.3.5, 20240305 and 2024年3月5日."""
    text = value.strip()
    match = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", text)
    if match:
        try:
            return dt.date(*(int(g) for g in match.groups()))
        except ValueError:
            return None
    return parse_compact_date(text)


def check_date(
    value: str, *, earliest: dt.date | None = None, latest: dt.date | None = None
) -> Message | None:
    date = parse_date(value)
    if date is None:
        return QT_TRANSLATE_NOOP(
            "validators", "请按“年-月-日”填写一个日历上有的日期，例如 2024-03-05。"
        )
    if earliest and date < earliest:
        return QT_TRANSLATE_NOOP("validators", "日期不能早于{date}，请核对。").format(
            date=earliest.isoformat()
        )
    if latest and date > latest:
        return QT_TRANSLATE_NOOP("validators", "日期不能晚于{date}，请核对。").format(
            date=latest.isoformat()
        )
    return None


def parse_amount(value: str) -> Decimal | None:
    text = value.strip().translate(_FULL_WIDTH).replace(",", "").replace("，", "")
    text = text.removesuffix("元").strip()
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return None
    return amount if amount.is_finite() else None


def check_amount(
    value: str, *, minimum: float | None = None, maximum: float | None = None
) -> Message | None:
    amount = parse_amount(value)
    if amount is None:
        return QT_TRANSLATE_NOOP("validators", "金额只能填数字，例如 1200 或 1200.50。")
    if amount.as_tuple().exponent < -2:
        return QT_TRANSLATE_NOOP("validators", "金额最多精确到分（小数点后两位）。")
    if minimum is not None and amount < Decimal(str(minimum)):
        return QT_TRANSLATE_NOOP("validators", "金额不能少于{limit}元。").format(limit=minimum)
    if maximum is not None and amount > Decimal(str(maximum)):
        return QT_TRANSLATE_NOOP("validators", "金额不能超过{limit}元。").format(limit=maximum)
    return None
