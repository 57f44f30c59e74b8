"""Building blocks for the demo catalogue tables: departments, counters, common form
fields and materials, and one builder per journey.

Each builder returns an item as the JSON the platform would send, without `code` and
`domain`; `build.py` adds those from the table the item sits in, so codes stay in one
sequence per domain.
"""

from __future__ import annotations

from typing import Any

Item = dict[str, Any]

# -- departments and the hotline residents call about them ------------------------------

RENSHE = "市人力资源和社会保障局"
SHEBAO = "市社会保险事业管理中心"
JIUYE = "市公共就业服务中心"
YIBAO = "市医疗保障局"
WEIJIAN = "市卫生健康委员会"
JIBING = "市疾病预防控制中心"
MINZHENG = "市民政局"
CANLIAN = "市残疾人联合会"
SIFA = "市司法局"
YINGJI = "市应急管理局"
GONGAN = "市公安局"
CHURUJING = "市公安局出入境管理支队"
JIAOJING = "市公安局交通警察支队"
GONGJIJIN = "市住房公积金管理中心"
ZHUJIAN = "市住房和城乡建设局"
BUDONGCHAN = "市不动产登记中心"
JIAOYU = "市教育局"
SHICHANG = "市市场监督管理局"
SHUIWU = "国家税务总局市税务局"
TUIYI = "市退役军人事务局"

HOTLINES = {
    RENSHE: "12333",
    SHEBAO: "12333",
    JIUYE: "12333",
    YIBAO: "12393",
    WEIJIAN: "12320",
    JIBING: "12320",
    CANLIAN: "12385",
    SIFA: "12348",
    JIAOJING: "122",
    GONGJIJIN: "12329",
    SHICHANG: "12315",
    SHUIWU: "12366",
}

# -- where materials brought in person are handed in ------------------------------------

AT_RENSHE = "市民服务中心二楼人社窗口"
AT_YIBAO = "市民服务中心二楼医保窗口"
AT_WEIJIAN = "市民服务中心二楼卫健窗口"
AT_STREET = "户籍所在地街道（乡镇）便民服务中心社会救助窗口"
AT_MINZHENG = "市民服务中心三楼民政窗口"
AT_CANLIAN = "户籍所在地区残疾人联合会服务大厅"
AT_PAICHUSUO = "户籍所在地派出所户籍窗口"
AT_CHURUJING = "市民服务中心一楼出入境窗口"
AT_CHEGUAN = "市车辆管理所或就近交警服务站"
AT_GONGJIJIN = "市住房公积金管理中心服务大厅（市民服务中心四楼）"
AT_ZHUJIAN = "市民服务中心三楼住房保障窗口"
AT_BUDONGCHAN = "市民服务中心四楼不动产登记窗口"
AT_JIAOYU = "市民服务中心三楼教育窗口"
AT_SCHOOL = "划片学校招生办公室"
AT_SHICHANG = "市民服务中心一楼市场准入窗口"
AT_SHUIWU = "市民服务中心一楼税务窗口"

# -- identity ---------------------------------------------------------------------------

CARDS = ("id_card", "social_security_card")
CARDS_AND_EID = ("id_card", "social_security_card", "e_id_qr")
ANY_IDENTITY = ("id_card", "social_security_card", "e_id_qr", "typed_id_number")
# Residents from Hong Kong, Macao, Taiwan and abroad who live and work here pay social
# insurance and the housing fund and may ask for a no-criminal-record certificate: those
# items take their residence permit or permanent residence card too.
PERMITS = ("hk_mo_tw_residence_permit", "foreign_permanent_residence_card")
CARDS_EID_AND_PERMITS = CARDS_AND_EID + PERMITS

ALL_CHANNELS = ("terminal", "online", "app", "counter")
SELF_SERVICE = ("terminal", "online", "app")
TERMINAL_COUNTER = ("terminal", "counter")

# -- form fields ------------------------------------------------------------------------


def text(
    key: str,
    label: str,
    *,
    required: bool = True,
    help: str = "",
    max_length: int | None = 50,
    min_length: int | None = None,
    pattern: str | None = None,
    sensitive: bool = False,
    prefill: str | None = None,
) -> dict:
    return {
        "key": key,
        "label": label,
        "type": "text",
        "required": required,
        "help": help,
        "prefill": prefill,
        "min_length": min_length,
        "max_length": max_length,
        "pattern": pattern,
        "sensitive": sensitive,
    }


def choice(
    key: str, label: str, options: list[tuple[str, str]], *, required: bool = True, help: str = ""
) -> dict:
    return {
        "key": key,
        "label": label,
        "type": "choice",
        "required": required,
        "help": help,
        "choices": [{"value": value, "label": shown} for value, shown in options],
    }


def date(key: str, label: str, *, required: bool = True, help: str = "") -> dict:
    return {
        "key": key,
        "label": label,
        "type": "date",
        "required": required,
        "help": help or "例如 2025-03-18",
    }


def amount(
    key: str, label: str, minimum: float, maximum: float, *, help: str = "", required: bool = True
) -> dict:
    return {
        "key": key,
        "label": label,
        "type": "amount",
        "required": required,
        "help": help,
        "minimum": minimum,
        "maximum": maximum,
    }


def address(
    key: str, label: str, *, required: bool = True, help: str = "", prefill: str | None = None
) -> dict:
    return {
        "key": key,
        "label": label,
        "type": "address",
        "required": required,
        "help": help or "写到门牌号，例如 幸福路18号3栋2单元501室",
        "prefill": prefill,
        "max_length": 100,
        "sensitive": True,
    }


def phone(
    key: str = "phone",
    label: str = "联系电话（手机）",
    *,
    help: str = "办理结果会以短信发到这个号码",
) -> dict:
    return {
        "key": key,
        "label": label,
        "type": "phone",
        "required": True,
        "help": help,
        "sensitive": True,
    }


def person_name(key: str, label: str, *, required: bool = True) -> dict:
    """Someone other than the applicant (a child, a family member): typed, not prefilled."""
    return text(key, label, required=required, max_length=30, sensitive=True)


def person_id(key: str, label: str, *, required: bool = True) -> dict:
    return {
        "key": key,
        "label": label,
        "type": "id_number",
        "required": required,
        "help": "18位公民身份号码，最后一位可能是X",
        "sensitive": True,
    }


NAME = {
    "key": "applicant_name",
    "label": "申请人姓名",
    "type": "text",
    "prefill": "name",
    "max_length": 30,
    "sensitive": True,
}
ID_NUMBER = {
    "key": "applicant_id_number",
    "label": "公民身份号码",
    "type": "id_number",
    "prefill": "id_number",
    "sensitive": True,
}
SEX = {
    "key": "sex",
    "label": "性别",
    "type": "choice",
    "prefill": "sex",
    "choices": [{"value": "男", "label": "男"}, {"value": "女", "label": "女"}],
}
BIRTH_DATE = {
    "key": "birth_date",
    "label": "出生日期",
    "type": "date",
    "prefill": "birth_date",
    "sensitive": True,
}
HOUSEHOLD_ADDRESS = address(
    "household_address", "户籍地址", prefill="address", help="按身份证上的住址填写"
)
HOME_ADDRESS = address("home_address", "现居住地址")
PHONE = phone()
BANK_CARD = text(
    "bank_card",
    "本人银行卡号",
    pattern=r"\d{12,19}",
    max_length=19,
    sensitive=True,
    help="用于发放资金，须为本人名下一类银行账户，12至19位数字",
)
CREDIT_CODE = {
    "key": "credit_code",
    "label": "统一社会信用代码",
    "type": "credit_code",
    "help": "营业执照左上方的18位代码",
}
BUSINESS_NAME = text(
    "business_name", "经营者名称（字号）", max_length=50, help="与营业执照上的名称一致"
)
TRACKING_NUMBER = text(
    "tracking_number",
    "受理编号",
    pattern=r"[A-Z0-9-]{6,30}",
    max_length=30,
    help="回执单上的编号，字母和数字",
)


def year_choice(key: str = "year", label: str = "查询年度") -> dict:
    return choice(key, label, [(str(y), f"{y}年") for y in range(2025, 2019, -1)])


# -- materials --------------------------------------------------------------------------


def scan(
    name: str, *, note: str = "", copies: int = 1, required: bool = True, original: bool = False
) -> dict:
    """A paper the terminal's camera captures; nothing to bring afterwards."""
    return {
        "name": name,
        "copies": copies,
        "original": original,
        "capture": True,
        "required": required,
        "note": note,
        "bring_to": None,
        "bring_within_days": None,
    }


def bring(
    name: str,
    to: str,
    days: int | None = 5,
    *,
    note: str = "",
    copies: int = 1,
    required: bool = True,
) -> dict:
    """An original shown at a counter, within `days` working days of applying."""
    return {
        "name": name,
        "copies": copies,
        "original": True,
        "capture": False,
        "required": required,
        "note": note,
        "bring_to": to,
        "bring_within_days": days,
    }


PHOTO = scan("近期一寸白底免冠证件照", note="露出双耳，不戴帽子和深色眼镜；可在终端现场拍摄")
HUKOU = scan("居民户口簿首页及本人页", note="户口簿在他人名下的，再拍户主页")
BANK_CARD_PHOTO = scan("本人银行卡正面", note="卡号要清晰")
MARRIAGE = scan("结婚证（夫妻双方信息页）", required=False, note="已婚的提供")
BIRTH_CERT = scan("出生医学证明", note="孩子的出生医学证明")
INCOME = scan("家庭成员收入证明", note="单位开具并盖章；无固定收入的写明情况并签名")
LEASE = scan("房屋租赁合同", note="含租期、租金和双方签名页")
DIAGNOSIS = scan("二级及以上医院出具的诊断证明", note="一年内开具")
DISABILITY_CERT = scan("中华人民共和国残疾人证", note="第三代智能化残疾人证")
LICENCE = scan("营业执照正本或副本", note="")

# -- processes --------------------------------------------------------------------------

LOOKUP_PROCESS = ["刷身份证或社保卡核验身份", "选择要查询的内容", "在屏幕上查看结果，需要时可打印"]


def _apply_process(materials: list[dict]) -> list[str]:
    steps = ["核验身份后在终端填写申请", "拍摄上传申请材料"]
    for material in materials:
        if material["bring_to"] and material["required"]:
            steps.append(
                f"在{material['bring_within_days']}个工作日内携带原件到{material['bring_to']}核验"
            )
            break
    steps += ["部门受理并审核", "办结后以短信通知结果"]
    return steps


# -- one builder per journey ------------------------------------------------------------


def apply(
    name: str,
    department: str,
    *,
    kind: str,
    summary: str,
    conditions: list[str],
    materials: list[dict],
    fields: list[dict],
    legal: int | None,
    promised: int | None,
    online: str = "run_once",
    channels: tuple[str, ...] = ALL_CHANNELS,
    proofs: tuple[str, ...] = CARDS_AND_EID,
    keywords: tuple[str, ...] = (),
    process: list[str] | None = None,
    fee: float = 0,
    fee_note: str = "不收费",
    version: int = 1,
) -> Item:
    return _item(
        name,
        department,
        "apply",
        kind,
        summary,
        conditions,
        materials,
        fields,
        process or _apply_process(materials),
        legal,
        promised,
        fee,
        fee_note,
        online,
        channels,
        proofs,
        keywords,
        version,
    )


def lookup(
    name: str,
    department: str,
    *,
    summary: str,
    fields: list[dict] | None = None,
    conditions: list[str] | None = None,
    proofs: tuple[str, ...] = CARDS_AND_EID,
    keywords: tuple[str, ...] = (),
    process: list[str] | None = None,
    channels: tuple[str, ...] = SELF_SERVICE,
    version: int = 1,
) -> Item:
    return _item(
        name,
        department,
        "lookup",
        "公共服务",
        summary,
        conditions or ["查询本人信息，须先核验身份"],
        [],
        fields or [],
        process or LOOKUP_PROCESS,
        None,
        None,
        0,
        "不收费",
        "zero_run",
        channels,
        proofs,
        keywords,
        version,
    )


def guide(
    name: str,
    department: str,
    *,
    kind: str,
    summary: str,
    conditions: list[str],
    materials: list[dict],
    process: list[str],
    legal: int | None,
    promised: int | None,
    keywords: tuple[str, ...] = (),
    fee: float = 0,
    fee_note: str = "不收费",
    online: str = "in_person",
    channels: tuple[str, ...] = TERMINAL_COUNTER,
    version: int = 1,
) -> Item:
    return _item(
        name,
        department,
        "guide",
        kind,
        summary,
        conditions,
        materials,
        [],
        process,
        legal,
        promised,
        fee,
        fee_note,
        online,
        channels,
        ANY_IDENTITY,
        keywords,
        version,
    )


def pay(
    name: str,
    department: str,
    *,
    summary: str,
    conditions: list[str],
    payment: dict,
    keywords: tuple[str, ...] = (),
    proofs: tuple[str, ...] = CARDS_AND_EID,
) -> Item:
    """A fee paid by QR code at the terminal; the platform sets the amount."""
    item = _item(name, department, "pay", "公共服务", summary, conditions, [], [],
                 ["在终端核验身份", "选择缴费档次", "用手机扫码支付", "打印缴费凭条"],
                 None, None, 0, "缴费金额以平台订单为准", "zero_run", ALL_CHANNELS, proofs,
                 keywords, 1)
    item["payment"] = payment
    return item


def event(
    name: str,
    department: str,
    *,
    summary: str,
    conditions: list[str],
    links: list[dict],
    first: list[str] | None = None,
    keywords: tuple[str, ...] = (),
) -> Item:
    """One visit for a life event: `links` name apply items (by name: build.py turns
    names into codes), `first` guide items to do before."""
    item = _item(name, department, "event", "公共服务", summary, conditions, [], [],
                 ["在终端核验身份", "一次填写、一次拍照", "一次提交，各部门按顺序办理",
                  "短信和进度查询告知结果"],
                 None, None, 0, "不收费", "run_once", TERMINAL_COUNTER, CARDS_AND_EID,
                 keywords, 1)
    item["chain"] = {"links": links, **({"first": first} if first else {})}
    return item


def link(item: str, *feeds: tuple[str, str, str, str]) -> dict:
    """A chain link: the item's name, and (field, earlier link's item name, its output,
    label) for each field an earlier link's result fills."""
    return {"item": item, **({"feeds": [
        {"field": f, "from": source, "output": output, "label": label}
        for f, source, output, label in feeds]} if feeds else {})}


def _item(
    name,
    department,
    journey,
    kind,
    summary,
    conditions,
    materials,
    fields,
    process,
    legal,
    promised,
    fee,
    fee_note,
    online,
    channels,
    proofs,
    keywords,
    version,
) -> Item:
    return {
        "name": name,
        "department": department,
        "journey": journey,
        "service_kind": kind,
        "summary": summary,
        "conditions": list(conditions),
        "materials": list(materials),
        "fields": [dict(field) for field in fields],
        "process": list(process),
        "legal_limit_days": legal,
        "promised_limit_days": promised,
        "fee": {"amount": fee, "note": fee_note},
        "online_level": online,
        "channels": list(channels),
        "identity_proofs": list(proofs),
        "keywords": list(keywords),
        "hotline": HOTLINES.get(department, "12345"),
        "version": version,
    }
