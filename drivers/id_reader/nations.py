"""Nationality codes of GB 3304, as written on resident ID cards and social security cards.

Both card readers decode a two-digit code into a name through this one table, so a form
prefilled from either card says the same thing. Codes 01-56 are the 56 nationalities in
the order of the standard; 97 and 98 are the two extra codes the ID card uses.
"""

from __future__ import annotations

# Order matters: the position in this tuple is the code (index 0 -> "01").
_GB3304_ORDER = (
    "汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族",  # 01-08
    "布依族", "朝鲜族", "满族", "侗族", "瑶族", "白族", "土家族", "哈尼族",  # 09-16
    "哈萨克族", "傣族", "黎族", "傈僳族", "佤族", "畲族", "高山族", "拉祜族",  # 17-24
    "水族", "东乡族", "纳西族", "景颇族", "柯尔克孜族", "土族", "达斡尔族", "仫佬族",  # 25-32
    "羌族", "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族", "阿昌族", "普米族",  # 33-40
    "塔吉克族", "怒族", "乌孜别克族", "俄罗斯族", "鄂温克族", "德昂族", "保安族", "裕固族",  # 41-48
    "京族", "塔塔尔族", "独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族", "基诺族",  # 49-56
)  # fmt: skip

NATIONS: dict[str, str] = {f"{i:02d}": name for i, name in enumerate(_GB3304_ORDER, start=1)}
NATIONS["97"] = "其他"
NATIONS["98"] = "外国血统中国籍人士"

_CODES_BY_NAME = {name: code for code, name in NATIONS.items()}


def nation_name(code: str) -> str | None:
    """The full name for a code ("01" -> "汉族"); None for a code the standard lacks."""
    code = code.strip()
    if len(code) == 1:
        code = "0" + code
    return NATIONS.get(code)


def nation_code(name: str) -> str:
    """The code for a name, accepting the card face's short form too ("汉" or "汉族")."""
    name = name.strip()
    code = _CODES_BY_NAME.get(name) or _CODES_BY_NAME.get(name + "族")
    if code is None:
        raise ValueError("not a nationality of GB 3304")
    return code
