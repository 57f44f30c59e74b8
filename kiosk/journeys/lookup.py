"""Look up: a record of a catalogue item, or the progress of one's own applications.

Offline, the terminal knows the applications filed here and their delivery state; a
record only the platform holds is answered with a plain notice until the link is up.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.catalogue.model import ServiceItem
from kiosk.i18n import QT_TRANSLATE_NOOP, Message
from kiosk.journeys.base import Journey, JourneyContext, question_steps
from kiosk.journeys.steps import Step, StepKind

STATE_LABELS = {
    "queued": QT_TRANSLATE_NOOP("lookup", "已在本机受理，等待上传"),
    "sending": QT_TRANSLATE_NOOP("lookup", "正在上传"),
    "delivered": QT_TRANSLATE_NOOP("lookup", "已送达办理部门"),
    "rejected": QT_TRANSLATE_NOOP("lookup", "未通过受理，请联系办理部门"),
}


@dataclass(frozen=True)
class CaseSummary:
    tracking_number: str
    service_code: str
    service_name: str
    submitted_at: str
    state: Message


@dataclass(frozen=True)
class LookupResult:
    cases: tuple[CaseSummary, ...]
    notice: Message | None  # e.g. "this record needs the network"


class LookupJourney(Journey):
    kind = "lookup"

    def __init__(self, item: ServiceItem | None, ctx: JourneyContext, service_names=None):
        self.result: LookupResult | None = None
        self._service_names = service_names or {}
        super().__init__(item, ctx)

    def _plan(self) -> list[Step]:
        return [
            Step(StepKind.IDENTIFY, QT_TRANSLATE_NOOP("journey", "请刷身份证或社保卡")),
            *question_steps(self._fields(), self._known_from_identity),
            Step(StepKind.LOOKUP_RESULT, QT_TRANSLATE_NOOP("journey", "查询结果")),
            Step(StepKind.END, QT_TRANSLATE_NOOP("journey", "办理结束")),
        ]

    def next(self) -> None:
        super().next()
        if self.step.kind is StepKind.LOOKUP_RESULT and self.result is None:
            self.result = self._look_up()

    def _look_up(self) -> LookupResult:
        entries = self.ctx.store.outbox.for_person(self.identity.id_number)
        if self.item is not None:
            entries = [e for e in entries if e.service_code == self.item.code]
        cases = tuple(
            CaseSummary(
                tracking_number=e.tracking_number,
                service_code=e.service_code,
                service_name=self._service_names.get(e.service_code, e.service_code),
                submitted_at=e.created_at,
                state=STATE_LABELS.get(e.state, STATE_LABELS["queued"]),
            )
            for e in entries
            if e.kind == "application"
        )
        notice = None
        if self.item is not None:
            notice = QT_TRANSLATE_NOOP(
                "lookup",
                "“{name}”的记录保存在{department}，需要联网查询。网络暂时不通，"
                "请稍后再试，或拨打{hotline}。",
            ).format(name=self.item.name, department=self.item.department,
                     hotline=self.item.hotline)
        elif not cases:
            notice = QT_TRANSLATE_NOOP("lookup", "本机没有查到您办理过的业务。")
        return LookupResult(cases, notice)

    def identify(self, identity) -> None:
        super().identify(identity)
        if self.step.kind is StepKind.LOOKUP_RESULT and self.result is None:
            self.result = self._look_up()

    def wipe(self) -> None:
        self.result = None
        super().wipe()
