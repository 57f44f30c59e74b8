"""What each demo look-up answers (item schema 3's `record`), by item name.

Public look-ups need no identity: they answer from the platform's reference data, with
the item's own fields as the question. Personal ones answer only with proof from this
visit; a progress look-up names the apply items whose cases it shows (`cases_of`, by
name here; build.py turns names into codes).
"""

from __future__ import annotations


def _personal(kind: str, **keys) -> dict:
    return {"scope": "personal", "kind": kind, **keys}


def _progress(*apply_items: str) -> dict:
    return {"scope": "personal", "kind": "case_progress", "cases_of": list(apply_items)}


PUBLIC = {"scope": "public", "kind": "reference"}
ROWS = _personal("rows")

RECORDS = {
    # education
    "学籍信息查询": _personal("school_roll"),
    "缴费记录查询": _personal("payments"),
    "入学登记结果查询": _progress("义务教育入学登记（小学一年级）", "初中入学登记（小升初）",
                                  "随迁子女义务教育入学申请", "幼儿园入园登记"),
    "学校招生范围（学区）查询": PUBLIC,
    "中考成绩查询": ROWS,
    "教师资格认定进度查询": _progress("中小学教师资格认定"),
    "学生资助发放查询": ROWS,
    "普通话水平测试成绩查询": ROWS,
    # healthcare
    "医保参保信息查询": _personal("insurance_proof", proof="insurance"),
    "医保个人账户余额查询": _personal("account_balance", account="medical"),
    "医保费用结算记录查询": ROWS,
    "异地就医备案信息查询": ROWS,
    "门诊慢特病认定结果查询": _progress("门诊慢特病待遇认定"),
    "定点医药机构查询": PUBLIC,
    "儿童预防接种记录查询": _personal("vaccinations"),
    "医保药品目录查询": PUBLIC,
    "生育津贴发放查询": ROWS,
    # social assistance
    "低保审批进度查询": _progress("最低生活保障申请（低保）"),
    "社会救助金发放查询": ROWS,
    "家庭经济状况核对结果查询": ROWS,
    "医疗救助结算查询": ROWS,
    "法律援助案件进度查询": _progress("法律援助申请"),
    "低保对象公示查询": PUBLIC,
    "临时救助申请进度查询": _progress("临时救助申请"),
    # social welfare
    "高龄津贴发放查询": ROWS,
    "残疾人两项补贴发放查询": ROWS,
    "残疾人证信息查询": _personal("elicence", licence_type="disability_certificate",
                                  proof="elicence_copy"),
    "养老机构查询": PUBLIC,
    "婚姻登记预约查询": ROWS,
    "基本殡葬服务减免进度查询": _progress("基本殡葬服务费用减免申请"),
    # employment
    "失业保险金发放查询": ROWS,
    "就业创业证信息查询": _personal("elicence", licence_type="employment_certificate",
                                    proof="elicence_copy"),
    "职业技能等级证书查询": _personal("elicence", licence_type="skill_certificate",
                                      proof="elicence_copy"),
    "招聘岗位查询": PUBLIC,
    "劳动仲裁案件进度查询": _progress("劳动人事争议仲裁申请"),
    "就业补贴申领进度查询": _progress("职业技能提升补贴申领", "灵活就业人员社会保险补贴申领",
                                      "一次性创业补贴申领"),
    "职业培训机构和课程查询": PUBLIC,
    # social security
    "个人权益记录查询（社保缴费记录查询）": _personal(
        "contribution_history", account="pension", proof="contributions"),
    "养老金发放记录查询": _personal("pension_payments"),
    "社会保障卡制卡进度查询": _progress("社会保障卡申领", "社会保障卡补换领"),
    "个人参保证明打印": _personal("insurance_proof", proof="insurance"),
    "养老保险个人账户查询": _personal("account_balance", account="pension"),
    "城乡居民养老保险缴费查询": _personal("contribution_history", account="resident_pension"),
    "工伤认定进度查询": _progress("工伤认定申请"),
    "退休待遇测算": ROWS,
    # housing
    "住房公积金账户余额查询": _personal("account_balance", account="housing_fund"),
    "住房公积金缴存明细查询": _personal("contribution_history", account="housing_fund"),
    "住房公积金缴存证明打印": _personal("contribution_history", account="housing_fund",
                                        proof="contributions"),
    "住房公积金贷款还款查询": ROWS,
    "住房公积金提取进度查询": _progress("住房公积金提取（租房）", "住房公积金提取（购房）",
                                        "住房公积金提取（偿还贷款）",
                                        "住房公积金提取（退休、出境定居销户）"),
    "公租房轮候查询": ROWS,
    "不动产登记办理进度查询": _progress("不动产登记资料查询申请（有无房产证明）"),
    # public safety
    "出入境证件办理进度查询": _progress("往来港澳通行证再次签注"),
    "居民身份证办理进度查询": _progress("居民身份证补领", "居民身份证换领（有效期满）",
                                        "临时居民身份证申领"),
    "交通违法记录查询": ROWS,
    "驾驶证记分查询": ROWS,
    "居住证办理进度查询": _progress("居住证申领", "居住证签注"),
    "本人出入境记录查询": ROWS,
    "无犯罪记录证明核验": ROWS,
    # business
    "营业执照信息查询": _personal("elicence", licence_type="business_licence",
                                  proof="elicence_copy"),
    "企业名称查重": PUBLIC,
    "个人完税证明开具": ROWS,
    "个人所得税纳税记录查询": ROWS,
    "发票真伪查验": PUBLIC,
    "登记注册业务办理进度查询": _progress("个体工商户设立登记", "个体工商户变更登记",
                                          "个体工商户注销登记", "农民专业合作社设立登记"),
}

# Materials that are licences the government issued, by material name: the office takes
# them from the e-licence library with the resident's consent, instead of a photo.
LICENCE_MATERIALS = {
    "居民户口簿首页及本人页": "household_register",
    "营业执照正本或副本": "business_licence",
    "出生医学证明": "birth_certificate",
    "房产证或不动产权证书": "property_certificate",
    "结婚证（夫妻双方信息页）": "marriage_certificate",
    "中华人民共和国残疾人证": "disability_certificate",
    "居民身份证正反面": "resident_id_card",
}
