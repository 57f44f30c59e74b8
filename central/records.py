"""Answers to look-ups (我要查) from the records the platform holds.

The catalogue item says what its look-up answers (`record`, item schema 3): a personal
record of some kind, or public reference data. Each kind is stored with its own structure
(central/storage: accounts, contributions, pension payments...) and rendered here into the
one answer shape every terminal draws: a title, an as-of time, summary label/value pairs,
columns and rows of display strings, paged.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from central import chains, corrections, payments
from central.errors import ApiError
from central.masking import mask_licence_number, mask_name
from central.storage import (
    Case,
    CaseIdentity,
    CatalogueItem,
    PaymentOrder,
    RecordAccount,
    RecordContribution,
    RecordElicence,
    RecordInsurance,
    RecordPensionPayment,
    RecordRow,
    RecordSchoolRoll,
    RecordVaccination,
    ReferenceRow,
    ReferenceTable,
    as_utc,
    iso,
)

DEFAULT_PAGE_SIZE = 12
MAX_PAGE_SIZE = 50
PROOF_MAX_ROWS = 240

LICENCE_TITLES = {
    "household_register": "居民户口簿",
    "marriage_certificate": "结婚证",
    "birth_certificate": "出生医学证明",
    "property_certificate": "不动产权证书",
    "business_licence": "营业执照",
    "resident_id_card": "居民身份证",
    "disability_certificate": "残疾人证",
    "employment_certificate": "就业创业证",
    "skill_certificate": "职业技能等级证书",
}
ACCOUNT_TITLES = {
    "medical": "医保个人账户",
    "pension": "基本养老保险个人账户",
    "resident_pension": "城乡居民基本养老保险个人账户",
    "housing_fund": "住房公积金账户",
}
CONTRIBUTION_TITLES = {
    "pension": "城镇职工基本养老保险缴费记录",
    "resident_pension": "城乡居民基本养老保险缴费记录",
    "housing_fund": "住房公积金缴存明细",
    "medical": "职工基本医疗保险缴费记录",
}
PROOF_TITLES = {
    "insurance": "社会保险参保证明",
    "contributions": "社会保险个人缴费记录",
    "elicence_copy": "电子证照打印件",
}
PERSONAL_KINDS = ("account_balance", "contribution_history", "pension_payments",
                  "insurance_proof", "school_roll", "vaccinations", "elicence",
                  "case_progress", "payments", "rows")

@dataclass(frozen=True)
class RecordSpec:
    service_code: str
    name: str  # the item's name
    scope: str  # "personal" | "public"
    kind: str
    proof: str | None
    account: str | None
    licence_type: str | None
    cases_of: tuple[str, ...]


def spec_for(session: Session, service_code: str) -> RecordSpec:
    """What a look-up item answers; 404 `record_not_found` for an unknown code or an item
    that is not a look-up."""
    row = session.get(CatalogueItem, service_code)
    body = row.body if row is not None and row.removed_in is None else None
    if not isinstance(body, dict) or body.get("journey") != "lookup":
        raise ApiError(404, "record_not_found", "No look-up item with this code.")
    record = body.get("record")
    if not isinstance(record, dict):  # a look-up of item schema 1 or 2: personal rows
        record = {"scope": "personal", "kind": "rows"}
    scope = record.get("scope") if record.get("scope") in ("personal", "public") else "personal"
    kind = record.get("kind")
    if scope == "public":
        kind = "reference"
    elif kind not in PERSONAL_KINDS:
        kind = "rows"
    cases_of = record.get("cases_of")
    return RecordSpec(
        service_code=service_code,
        name=str(body.get("name", service_code)),
        scope=scope,
        kind=kind,
        proof=record.get("proof") if record.get("proof") in PROOF_TITLES else None,
        account=record.get("account") if isinstance(record.get("account"), str) else None,
        licence_type=(record.get("licence_type")
                      if isinstance(record.get("licence_type"), str) else None),
        cases_of=tuple(c for c in cases_of if isinstance(c, str))
        if isinstance(cases_of, list) else (),
    )


@dataclass
class Answer:
    """A record before paging: what every kind renders into."""

    title: str
    as_of: dt.datetime | None
    summary: list[dict]
    columns: list[str]
    rows: list[list[str]]
    empty_note: str | None
    holder_name: str | None = None  # for a proof of an e-licence: the name it carries
    corrections: list[dict] | None = None  # case_progress: the cases awaiting a correction


def money(cents: int) -> str:
    return f"{cents / 100:,.2f}"


def answer_for(session: Session, spec: RecordSpec, id_digest: str | None,
               answers: dict[str, str] | None = None) -> Answer:
    """The whole record (all rows) for this item, and for a personal one this resident."""
    answers = answers or {}
    if spec.kind == "reference":
        return _reference(session, spec, answers)
    render = _PERSONAL[spec.kind]
    return render(session, spec, id_digest, answers)


def page_of(spec: RecordSpec, answer: Answer, page: int, page_size: int) -> dict:
    total = len(answer.rows)
    pages = max(1, math.ceil(total / page_size))
    start = (page - 1) * page_size
    return {
        "service_code": spec.service_code,
        "scope": spec.scope,
        "kind": spec.kind,
        "title": answer.title,
        "as_of": iso(answer.as_of),
        "summary": answer.summary,
        "columns": answer.columns,
        "rows": answer.rows[start:start + page_size],
        "page": page,
        "pages": pages,
        "total_rows": total,
        "proof": spec.proof,
        "empty_note": answer.empty_note,
    } | ({"corrections": answer.corrections} if answer.corrections is not None else {})


def _year_filter(answers: dict[str, str]) -> str | None:
    """A look-up's year field ("查询年度"), if the resident chose one."""
    for value in answers.values():
        if isinstance(value, str) and re.fullmatch(r"(19|20)\d\d", value.strip()):
            return value.strip()
    return None


def _latest(values) -> dt.datetime | None:
    found = [as_utc(v) for v in values if v is not None]
    return max(found) if found else None


def _item(label: str, value: str) -> dict:
    return {"label": label, "value": value}


def _account_balance(session, spec, digest, _answers) -> Answer:
    account = spec.account or "medical"
    title = ACCOUNT_TITLES.get(account, spec.name)
    row = session.scalars(select(RecordAccount).where(
        RecordAccount.id_digest == digest, RecordAccount.account == account)).first()
    if row is None:
        return Answer(title, None, [], [], [], f"没有查到您的{title}。")
    summary = [_item("账户余额", f"{money(row.balance_cents)}元"), _item("账户状态", row.status)]
    if row.opened_on:
        summary.append(_item("开户日期", row.opened_on))
    return Answer(title, as_utc(row.as_of), summary, [], [], None)


def _contribution_history(session, spec, digest, answers) -> Answer:
    account = spec.account or "pension"
    title = CONTRIBUTION_TITLES.get(account, spec.name)
    months = list(session.scalars(select(RecordContribution).where(
        RecordContribution.id_digest == digest, RecordContribution.account == account,
    ).order_by(RecordContribution.month.desc())))
    if not months:
        return Answer(title, None, [], [], [], "没有查到缴费记录。")
    housing = account == "housing_fund"
    columns = ["月份", "缴存基数（元）" if housing else "缴费基数（元）",
               "个人缴存（元）" if housing else "个人缴纳（元）",
               "单位缴存（元）" if housing else "单位缴纳（元）"]
    if account == "resident_pension":
        columns[3] = "政府补贴（元）"
    year = _year_filter(answers)
    shown = [m for m in months if year is None or m.month.startswith(year)]
    summary = [
        _item("累计缴费月数", f"{len(months)}个月"),
        _item("最近缴费月份", months[0].month),
        _item("缴费单位" if not housing else "缴存单位", months[0].employer),
        _item("个人累计缴纳", f"{money(sum(m.personal_cents for m in months))}元"),
    ]
    if year is not None:
        summary.append(_item("查询年度", f"{year}年"))
    rows = [[m.month, money(m.base_cents), money(m.personal_cents), money(m.employer_cents)]
            for m in shown]
    note = None if rows else f"{year}年没有缴费记录。"
    return Answer(title, _latest(m.as_of for m in months), summary, columns, rows, note)


def _pension_payments(session, spec, digest, answers) -> Answer:
    title = "基本养老金发放记录"
    payments = list(session.scalars(select(RecordPensionPayment).where(
        RecordPensionPayment.id_digest == digest).order_by(RecordPensionPayment.month.desc())))
    if not payments:
        return Answer(title, None, [], [], [], "没有查到养老金发放记录。")
    year = _year_filter(answers)
    shown = [p for p in payments if year is None or p.month.startswith(year)]
    summary = [
        _item("最近一月发放", f"{money(payments[0].amount_cents)}元"),
        _item("发放银行", payments[0].bank),
        _item("累计发放月数", f"{len(payments)}个月"),
    ]
    rows = [[p.month, money(p.amount_cents), p.paid_on, p.status] for p in shown]
    return Answer(title, _latest(p.as_of for p in payments), summary,
                  ["月份", "发放金额（元）", "到账日期", "状态"], rows,
                  None if rows else f"{year}年没有发放记录。")


def _insurance_proof(session, spec, digest, _answers) -> Answer:
    title = "参保信息"
    schemes = list(session.scalars(select(RecordInsurance).where(
        RecordInsurance.id_digest == digest).order_by(RecordInsurance.id)))
    if not schemes:
        return Answer(title, None, [], [], [], "没有查到参保信息。")
    active = sum(1 for s in schemes if s.status == "参保缴费")
    summary = [_item("参保险种", f"{len(schemes)}项"), _item("正常参保缴费", f"{active}项")]
    rows = [[s.scheme, s.status, s.since, s.insured_with] for s in schemes]
    return Answer(title, _latest(s.as_of for s in schemes), summary,
                  ["险种", "参保状态", "参保日期", "参保单位或地区"], rows, None)


def _school_roll(session, spec, digest, _answers) -> Answer:
    title = "学籍信息"
    pupils = list(session.scalars(select(RecordSchoolRoll).where(
        RecordSchoolRoll.id_digest == digest).order_by(RecordSchoolRoll.id)))
    if not pupils:
        return Answer(title, None, [], [], [], "没有查到您名下学生的学籍信息。")
    summary = [_item("学生人数", f"{len(pupils)}人")]
    rows = [[mask_name(p.pupil_name), p.school, p.grade, mask_licence_number(p.roll_number),
             p.status, p.enrolled_on] for p in pupils]
    return Answer(title, _latest(p.as_of for p in pupils), summary,
                  ["学生", "学校", "年级", "学籍号", "学籍状态", "入学日期"], rows, None)


def _vaccinations(session, spec, digest, _answers) -> Answer:
    title = "预防接种记录"
    doses = list(session.scalars(select(RecordVaccination).where(
        RecordVaccination.id_digest == digest).order_by(RecordVaccination.given_on.desc())))
    if not doses:
        return Answer(title, None, [], [], [], "没有查到预防接种记录。")
    people = sorted({mask_name(d.person_name) for d in doses})
    summary = [_item("受种者", "、".join(people)), _item("接种剂次", f"{len(doses)}剂")]
    rows = [[mask_name(d.person_name), d.vaccine, d.dose, d.given_on, d.clinic] for d in doses]
    return Answer(title, _latest(d.as_of for d in doses), summary,
                  ["受种者", "疫苗", "剂次", "接种日期", "接种单位"], rows, None)


def _elicence(session, spec, digest, _answers) -> Answer:
    licence_type = spec.licence_type or ""
    title = LICENCE_TITLES.get(licence_type, spec.name)
    held = session.scalars(select(RecordElicence).where(
        RecordElicence.id_digest == digest, RecordElicence.licence_type == licence_type,
    ).order_by(RecordElicence.issued_at.desc())).first()
    if held is None:
        return Answer(title, None, [], [], [], f"电子证照库中没有您的{title}。")
    # Masked as on every paper and screen: this answer also reaches a slip, an A4 copy
    # and the proof check anyone may ask.
    summary = [_item("证照名称", title), _item("证照编号", mask_licence_number(held.number)),
               _item("持证人", mask_name(held.holder_name)), _item("发证机关", held.issued_by),
               _item("发证日期", held.issued_at)]
    rows = [[str(label), str(value)] for label, value in held.details or []]
    return Answer(title, None, summary, ["项目", "内容"] if rows else [], rows, None,
                  holder_name=held.holder_name)


def _rows(session, spec, digest, _answers) -> Answer:
    title = spec.name.removesuffix("查询")
    found = list(session.scalars(select(RecordRow).where(
        RecordRow.id_digest == digest, RecordRow.service_code == spec.service_code,
    ).order_by(RecordRow.position)))
    if not found:
        return Answer(title, None, [], [], [], "没有查到相关记录。")
    return Answer(title, _latest(r.as_of for r in found), [], ["项目", "内容"],
                  [[r.label, r.value] for r in found], None)


_CASE_STATES = {"received": "已接收", "routed": "办理中", "recorded": "已记录",
                "rejected": "不予受理", "waiting": "等待前一项办结", "completed": "已办结",
                "correction": "需要补正", "review": "补正后审核中"}


def _case_state(session, case: Case) -> str:
    """The state as the resident reads it; a waiting link names the links it waits on."""
    text = _CASE_STATES.get(case.status, case.status)
    if case.status == "waiting":
        names = chains.waits_on_names(session, case)
        if names:
            text = f"{text}：{'、'.join(names)}"
        if case.status_reason:
            text = f"{text}（{case.status_reason}）"
    return text


def _case_progress(session, spec, digest, _answers) -> Answer:
    title = spec.name.removesuffix("查询")
    codes = spec.cases_of or (spec.service_code,)
    cases = list(session.scalars(
        select(Case).join(CaseIdentity, CaseIdentity.case_id == Case.id)
        .where(CaseIdentity.id_digest == digest, Case.service_code.in_(codes),
               Case.kind == "application")
        .order_by(Case.received_at.desc(), Case.id.desc())))
    if not cases:
        return Answer(title, None, [], [], [], "没有查到您在自助终端提交的相关申请。",
                      corrections=[])
    names = dict(session.execute(select(CatalogueItem.code, CatalogueItem.body["name"].as_string())
                                 .where(CatalogueItem.code.in_(codes))).all())
    rows = [[c.case_number or "", names.get(c.service_code) or c.service_code,
             f"{as_utc(c.received_at):%Y-%m-%d}", _case_state(session, c),
             c.routed_to or ""] for c in cases]
    open_corrections = corrections.open_for_cases(session, cases)
    summary = [_item("申请件数", f"{len(cases)}件")]
    if open_corrections:
        summary.append(_item("需要补正", f"{len(open_corrections)}件"))
    return Answer(title, _latest(c.updated_at for c in cases), summary,
                  ["受理编号", "事项", "提交日期", "状态", "办理部门"], rows, None,
                  corrections=open_corrections)


def _payments(session, spec, digest, _answers) -> Answer:
    """The resident's fee orders at terminals, as payer or as the one paid for."""
    title = spec.name.removesuffix("查询")
    orders = list(session.scalars(
        select(PaymentOrder).where((PaymentOrder.payer_digest == digest)
                                   | (PaymentOrder.beneficiary_digest == digest))
        .order_by(PaymentOrder.created_at.desc(), PaymentOrder.order_number)))
    if not orders:
        return Answer(title, None, [], [], [], "没有查到您在自助终端的缴费记录。")
    for order in orders:
        payments.settle(order)
    names = dict(session.execute(select(CatalogueItem.code, CatalogueItem.body["name"].as_string())
                                 .where(CatalogueItem.code.in_({o.service_code for o in orders})))
                 .all())
    paid = [o for o in orders if o.status == "paid"]
    summary = [_item("已缴费", f"{len(paid)}笔"),
               _item("合计", f"{money(sum(o.amount_cents for o in paid))}元")]
    rows = [[o.order_number, names.get(o.service_code) or o.service_code, o.beneficiary_masked,
             money(o.amount_cents), payments.STATUS_TEXT.get(o.status, o.status),
             f"{as_utc(o.paid_at or o.created_at):%Y-%m-%d}"] for o in orders]
    return Answer(title, _latest(o.paid_at or o.created_at for o in orders), summary,
                  ["订单号", "事项", "缴费对象", "金额(元)", "状态", "日期"], rows, None)


_PERSONAL = {
    "account_balance": _account_balance,
    "contribution_history": _contribution_history,
    "pension_payments": _pension_payments,
    "insurance_proof": _insurance_proof,
    "school_roll": _school_roll,
    "vaccinations": _vaccinations,
    "elicence": _elicence,
    "rows": _rows,
    "case_progress": _case_progress,
    "payments": _payments,
}


def _plain(text: str) -> str:
    return text.replace(",", "").replace("，", "").strip().lower()


def _matches(cell: str, wanted: str) -> bool:
    cell_text, wanted_text = _plain(cell), _plain(wanted)
    if wanted_text in cell_text:
        return True
    try:
        return float(cell_text) == float(wanted_text)
    except ValueError:
        return False


def _reference(session, spec, answers) -> Answer:
    table = session.get(ReferenceTable, spec.service_code)
    title = spec.name.removesuffix("查询")
    if table is None:
        return Answer(title, None, [], [], [], "暂时没有这项公开信息。")
    rows = [list(r.cells) for r in session.scalars(select(ReferenceRow).where(
        ReferenceRow.service_code == spec.service_code).order_by(ReferenceRow.position))]
    wanted = [v for v in answers.values() if isinstance(v, str) and v.strip()]
    shown = [row for row in rows if all(any(_matches(c, w) for c in row) for w in wanted)]
    note = None if shown else "没有查到符合条件的信息，请换个说法再查。"
    summary = [_item("共有", f"{len(shown)}条")] if wanted else []
    return Answer(table.title or title, as_utc(table.as_of), summary, list(table.columns),
                  shown, note)

