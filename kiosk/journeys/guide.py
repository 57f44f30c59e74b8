"""Guide only: everything a resident must know before going to the counter."""

from __future__ import annotations

from kiosk.i18n import QT_TRANSLATE_NOOP
from kiosk.journeys.base import Journey
from kiosk.journeys.steps import Step, StepKind


class GuideJourney(Journey):
    kind = "guide"

    def _plan(self) -> list[Step]:
        return [
            Step(StepKind.GUIDE, QT_TRANSLATE_NOOP("journey", "办事指南")),
            Step(StepKind.END, QT_TRANSLATE_NOOP("journey", "办理结束")),
        ]
