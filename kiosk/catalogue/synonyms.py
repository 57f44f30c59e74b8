"""Words residents use for the same thing, for search.

Each group lists terms that mean the same service word: an abbreviation people say at
the counter next to the official wording on the catalogue. A query that contains one
term is also tried with each other term of its group (in characters and in pinyin), at
a slightly lower score than the words the resident actually typed.

Keep a group to true equivalents: a loose association ("退休" and "养老金") sends
residents to the wrong service. Longer terms win over shorter ones they contain, so
"社保卡" is expanded as a card, not as "社保".
"""

from __future__ import annotations

SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    ("医保", "医疗保险", "基本医疗保险"),
    ("医保卡", "社会保障卡", "社保卡"),
    ("社保", "社会保险"),
    ("公积金", "住房公积金"),
    ("低保", "最低生活保障"),
    ("养老金", "养老保险待遇", "基本养老金"),
    ("退休金", "养老金"),
    ("户口", "户籍"),
    ("身份证", "居民身份证"),
    ("营业执照", "工商登记", "市场主体登记"),
    ("失业金", "失业保险金"),
    ("工伤", "工伤保险"),
    ("生育险", "生育保险"),
    ("生育津贴", "生育保险待遇"),
    ("驾照", "驾驶证", "机动车驾驶证"),
    ("行驶本", "行驶证"),
    ("出生证", "出生医学证明"),
    ("准生证", "生育登记"),
    ("残疾证", "残疾人证"),
    ("结婚证", "结婚登记"),
    ("离婚证", "离婚登记"),
    ("房产证", "不动产权证书", "不动产证"),
    ("暂住证", "居住证"),
    ("护照", "普通护照"),
    ("港澳通行证", "往来港澳通行证"),
    ("异地就医", "跨省就医"),
    ("报销", "医疗费用报销", "医疗费报销"),
    ("个税", "个人所得税"),
    ("疫苗", "预防接种"),
    ("老年证", "老年人优待证"),
    ("进度", "办件进度"),
)


# Letters residents type for a word, read as the word they stand for. Pinyin initials
# are guesswork ("sb" is also 商标, 申报, 失补 ...), but these few abbreviations are
# what residents at a terminal mean when they type them alone: a query that is exactly
# one of them is searched as its words first, and as initials below those (see
# `SearchIndex.search`). Keep this to abbreviations that say one thing.
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "sb": ("社保", "社会保险"),
    "yb": ("医保", "医疗保险"),
    "gjj": ("公积金",),
    "hk": ("户口", "户籍"),
}
