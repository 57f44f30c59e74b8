"""The journey engine: a resident's path through one service, one step per screen.

A journey is a state machine over `Step`s. Its plan is derived from the catalogue item
and from what the journey already knows (a field the ID card filled is never asked), so
it is re-derived whenever the identity changes. Answers live in memory only; the store
sees them once, in the submission, when the resident taps "Submit".
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field

from kiosk import forms
from kiosk.catalogue.model import FieldType, FormField, IdentityProof, ServiceItem
from kiosk.config import TerminalConfig
from kiosk.i18n import QT_TRANSLATE_NOOP, Message
from kiosk.identity import Identity
from kiosk.journeys.identify_refusals import (
    TYPED_NUMBER_OPENS_NO_RECORDS,
    expired,
    not_accepted,
)
from kiosk.journeys.steps import Step, StepKind
from kiosk.sync.records import NOT_LINKED, RecordUnavailable

log = logging.getLogger(__name__)


def _local_now() -> dt.datetime:
    return dt.datetime.now().astimezone()


def _no_platform_record(*_args):
    raise RecordUnavailable(NOT_LINKED)


@dataclass
class JourneyContext:
    """What a journey needs from the rest of the kiosk, handed in by the composition root."""

    store: object  # offline_cache.store.Store
    terminal: TerminalConfig
    now: Callable[[], dt.datetime] = _local_now
    new_client_id: Callable[[], str] = field(default=lambda: uuid.uuid4().hex)
    test_traffic: bool = False  # burn-in: submissions are marked as test traffic
    on_filed: Callable[[], None] = lambda: None  # a submission is queued: send it soon
    # The platform's cases filed by the resident this visit's identity proves, or None
    # when it cannot be asked now (offline, or a typed number, which proves nothing).
    platform_cases: Callable[[Identity], list[dict] | None] = lambda identity: None
    platform_linked: Callable[[], bool] = lambda: False
    # A look-up's record from the platform: (item code, the proven identity or None for
    # public data, the item's answers, page) -> RecordAnswer, or RecordUnavailable.
    platform_record: Callable[..., object] = field(default=_no_platform_record)
    # Starts asking the e-licence library which of `types` the resident `identity`
    # proves holds, off the caller's thread: a Future of the licences (None in it: the
    # library cannot be asked or did not answer), or None when it is not asked at all.
    ask_elicences: Callable[[Identity, tuple[str, ...]], Future | None] = (
        lambda identity, types: None)
    # Whether the platform answered the last round (a fee can be paid only then).
    platform_online: Callable[[], bool] = lambda: False
    # A fee's order: create_payment(service_code=, identity=, request_id=, tier=,
    # for_id_number=) -> PaymentOrder and payment_status(order_number) -> PaymentOrder
    # (kiosk/sync/payments), each raising RecordUnavailable; platform_now() the
    # platform's time as this terminal reckons it, for the order's countdown.
    create_payment: Callable[..., object] = field(default=_no_platform_record)
    payment_status: Callable[[str], object] = field(default=_no_platform_record)
    platform_now: Callable[[], dt.datetime] = _local_now


class JourneyError(Exception):
    """A step cannot be taken; `message` tells the resident why and what to do."""

    def __init__(self, message: Message):
        super().__init__(message)
        self.message = message


class Journey:
    """Base for every journey kind; subclasses say which steps they have."""

    kind = "journey"
    # Shows or acts on cases or records the resident already has (their progress, a
    # record looked up, a case rated, a complaint filed in their name). Such a journey
    # refuses a typed ID number even where its catalogue item lists typing: a typed
    # number is anyone's, so only a card read or an e-ID code from this visit opens them.
    opens_records = False

    def __init__(self, item: ServiceItem | None, ctx: JourneyContext):
        self.item = item
        self.ctx = ctx
        # Minted when the resident starts: it becomes the submission's idempotency key,
        # so a double tap on "Submit" can never make two applications.
        self.client_id = ctx.new_client_id()
        self.identity: Identity | None = None
        self.answers: dict[str, str] = {}
        self.drafts: dict[str, str] = {}  # what was typed, kept when it fails its check
        self.errors: dict[str, Message] = {}
        self.returning_to_check = False
        self.finished = False
        self.steps: list[Step] = self._plan()
        self.index = 0

    # -- the plan -------------------------------------------------------------------

    def _plan(self) -> list[Step]:
        raise NotImplementedError

    def _replan(self) -> None:
        current = self.step.key
        self.steps = self._plan()
        keys = [s.key for s in self.steps]
        self.index = keys.index(current) if current in keys else min(self.index, len(keys) - 1)

    @property
    def step(self) -> Step:
        return self.steps[self.index]

    @property
    def position(self) -> tuple[int, int]:
        """("step 2 of 5") counting only the steps where the resident gives something.

        Before the resident has identified, the questions their card will answer are not
        counted: they vanish once it is read, and the count must not shrink under them."""
        card_ahead = self.identity is None and any(
            s.kind is StepKind.IDENTIFY for s in self.steps)
        counted = [s for s in self.steps if s.kind in _COUNTED_STEPS
                   and not (card_ahead and self._card_may_answer(s))]
        if self.step not in counted:
            return (0, len(counted))
        return (counted.index(self.step) + 1, len(counted))

    def _card_may_answer(self, step: Step) -> bool:
        """A step a card read may make unnecessary (not counted until the card is read)."""
        return step.field is not None and bool(step.field.prefill)

    def go_to(self, kind: StepKind) -> None:
        self.index = next(i for i, s in enumerate(self.steps) if s.kind is kind)

    def next(self) -> None:
        """Move on from a step that needs nothing more (guide, confirmation, result)."""
        self._require_done(self.step)
        if self.returning_to_check and self.step.kind in (StepKind.QUESTION, StepKind.MATERIAL):
            self.returning_to_check = False
            self.go_to(StepKind.CHECK)
            return
        if self.index < len(self.steps) - 1:
            self.index += 1

    def back(self) -> bool:
        """One step back; False at the first step (the screen then leaves the journey).

        After submitting there is no way back into the form: the application is filed.
        """
        if self.step.kind in _AFTER_SUBMIT or self.index == 0:
            return False
        self.returning_to_check = False
        self.index -= 1
        return True

    def _require_done(self, step: Step) -> None:
        missing = self._missing(step)
        if missing:
            raise JourneyError(missing)

    def _missing(self, step: Step) -> Message | None:
        if step.kind is StepKind.IDENTIFY and self.identity is None:
            return QT_TRANSLATE_NOOP("journey", "请先刷身份证或社保卡，确认您的身份。")
        if step.kind is StepKind.QUESTION and step.field:
            return forms.check(step.field, self.answers.get(step.field.key, ""))
        return None

    # -- identify -------------------------------------------------------------------

    @property
    def takes_typed_number(self) -> bool:
        """Whether a typed ID number may identify the resident here (the identify screen
        offers typing only then)."""
        if self.opens_records:
            return False
        return self.item is None or self.item.accepts_typed_id

    def identify(self, identity: Identity) -> None:
        """Take the resident's identity; fill what it knows; never ask it again.

        A card the item does not list, a typed number where records would open, or a
        card past its validity, is refused with what to do instead (identify_refusals).
        """
        if identity.proof is IdentityProof.TYPED_ID_NUMBER and self.opens_records:
            raise JourneyError(TYPED_NUMBER_OPENS_NO_RECORDS)
        if self.item and not identity.accepted_by(self.item):
            raise JourneyError(not_accepted(identity, self.item))
        if identity.card_valid_to and identity.card_valid_to < self.ctx.now().date():
            raise JourneyError(expired(identity, self.item))
        self.identity = identity
        for f in self._fields():
            value = identity.prefill_value(f.prefill) if f.prefill else None
            if value:
                self.answers[f.key] = value
        self._replan()
        if self.step.kind is StepKind.IDENTIFY:
            self.next()

    def _fields(self) -> tuple[FormField, ...]:
        return self.item.fields if self.item else ()

    def _known_from_identity(self, f: FormField) -> bool:
        return bool(f.prefill and self.identity and self.identity.prefill_value(f.prefill))

    # -- questions ------------------------------------------------------------------

    def answer(self, value: str) -> Message | None:
        """Answer the current question. On a problem: keep what was typed, stay, say why."""
        step = self.step
        if step.kind is not StepKind.QUESTION or step.field is None:
            raise JourneyError(QT_TRANSLATE_NOOP("journey", "这一步不需要填写内容。"))
        key = step.field.key
        self.drafts[key] = value
        problem = forms.check(step.field, value)
        if problem:
            self.errors[key] = problem
            return problem
        self.errors.pop(key, None)
        self.answers[key] = forms.normalise(step.field, value)
        if key in self.plan_shaping:
            self._replan_after(step)
        self.next()
        return None

    # Keys of questions whose answer changes which steps follow (pay for whom, post or
    # collect): the plan is made again once one is answered.
    plan_shaping: frozenset[str] = frozenset()

    def _replan_after(self, answered: Step) -> None:
        before = [s.key for s in self.steps]
        self.steps = self._plan()
        keys = [s.key for s in self.steps]
        self.index = keys.index(answered.key)
        if [k for k in keys if k not in before]:
            self.returning_to_check = False  # a new question follows: ask it first

    def problem_with(self, value: str) -> Message | None:
        """What answering the current question with `value` would say is wrong (None: it
        would be taken), without taking it or moving on."""
        step = self.step
        if step.kind is not StepKind.QUESTION or step.field is None:
            return None
        return forms.check(step.field, value)

    def change(self, step_key: str) -> None:
        """From the check screen: go to one answer, then come straight back."""
        self.index = next(i for i, s in enumerate(self.steps) if s.key == step_key)
        self.returning_to_check = True

    def check_rows(self) -> list[tuple[str, str, str]]:
        """(label, answer as it reads, step key for "Change") for the check screen.

        Answers read back in full here: this is where the resident checks them.
        Answers the card filled have no step to change them (the card is the proof).
        """
        step_keys = {s.field.key: s.key for s in self.steps if s.field}
        return [
            (f.label, forms.display(f, self.answers.get(f.key, "")), step_keys.get(f.key, ""))
            for f in self._fields()
            if f.type is not FieldType.ATTACHMENT
        ]

    # -- end and wipe ---------------------------------------------------------------

    def wipe(self) -> None:
        """Forget everything personal this journey held."""
        self.identity = None
        self.answers.clear()
        self.drafts.clear()
        self.errors.clear()
        self.finished = True


_COUNTED_STEPS = {StepKind.IDENTIFY, StepKind.QUESTION, StepKind.MATERIAL, StepKind.CHECK}
_AFTER_SUBMIT = {StepKind.CONFIRMATION, StepKind.PAID, StepKind.RATING, StepKind.END}


def question_steps(fields: tuple[FormField, ...], known: Callable[[FormField], bool]) -> list[Step]:
    return [
        Step(StepKind.QUESTION, QT_TRANSLATE_NOOP("journey", "请填写：{label}").format(
            label=f.label), field=f)
        for f in fields
        if f.type is not FieldType.ATTACHMENT and not known(f)
    ]
