"""The steps a journey moves through; each one is one screen for the resident."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from kiosk.catalogue.model import FormField, Material
from kiosk.i18n import Message


class StepKind(enum.Enum):
    GUIDE = "guide"  # everything to know before starting; print the materials checklist
    IDENTIFY = "identify"  # ID card, social security card, or a typed number
    QUESTION = "question"  # one form field
    MATERIAL = "material"  # capture one paper material, or bring it later
    CHECK = "check"  # check your answers, with a change for each
    CONFIRMATION = "confirmation"  # tracking number, what next, by when
    PAYMENT = "payment"  # the order's QR code, amount, payee and time left; asks until paid
    PAID = "paid"  # the fee is paid: the order number and the receipt
    LOOKUP_RESULT = "lookup_result"
    RATING = "rating"  # 好差评
    END = "end"  # reminders (card, receipt), then the wipe


@dataclass(frozen=True)
class Step:
    kind: StepKind
    title: Message
    field: FormField | None = None
    material: Material | None = None

    @property
    def key(self) -> str:
        """Names the step for screens, tests and the audit trail (no personal data)."""
        if self.field:
            return f"{self.kind.value}:{self.field.key}"
        if self.material:
            return f"{self.kind.value}:{self.material.name}"
        return self.kind.value
