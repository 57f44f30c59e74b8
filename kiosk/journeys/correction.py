"""Corrections (补正): a case the office sent back with the one list of what is missing,
answered at the terminal.

The resident's progress look-up shows a case waiting for a correction; "去补正" starts
this journey with the visit's identity: one question per answer asked for, one photo per
paper, a check, and one submission of kind "correction" naming the case. The platform
then puts the case back into review.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re
from dataclasses import dataclass

from kiosk.catalogue.model import FieldType, FormField, Material, ServiceItem
from kiosk.catalogue.plain_text import markup_in
from kiosk.i18n import QT_TRANSLATE_NOOP
from kiosk.journeys.apply import ApplyJourney, Confirmation
from kiosk.journeys.base import JourneyContext
from kiosk.journeys.steps import Step, StepKind
from kiosk.submissions import file_submission

log = logging.getLogger(__name__)

ANSWER_TYPES = {"text": FieldType.TEXT, "phone": FieldType.PHONE, "date": FieldType.DATE,
                "id_number": FieldType.ID_NUMBER, "address": FieldType.ADDRESS}
_KEY = re.compile(r"[a-z][a-z0-9_]{0,39}")
MAX_ITEMS = 12
AFTER_CORRECTION = (
    QT_TRANSLATE_NOOP("correction", "补正的内容已提交，办理部门收到后重新审核"),
    QT_TRANSLATE_NOOP("correction", "审核结果会发短信告诉您，也可以在这里查进度"),
)
MAX_TEXT = 120
# The confirmation's heading: what was sent is a correction, not a new application.
SUBMITTED = QT_TRANSLATE_NOOP("correction", "补正已提交")


@dataclass(frozen=True)
class CorrectionAsked:
    """What the office asked for, as the platform's case status says it."""

    case_number: str
    tracking_number: str
    service_code: str
    note: str
    answers: tuple[FormField, ...]
    photos: tuple[Material, ...]


def correction_from_case(case: dict) -> CorrectionAsked | None:
    """The open correction in a case status from the platform, or None: none asked, one
    answered already, or one the screens could not show (logged, without its text)."""
    asked = case.get("correction")
    if not isinstance(asked, dict) or asked.get("answered_at") \
            or case.get("status") != "correction":
        return None
    try:
        answers, photos = [], []
        note = _text(asked.get("note") or "")  # beside each question: why it is asked
        items = asked["items"]
        if not isinstance(items, list) or not 0 < len(items) <= MAX_ITEMS:
            raise ValueError("items is not a list of 1 to 12")
        for entry in items:
            if entry["kind"] == "answer":
                if not _KEY.fullmatch(entry["key"]) or entry["type"] not in ANSWER_TYPES:
                    raise ValueError("an answer's key or type is not one the terminal asks")
                answers.append(FormField(
                    key=entry["key"], label=_text(entry["label"]),
                    type=ANSWER_TYPES[entry["type"]],
                    help=_text(entry.get("help") or "") or note,
                    max_length=MAX_TEXT, sensitive=True))
            elif entry["kind"] == "photo":
                photos.append(Material(name=_text(entry["name"]),
                                       note=_text(entry.get("note") or "") or note))
            else:
                raise ValueError("an item is neither an answer nor a photo")
        return CorrectionAsked(case_number=_text(case["case_number"]),
                               tracking_number=_text(case.get("tracking_number")
                                                     or case["case_number"]),
                               service_code=_text(case["service_code"]),
                               note=note,
                               answers=tuple(answers), photos=tuple(photos))
    except (KeyError, TypeError, ValueError) as exc:
        log.warning("a correction the platform asked for cannot be shown: %s", exc)
        return None


def _text(value) -> str:
    if not isinstance(value, str) or len(value) > MAX_TEXT or markup_in(value) is not None:
        raise ValueError("a text is not plain text of at most 120 characters")
    return value.strip()


class CorrectionJourney(ApplyJourney):
    kind = "correction"
    # What the office asked for is photographed here: a paper "brought later" would
    # leave the case in review without it, and the resident with no word of it.
    may_bring_later = False

    def __init__(self, asked: CorrectionAsked, item: ServiceItem, ctx: JourneyContext):
        self.asked = asked
        super().__init__(dataclasses.replace(
            item, fields=asked.answers, materials=asked.photos, delivery=None), ctx)

    def _plan(self) -> list[Step]:
        return [dataclasses.replace(step, title=SUBMITTED)
                if step.kind is StepKind.CONFIRMATION else step
                for step in super()._plan()
                if step.kind not in (StepKind.GUIDE, StepKind.RATING)]

    def _file(self, now: dt.datetime) -> Confirmation:
        identity = self.identity
        entry = file_submission(
            self.ctx,
            client_id=self.client_id,
            kind="correction",
            service_code=self.item.code,
            payload={
                "case_number": self.asked.case_number,
                "tracking_number": self.asked.tracking_number,
                "submitted_at": now.isoformat(timespec="seconds"),
                "terminal_id": self.ctx.terminal.id,
                "applicant": {"id_number": identity.id_number, "name": identity.name,
                              "proof": identity.proof.value},
                "answers": dict(self.answers),
                "materials_captured": sorted(self.captures),
            },
            attachments=self._attachments(self.captures),
        )
        return Confirmation(
            tracking_number=self.asked.tracking_number,
            service_code=self.item.code,
            service_name=self.item.name,
            department=self.item.department,
            submitted_at=now,
            promised_days=None,
            promised_by=None,
            next_steps=AFTER_CORRECTION,
            materials_to_bring=(),
            hotline=self.item.hotline or self.ctx.terminal.hotline,
            filed_as=entry.tracking_number,
        )
