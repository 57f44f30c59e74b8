"""Look up: a record of a catalogue item, or the progress of one's own applications.

A look-up item says what it answers (item schema 3's `record`). A public one (school
districts, designated pharmacies...) asks no identity: the platform answers from its
reference data, with the item's questions as the query. A personal one asks for this
visit's card read or e-ID code and the platform answers the resident's record (a
balance, contributions by month, pension payments...), one page at a time. Progress
look-ups show the resident's cases of the items they name.

For progress, online, the platform says where each of the resident's cases stands
(filed here or anywhere, rejected ones included); the terminal adds what it still holds
and has not sent yet. Offline, the terminal knows the applications filed here and their
delivery state. A record only the platform holds is answered, when it cannot be asked,
with why in plain words (the network, or the platform's own fault: never the one for the
other) and what the resident can do instead.

The answer is fetched by `fetch` (the network; the screen calls it off the UI thread)
and taken by `take`; `look_up` does both, for callers that can wait.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from kiosk.catalogue.model import ServiceItem
from kiosk.i18n import QT_TRANSLATE_NOOP, Message
from kiosk.journeys.base import Journey, JourneyContext, question_steps
from kiosk.journeys.correction import CorrectionAsked, correction_from_case
from kiosk.journeys.steps import Step, StepKind
from kiosk.sync.records import (
    BUSY,
    FETCH_ROWS,
    NO_ANSWER,
    NOT_LINKED,
    NOT_OFFERED,
    PROOF_AGAIN,
    UNREACHABLE,
    RecordAnswer,
    RecordUnavailable,
)

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
    "waiting": QT_TRANSLATE_NOOP("lookup", "等前一项办好后接着办"),
    "completed": QT_TRANSLATE_NOOP("lookup", "已办结"),
    "correction": QT_TRANSLATE_NOOP("lookup", "需要补正：请点“去补正”，在这里补上"),
    "review": QT_TRANSLATE_NOOP("lookup", "补正的内容已收到，正在重新审核"),
}
# A link of a life event waiting on one the platform refused.
WAITING_ON_REFUSED = QT_TRANSLATE_NOOP("lookup", "等待中：{reason}")
OFFLINE_NOTICE = QT_TRANSLATE_NOOP(
    "lookup", "网络暂时不通，下面是本机记录的办理情况；联网后可查到最新进度。")
# Why a record could not be answered, and what to do instead ({name}: the item,
# {department}, {hotline}, {counter}: where it is handled in person).
UNAVAILABLE = {
    NOT_LINKED: QT_TRANSLATE_NOOP(
        "lookup", "这台终端还没有连接{department}的系统，查不了“{name}”。"
                  "请拨打{hotline}查询，或到{counter}查询。"),
    UNREACHABLE: QT_TRANSLATE_NOOP(
        "lookup", "“{name}”的结果在{department}的系统里，网络暂时不通，现在查不到。"
                  "请稍后再来查，或拨打{hotline}，也可以到{counter}问。"),
    NO_ANSWER: QT_TRANSLATE_NOOP(
        "lookup", "{department}的系统暂时没有给出结果，网络是通的。"
                  "请过一会儿再查，或拨打{hotline}查询。"),
    PROOF_AGAIN: QT_TRANSLATE_NOOP(
        "lookup", "为保护您的信息，请点“返回”，再刷一次卡后查询。"),
    BUSY: QT_TRANSLATE_NOOP(
        "lookup", "现在查询的人比较多，请等一分钟再查。"),
    NOT_OFFERED: QT_TRANSLATE_NOOP(
        "lookup", "这台终端暂时查不了“{name}”。请拨打{hotline}查询，或到{counter}查询。"),
}
NOTHING_FOUND = QT_TRANSLATE_NOOP("lookup", "没有查到您的记录。")
# Rows of a record on one screen: a page an elder reads without scrolling.
SCREEN_ROWS = 6
NOTHING_FOUND_PUBLIC = QT_TRANSLATE_NOOP("lookup", "没有查到符合条件的结果，可以换个说法再查。")


@dataclass(frozen=True)
class CaseSummary:
    tracking_number: str
    service_code: str
    service_name: str
    submitted_at: str
    state: Message
    # What the office sent back to correct, while it waits for the resident's answer.
    correction: CorrectionAsked | None = None


@dataclass(frozen=True)
class LookupResult:
    cases: tuple[CaseSummary, ...]
    notice: Message | None  # e.g. "this record needs the network"
    record: RecordAnswer | None = None  # one screen's page of the platform's answer
    unavailable: str | None = None  # why not, when the platform could not answer
    fetched: RecordAnswer | None = None  # the platform's page the screen page came from


class LookupJourney(Journey):
    kind = "lookup"
    opens_records = True  # a typed number is refused here (Journey.opens_records)

    def __init__(self, item: ServiceItem | None, ctx: JourneyContext, service_names=None):
        self.result: LookupResult | None = None
        # The id this look-up's A4 proof is asked with: a reprint gets the same proof back.
        self.proof_request_id = ctx.new_client_id()
        # Counts the answers forgotten: one fetched for an earlier round is not taken.
        self.answer_round = 0
        self._service_names = service_names or {}
        super().__init__(item, ctx)

    @property
    def public(self) -> bool:
        """Reference data anyone may see: no identity is asked."""
        record = self.item.record if self.item else None
        return record is not None and record.public

    @property
    def answers_record(self) -> bool:
        """The platform answers a record (not the resident's cases)."""
        record = self.item.record if self.item else None
        return record is not None and record.kind != "case_progress"

    def _plan(self) -> list[Step]:
        identify = [] if self.public else [
            Step(StepKind.IDENTIFY, QT_TRANSLATE_NOOP("journey", "请刷身份证或社保卡"))]
        return [
            *identify,
            *question_steps(self._fields(), self._known_from_identity),
            Step(StepKind.LOOKUP_RESULT, QT_TRANSLATE_NOOP("journey", "查询结果")),
            Step(StepKind.END, QT_TRANSLATE_NOOP("journey", "办理结束")),
        ]

    @property
    def answer_due(self) -> bool:
        """On the result step with nothing fetched yet: the screen fetches it."""
        return self.step.kind is StepKind.LOOKUP_RESULT and self.result is None \
            and not self.finished

    def fetch(self, page: int = 1) -> LookupResult:
        """The answer from the platform (and this terminal's outbox, for progress). Talks
        to the network; changes nothing here: `take` does."""
        if not self.answers_record:
            return self._look_up()
        identity = None if self.public else self.identity
        wanted = (page - 1) * SCREEN_ROWS // FETCH_ROWS + 1  # the platform's page
        fetched = self.result.fetched if self.result else None
        if fetched is None or fetched.page != wanted:
            try:
                fetched = self.ctx.platform_record(self.item.code, identity, dict(self.answers),
                                                   wanted)
            except RecordUnavailable as exc:
                return LookupResult((), self.unavailable_words(exc.reason), unavailable=exc.reason)
        notice = None
        if fetched.empty:
            notice = fetched.empty_note or (NOTHING_FOUND_PUBLIC if self.public else NOTHING_FOUND)
        return LookupResult((), notice, record=_screen_page(fetched, page), fetched=fetched)

    def take(self, result: LookupResult, answer_round: int | None = None) -> None:
        """Keep `result`, unless the journey ended, or the answer it was fetched for was
        forgotten meanwhile (`answer_round` as it was when the fetch began)."""
        if not self.finished and answer_round in (None, self.answer_round):
            self.result = result

    def back(self) -> bool:
        """Back from the answer, to change a question or read the card again: the next
        answer is asked afresh (and its proof, if printed, is a new one)."""
        leaving = self.step.kind is StepKind.LOOKUP_RESULT
        moved = super().back()
        if moved and leaving:
            self._forget_answer()
        return moved

    def identify(self, identity) -> None:
        self._forget_answer()  # a card read again: the platform is asked with its proof
        super().identify(identity)

    def _forget_answer(self) -> None:
        self.result = None
        self.answer_round += 1
        self.proof_request_id = self.ctx.new_client_id()

    def look_up(self, page: int = 1) -> LookupResult:
        """Fetch and take, waiting (the headless core and tests)."""
        self.take(self.fetch(page))
        return self.result

    @property
    def offers_proof(self) -> bool:
        """The record shown can be printed as an A4 proof with a verification code."""
        record = self.result.record if self.result else None
        return bool(record and record.proof and not record.empty and not self.public)

    def unavailable_words(self, reason: str) -> Message:
        """Why the platform cannot answer now, and what to do instead, for the resident."""
        item = self.item
        counter = item.counter or QT_TRANSLATE_NOOP("lookup", "{department}的服务窗口").format(
            department=item.department)
        return UNAVAILABLE.get(reason, UNAVAILABLE[NO_ANSWER]).format(
            name=item.name, department=item.department, hotline=item.hotline, counter=counter)

    def _look_up(self) -> LookupResult:
        entries = [e for e in self.ctx.store.outbox.for_person(self.identity.id_number)
                   if e.kind == "application"]
        remote = self.ctx.platform_cases(self.identity)
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
            record = self.item.record
            wanted = set(record.cases_of) if record else {self.item.code}
            cases = [c for c in cases if c.service_code in wanted]
        # A case the office sent back waits on the resident: it comes first.
        cases = tuple(sorted(cases, key=lambda c: c.correction is None))
        if remote is None and cases:
            return LookupResult(cases, OFFLINE_NOTICE if self.ctx.platform_linked() else None)
        if remote is not None and self.item is None:
            return LookupResult(cases, None if cases else QT_TRANSLATE_NOOP(
                "lookup", "没有查到您办理过的业务。"))
        notice = None
        if self.item is not None and self.item.record is not None:
            linked = UNREACHABLE if self.ctx.platform_linked() else NOT_LINKED
            notice = (self.unavailable_words(linked) if remote is None
                      else QT_TRANSLATE_NOOP("lookup", "没有查到您办理过的这类业务。"))
        elif self.item is not None:
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
        elif status == "waiting" and case.get("status_reason"):
            label = WAITING_ON_REFUSED.format(reason=case["status_reason"])
        code = case.get("service_code") or ""
        return CaseSummary(
            tracking_number=case.get("tracking_number") or case.get("case_number") or "",
            service_code=code,
            service_name=self._service_names.get(code, code),
            submitted_at=case.get("received_at") or "",
            state=label,
            correction=correction_from_case(case),
        )

    @property
    def corrections(self) -> tuple[CaseSummary, ...]:
        """The cases shown that wait for the resident's correction."""
        cases = self.result.cases if self.result else ()
        return tuple(c for c in cases if c.correction is not None)

    def wipe(self) -> None:
        self.result = None
        super().wipe()


def _screen_page(fetched: RecordAnswer, page: int) -> RecordAnswer:
    """Screen page `page` (SCREEN_ROWS rows) out of the platform's page of FETCH_ROWS."""
    first = (page - 1) * SCREEN_ROWS - (fetched.page - 1) * FETCH_ROWS
    total = fetched.total_rows
    pages = max(1, -(-total // SCREEN_ROWS)) if fetched.rows else fetched.pages
    return dataclasses.replace(fetched, rows=fetched.rows[first:first + SCREEN_ROWS],
                               page=page, pages=pages)
