"""Rate a case filed earlier (好差评), found by the tracking number on its receipt."""

from __future__ import annotations

from kiosk.catalogue.model import FieldType, FormField
from kiosk.i18n import QT_TRANSLATE_NOOP
from kiosk.journeys.base import Journey, JourneyError, question_steps
from kiosk.journeys.cases import RatesCase
from kiosk.journeys.steps import Step, StepKind

TRACKING_FIELD = FormField(
    key="tracking_number",
    label=QT_TRANSLATE_NOOP("rate", "受理编号"),
    type=FieldType.TEXT,
    help=QT_TRANSLATE_NOOP("rate", "在回执单上，例如 DEMO01-20261129-00042"),
    min_length=10,
    max_length=40,
)


NOT_FOUND_HERE = QT_TRANSLATE_NOOP(
    "rate",
    "没有找到您在本机办理的这个受理编号，请对照回执单核对。"
    "在其他地方办理的业务，请联网后再评价。",
)


class RateJourney(RatesCase, Journey):
    kind = "rate"
    opens_records = True  # a typed number is refused here (Journey.opens_records)

    def _plan(self) -> list[Step]:
        return [
            Step(StepKind.IDENTIFY, QT_TRANSLATE_NOOP("journey", "请刷身份证或社保卡")),
            *question_steps((TRACKING_FIELD,), lambda f: False),
            Step(StepKind.RATING, QT_TRANSLATE_NOOP("journey", "请为本次服务评价")),
            Step(StepKind.END, QT_TRANSLATE_NOOP("journey", "办理结束")),
        ]

    def _own_case(self, value: str):
        """The resident's own case filed here under the tracking number `value`, or None."""
        entry = self.ctx.store.outbox.find_by_tracking(value.strip().upper())
        owner = entry.payload.get("applicant", {}).get("id_number") if entry else None
        return entry if entry is not None and owner == self.identity.id_number else None

    def problem_with(self, value: str):
        if self.step.field is TRACKING_FIELD and self._own_case(value) is None:
            return NOT_FOUND_HERE
        return super().problem_with(value)

    def answer(self, value: str):
        if self.step.field is TRACKING_FIELD:
            number = value.strip().upper()
            entry = self._own_case(number)
            if entry is None:
                self.drafts[TRACKING_FIELD.key] = value
                self.errors[TRACKING_FIELD.key] = NOT_FOUND_HERE
                return NOT_FOUND_HERE
            if entry.kind != "application":
                raise JourneyError(QT_TRANSLATE_NOOP("rate", "这个编号不是办件编号。"))
            self.case = (entry.tracking_number, entry.service_code)
            value = number
        return super().answer(value)
