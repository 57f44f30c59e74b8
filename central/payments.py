"""Fee orders paid by QR (城乡居民医保/养老保险缴费), with the reference platform standing in
for the payment provider.

A terminal creates an order for one visit (`POST /v1/payments`, idempotent per terminal
and `request_id`); the amount comes from the tariff here, never from the catalogue or the
kiosk. The order waits for the provider's report (`python -m central pay`) until its
deadline. Nothing runs on a timer: an awaiting order past its deadline reads `expired`
when it is next read, and in test mode (`serve --pay-after S`) one reads `paid` from S
seconds after its creation. A payment reported for an order that expired or was
cancelled, or for one whose resident's year another order paid meanwhile (two terminals
made orders before either was paid), is recorded and refunded at once; a second report
of a payment changes nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import logging

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from central import identities, visit_proof
from central.api_models import PaymentRequest
from central.errors import ApiError
from central.masking import mask_id_number, mask_name
from central.storage import (
    CatalogueItem,
    Database,
    PaymentOrder,
    RecordPerson,
    Terminal,
    as_utc,
    iso,
    utc_now,
)
from central.submissions import case_number

log = logging.getLogger("central.payments")

DEFAULT_PAYMENT_MINUTES = 15.0
PENSION_TIERS = (200, 300, 400, 500, 600, 700, 800, 900, 1000, 1500, 2000, 3000)
# The demo tariff, in cents: (kind, tier) -> amount. None: an item without tiers.
TARIFF: dict[str, dict[str | None, int]] = {
    "resident_medical": {None: 40000},
    "resident_pension": {str(yuan): yuan * 100 for yuan in PENSION_TIERS},
}
STATUS_TEXT = {"awaiting": "待支付", "paid": "已缴费", "expired": "已过期",
               "refunded": "已退款", "cancelled": "已取消"}


@dataclasses.dataclass(frozen=True)
class PaymentSettings:
    minutes: float = DEFAULT_PAYMENT_MINUTES  # from creation to the deadline
    pay_after: float | None = None  # test mode: paid this many seconds after creation


def amount_text(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def settle(order: PaymentOrder, now: dt.datetime | None = None) -> PaymentOrder:
    """Bring an awaiting order up to `now`: paid by the test mode, or expired."""
    if order.status != "awaiting":
        return order
    now = now or utc_now()
    deadline, auto = as_utc(order.deadline), as_utc(order.auto_pay_at)
    if auto is not None and auto <= now and auto <= deadline:
        order.status, order.paid_at = "paid", auto
    elif now >= deadline:
        order.status = "expired"
    return order


def body(order: PaymentOrder, replayed: bool = False) -> dict:
    return {
        "order_number": order.order_number,
        "request_id": order.request_id,
        "service_code": order.service_code,
        "tier": order.tier,
        "amount_cents": order.amount_cents,
        "amount_text": amount_text(order.amount_cents),
        "payee": order.payee,
        "year": order.year,
        "beneficiary_masked": order.beneficiary_masked,
        "qr_text": qr_text(order),
        "created_at": iso(order.created_at),
        "deadline": iso(order.deadline),
        "status": order.status,
        "paid_at": iso(order.paid_at),
        "refunded_at": iso(order.refunded_at),
        "replayed": replayed,
    }


def qr_text(order: PaymentOrder) -> str:
    """What the payment QR encodes: the order and its amount, for the provider's app."""
    return f"ZFQR1:{order.order_number}:{order.amount_cents}"


def _fingerprint(request: PaymentRequest) -> str:
    beneficiary = request.for_id_number or request.id_number
    canonical = json.dumps({
        "service_code": request.service_code, "tier": request.tier,
        "payer": identities.digest(request.id_number),
        "beneficiary": identities.digest(beneficiary), "test": request.test,
    }, sort_keys=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _earlier(session: Session, terminal_id: str, request: PaymentRequest) -> dict | None:
    order = session.scalars(select(PaymentOrder).where(
        PaymentOrder.terminal_id == terminal_id,
        PaymentOrder.request_id == request.request_id)).first()
    if order is None:
        return None
    if order.fingerprint != _fingerprint(request):
        raise ApiError(422, "request_id_reused",
                       "This request_id was used for another order; a new order needs a new id.",
                       extra={"order_number": order.order_number})
    return body(settle(order), replayed=True)


def create(db: Database, case_access: visit_proof.CaseAccess, terminal: Terminal,
           request: PaymentRequest, settings: PaymentSettings) -> tuple[dict, bool]:
    """(the order, True if created now). The same (terminal, request_id) answers the order
    it made before, without asking for the visit's proof again (the terminal could read
    it by number anyway), so a retry after a restart still finds it."""
    with db.session() as session:
        earlier = _earlier(session, terminal.id, request)
    if earlier is not None:
        return earlier, False

    def look_up(session: Session, proven: visit_proof.ProvenResident):
        order = _new_order(session, terminal, request, settings, proven.id_digest)
        session.flush()  # a concurrent twin fails here, on the unique constraint
        return body(order), 1

    try:
        created = case_access.answer(terminal, "payment", look_up, proof=request.proof,
                                     id_number=request.id_number)
    except IntegrityError:
        # The same request raced itself and the other copy committed first.
        with db.session() as session:
            earlier = _earlier(session, terminal.id, request)
        if earlier is None:
            raise
        return earlier, False
    log.info("order %s created for %s by %s test=%s", created["order_number"],
             request.service_code, terminal.id, request.test)
    return created, True


def _payment_of(session: Session, service_code: str) -> dict:
    row = session.get(CatalogueItem, service_code)
    item = row.body if row is not None and row.removed_in is None else None
    payment = item.get("payment") if isinstance(item, dict) else None
    if (not isinstance(item, dict) or item.get("journey") != "pay"
            or not isinstance(payment, dict) or payment.get("kind") not in TARIFF):
        raise ApiError(422, "not_payable", "This item is not a fee paid at the terminal.")
    return payment


def _amount(payment: dict, tier: str | None) -> int:
    tiers = payment.get("tiers")
    offered = {t.get("value") for t in tiers if isinstance(t, dict)} if tiers else {None}
    amount = TARIFF[payment["kind"]].get(tier)
    if tier not in offered or amount is None:
        raise ApiError(422, "tier_unknown", "Choose one of this item's contribution tiers."
                       if tiers else "This item has no contribution tiers.")
    return amount


def _new_order(session: Session, terminal: Terminal, request: PaymentRequest,
               settings: PaymentSettings, payer_digest: str) -> PaymentOrder:
    payment = _payment_of(session, request.service_code)
    amount = _amount(payment, request.tier)
    year = int(payment.get("year") or utc_now().year)
    beneficiary = request.for_id_number or request.id_number
    beneficiary_digest = identities.digest(beneficiary)
    if not request.test:
        paid = _paid_order(session, beneficiary_digest, payment["kind"], year)
        if paid is not None:
            raise ApiError(409, "already_paid",
                           "This resident's contribution for this year is already paid.",
                           extra={"order_number": paid.order_number})
    now = utc_now()
    order = PaymentOrder(
        order_number=case_number("ZF", now), terminal_id=terminal.id,
        request_id=request.request_id, fingerprint=_fingerprint(request),
        service_code=request.service_code, kind=payment["kind"], tier=request.tier,
        year=year, amount_cents=amount, payee=str(payment.get("payee", "")),
        payer_digest=payer_digest, beneficiary_digest=beneficiary_digest,
        beneficiary_masked=_masked(session, beneficiary, beneficiary_digest),
        test_traffic=request.test, status="awaiting", created_at=now,
        deadline=now + dt.timedelta(minutes=settings.minutes),
        auto_pay_at=(now + dt.timedelta(seconds=settings.pay_after)
                     if settings.pay_after is not None else None),
    )
    session.add(order)
    return order


def _paid_order(session: Session, digest: str, kind: str, year: int) -> PaymentOrder | None:
    for order in session.scalars(select(PaymentOrder).where(
            PaymentOrder.beneficiary_digest == digest, PaymentOrder.kind == kind,
            PaymentOrder.year == year, PaymentOrder.test_traffic.is_(False),
            PaymentOrder.status.in_(("awaiting", "paid")))):
        if settle(order).status == "paid":
            return order
    return None


def _masked(session: Session, id_number: str, digest: str) -> str:
    """`张*（1101**********1234）`: the name the platform holds, if any, and the number."""
    person = session.get(RecordPerson, digest)
    number = mask_id_number(id_number)
    return f"{mask_name(person.name)}（{number}）" if person and person.name else number


def read(db: Database, terminal: Terminal, order_number: str) -> dict:
    """The order as it stands now, for the terminal that created it only (else 404)."""
    with db.session() as session:
        order = session.get(PaymentOrder, order_number)
        if order is None or order.terminal_id != terminal.id:
            raise ApiError(404, "order_not_found", "No order with this number.")
        return body(settle(order))


def report_payment(db: Database, order_number: str) -> tuple[str, dict, str | None] | None:
    """The provider reports a payment of the order: (what happened, the order, the order
    number already paid for the same year), or None for an unknown order. `paid`;
    `refunded` (it had expired or was cancelled: the money goes back); `paid_twice` (the
    same resident's year was paid by another order meanwhile, e.g. at another terminal:
    recorded and refunded at once); `already_paid` / `already_refunded` (a second report:
    nothing changes)."""
    with db.session() as session:
        order = session.get(PaymentOrder, order_number)
        if order is None:
            return None
        _lock_orders_of(session, order)
        settle(order)
        now = utc_now()
        earlier = None
        if order.status == "awaiting" and not order.test_traffic:
            earlier = _paid_order(session, order.beneficiary_digest, order.kind, order.year)
        if earlier is not None:
            order.status, order.paid_at, order.refunded_at = "refunded", now, now
            outcome = "paid_twice"
        elif order.status == "awaiting":
            order.status, order.paid_at, outcome = "paid", now, "paid"
        elif order.status in ("expired", "cancelled"):
            order.status, order.paid_at, order.refunded_at = "refunded", now, now
            outcome = "refunded"
        else:
            outcome = f"already_{order.status}"
        log.info("order %s payment reported: %s", order.order_number, outcome)
        return outcome, body(order), earlier.order_number if earlier is not None else None


def _lock_orders_of(session: Session, order: PaymentOrder) -> None:
    """Lock every order for the same resident, kind and year (this one included) until
    the transaction ends, and read them again: reports and cancellations of them, made at
    once by several processes, then take turns, so an order is paid once and a resident's
    year is charged once. Always locked in order-number order, so two never deadlock."""
    session.scalars(
        select(PaymentOrder).where(
            PaymentOrder.beneficiary_digest == order.beneficiary_digest,
            PaymentOrder.kind == order.kind, PaymentOrder.year == order.year)
        .order_by(PaymentOrder.order_number).with_for_update()
        .execution_options(populate_existing=True)).all()


def cancel(db: Database, order_number: str) -> tuple[str, dict] | None:
    """(`cancelled`, or the status that kept it from being cancelled; the order)."""
    with db.session() as session:
        order = session.get(PaymentOrder, order_number)
        if order is None:
            return None
        _lock_orders_of(session, order)
        settle(order)
        if order.status != "awaiting":
            return order.status, body(order)
        order.status, order.cancelled_at = "cancelled", utc_now()
        log.info("order %s cancelled", order.order_number)
        return "cancelled", body(order)


def settle_all(session: Session) -> None:
    """Every awaiting order brought up to now (for the report's counts)."""
    now = utc_now()
    for order in session.scalars(select(PaymentOrder).where(PaymentOrder.status == "awaiting")):
        settle(order, now)
