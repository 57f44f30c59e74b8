"""Look up: a record of a catalogue item, or the progress of one's own applications.

Online, the platform says where each of the resident's cases stands (filed here or
anywhere, rejected ones included); the terminal adds what it still holds and has not
sent yet. Offline, the terminal knows the applications filed here and their delivery
state; a record only the platform holds is answered with a plain notice.
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
# Where the platform says a case stands.
PLATFORM_LABELS = {
    "received": QT_TRANSLATE_NOOP("lookup", "已送达，等待办理部门受理"),
    "routed": QT_TRANSLATE_NOOP("lookup", "办理部门正在办理"),
    "recorded": QT_TRANSLATE_NOOP("lookup", "已登记"),
    "rejected": QT_TRANSLATE_NOOP("lookup", "未通过受理：{reason}。请联系办理部门"),
}
OFFLINE_NOTICE = QT_TRANSLATE_NOOP(
    "lookup", "网络暂时不通，下面是本机记录的办理情况；联网后可查到最新进度。")


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
    opens_records = True  # a typed number is refused here (Journey.opens_records)

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
        entries = [e for e in self.ctx.store.outbox.for_person(self.identity.id_number)
                   if e.kind == "application"]
        remote = self.ctx.platform_cases(self.identity.id_number)
        platform_cases = [self._from_platform(c) for c in remote or ()
                          if c.get("kind") == "application"]
        known = {c.tracking_number for c in platform_cases}
        cases = platform_cases + [
            CaseSummary(
                tracking_number=e.tracking_number,
                service_code=e.service_code,
                service_name=self._service_names.get(e.service_code, e.service_code),
                submitted_at=e.created_at,
                state=STATE_LABELS.get(e.state, STATE_LABELS["queued"]),
            )
            for e in entries
            if e.tracking_number not in known
        ]
        if self.item is not None:
            cases = [c for c in cases if c.service_code == self.item.code]
        cases = tuple(cases)
        if remote is None and cases:
            return LookupResult(cases, OFFLINE_NOTICE if self.ctx.platform_linked() else None)
        if remote is not None and self.item is None:
            return LookupResult(cases, None if cases else QT_TRANSLATE_NOOP(
                "lookup", "没有查到您办理过的业务。"))
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

    def _from_platform(self, case: dict) -> CaseSummary:
        status = case.get("status")
        label = PLATFORM_LABELS.get(status, PLATFORM_LABELS["received"])
        if status == "rejected":
            label = label.format(reason=case.get("status_reason") or "")
        code = case.get("service_code") or ""
        return CaseSummary(
            tracking_number=case.get("tracking_number") or case.get("case_number") or "",
            service_code=code,
            service_name=self._service_names.get(code, code),
            submitted_at=case.get("received_at") or "",
            state=label,
        )

    def identify(self, identity) -> None:
        super().identify(identity)
        if self.step.kind is StepKind.LOOKUP_RESULT and self.result is None:
            self.result = self._look_up()

    def wipe(self) -> None:
        self.result = None
        super().wipe()
