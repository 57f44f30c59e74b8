"""A fee's payment order as the platform gives it (`POST /v1/payments`,
`GET /v1/payments/{order}`; the platform's README, "Payments").

The platform creates the order and sets the amount; the terminal shows its QR code and
asks how it stands. An answer that is not an order is the platform's fault, told apart
from a network that does not answer (kiosk/sync/records' reasons), so a resident waiting
at the QR code is never told the wrong one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kiosk.sync.records import NO_ANSWER, RecordUnavailable

AWAITING = "awaiting"
PAID = "paid"
EXPIRED = "expired"
REFUNDED = "refunded"
CANCELLED = "cancelled"
STATES = (AWAITING, PAID, EXPIRED, REFUNDED, CANCELLED)

# Why an order was not created, when the platform says so (its error codes).
ALREADY_PAID = "already_paid"
NOT_PAYABLE = "not_payable"
TIER_UNKNOWN = "tier_unknown"
REQUEST_ID_REUSED = "request_id_reused"  # the same id asked for a different order


class PaymentRefused(Exception):
    """The platform will not create this order; `code` says why (ALREADY_PAID...)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class PaymentOrder:
    order_number: str
    service_code: str
    tier: str | None
    amount_cents: int
    amount_text: str  # "400.00", as the platform writes it
    payee: str
    year: int
    beneficiary_masked: str
    qr_text: str
    deadline: dt.datetime
    status: str
    paid_at: str | None

    @property
    def settled(self) -> bool:
        """Nothing more will happen at the terminal: paid, or closed without payment."""
        return self.status != AWAITING


def read_order(body) -> PaymentOrder:
    """The order in a platform answer; RecordUnavailable(NO_ANSWER) when it is not one."""
    try:
        if not isinstance(body, dict):
            raise ValueError("not an object")
        texts = {key: body[key] for key in ("order_number", "service_code", "amount_text",
                                             "payee", "beneficiary_masked", "qr_text")}
        if not all(isinstance(v, str) and 0 < len(v) <= 400 for v in texts.values()):
            raise ValueError("a text is missing or too long")
        amount, year, status = body["amount_cents"], body["year"], body["status"]
        if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
            raise ValueError("amount_cents is not a positive integer")
        if isinstance(year, bool) or not isinstance(year, int):
            raise ValueError("year is not an integer")
        if status not in STATES:
            raise ValueError(f"unknown status {status!r}")
        deadline = dt.datetime.fromisoformat(body["deadline"])
        if deadline.tzinfo is None:
            raise ValueError("deadline without a time zone")
        tier = body.get("tier")
        paid_at = body.get("paid_at")
        return PaymentOrder(tier=tier if isinstance(tier, str) else None, amount_cents=amount,
                            year=year, status=status, deadline=deadline,
                            paid_at=paid_at if isinstance(paid_at, str) else None, **texts)
    except (KeyError, TypeError, ValueError) as exc:
        raise RecordUnavailable(NO_ANSWER, f"not a payment order: {exc}") from None
