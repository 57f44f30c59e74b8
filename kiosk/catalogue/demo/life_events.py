"""Demo items of item schema 3 beyond look-ups: fees paid by QR code, life events (一件事)
that chain apply items into one visit, and the apply items whose result may be posted.

The items join their domain's table at its end (see the items_* modules), so the codes
of the items before them do not move.
"""

from __future__ import annotations

from kiosk.catalogue.demo.parts import (
    CANLIAN,
    MINZHENG,
    NAME,
    PHONE,
    SHEBAO,
    SHUIWU,
    WEIJIAN,
    apply,
    choice,
    event,
    link,
    pay,
    person_id,
    person_name,
    scan,
    text,
)

CONTRIBUTION_YEAR = 2027
PENSION_TIERS = (200, 300, 400, 500, 600, 700, 800, 900, 1000, 1500, 2000, 3000)

# -- fees -------------------------------------------------------------------------------

RESIDENT_MEDICAL_FEE = pay(
    "城乡居民医疗保险缴费",
    SHUIWU,
    summary=f"缴纳{CONTRIBUTION_YEAR}年度城乡居民基本医疗保险费，可以为自己缴，也可以为家人缴。"
            "扫码支付，当场打印缴费凭条。",
    conditions=["已参加本市城乡居民基本医疗保险", "用手机微信、支付宝或云闪付扫码支付"],
    payment={"kind": "resident_medical", "payee": "国家税务总局市税务局",
             "year": CONTRIBUTION_YEAR, "for_family": True},
    keywords=("交医保", "缴医保", "医保缴费", "农村医保", "居民医保", "新农合"),
)

RESIDENT_PENSION_FEE = pay(
    "城乡居民养老保险缴费",
    SHUIWU,
    summary=f"缴纳{CONTRIBUTION_YEAR}年度城乡居民基本养老保险费，自己选缴费档次，档次越高，"
            "政府补贴越多，将来养老金越多。",
    conditions=["已参加本市城乡居民基本养老保险", "年满16周岁，不是在校学生",
                "用手机微信、支付宝或云闪付扫码支付"],
    payment={"kind": "resident_pension", "payee": "国家税务总局市税务局",
             "year": CONTRIBUTION_YEAR, "for_family": True,
             "tiers": [{"value": str(yuan), "label": f"每年{yuan}元"} for yuan in PENSION_TIERS]},
    keywords=("交养老保险", "缴养老", "新农保", "居民养老缴费", "养老保险缴费"),
)

# -- the apply item only a life event needed ----------------------------------------------

NEWBORN_SOCIAL_SECURITY_CARD = apply(
    "新生儿社会保障卡申领",
    SHEBAO,
    kind="公共服务",
    summary="为已落户、已参保的新生儿申领社会保障卡，可以到银行网点领取，也可以免费邮寄到家。",
    conditions=["新生儿已办理出生登记和居民医保参保", "由父母或监护人申请"],
    materials=[scan("新生儿近期一寸免冠照片", note="白底，孩子睁眼，照片里只有孩子")],
    fields=[
        NAME,
        PHONE,
        person_name("child_name", "新生儿姓名"),
        person_id("child_id_number", "新生儿公民身份号码"),
        text("child_insurance_number", "新生儿医保参保编号", max_length=30,
             help="参保登记办结后由医保部门给出"),
        choice("bank", "选择合作银行", [("icbc", "中国工商银行"), ("ccb", "中国建设银行"),
                                    ("abc", "中国农业银行"), ("rcu", "农村商业银行")]),
    ],
    legal=20,
    promised=10,
    online="zero_run",
    keywords=("宝宝社保卡", "孩子社保卡", "新生儿社保卡"),
)

# -- life events ------------------------------------------------------------------------

NEWBORN = event(
    "新生儿出生一件事",
    WEIJIAN,
    summary="孩子出生后的出生登记（报户口）、医保参保和社保卡申领一次办：身份核验一次、"
            "相同的内容只填一次、材料只拍一次，各部门按顺序接着办。",
    conditions=["父母一方为本市户籍", "孩子已取得出生医学证明", "出生后一个月内申报"],
    links=[
        link("新生儿出生登记"),
        link("新生儿参保登记",
             ("child_id_number", "新生儿出生登记", "id_number", "新生儿的身份证号")),
        link("新生儿社会保障卡申领",
             ("child_id_number", "新生儿出生登记", "id_number", "新生儿的身份证号"),
             ("child_insurance_number", "新生儿参保登记", "insurance_number",
              "新生儿的医保参保编号")),
    ],
    first=["出生医学证明首次签发指南"],
    keywords=("出生一件事", "生孩子", "宝宝出生", "新生儿", "报户口"),
)

DISABILITY = event(
    "残疾人服务一件事",
    CANLIAN,
    summary="首次申领残疾人证和申请残疾人两项补贴一次办：残疾人证办好后，补贴申请自动接着审核。",
    conditions=["本市户籍", "符合国家残疾分类和分级标准"],
    links=[
        link("残疾人证申领（首次）"),
        link("残疾人两项补贴申请",
             ("disability_card_number", "残疾人证申领（首次）", "card_number", "残疾人证号")),
    ],
    keywords=("残疾人一件事", "办残疾证和补贴", "残疾补贴"),
)

AFTER_DEATH = event(
    "身后一件事",
    MINZHENG,
    summary="家人去世后的殡葬费用减免和丧葬补助金、抚恤金申领一次办；户口注销请先到派出所办理。",
    conditions=["逝者为本市户籍居民", "申请人为逝者的配偶、子女或父母"],
    links=[link("基本殡葬服务费用减免申请"), link("丧葬补助金、抚恤金申领")],
    first=["死亡人员户口注销指南"],
    keywords=("身后事", "去世", "丧事", "死亡一件事", "殡葬"),
)

# The apply items whose result may be posted free instead of collected at the counter.
POSTED = {
    "无犯罪记录证明": "证明可以免费邮寄到家，也可以到窗口领取",
    "户籍证明开具": "证明可以免费邮寄到家，也可以到窗口领取",
    "残疾人证申领（首次）": "残疾人证可以免费邮寄到家，也可以到窗口领取",
    "老年人优待证办理": "优待证可以免费邮寄到家，也可以到窗口领取",
    "新生儿社会保障卡申领": "社保卡可以免费邮寄到家，也可以到银行网点领取",
    "出生医学证明补发、换发": "证明可以免费邮寄到家，也可以到窗口领取",
}
