"""How much the city's residents use each demo item: its `popularity_rank` (1 the most used).

Ranked by what village and city terminals report residents do most: social security and
medical insurance look-ups and certificates, pension eligibility, the social security
card, housing fund balances, household certificates. Items not named here are unranked.
Keyed by item name: codes are given out by build.py.
"""

from __future__ import annotations

RANKED = [
    # At village terminals the most used of all: the residents' yearly contributions.
    "城乡居民医疗保险缴费",
    "城乡居民养老保险缴费",
    "个人权益记录查询（社保缴费记录查询）",
    "医保个人账户余额查询",
    "养老保险待遇资格认证",
    "个人参保证明打印",
    "养老金发放记录查询",
    "城乡居民基本医疗保险参保登记",
    "住房公积金账户余额查询",
    "社会保障卡挂失",
    "户籍证明开具",
    "异地就医备案",
    "社会保障卡申领",
    "居住证申领",
    "住房公积金提取（租房）",
    "城乡居民养老保险缴费查询",
    "医保参保信息查询",
    "城乡居民基本养老保险参保登记",
    "高龄津贴申领",
    "交通违法记录查询",
    "住房公积金缴存明细查询",
    "医疗费用零星报销（手工报销）",
    "居民身份证挂失",
    "社会保障卡密码重置",
    "失业保险金申领",
    "最低生活保障申请（低保）",
    "个人完税证明开具",
    "老年人优待证办理",
    "定点医药机构查询",
    "义务教育入学登记（小学一年级）",
    "无犯罪记录证明",
    "社会保障卡制卡进度查询",
]

POPULARITY_RANK = {name: rank for rank, name in enumerate(RANKED, start=1)}
