"""What goes on paper: the receipt after a submission, and a guide's materials checklist.

The core describes the paper as a `ReceiptDocument`; the printer driver turns it into
ESC/POS for its profile (encoding, width, Chinese mode). Names and ID numbers are masked
here, through the one masking module.
"""

from __future__ import annotations

import datetime as dt

from drivers.printer.document import Feed, Line, Pair, QrCode, ReceiptDocument, Rule
from kiosk.catalogue.model import ServiceItem
from kiosk.config import TerminalConfig
from kiosk.i18n import QT_TRANSLATE_NOOP
from kiosk.identity import Identity
from kiosk.journeys.apply import Confirmation
from kiosk.journeys.pay import PaidReceipt
from kiosk.masking import mask_id_number, mask_name
from kiosk.proofs.document import local_time_text
from kiosk.sync.records import RecordAnswer

TITLE = QT_TRANSLATE_NOOP("receipt", "政务服务自助终端 受理回执")


def _date(value: dt.date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def tracking_qr_payload(tracking_number: str) -> str:
    """What the receipt's QR code holds: the tracking number, nothing personal."""
    return tracking_number


def application_receipt(
    confirmation: Confirmation, identity: Identity, terminal: TerminalConfig
) -> ReceiptDocument:
    c = confirmation
    blocks: list = [
        Line(str(TITLE), bold=True, align="center"),
        Rule(),
        Pair(QT_TRANSLATE_NOOP("receipt", "办理事项："), c.service_name),
        Pair(QT_TRANSLATE_NOOP("receipt", "受理部门："), c.department),
        Pair(QT_TRANSLATE_NOOP("receipt", "受理编号："), c.tracking_number),
        Pair(QT_TRANSLATE_NOOP("receipt", "申请人："), mask_name(identity.name or "")),
        Pair(QT_TRANSLATE_NOOP("receipt", "证件号码："), mask_id_number(identity.id_number)),
        Pair(
            QT_TRANSLATE_NOOP("receipt", "提交时间："),
            c.submitted_at.strftime("%Y-%m-%d %H:%M"),
        ),
        Pair(QT_TRANSLATE_NOOP("receipt", "终端编号："), terminal.id),
        Pair(QT_TRANSLATE_NOOP("receipt", "办理地点："), terminal.location),
        Rule(),
    ]
    if c.promised_by:
        blocks.append(Pair(
            QT_TRANSLATE_NOOP("receipt", "预计办结："),
            QT_TRANSLATE_NOOP("receipt", "{date}前（承诺{days}个工作日）").format(
                date=_date(c.promised_by), days=c.promised_days),
        ))
    else:
        blocks.append(Line(QT_TRANSLATE_NOOP("receipt", "即时办结。")))
    if c.next_steps:
        blocks.append(Line(QT_TRANSLATE_NOOP("receipt", "接下来："), bold=True))
        blocks += [Line(f"{i}. {step}") for i, step in enumerate(c.next_steps, 1)]
    if c.licences_used:
        blocks.append(Line(QT_TRANSLATE_NOOP("receipt", "不用交的材料："), bold=True))
        for i, used in enumerate(c.licences_used, 1):
            how = (QT_TRANSLATE_NOOP("receipt", "已读取身份证") if used.by_card_read
                   else QT_TRANSLATE_NOOP("receipt", "已从电子证照库调取"))
            blocks.append(Line(f"{i}. {used.material}：{how}"))
            if not used.by_card_read:  # the card's number is on the receipt already
                blocks.append(Line(QT_TRANSLATE_NOOP("receipt", "   证照编号：{number}").format(
                    number=used.licence.number_masked)))
    links = getattr(c, "links", ())
    if links:  # a life event: every link's number, and which waits on which
        blocks.append(Line(QT_TRANSLATE_NOOP("receipt", "一次提交了{n}项：").format(n=len(links)),
                           bold=True))
        for i, link in enumerate(links, 1):
            blocks.append(Line(f"{i}. {link.service_name}"))
            blocks.append(Line(QT_TRANSLATE_NOOP("receipt", "   受理编号：{number}").format(
                number=link.tracking_number)))
            if link.waits_on:
                blocks.append(Line(QT_TRANSLATE_NOOP("receipt", "   等{names}办好后接着办").format(
                    names="、".join(link.waits_on))))
    if c.posted_to:
        blocks.append(Pair(QT_TRANSLATE_NOOP("receipt", "办好后免费邮寄到："), c.posted_to))
    if c.materials_to_bring:
        blocks.append(Line(QT_TRANSLATE_NOOP("receipt", "请带上以下材料："), bold=True))
        for i, m in enumerate(c.materials_to_bring, 1):
            when = (
                QT_TRANSLATE_NOOP("receipt", "{date}前").format(date=_date(m.by))
                if m.by else ""
            )
            blocks.append(Line(f"{i}. {m.name}（{when}送到{m.where}）"))
    blocks += [
        Rule(),
        Line(QT_TRANSLATE_NOOP("receipt", "扫码或凭受理编号查询办理进度："), align="center"),
        QrCode(tracking_qr_payload(c.tracking_number)),
        Line(c.tracking_number, bold=True, align="center"),
        Line(
            QT_TRANSLATE_NOOP("receipt", "咨询投诉请拨打：{hotline}").format(hotline=c.hotline),
            align="center",
        ),
        Line(QT_TRANSLATE_NOOP("receipt", "请妥善保管本回执。"), align="center"),
        Feed(2),
    ]
    return ReceiptDocument(tuple(blocks), cut=True)


def payment_receipt(paid: PaidReceipt, terminal: TerminalConfig) -> ReceiptDocument:
    """The paper after a fee was paid: the order number and what was paid, for whom
    (masked) and to whom."""
    blocks: list = [
        Line(QT_TRANSLATE_NOOP("receipt", "政务服务自助终端 缴费凭条"), bold=True, align="center"),
        Rule(),
        Pair(QT_TRANSLATE_NOOP("receipt", "缴费项目："), paid.service_name),
        Pair(QT_TRANSLATE_NOOP("receipt", "缴费年度："), str(paid.year)),
    ]
    if paid.tier_label:
        blocks.append(Pair(QT_TRANSLATE_NOOP("receipt", "缴费档次："), paid.tier_label))
    blocks += [
        Pair(QT_TRANSLATE_NOOP("receipt", "缴费对象："), paid.beneficiary_masked),
        Pair(QT_TRANSLATE_NOOP("receipt", "金额："),
             QT_TRANSLATE_NOOP("receipt", "{amount}元").format(amount=paid.amount_text)),
        Pair(QT_TRANSLATE_NOOP("receipt", "收款单位："), paid.payee),
        Pair(QT_TRANSLATE_NOOP("receipt", "订单号："), paid.order_number),
    ]
    if paid.paid_at:
        blocks.append(Pair(QT_TRANSLATE_NOOP("receipt", "付款时间："),
                           local_time_text(paid.paid_at)))
    blocks += [
        Pair(QT_TRANSLATE_NOOP("receipt", "终端编号："), terminal.id),
        Rule(),
        Line(QT_TRANSLATE_NOOP("receipt", "可在“缴费记录查询”里凭身份证查到这笔缴费。"),
             align="center"),
        Line(QT_TRANSLATE_NOOP("receipt", "咨询请拨打：{hotline}").format(hotline=paid.hotline),
             align="center"),
        Feed(2),
    ]
    return ReceiptDocument(tuple(blocks), cut=True)


def materials_checklist(item: ServiceItem, terminal: TerminalConfig, now: dt.datetime
                        ) -> ReceiptDocument:
    """The guide's printout: what to bring, where, and the conditions."""
    blocks: list = [
        Line(QT_TRANSLATE_NOOP("receipt", "办事材料清单"), bold=True, align="center"),
        Line(item.name, bold=True, align="center"),
        Rule(),
        Pair(QT_TRANSLATE_NOOP("receipt", "办理部门："), item.department),
    ]
    if item.counter:
        blocks.append(Pair(QT_TRANSLATE_NOOP("receipt", "办理地点："), item.counter))
    if item.conditions:
        blocks.append(Line(QT_TRANSLATE_NOOP("receipt", "办理条件："), bold=True))
        blocks += [Line(f"{i}. {c}") for i, c in enumerate(item.conditions, 1)]
    blocks.append(Line(QT_TRANSLATE_NOOP("receipt", "需要的材料："), bold=True))
    for i, m in enumerate(item.materials, 1):
        detail = [QT_TRANSLATE_NOOP("receipt", "原件") if m.original
                  else QT_TRANSLATE_NOOP("receipt", "复印件")]
        if m.copies > 1:
            detail.append(QT_TRANSLATE_NOOP("receipt", "{n}份").format(n=m.copies))
        if not m.required:
            detail.append(QT_TRANSLATE_NOOP("receipt", "如有"))
        blocks.append(Line(f"□ {i}. {m.name}（{'，'.join(detail)}）"))
    fee = (QT_TRANSLATE_NOOP("receipt", "免费") if item.fee.free
           else f"{item.fee.amount:g} 元")
    blocks += [
        Pair(QT_TRANSLATE_NOOP("receipt", "收费："), fee),
        Rule(),
        Line(f"{terminal.location} {now:%Y-%m-%d %H:%M}", align="center"),
        Line(QT_TRANSLATE_NOOP("receipt", "咨询请拨打：{hotline}").format(hotline=item.hotline),
             align="center"),
        Feed(2),
    ]
    return ReceiptDocument(tuple(blocks), cut=True)


def record_receipt(item: ServiceItem, record: RecordAnswer, identity: Identity | None,
                   terminal: TerminalConfig, now: dt.datetime) -> ReceiptDocument:
    """A look-up's answer on the receipt: its figures and the page on screen. The
    resident's name and number masked; public data carries no person."""
    blocks: list = [
        Line(item.name, bold=True, align="center"),
        Line(record.title, align="center"),
        Rule(),
    ]
    if identity is not None:
        blocks += [
            Pair(QT_TRANSLATE_NOOP("receipt", "查询人："), mask_name(identity.name or "")),
            Pair(QT_TRANSLATE_NOOP("receipt", "证件号码："), mask_id_number(identity.id_number)),
        ]
    if record.as_of:
        blocks.append(Pair(QT_TRANSLATE_NOOP("receipt", "数据截至："),
                           local_time_text(record.as_of)))
    blocks += [Pair(f"{label}：", value) for label, value in record.summary]
    if record.rows:
        blocks.append(Rule())
        if record.pages > 1:
            blocks.append(Line(QT_TRANSLATE_NOOP("receipt", "第{page}页，共{pages}页").format(
                page=record.page, pages=record.pages)))
        for row in record.rows:
            blocks += [Pair(f"{label}：", value) for label, value in zip(record.columns, row,
                                                                         strict=True)]
            blocks.append(Line(""))
    blocks += [
        Rule(),
        Line(QT_TRANSLATE_NOOP("receipt", "本凭条仅供查阅，不作证明使用。"), align="center"),
        Line(f"{terminal.location} {now:%Y-%m-%d %H:%M}", align="center"),
        Line(QT_TRANSLATE_NOOP("receipt", "咨询请拨打：{hotline}").format(hotline=item.hotline),
             align="center"),
        Feed(2),
    ]
    return ReceiptDocument(tuple(blocks), cut=True)


def as_text(document: ReceiptDocument) -> str:
    """Plain text of a document: stored for reprints (masked already) and shown in the demo."""
    lines = []
    for block in document.blocks:
        match block:
            case Line(text=text):
                lines.append(text)
            case Pair(label=label, value=value):
                lines.append(f"{label}{value}")
            case Rule():
                lines.append("-" * 32)
            case QrCode(data=data):
                lines.append(f"[QR {data}]")
    return "\n".join(lines)
