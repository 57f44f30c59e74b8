"""The demo records: made-up, deterministic records for the emulated cards' people.

`python -m central.demo_records` writes central/demo/records.json (the records-load
format, central/records_file), which a new platform loads at first start. The people are
the sample cards' (their files under drivers/ are read as data; nothing here imports the
kiosk or the drivers); what each holds is written below, and every figure follows from
the person's ID number, so the file is the same on every run.
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

from central.catalogue import REPO_ROOT
from central.records_file import DEMO_RECORDS, FORMAT, VERSION

CARD_DIRS = (REPO_ROOT / "drivers" / "id_reader" / "cards",
             REPO_ROOT / "drivers" / "card_reader" / "cards")
AS_OF = "2026-12-01T00:00:00Z"
LAST_MONTH = (2026, 11)


def card_people() -> dict[str, str]:
    """ID number -> name, from the sample cards (ID cards and social security cards)."""
    people = {}
    for folder in CARD_DIRS:
        for path in sorted(folder.glob("*.json")):
            card = json.loads(path.read_text(encoding="utf-8"))
            number = card.get("id_number") or card.get("social_security_number")
            if number:
                people[number] = card["name"]
    return people


def months(start: tuple[int, int], end: tuple[int, int] = LAST_MONTH) -> list[str]:
    year, month = start
    found = []
    while (year, month) <= end:
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def yuan(value: float) -> str:
    return f"{value:.2f}"


def contributions(rng: random.Random, start, base: float, rise: float, personal: float,
                  employer: float, end=LAST_MONTH) -> list[list[str]]:
    """Monthly rows; the base goes up each July, as the city's average wage does."""
    rows, current = [], base
    for month in months(start, end):
        if month.endswith("-07"):
            current = round(current * (1 + rise + rng.uniform(0, 0.02)), -1)
        rows.append([month, yuan(current), yuan(current * personal), yuan(current * employer)])
    rows.reverse()
    return rows


def li_jianguo(rng: random.Random) -> dict:
    return {
        "accounts": [
            {"account": "medical", "balance": "8,642.35", "status": "正常",
             "opened_on": "2013-08-01"},
            {"account": "pension", "balance": "96,418.20", "status": "正常缴费",
             "opened_on": "2013-08-01"},
            {"account": "housing_fund", "balance": "58,930.66", "status": "正常缴存",
             "opened_on": "2013-08-01"},
        ],
        "contributions": [
            {"account": "pension", "employer": "上海申城机电设备有限公司",
             "months": contributions(rng, (2013, 8), 4200, 0.05, 0.08, 0.16)},
            {"account": "housing_fund", "employer": "上海申城机电设备有限公司",
             "months": contributions(rng, (2013, 8), 4200, 0.05, 0.07, 0.07)},
        ],
        "insurance": [
            ["职工基本养老保险", "参保缴费", "2013-08-01", "上海申城机电设备有限公司"],
            ["职工基本医疗保险", "参保缴费", "2013-08-01", "上海申城机电设备有限公司"],
            ["失业保险", "参保缴费", "2013-08-01", "上海申城机电设备有限公司"],
            ["工伤保险", "参保缴费", "2013-08-01", "上海申城机电设备有限公司"],
        ],
        "school_roll": [
            {"pupil_name": "李思远", "roll_number": "G310104200904120032",
             "school": "上海市徐汇区示例中学", "grade": "高中二年级（3）班", "status": "在读",
             "enrolled_on": "2025-09-01"},
        ],
        "elicences": [
            {"type": "household_register", "number": "310104008812", "issued_by":
             "上海市公安局徐汇分局示例路派出所", "issued_at": "2015-06-18",
             "details": [["户别", "家庭户"], ["住址", "上海市徐汇区示例路88弄5号301室"]]},
            {"type": "marriage_certificate", "number": "J310104-2007-004512",
             "issued_by": "上海市徐汇区民政局", "issued_at": "2007-10-06",
             "details": [["登记日期", "2007-10-06"]]},
            {"type": "property_certificate", "number": "沪（2018）徐汇区不动产权第012345号",
             "issued_by": "上海市不动产登记局", "issued_at": "2018-04-23",
             "details": [["坐落", "上海市徐汇区示例路88弄5号301室"], ["用途", "住宅"],
                         ["面积", "89.62平方米"]]},
            {"type": "business_licence", "number": "92310104MA1K3XQ27P",
             "holder_name": "李建国", "issued_by": "上海市徐汇区市场监督管理局",
             "issued_at": "2019-03-11",
             "details": [["名称", "上海市徐汇区建国五金店"], ["类型", "个体工商户"],
                         ["经营范围", "五金交电、日用百货零售"]]},
            {"type": "skill_certificate", "number": "S000031000012345",
             "issued_by": "上海市职业技能鉴定中心", "issued_at": "2016-12-20",
             "details": [["职业（工种）", "电工"], ["等级", "三级/高级工"]]},
            {"type": "resident_id_card", "number": "310104197510010010",
             "issued_by": "上海市公安局徐汇分局", "issued_at": "2015-07-09",
             "details": [["有效期限", "2015-07-09至2035-07-09"]]},
        ],
        "rows": {
            "GA-0017": [["准驾车型", "C1"], ["记分周期", "2026-03-15 至 2027-03-14"],
                        ["本周期已记分", "1分"], ["驾驶证状态", "正常"],
                        ["有效期至", "2032-03-15"]],
            "GA-0016": [["违法时间", "2026-08-21 08:42"], ["违法地点", "漕溪北路近南丹路"],
                        ["违法行为", "机动车违反禁止标线指示"], ["罚款", "200元"],
                        ["记分", "1分"], ["处理状态", "已处理、已缴款"]],
            "ZF-0017": [["贷款金额", "800,000.00元"], ["贷款期限", "240个月"],
                        ["已还期数", "103期"], ["剩余本金", "497,316.52元"],
                        ["月还款额", "4,537.64元"], ["下次还款日", "2026-12-20"],
                        ["逾期情况", "无逾期"]],
            "ZF-0016": [["缴存状态", "正常缴存"], ["开户日期", "2013-08-01"],
                        ["缴存单位", "上海申城机电设备有限公司"], ["缴存比例", "单位7%、个人7%"]],
            "SB-0021": [["测算退休时间", "2036年10月（按渐进式延迟法定退休年龄测算）"],
                        ["已缴费年限", "13年4个月"], ["测算月养老金", "约5,860元"],
                        ["说明", "按目前缴费水平测算，仅供参考，以退休时核定为准"]],
            "QY-0017": [["所属期", "2026年1月至11月"], ["收入额", "138,600.00元"],
                        ["已缴税额", "4,212.00元"], ["扣缴义务人", "上海申城机电设备有限公司"]],
            "QY-0016": [["税种", "个人所得税"], ["所属期", "2025年度"],
                        ["实缴税额", "4,536.00元"], ["入库日期", "2026-03-18"]],
        },
    }


def wang_xiulan(rng: random.Random) -> dict:
    payments = []
    amount = 3180.0
    for month in months((2023, 4)):
        if month.endswith("-01"):
            amount = round(amount * 1.022, 1)  # the yearly rise
        payments.append([month, yuan(amount), f"{month}-05", "已到账"])
    payments.reverse()
    return {
        "accounts": [
            {"account": "medical", "balance": "3,456.78", "status": "正常（退休）",
             "opened_on": "2001-01-01"},
            {"account": "pension", "balance": "0.00", "status": "已按月领取养老金",
             "opened_on": "2003-01-01"},
        ],
        "contributions": [
            {"account": "pension", "employer": "北京市东城区示例纺织品商店",
             "months": contributions(rng, (2003, 1), 1800, 0.06, 0.08, 0.16, (2023, 3))},
        ],
        "pension_payments": [{"bank": "中国工商银行北京东城支行", "payments": payments}],
        "insurance": [
            ["职工基本养老保险", "退休领取", "2003-01-01", "北京市东城区社会保险事业管理中心"],
            ["职工基本医疗保险", "参保缴费", "2001-01-01", "北京市东城区医疗保障局（退休人员）"],
        ],
        "elicences": [
            {"type": "household_register", "number": "110101015523", "issued_by":
             "北京市公安局东城分局示例胡同派出所", "issued_at": "2019-05-12",
             "details": [["户别", "家庭户"], ["住址", "北京市东城区示例胡同12号"]]},
            {"type": "property_certificate", "number": "京（2020）东城区不动产权第0004567号",
             "issued_by": "北京市规划和自然资源委员会", "issued_at": "2020-09-02",
             "details": [["坐落", "北京市东城区示例胡同12号"], ["用途", "住宅"],
                         ["面积", "56.30平方米"]]},
            {"type": "disability_certificate", "number": "11010119680312002842",
             "issued_by": "北京市东城区残疾人联合会", "issued_at": "2021-04-15",
             "details": [["残疾类别", "肢体残疾"], ["残疾等级", "四级"],
                         ["有效期至", "2031-04-14"]]},
        ],
        "rows": {
            "YL-0016": [["结算日期", "2026-11-18"],
                        ["医疗机构", "北京市东城区示例社区卫生服务中心"],
                        ["就诊类型", "门诊"], ["费用总额", "236.50元"], ["医保支付", "187.20元"],
                        ["个人自付", "49.30元"]],
            "YL-0017": [["备案类型", "异地长期居住"], ["就医地", "海南省三亚市"],
                        ["备案有效期", "2026-11-01 至 2027-04-30"], ["备案状态", "已备案"]],
            "YL-0018": [["病种", "高血压（合并症）"], ["认定结果", "认定通过"],
                        ["认定日期", "2024-06-12"], ["有效期至", "2027-06-11"],
                        ["定点机构", "北京市东城区示例社区卫生服务中心"]],
            "SF-0015": [["补贴类别", "重度残疾人护理补贴"], ["结果", "未享受（残疾等级为四级）"]],
        },
    }


def liu_guifang(rng: random.Random) -> dict:
    resident = [[f"{year}-12", "500.00", "500.00", "30.00"] for year in (2013, 2012, 2011, 2010)]
    return {
        "accounts": [
            {"account": "medical", "balance": "2,188.04", "status": "正常",
             "opened_on": "2014-03-01"},
            {"account": "pension", "balance": "41,652.90", "status": "正常缴费",
             "opened_on": "2014-03-01"},
            {"account": "housing_fund", "balance": "23,071.15", "status": "正常缴存",
             "opened_on": "2016-06-01"},
        ],
        "contributions": [
            {"account": "pension", "employer": "威海示例海洋食品有限公司",
             "months": contributions(rng, (2014, 3), 2900, 0.05, 0.08, 0.16)},
            {"account": "housing_fund", "employer": "威海示例海洋食品有限公司",
             "months": contributions(rng, (2016, 6), 3100, 0.04, 0.06, 0.06)},
            {"account": "resident_pension", "employer": "威海市环翠区示例镇（城乡居民）",
             "months": resident},
        ],
        "insurance": [
            ["职工基本养老保险", "参保缴费", "2014-03-01", "威海示例海洋食品有限公司"],
            ["职工基本医疗保险", "参保缴费", "2014-03-01", "威海示例海洋食品有限公司"],
            ["失业保险", "参保缴费", "2014-03-01", "威海示例海洋食品有限公司"],
            ["城乡居民基本养老保险", "终止（已转入职工养老保险）", "2010-01-01", "威海市环翠区"],
        ],
        "school_roll": [
            {"pupil_name": "赵一诺", "roll_number": "G371002201806150027",
             "school": "威海市环翠区示例小学", "grade": "小学二年级（2）班", "status": "在读",
             "enrolled_on": "2025-09-01"},
        ],
        "vaccinations": [
            ["赵一诺", "乙肝疫苗", "第1剂", "2018-06-15", "威海市妇幼保健院"],
            ["赵一诺", "卡介苗", "第1剂", "2018-06-16", "威海市妇幼保健院"],
            ["赵一诺", "乙肝疫苗", "第2剂", "2018-07-16", "环翠区示例社区卫生服务中心"],
            ["赵一诺", "脊灰疫苗", "第1剂", "2018-08-20", "环翠区示例社区卫生服务中心"],
            ["赵一诺", "百白破疫苗", "第1剂", "2018-09-18", "环翠区示例社区卫生服务中心"],
            ["赵一诺", "乙肝疫苗", "第3剂", "2018-12-17", "环翠区示例社区卫生服务中心"],
            ["赵一诺", "麻腮风疫苗", "第1剂", "2019-02-20", "环翠区示例社区卫生服务中心"],
            ["赵一诺", "乙脑减毒活疫苗", "第1剂", "2019-02-22", "环翠区示例社区卫生服务中心"],
            ["赵一诺", "A群流脑多糖疫苗", "第2剂", "2019-03-25", "环翠区示例社区卫生服务中心"],
            ["赵一诺", "甲肝减毒活疫苗", "第1剂", "2019-12-19", "环翠区示例社区卫生服务中心"],
            ["赵一诺", "麻腮风疫苗", "第2剂", "2020-01-06", "环翠区示例社区卫生服务中心"],
            ["赵一诺", "乙脑减毒活疫苗", "第2剂", "2020-06-16", "环翠区示例社区卫生服务中心"],
            ["赵一诺", "A群C群流脑多糖疫苗", "第1剂", "2021-06-18", "环翠区示例社区卫生服务中心"],
            ["赵一诺", "脊灰疫苗", "第4剂", "2022-06-20", "环翠区示例社区卫生服务中心"],
            ["赵一诺", "白破疫苗", "第1剂", "2024-06-17", "环翠区示例社区卫生服务中心"],
        ],
        "elicences": [
            {"type": "household_register", "number": "371002031187", "issued_by":
             "威海市公安局环翠分局示例派出所", "issued_at": "2018-07-02",
             "details": [["户别", "家庭户"], ["住址", "山东省威海市环翠区示例路20号"]]},
            {"type": "marriage_certificate", "number": "J371002-2016-001874",
             "issued_by": "威海市环翠区民政局", "issued_at": "2016-05-20",
             "details": [["登记日期", "2016-05-20"]]},
            {"type": "employment_certificate", "number": "3710020020140300418",
             "issued_by": "威海市环翠区公共就业和人才服务中心", "issued_at": "2014-02-18",
             "details": [["就业状态", "就业"], ["就业单位", "威海示例海洋食品有限公司"]]},
        ],
        "rows": {
            "YL-0022": [["生育日期", "2018-06-15"], ["津贴天数", "158天"],
                        ["发放金额", "21,846.00元"], ["发放日期", "2018-09-12"],
                        ["发放状态", "已发放"]],
            "GA-0019": [["2025-02-03", "出境 威海港 → 韩国仁川"],
                        ["2025-02-09", "入境 韩国仁川 → 威海港"]],
        },
    }


def zhang_xiaoming(rng: random.Random) -> dict:
    return {
        "accounts": [
            {"account": "medical", "balance": "612.40", "status": "正常",
             "opened_on": "2023-07-01"},
            {"account": "pension", "balance": "9,884.16", "status": "正常缴费",
             "opened_on": "2023-07-01"},
        ],
        "contributions": [
            {"account": "pension", "employer": "深圳市示例智能科技有限公司",
             "months": contributions(rng, (2023, 7), 6500, 0.04, 0.08, 0.15)},
        ],
        "insurance": [
            ["职工基本养老保险", "参保缴费", "2023-07-01", "深圳市示例智能科技有限公司"],
            ["职工基本医疗保险", "参保缴费", "2023-07-01", "深圳市示例智能科技有限公司"],
        ],
        "elicences": [
            {"type": "employment_certificate", "number": "4403050020230600127",
             "issued_by": "深圳市南山区公共就业服务中心", "issued_at": "2023-06-20",
             "details": [["就业状态", "就业"], ["就业单位", "深圳市示例智能科技有限公司"]]},
            {"type": "skill_certificate", "number": "S000044030023611",
             "issued_by": "深圳市职业技能鉴定指导中心", "issued_at": "2024-11-30",
             "details": [["职业（工种）", "人工智能训练师"], ["等级", "四级/中级工"]]},
        ],
        "rows": {
            "JY-0020": [["测试日期", "2022-11-12"], ["成绩", "87.5分"], ["等级", "二级甲等"],
                        ["证书编号", "4403222001234"]],
            "GA-0020": [["证明编号", "粤深公（南）无犯证字〔2025〕第01288号"],
                        ["开具日期", "2025-03-04"], ["核验结果", "证明真实有效"]],
        },
    }


def chen_jiaxin(rng: random.Random) -> dict:
    return {
        "accounts": [
            {"account": "housing_fund", "balance": "16,240.00", "status": "正常缴存",
             "opened_on": "2024-10-01"},
            {"account": "medical", "balance": "1,035.62", "status": "正常",
             "opened_on": "2024-10-01"},
        ],
        "contributions": [
            {"account": "housing_fund", "employer": "深圳市福田区示例贸易有限公司",
             "months": contributions(rng, (2024, 10), 9800, 0.03, 0.05, 0.05)},
        ],
        "insurance": [
            ["职工基本医疗保险", "参保缴费", "2024-10-01", "深圳市福田区示例贸易有限公司"],
        ],
    }


def mueller_anna(rng: random.Random) -> dict:
    return {
        "accounts": [{"account": "medical", "balance": "4,310.25", "status": "正常",
                      "opened_on": "2024-04-01"}],
        "contributions": [
            {"account": "pension", "employer": "示例（中国）汽车零部件有限公司",
             "months": contributions(rng, (2024, 4), 15000, 0.03, 0.08, 0.16)},
        ],
        "insurance": [
            ["职工基本养老保险", "参保缴费", "2024-04-01", "示例（中国）汽车零部件有限公司"],
            ["职工基本医疗保险", "参保缴费", "2024-04-01", "示例（中国）汽车零部件有限公司"],
        ],
    }


# Who holds what; the other card holders (an expired permit, the 2017 permanent
# residence card) hold no records, so the kiosk's "nothing found" is shown too.
HOLDINGS = {
    "李建国": li_jianguo,
    "王秀兰": wang_xiulan,
    "刘桂芳": liu_guifang,
    "张小明": zhang_xiaoming,
    "陈嘉欣": chen_jiaxin,
    "安娜": mueller_anna,
}


def build() -> dict:
    people = []
    for id_number, name in sorted(card_people().items()):
        person = {"id_number": id_number, "name": name, "as_of": AS_OF}
        holding = HOLDINGS.get(name)
        if holding is not None:
            person |= holding(random.Random(id_number))
        people.append(person)
    return {"format": FORMAT, "version": VERSION, "people": people,
            "reference": REFERENCE}


def text() -> str:
    """Indented, with each row of strings on one line (a month, a table row)."""
    return _ROW.sub(lambda m: json.dumps(json.loads(m.group(0)), ensure_ascii=False),
                    json.dumps(build(), ensure_ascii=False, indent=1)) + "\n"


_ROW = re.compile(r'\[\s*"(?:[^"\\]|\\.)*"(?:,\s*"(?:[^"\\]|\\.)*")*\s*\]')


REFERENCE = [
    {"service_code": "JY-0016", "title": "义务教育学校招生范围（学区）",
     "as_of": "2026-04-20T00:00:00Z",
     "columns": ["小区或道路", "对口小学", "对口初中", "所属街道"],
     "rows": [
         ["幸福里小区", "市示例实验小学", "市第二示例中学", "东城街道"],
         ["幸福里二期", "市示例实验小学", "市第二示例中学", "东城街道"],
         ["和平路1-99号（单号）", "和平路小学", "市第二示例中学", "东城街道"],
         ["和平路2-120号（双号）", "和平路小学", "市第五示例中学", "东城街道"],
         ["阳光花园", "阳光小学", "市第五示例中学", "西园街道"],
         ["锦绣家园", "阳光小学", "市第五示例中学", "西园街道"],
         ["滨河新村", "滨河小学", "滨河中学", "滨河街道"],
         ["翠湖天地", "滨河小学", "滨河中学", "滨河街道"],
         ["建设路全段", "建设路小学", "市第三示例中学", "南关街道"],
         ["光明小区", "建设路小学", "市第三示例中学", "南关街道"],
         ["书香苑", "市示例实验小学", "市第三示例中学", "南关街道"],
         ["桃园新村", "桃园小学", "市第七示例中学", "北郊街道"],
         ["北郊花苑", "桃园小学", "市第七示例中学", "北郊街道"],
         ["康乐小区", "康乐小学", "市第七示例中学", "北郊街道"],
     ]},
    {"service_code": "YL-0019", "title": "医保定点医药机构",
     "as_of": "2026-11-15T00:00:00Z",
     "columns": ["机构名称", "类别", "地址", "联系电话"],
     "rows": [
         ["市第一人民医院", "三级医院", "人民路18号", "0000-62001000"],
         ["市中医院", "三级医院", "健康路66号", "0000-62002000"],
         ["东城街道社区卫生服务中心", "基层医疗机构", "幸福里小区北门", "0000-62003101"],
         ["西园街道社区卫生服务中心", "基层医疗机构", "阳光花园东侧", "0000-62003102"],
         ["滨河街道社区卫生服务中心", "基层医疗机构", "滨河路210号", "0000-62003103"],
         ["益民大药房（和平路店）", "定点零售药店", "和平路35号", "0000-62004001"],
         ["益民大药房（建设路店）", "定点零售药店", "建设路102号", "0000-62004002"],
         ["康泰医药连锁（阳光花园店）", "定点零售药店", "阳光花园商业街8号", "0000-62004003"],
         ["仁心堂药店", "定点零售药店", "桃园新村南门", "0000-62004004"],
         ["平安口腔门诊部", "门诊部", "书香苑临街12号", "0000-62005001"],
     ]},
    {"service_code": "YL-0021", "title": "基本医疗保险药品目录（节选）",
     "as_of": "2026-01-01T00:00:00Z",
     "columns": ["药品名称", "剂型", "类别", "备注"],
     "rows": [
         ["阿莫西林", "口服常释剂型", "甲类", ""],
         ["布洛芬", "口服常释剂型", "甲类", ""],
         ["硝苯地平", "缓释控释剂型", "甲类", ""],
         ["氨氯地平", "口服常释剂型", "甲类", ""],
         ["二甲双胍", "口服常释剂型", "甲类", ""],
         ["阿托伐他汀", "口服常释剂型", "甲类", ""],
         ["胰岛素（人）", "注射剂", "甲类", ""],
         ["奥美拉唑", "口服常释剂型", "甲类", ""],
         ["阿司匹林", "肠溶片", "甲类", ""],
         ["厄贝沙坦", "口服常释剂型", "乙类", ""],
         ["瑞舒伐他汀", "口服常释剂型", "乙类", ""],
         ["蒙脱石", "口服散剂", "乙类", "限儿童及成人急性腹泻"],
         ["达格列净", "口服常释剂型", "乙类", "限二线用药"],
         ["连花清瘟", "胶囊剂", "乙类", "中成药"],
         ["复方丹参滴丸", "滴丸剂", "甲类", "中成药"],
     ]},
    {"service_code": "SF-0017", "title": "养老机构",
     "as_of": "2026-10-31T00:00:00Z",
     "columns": ["机构名称", "性质", "床位数", "地址", "联系电话"],
     "rows": [
         ["市社会福利院", "公办", "420", "福寿路1号", "0000-63001001"],
         ["东城区颐养中心", "公建民营", "180", "幸福里小区南侧", "0000-63001002"],
         ["夕阳红老年公寓", "民办", "96", "阳光花园西门", "0000-63001003"],
         ["滨河护理院", "民办（医养结合）", "150", "滨河路88号", "0000-63001004"],
         ["北郊敬老院", "公办", "120", "北郊花苑东", "0000-63001005"],
         ["康乐长者照护之家", "民办", "40", "康乐小区3号楼底商", "0000-63001006"],
     ]},
    {"service_code": "JC-0017", "title": "招聘岗位",
     "as_of": "2026-11-28T00:00:00Z",
     "columns": ["岗位", "招聘单位", "人数", "月薪（元）", "学历要求"],
     "rows": [
         ["仓库管理员", "市示例物流有限公司", "3", "4,500-5,500", "高中及以上"],
         ["养老护理员", "东城区颐养中心", "6", "4,800-6,000", "初中及以上"],
         ["电工", "市示例物业服务有限公司", "2", "6,000-7,500", "中专及以上，持电工证"],
         ["收银员", "示例超市（建设路店）", "4", "3,800-4,500", "不限"],
         ["会计", "市示例建材有限公司", "1", "6,500-8,000", "大专及以上"],
         ["保洁员", "市示例物业服务有限公司", "8", "3,200-3,600", "不限"],
         ["外卖配送员", "示例即时配送站", "20", "6,000-9,000", "不限"],
         ["数控车床操作工", "市示例精密机械厂", "5", "6,500-8,500", "中专及以上"],
         ["社区网格员", "东城街道办事处", "3", "4,200-4,800", "大专及以上"],
         ["幼儿园保育员", "市示例第一幼儿园", "2", "4,000-4,600", "高中及以上"],
     ]},
    {"service_code": "JC-0020", "title": "职业培训机构和课程",
     "as_of": "2026-11-01T00:00:00Z",
     "columns": ["培训机构", "课程", "课时", "可享补贴"],
     "rows": [
         ["市职业技能公共实训基地", "电工（五级/初级工）", "120课时", "有，考证合格后补贴1,000元"],
         ["市职业技能公共实训基地", "焊工（四级/中级工）", "160课时", "有，考证合格后补贴1,500元"],
         ["示例职业培训学校", "养老护理员（五级）", "80课时", "有，考证合格后补贴800元"],
         ["示例职业培训学校", "育婴员（五级）", "80课时", "有，考证合格后补贴800元"],
         ["市技师学院", "数控车工（四级）", "200课时", "有，考证合格后补贴1,500元"],
         ["东城区社区学院", "电子商务直播销售", "48课时", "无"],
         ["东城区社区学院", "中式烹调师（五级）", "100课时", "有，考证合格后补贴1,000元"],
     ]},
    {"service_code": "SJ-0018", "title": "城乡最低生活保障对象公示",
     "as_of": "2026-11-20T00:00:00Z",
     "columns": ["户主", "所在社区（村）", "保障人数", "月保障金（元）"],
     "rows": [
         ["张*华", "幸福里社区", "2", "1,460.00"],
         ["刘*", "幸福里社区", "1", "830.00"],
         ["陈*英", "和平路社区", "3", "2,010.00"],
         ["王*", "阳光花园社区", "1", "830.00"],
         ["赵*明", "滨河社区", "2", "1,380.00"],
         ["孙*芝", "桃园村", "2", "1,120.00"],
         ["周*", "北郊村", "1", "620.00"],
     ]},
    {"service_code": "QY-0015", "title": "企业名称登记情况",
     "as_of": "2026-12-01T00:00:00Z",
     "columns": ["企业名称", "登记状态", "登记机关"],
     "rows": [
         ["市晨光文具有限公司", "存续", "市市场监督管理局"],
         ["市晨光餐饮管理有限公司", "注销", "东城区市场监督管理局"],
         ["市鑫源建材有限公司", "存续", "市市场监督管理局"],
         ["市惠民超市有限公司", "存续", "西园区市场监督管理局"],
         ["市安康家政服务有限公司", "存续", "东城区市场监督管理局"],
         ["市远航物流有限公司", "吊销", "市市场监督管理局"],
         ["市绿源农业科技有限公司", "存续", "北郊区市场监督管理局"],
     ]},
    {"service_code": "QY-0018", "title": "发票查验结果",
     "as_of": "2026-12-01T00:00:00Z",
     "columns": ["发票号码", "开票日期", "金额（不含税，元）", "销售方", "查验结果"],
     "rows": [
         ["24312000000012345678", "2026-03-18", "1,280.00", "市鑫源建材有限公司", "发票真实有效"],
         ["24312000000087654321", "2026-06-02", "356.60", "市惠民超市有限公司", "发票真实有效"],
         ["03118862", "2025-11-20", "2,000.00", "市晨光文具有限公司", "发票真实有效"],
         ["24312000000011112222", "2026-08-15", "9,800.00", "市远航物流有限公司",
          "发票已作废"],
     ]},
]


def main(argv: list[str] | None = None) -> int:
    out = Path(argv[0]) if argv else DEMO_RECORDS
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text(), encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
