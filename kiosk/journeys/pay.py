"""Pay a fee by QR code: the residents' medical insurance or pension contribution.

The resident identifies, says whom they pay for (themselves, or a family member by ID
number), chooses the contribution tier where there is one, checks, and then the platform
creates the order: the amount always comes from the platform. The screen shows the
order's QR code, the amount, the payee and the time left, and asks the platform how the
order stands until it is paid or closed. One order per visit: it is created under the
visit's id, so an answer lost on the way and asked again gives the same order back. The
terminal giving up (the resident walks away) cancels nothing: the order expires on the
platform at its deadline, and a payment made before then still counts.

Offline nothing can be paid: the guide says so and offers the counter.

The network calls (`fetch_order`, `fetch_state`) run off the UI thread; their results
are taken on it (`take_order`, `take_state`), as look-ups do.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kiosk import forms
from kiosk.catalogue.model import Choice, FieldType, FormField, ServiceItem
from kiosk.i18n import QT_TRANSLATE_NOOP, Message
from kiosk.journeys.base import Journey, JourneyContext, JourneyError, question_steps
from kiosk.journeys.cases import RatesCase
from kiosk.journeys.steps import Step, StepKind
from kiosk.masking import mask_id_number
from kiosk.sync.payments import (
    ALREADY_PAID,
    CANCELLED,
    EXPIRED,
    PAID,
    REFUNDED,
    PaymentOrder,
    PaymentRefused,
)
from kiosk.sync.records import NOT_LINKED, PROOF_AGAIN, RecordUnavailable

SELF = "self"
FAMILY = "family"

PAY_FOR = FormField(
    key="pay_for",
    label=QT_TRANSLATE_NOOP("pay", "给谁缴费"),
    type=FieldType.CHOICE,
    choices=(Choice(SELF, QT_TRANSLATE_NOOP("pay", "给自己缴")),
             Choice(FAMILY, QT_TRANSLATE_NOOP("pay", "给家里人缴"))),
)
FAMILY_ID = FormField(
    key="family_id_number",
    label=QT_TRANSLATE_NOOP("pay", "家里人的身份证号"),
    type=FieldType.ID_NUMBER,
    help=QT_TRANSLATE_NOOP("pay", "输入要缴费的家人的18位身份证号，最后一位可能是X"),
    sensitive=True,
)
TIER_KEY = "tier"
TIER_HELP = QT_TRANSLATE_NOOP("pay", "档次越高，政府补贴越多，将来领的养老金越多")
OWN_NUMBER = QT_TRANSLATE_NOOP("pay", "这是您本人的身份证号。给自己缴请返回选“给自己缴”。")

PAY_IN_PERSON = QT_TRANSLATE_NOOP("pay", "村（社区）便民服务站或{department}的服务窗口")
NEEDS_NETWORK = QT_TRANSLATE_NOOP(
    "pay", "缴费要联网，现在网络不通，这台机器暂时不能缴费。请稍后再来，或到{counter}缴费。")
# Why no order could be had, and what to do instead.
ORDER_PROBLEMS = {
    ALREADY_PAID: QT_TRANSLATE_NOOP(
        "pay", "这个人{year}年的费用已经缴过了，不用再缴。可以在“缴费记录查询”里查看。"),
    "network": QT_TRANSLATE_NOOP(
        "pay", "网络不通，没能生成缴费二维码。请点“再试一次”，或到{counter}缴费。"),
    "platform": QT_TRANSLATE_NOOP(
        "pay", "缴费系统暂时没有回应，网络是通的。请点“再试一次”，或拨打{hotline}。"),
    PROOF_AGAIN: QT_TRANSLATE_NOOP(
        "pay", "为保护您的信息，请点“返回首页”，再刷一次卡后缴费。"),
    # The platform will not make this order (the fee or its tier is not taken here now).
    "refused": QT_TRANSLATE_NOOP(
        "pay", "这项缴费这台机器现在办不了，请到{counter}缴费，或拨打{hotline}问问。"),
    NOT_LINKED: NEEDS_NETWORK,
}
# An order that closed without a payment at this visit.
CLOSED = {
    EXPIRED: QT_TRANSLATE_NOOP(
        "pay", "付款时间已过，这笔订单已经关闭。如果钱已经扣了，会原路退回。"
               "要缴费请重新办理，或到{counter}缴费。"),
    CANCELLED: QT_TRANSLATE_NOOP(
        "pay", "这笔订单已经取消。如果钱已经扣了，会原路退回。要缴费请重新办理。"),
    # Paid after the order closed, or for a year another order had paid already.
    REFUNDED: QT_TRANSLATE_NOOP(
        "pay", "这笔钱没有缴上（订单已经关闭，或者这一年已经缴过了），已经原路退回，"
               "请留意退款到账。可以在“缴费记录查询”里看这一年缴了没有。"),
}


@dataclass(frozen=True)
class PaidReceipt:
    """What the paid screen and the receipt say: nothing personal unmasked."""

    order_number: str
    service_name: str
    amount_text: str
    payee: str
    year: int
    tier_label: str | None
    beneficiary_masked: str
    paid_at: str | None
    hotline: str


class PayJourney(RatesCase, Journey):
    kind = "pay"
    opens_records = True  # a payment shows in the payer's records: a card read, not typing
    plan_shaping = frozenset({PAY_FOR.key})

    def __init__(self, item: ServiceItem, ctx: JourneyContext):
        self.order: PaymentOrder | None = None
        self.order_problem: Message | None = None
        self.receipt: PaidReceipt | None = None
        super().__init__(item, ctx)
        # The order is created under one id per order asked for: asked again (an answer
        # lost on the way), it is the same order. A changed answer asks for another order
        # under a new id (the first, never shown, expires on the platform).
        self.request_id = self.client_id
        self._order_asked = False

    @property
    def payment(self):
        return self.item.payment

    def _tier_field(self) -> FormField | None:
        if not self.payment.tiers:
            return None
        return FormField(key=TIER_KEY, label=QT_TRANSLATE_NOOP("pay", "缴费档次"),
                         type=FieldType.CHOICE, choices=self.payment.tiers,
                         help=TIER_HELP)

    def _fields(self) -> tuple[FormField, ...]:
        fields = []
        if self.payment.for_family:
            fields.append(PAY_FOR)
            if self.answers.get(PAY_FOR.key) == FAMILY:
                fields.append(FAMILY_ID)
        tier = self._tier_field()
        return tuple(fields) + ((tier,) if tier else ())

    def _plan(self) -> list[Step]:
        return [
            Step(StepKind.GUIDE, QT_TRANSLATE_NOOP("journey", "办事指南")),
            Step(StepKind.IDENTIFY, QT_TRANSLATE_NOOP("journey", "请刷身份证或社保卡")),
            *question_steps(self._fields(), lambda f: False),
            Step(StepKind.CHECK, QT_TRANSLATE_NOOP("pay", "请核对缴费信息")),
            Step(StepKind.PAYMENT, QT_TRANSLATE_NOOP("pay", "请用手机扫码付款")),
            Step(StepKind.PAID, QT_TRANSLATE_NOOP("pay", "缴费成功")),
            Step(StepKind.RATING, QT_TRANSLATE_NOOP("journey", "请为本次服务评价")),
            Step(StepKind.END, QT_TRANSLATE_NOOP("journey", "办理结束")),
        ]

    # -- before the order ---------------------------------------------------------------

    @property
    def counter(self) -> str:
        """Where the fee is paid in person: the village or community service point takes
        the residents' contributions, as does the department's own counter."""
        return self.item.counter or PAY_IN_PERSON.format(department=self.item.department)

    @property
    def offline_notice(self) -> Message | None:
        """Payment needs the network: offline, the guide says so and offers the counter."""
        if self.ctx.platform_online():
            return None
        return NEEDS_NETWORK.format(counter=self.counter)

    def _missing(self, step: Step) -> Message | None:
        if step.kind is StepKind.GUIDE and self.offline_notice:
            return self.offline_notice
        if step.kind is StepKind.QUESTION and step.field is FAMILY_ID and self.identity:
            if self.answers.get(FAMILY_ID.key, "").upper() == self.identity.id_number.upper():
                return OWN_NUMBER
        if step.kind is StepKind.PAYMENT and (self.order is None or self.order.status != PAID):
            return QT_TRANSLATE_NOOP("pay", "还没有收到付款，请用手机扫码付款。")
        return super()._missing(step)

    def problem_with(self, value: str) -> Message | None:
        if self.step.field is FAMILY_ID and self.identity \
                and value.strip().upper() == self.identity.id_number.upper():
            return OWN_NUMBER
        return super().problem_with(value)

    def answer(self, value: str) -> Message | None:
        problem = self.problem_with(value) if self.step.field is FAMILY_ID else None
        if problem:
            self.drafts[FAMILY_ID.key] = value
            self.errors[FAMILY_ID.key] = problem
            return problem
        before = dict(self.answers)
        problem = super().answer(value)
        if problem is None and self.answers != before and self._order_asked:
            self.request_id = self.ctx.new_client_id()  # another order: whom or tier changed
            self._order_asked = False
        return problem

    @property
    def for_id_number(self) -> str | None:
        if self.answers.get(PAY_FOR.key) == FAMILY:
            return self.answers.get(FAMILY_ID.key)
        return None

    @property
    def tier_label(self) -> str | None:
        """The tier as the catalogue words it: the order's own once there is one (what is
        paid), the resident's choice before."""
        value = self.order.tier if self.order is not None else self.answers.get(TIER_KEY)
        return next((t.label for t in self.payment.tiers if t.value == value), None)

    def check_rows(self) -> list[tuple[str, str, str]]:
        """The fee, whom it is for (a family member's number masked: it is not the card's
        holder's to read back in full), and the tier."""
        keys = {s.field.key: s.key for s in self.steps if s.field}
        rows = [(QT_TRANSLATE_NOOP("pay", "缴费项目"), self.item.name, "")]
        for f in self._fields():
            value = self.answers.get(f.key, "")
            shown = mask_id_number(value) if f is FAMILY_ID else forms.display(f, value)
            rows.append((f.label, shown, keys.get(f.key, "")))
        return rows

    def go_pay(self) -> None:
        """"去付款" on the check screen: every answer there, then the QR screen."""
        if self.step.kind is StepKind.PAYMENT:
            return  # a second tap, the QR screen already up
        if self.step.kind is not StepKind.CHECK:
            raise JourneyError(QT_TRANSLATE_NOOP("pay", "请先核对缴费信息。"))
        for step in self.steps:
            if step.kind in (StepKind.IDENTIFY, StepKind.QUESTION):
                missing = self._missing(step)
                if missing:
                    self.index = self.steps.index(step)
                    raise JourneyError(missing)
        if self.offline_notice:
            raise JourneyError(self.offline_notice)
        self.order_problem = None  # asked afresh on the QR screen
        self.go_to(StepKind.PAYMENT)

    # -- the order ----------------------------------------------------------------------

    @property
    def order_due(self) -> bool:
        """On the QR screen without an order: the screen asks for one (off its thread)."""
        return self.step.kind is StepKind.PAYMENT and self.order is None and not self.finished

    def order_request(self) -> dict:
        """What the order is asked with, as plain values taken on the UI thread (the
        network call then runs on another, whatever happens to this journey meanwhile)."""
        self._order_asked = True
        return {"service_code": self.item.code, "identity": self.identity,
                "request_id": self.request_id, "tier": self.answers.get(TIER_KEY),
                "for_id_number": self.for_id_number}

    def fetch_order(self, request: dict | None = None):
        """The network part: the order, or the exception why not. Off the UI thread,
        with `order_request()` taken on it."""
        try:
            return self.ctx.create_payment(**(request or self.order_request()))
        except (RecordUnavailable, PaymentRefused) as exc:
            return exc

    def take_order(self, result, request: dict | None = None) -> None:
        """On the UI thread: the order to show, or why there is none. An answer to an
        order the resident no longer waits for (they went back, or changed whom or the
        tier meanwhile) is dropped."""
        if self.finished or not self.order_due:
            return
        if request is not None and request["request_id"] != self.request_id:
            return
        if isinstance(result, PaymentOrder):
            self.order, self.order_problem = result, None
            self._settle()
            return
        self.order_problem = self._problem_words(result)

    def _problem_words(self, exc) -> Message:
        if isinstance(exc, PaymentRefused) and exc.code == ALREADY_PAID:
            return ORDER_PROBLEMS[ALREADY_PAID].format(year=self.payment.year)
        if isinstance(exc, PaymentRefused):  # not payable here, tier unknown, id reused
            return ORDER_PROBLEMS["refused"].format(counter=self.counter,
                                                     hotline=self.item.hotline)
        reason = getattr(exc, "reason", None)
        if reason in (PROOF_AGAIN, NOT_LINKED):
            return ORDER_PROBLEMS[reason].format(counter=self.counter)
        if reason == "unreachable":
            return ORDER_PROBLEMS["network"].format(counter=self.counter)
        return ORDER_PROBLEMS["platform"].format(hotline=self.item.hotline)

    def try_again(self) -> None:
        """"再试一次" after the order could not be had: the same visit, the same order."""
        self.order_problem = None

    @property
    def state_due(self) -> bool:
        """The QR code is up and nothing is settled: the screen asks how it stands."""
        return self.step.kind is StepKind.PAYMENT and self.order is not None \
            and not self.order.settled and not self.finished

    def fetch_state(self, order_number: str | None = None):
        """How the order stands; off the UI thread, with its number taken on it."""
        try:
            return self.ctx.payment_status(order_number or self.order.order_number)
        except RecordUnavailable as exc:
            return exc

    def take_state(self, result) -> None:
        """A fresh reading of the order; a failed one changes nothing (asked again)."""
        if self.finished or not isinstance(result, PaymentOrder) or self.order is None \
                or result.order_number != self.order.order_number:
            return
        self.order = result
        self._settle()

    def _settle(self) -> None:
        if self.order.status == PAID and self.step.kind is StepKind.PAYMENT:
            self.receipt = PaidReceipt(
                order_number=self.order.order_number, service_name=self.item.name,
                amount_text=self.order.amount_text, payee=self.order.payee,
                year=self.order.year, tier_label=self.tier_label,
                beneficiary_masked=self.order.beneficiary_masked,
                paid_at=self.order.paid_at, hotline=self.item.hotline)
            self.case = (self.order.order_number, self.item.code)
            self.go_to(StepKind.PAID)

    @property
    def closed_message(self) -> Message | None:
        """The order closed unpaid at this visit: why, and what to do."""
        if self.order is None or self.order.status not in CLOSED:
            return None
        return CLOSED[self.order.status].format(counter=self.counter)

    def seconds_left(self) -> int:
        """Until the order's deadline, by the platform's clock as this terminal reckons it."""
        if self.order is None:
            return 0
        left = (self.order.deadline - self.ctx.platform_now().astimezone(dt.UTC)).total_seconds()
        return max(0, int(left))

    def back(self) -> bool:
        """Once an order exists there is no way back into the questions: it is this
        visit's one order (the resident can leave; the order then expires)."""
        if self.step.kind is StepKind.PAYMENT and self.order is not None:
            return False
        return super().back()

    def wipe(self) -> None:
        self.order = None
        self.order_problem = None
        self.receipt = None
        super().wipe()
