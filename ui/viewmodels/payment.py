"""A fee paid by QR code on screen: the order asked for and then watched, off the UI thread.

On the payment step the platform is asked for the visit's order (one request on a thread
of its own, as look-ups are); once the QR code is up, how the order stands is asked every
`POLL_EVERY_S` seconds until it is paid or closed, the resident leaves the step or the
visit ends. A clock of its own ticks the countdown once a second, told on `ticked` only,
so the rest of the screen is not laid out again every second.

The thread is handed the request's plain values, taken from the journey on the UI thread
when it is asked: a wipe meanwhile clears the journey, never the request on the wire.
The answers come back through a queued signal and are taken on the UI thread; an answer
for a visit since wiped, or a step since left, is dropped (and a visit that reached its
QR screen meanwhile is asked for now).

While the QR code is up, the order unsettled and its time not up, the resident is busy
with the phone, not away: the visit is kept open (`keep_visit_open`, on the session's
clock). Once the order is settled or its time is up, the idle rules apply again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from PySide6.QtCore import Property, QObject, QTimer, Signal, Slot

from kiosk.journeys import StepKind
from kiosk.journeys.pay import (
    NEEDS_NETWORK,
    ORDER_PROBLEMS,
    PAY_FOR,
    PayJourney,
)
from kiosk.proofs.document import local_time_text
from kiosk.sync.payments import ALREADY_PAID, PaymentRefused
from kiosk.sync.records import PROOF_AGAIN, RecordUnavailable
from kiosk.voice import Speech
from ui.i18n import tr_message

log = logging.getLogger(__name__)

POLL_EVERY_S = 2
# Problems that asking again cannot mend: the screen offers home, not "再试一次".
NO_RETRY = {ORDER_PROBLEMS[ALREADY_PAID], ORDER_PROBLEMS[PROOF_AGAIN], NEEDS_NETWORK,
            ORDER_PROBLEMS["refused"]}


def clock_text(seconds: int) -> str:
    """The countdown as the screen shows it: mm:ss."""
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


class PaymentViewModel(QObject):
    changed = Signal()
    ticked = Signal()  # the countdown moved on (once a second while the QR code is up)
    # (journey, "order" | "state", the answer), emitted on the payment thread: queued here
    answered = Signal(object, str, object)

    def __init__(self, kiosk, journey_vm, parent=None):
        super().__init__(parent)
        self._kiosk = kiosk
        self._journey_vm = journey_vm
        self._platform = ThreadPoolExecutor(max_workers=1, thread_name_prefix="payment")
        self._asking: str = ""  # "order" or "state" while a request is out
        self._since_poll = 0
        self._paid_printed_for = None  # the journey whose receipt was sent to the printer
        self._was_time_up = False  # what `_tick` last saw of `_time_up` (changed on a change)
        self._clock = QTimer(self, interval=1000)
        self._clock.timeout.connect(self._tick)
        self.answered.connect(self._on_answered)
        journey_vm.changed.connect(self._follow)

    @property
    def journey(self) -> PayJourney | None:
        journey = self._journey_vm.journey
        return journey if isinstance(journey, PayJourney) else None

    def _on_payment_step(self) -> bool:
        journey = self.journey
        return journey is not None and journey.step.kind is StepKind.PAYMENT \
            and not journey.finished

    # -- asking the platform --------------------------------------------------------

    def _follow(self) -> None:
        """The journey moved: ask for the order where one is due, start or stop the clock,
        print the receipt once paid."""
        journey = self.journey
        if journey is not None and journey.order_due and journey.order_problem is None \
                and not self._asking:
            self._ask(journey, "order")
        if self._on_payment_step():
            if not self._clock.isActive():
                self._since_poll = 0
                self._clock.start()
        else:
            self._clock.stop()
        if journey is not None and journey.step.kind is StepKind.PAID \
                and self._paid_printed_for is not journey:
            self._paid_printed_for = journey
            self._journey_vm.print_receipt()
        self.changed.emit()
        self.ticked.emit()  # the time left of an order that just came

    def _ask(self, journey: PayJourney, what: str) -> None:
        """On the UI thread, the values the call needs, as they are now (the thread never
        reads the journey: a wipe meanwhile would clear it under it); then the call."""
        self._asking = what
        if what == "state":
            number = journey.order.order_number
            self._platform.submit(self._fetch, journey, what, number,
                                  lambda: journey.fetch_state(number))
        else:
            request = journey.order_request()
            self._platform.submit(self._fetch, journey, what, request,
                                  lambda: journey.fetch_order(request))

    def _fetch(self, journey: PayJourney, what: str, asked, call: Callable[[], object]) -> None:
        try:
            result = call()
        except (RecordUnavailable, PaymentRefused) as exc:  # the platform's no: shown
            result = exc
        except Exception as exc:  # noqa: BLE001 - a bug must not leave the screen asking
            log.error("asking for the payment order failed: %s", type(exc).__name__)
            result = exc
        self.answered.emit(journey, what, (asked, result))

    @Slot(object, str, object)
    def _on_answered(self, journey, what: str, answer) -> None:
        asked, result = answer
        self._asking = ""
        if journey is not self.journey:
            # The visit was wiped, or another began, meanwhile: its answer goes, and a
            # visit that reached its QR screen while this one was out is asked for now.
            self._follow()
            return
        if what == "order":  # dropped unless still the order she waits for
            self._journey_vm.run(lambda: journey.take_order(result, asked))
        else:
            self._journey_vm.run(lambda: journey.take_state(result))

    def _tick(self) -> None:
        journey = self.journey
        if not self._on_payment_step():
            self._clock.stop()
            return
        self._since_poll += 1
        if journey.state_due and not self._asking and self._since_poll >= POLL_EVERY_S:
            self._since_poll = 0
            self._ask(journey, "state")
        if self._time_up() != self._was_time_up:
            self._was_time_up = not self._was_time_up
            self.changed.emit()  # the QR code goes: its time is up
        self.ticked.emit()

    def keep_visit_open(self) -> None:
        """On the session's clock, before it decides the resident is away: while the QR
        code is up, the order unsettled and its time not up, the resident is paying on
        the phone, not idle. Once it is settled or its time is up, the idle rules apply."""
        journey = self.journey
        if self._on_payment_step() and journey.state_due and journey.seconds_left() > 0:
            self._kiosk.session.touch()

    def _time_up(self) -> bool:
        """The QR code's time is up and the platform has not said how the order ended
        (it cannot be reached): the screen no longer offers the code."""
        journey = self.journey
        return self._on_payment_step() and journey.state_due and journey.seconds_left() == 0

    @property
    def creating_order(self) -> bool:
        """The request for the order is out (tests and the tour wait for its answer)."""
        return self._asking == "order"

    def _creating(self) -> bool:
        """The order is being asked for: the screen says the QR code is on its way."""
        journey = self.journey
        return journey is not None and journey.step.kind is StepKind.PAYMENT \
            and journey.order is None and journey.order_problem is None

    creating = Property(bool, _creating, notify=changed)

    @Slot()
    def tryAgain(self) -> None:  # noqa: N802 - called from QML
        """"再试一次": the same visit's order asked for again."""
        journey = self.journey
        if journey is None:
            return
        self._kiosk.session.touch()
        self._journey_vm.run(journey.try_again)

    @Slot()
    def goPay(self) -> None:  # noqa: N802 - called from QML
        """"去付款" on the check screen."""
        journey = self.journey
        if journey is not None:
            self._journey_vm.run(journey.go_pay)

    @Slot()
    def sayAmountAndTime(self) -> None:  # noqa: N802 - called from QML
        """Voice mode's "听金额和剩余时间": what is being paid, to whom, and the time left
        (none of it personal: it is said on the loudspeaker too)."""
        order = self._order()
        if not order:
            return
        self._kiosk.session.touch()
        left = self._seconds_left()
        text = self.tr("应缴{amount}元，收款单位：{payee}。"
                       "剩余付款时间：{minutes}分{seconds}秒。").format(
            amount=order["amount"], payee=order["payee"], minutes=left // 60, seconds=left % 60)
        self._kiosk.voice.say(Speech(text), self._kiosk.session.language)

    # -- what the screens show -------------------------------------------------------

    def _state(self) -> str:
        """"creating", "problem", "waiting" (the QR code is up), "closed" or ""."""
        journey = self.journey
        if journey is None or journey.step.kind is not StepKind.PAYMENT:
            return ""
        if journey.closed_message or self._time_up():
            return "closed"
        if journey.order is not None:
            return "waiting"
        return "problem" if journey.order_problem else "creating"

    def _problem(self) -> str:
        journey = self.journey
        return tr_message(journey.order_problem) if journey and journey.order_problem else ""

    def _can_retry(self) -> bool:
        journey = self.journey
        problem = journey.order_problem if journey else None
        return problem is not None and getattr(problem, "template", problem) not in NO_RETRY

    def _closed(self) -> str:
        journey = self.journey
        if journey is not None and not journey.closed_message and self._time_up():
            return self.tr("付款时间已到，请不要再扫这个二维码。如果已经付款，钱会原路退回。"
                           "要缴费请重新办理，或到{counter}缴费。").format(counter=journey.counter)
        message = journey.closed_message if journey else None
        return tr_message(message) if message else ""

    def _order(self) -> dict:
        """The order as the QR screen shows it ({} before there is one)."""
        journey = self.journey
        order = journey.order if journey else None
        if order is None:
            return {}
        return {"amount": order.amount_text, "payee": order.payee,
                "beneficiary": order.beneficiary_masked, "qrText": order.qr_text,
                "orderNumber": order.order_number, "year": order.year,
                "tier": tr_message(journey.tier_label) if journey.tier_label else ""}

    def _for_whom(self) -> str:
        """Whom the fee is for, in words (the masked beneficiary says who)."""
        journey = self.journey
        if journey is None or not journey.payment.for_family:
            return ""
        chosen = journey.answers.get(PAY_FOR.key)
        choice = next((c for c in PAY_FOR.choices if c.value == chosen), None)
        return tr_message(choice.label) if choice else ""

    def _number_end(self) -> str:
        """The last four of the beneficiary's number: what a headset may hear of it."""
        journey = self.journey
        if journey is None:
            return ""
        number = journey.for_id_number or (journey.identity.id_number if journey.identity
                                           else "")
        return number[-4:] if number else ""

    def _paid(self) -> dict:
        journey = self.journey
        receipt = journey.receipt if journey else None
        if receipt is None:
            return {}
        return {"amount": receipt.amount_text, "payee": receipt.payee,
                "orderNumber": receipt.order_number, "year": receipt.year,
                "tier": tr_message(receipt.tier_label) if receipt.tier_label else "",
                "beneficiary": receipt.beneficiary_masked,
                "paidAt": local_time_text(receipt.paid_at) if receipt.paid_at else "",
                "hotline": receipt.hotline}

    def _offline_notice(self) -> str:
        journey = self.journey
        notice = journey.offline_notice if journey and journey.step.kind is StepKind.GUIDE \
            else None
        return tr_message(notice) if notice else ""

    def _holds_order(self) -> bool:
        """On the QR screen with an order: there is no going back, only home."""
        journey = self.journey
        return journey is not None and journey.step.kind is StepKind.PAYMENT \
            and journey.order is not None

    def _seconds_left(self) -> int:
        journey = self.journey
        return journey.seconds_left() if journey and journey.order else 0

    def _time_left(self) -> str:
        return clock_text(self._seconds_left())

    state = Property(str, _state, notify=changed)
    problem = Property(str, _problem, notify=changed)
    canRetry = Property(bool, _can_retry, notify=changed)
    closedText = Property(str, _closed, notify=changed)
    order = Property(dict, _order, notify=changed)
    forWhom = Property(str, _for_whom, notify=changed)
    numberEnd = Property(str, _number_end, notify=changed)
    paid = Property(dict, _paid, notify=changed)
    offlineNotice = Property(str, _offline_notice, notify=changed)
    holdsOrder = Property(bool, _holds_order, notify=changed)
    secondsLeft = Property(int, _seconds_left, notify=ticked)
    timeLeft = Property(str, _time_left, notify=ticked)
