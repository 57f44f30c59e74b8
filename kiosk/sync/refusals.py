"""Items set aside: the platform refused them for good, or they cannot be sent from here.

Sending one again would only be refused again, so the sync engine sets it aside (the
outbox's "rejected" state) instead of retrying it for ever, and says why in plain words.
Its resident holds a receipt the platform does not know: a person must tell them what to
do. The item's `last_error` keeps the reason as `<reason>: <detail>`, so `kiosk outbox`
and the maintenance view can say it, and what to do, from the stored row alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.i18n import QT_TRANSLATE_NOOP, Message
from kiosk.sync.errors import REFUSED, PlatformError

NUMBER_TAKEN = "number_taken"
NUMBER_NOT_THIS_TERMINALS = "number_not_this_terminals"
KEY_REUSED = "key_reused"
INVALID = "invalid"
DAMAGED_HERE = "damaged_here"

# The platform's codes for a submission it will never accept as it is.
_PLATFORM_CODES = {
    "tracking_number_taken": NUMBER_TAKEN,
    "tracking_number_not_yours": NUMBER_NOT_THIS_TERMINALS,
    "idempotency_key_reused": KEY_REUSED,
}

# Why, for the technician's command line (English) and the maintenance view (Chinese).
WHY = {
    NUMBER_TAKEN: (
        "the platform holds another submission under this tracking number",
        QT_TRANSLATE_NOOP("refusals", "平台上已有另一件使用这个受理编号")),
    NUMBER_NOT_THIS_TERMINALS: (
        "the tracking number carries another terminal id than this terminal's enrollment",
        QT_TRANSLATE_NOOP("refusals", "受理编号里的终端编号不是本机现在注册的编号")),
    KEY_REUSED: (
        "the platform holds a different submission under this item's id",
        QT_TRANSLATE_NOOP("refusals", "平台上已有另一件使用本件的编号")),
    INVALID: (
        "refused by the platform: it will not accept it as it is",
        QT_TRANSLATE_NOOP("refusals", "平台不接受这件申请的内容")),
    DAMAGED_HERE: (
        "its files are damaged on this terminal's disk",
        QT_TRANSLATE_NOOP("refusals", "本机磁盘上的材料已损坏")),
}

RESIDENT_ADVICE = (
    "not filed with the department: tell the resident holding receipt {tracking} to bring "
    "the receipt and their ID card to the service hall, or call 12345, to file it again",
    QT_TRANSLATE_NOOP("refusals", "未送达办理部门：请通知持有受理编号 {tracking} 回执的群众，"
                                  "带回执和身份证到政务服务大厅重新办理，或拨打12345。"),
)


@dataclass(frozen=True)
class SetAside:
    reason: str  # one of WHY's keys
    detail: str  # plain English for the technician: the platform's code and message

    def stored(self) -> str:
        """As kept in the outbox row's last_error."""
        return f"{self.reason}: {WHY[self.reason][0]} ({self.detail})"


def unresolvable(exc: PlatformError) -> SetAside | None:
    """The platform's refusal of a submission, when sending it again cannot help."""
    reason = _PLATFORM_CODES.get(exc.code or "")
    if reason is None and exc.kind != REFUSED:
        return None  # the platform's or the link's trouble: later
    return SetAside(reason or INVALID, exc.message)


def damaged_here(detail: str) -> SetAside:
    return SetAside(DAMAGED_HERE, detail)


def reason_of(last_error: str | None) -> str:
    """The reason a set-aside row was stored with (INVALID for a row from before)."""
    reason = (last_error or "").partition(":")[0]
    return reason if reason in WHY else INVALID


def why_in_english(last_error: str | None) -> str:
    return WHY[reason_of(last_error)][0]


def why_for_the_view(last_error: str | None) -> Message:
    return WHY[reason_of(last_error)][1]


def advice_in_english(tracking_number: str) -> str:
    return RESIDENT_ADVICE[0].format(tracking=tracking_number)


def advice_for_the_view(tracking_number: str) -> Message:
    return RESIDENT_ADVICE[1].format(tracking=tracking_number)
