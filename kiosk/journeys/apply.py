"""Apply for a service: guide, identify, questions, materials, check, submit, confirm, rate."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

import cv2
import numpy as np

from drivers.camera.document_capture import capture_document
from kiosk.catalogue.model import FieldType, Material, ServiceItem
from kiosk.i18n import QT_TRANSLATE_NOOP, Message
from kiosk.journeys.base import Journey, JourneyContext, JourneyError, question_steps
from kiosk.journeys.cases import RatesCase
from kiosk.journeys.steps import Step, StepKind
from kiosk.submissions import file_submission
from offline_cache.store import AttachmentData

log = logging.getLogger(__name__)

JPEG_QUALITY = 85


@dataclass(frozen=True)
class CapturedMaterial:
    jpeg: bytes
    document_found: bool  # False: the whole frame was kept; the resident was offered a retake
    width: int
    height: int


@dataclass(frozen=True)
class MaterialToBring:
    name: str
    where: str
    by: dt.date | None


@dataclass(frozen=True)
class Confirmation:
    tracking_number: str
    service_code: str
    service_name: str
    department: str
    submitted_at: dt.datetime
    promised_days: int | None
    promised_by: dt.date | None
    next_steps: tuple[str, ...]
    materials_to_bring: tuple[MaterialToBring, ...]
    hotline: str


def add_working_days(start: dt.date, days: int) -> dt.date:
    """Promised time limits count working days; weekends are skipped.

    Public holidays are set by the State Council each year and are not known here, so
    the date printed is "expected by", and the platform's own date wins once synced.
    """
    date = start
    while days > 0:
        date += dt.timedelta(days=1)
        if date.weekday() < 5:
            days -= 1
    return date


# Words of the process steps a resident has just done at the terminal: identifying,
# filling the form, photographing the papers, submitting.
_DONE_HERE = ("终端", "本机", "核验身份", "填写", "拍摄上传", "提交申请", "在线提交")


def steps_after_the_terminal(process: tuple[str, ...]) -> tuple[str, ...]:
    """What happens next: the process without its first steps, the ones done here."""
    first_left = next((n for n, step in enumerate(process)
                       if not any(word in step for word in _DONE_HERE)), len(process))
    return process[first_left:]


def material_steps(item: ServiceItem) -> list[Step]:
    """A capture step for each paper the camera can take, and each attachment field."""
    materials = [m for m in item.materials if m.capture]
    materials += [
        Material(name=f.label, required=f.required, note=f.help)
        for f in item.fields
        if f.type is FieldType.ATTACHMENT
    ]
    return [
        Step(StepKind.MATERIAL, QT_TRANSLATE_NOOP("journey", "请放好材料：{name}").format(
            name=m.name), material=m)
        for m in materials
    ]


class ApplyJourney(RatesCase, Journey):
    kind = "apply"

    def __init__(self, item: ServiceItem, ctx: JourneyContext):
        self.captures: dict[str, CapturedMaterial] = {}
        self.bring_later: set[str] = set()
        self.pending_capture: CapturedMaterial | None = None
        self.confirmation: Confirmation | None = None
        super().__init__(item, ctx)

    def _plan(self) -> list[Step]:
        item = self.item
        return [
            Step(StepKind.GUIDE, QT_TRANSLATE_NOOP("journey", "办事指南")),
            Step(StepKind.IDENTIFY, QT_TRANSLATE_NOOP("journey", "请刷身份证或社保卡")),
            *question_steps(item.fields, self._known_from_identity),
            *material_steps(item),
            Step(StepKind.CHECK, QT_TRANSLATE_NOOP("journey", "请核对您填写的内容")),
            Step(StepKind.CONFIRMATION, QT_TRANSLATE_NOOP("journey", "申请已提交")),
            Step(StepKind.RATING, QT_TRANSLATE_NOOP("journey", "请为本次服务评价")),
            Step(StepKind.END, QT_TRANSLATE_NOOP("journey", "办理结束")),
        ]

    def _missing(self, step: Step) -> Message | None:
        if step.kind is StepKind.MATERIAL and step.material:
            name = step.material.name
            if name not in self.captures and name not in self.bring_later:
                return QT_TRANSLATE_NOOP(
                    "journey", "请拍下这份材料，或者点“没带，稍后送到窗口”。"
                )
        if step.kind is StepKind.CHECK and self.confirmation is None:
            return QT_TRANSLATE_NOOP("journey", "请核对后点“提交申请”。")
        return super()._missing(step)

    # -- materials ------------------------------------------------------------------

    def capture(self, frame: np.ndarray | None) -> Message | None:
        """Take the current camera frame for this material, corrected to an upright page.

        Returns a message when no whole page was found: the resident can retake, or keep
        the photo as it is with `accept_capture()`.
        """
        step = self._material_step()
        if frame is None:
            raise JourneyError(QT_TRANSLATE_NOOP(
                "journey",
                "摄像头暂时不能用。您可以点“没带，稍后送到窗口”，以后把这份材料送到窗口。"))
        captured = capture_document(frame)
        ok, encoded = cv2.imencode(".jpg", captured.image, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
        if not ok:
            raise JourneyError(QT_TRANSLATE_NOOP("journey", "拍照没有成功，请再拍一次。"))
        height, width = captured.image.shape[:2]
        self.pending_capture = CapturedMaterial(encoded.tobytes(), captured.found, width, height)
        log.info("material captured: %s document_found=%s", step.material.name, captured.found)
        if not captured.found:
            return QT_TRANSLATE_NOOP(
                "journey",
                "没有拍到完整的一页。请把材料平放在拍摄区内，四个角都露出来，再拍一次。",
            )
        return None

    def retake(self) -> None:
        self._material_step()
        self.pending_capture = None

    def accept_capture(self) -> None:
        step = self._material_step()
        if self.pending_capture is None:
            raise JourneyError(QT_TRANSLATE_NOOP("journey", "还没有拍照，请先拍下这份材料。"))
        self.captures[step.material.name] = self.pending_capture
        self.bring_later.discard(step.material.name)
        self.pending_capture = None
        self.next()

    def bring_it_later(self) -> None:
        """"I will bring it": the receipt then says where to bring it and by when."""
        step = self._material_step()
        self.captures.pop(step.material.name, None)
        self.bring_later.add(step.material.name)
        self.pending_capture = None
        self.next()

    def _material_step(self) -> Step:
        if self.step.kind is not StepKind.MATERIAL or self.step.material is None:
            raise JourneyError(QT_TRANSLATE_NOOP("journey", "这一步不需要拍摄材料。"))
        return self.step

    # -- check and submit -----------------------------------------------------------

    def check_rows(self) -> list[tuple[str, str, str]]:
        """The answers, then each material: captured, or to bring later."""
        rows = super().check_rows()
        for s in self.steps:
            if s.material:
                state = (
                    QT_TRANSLATE_NOOP("journey", "已拍摄")
                    if s.material.name in self.captures
                    else QT_TRANSLATE_NOOP("journey", "稍后带来")
                )
                rows.append((s.material.name, state, s.key))
        return rows

    def materials_to_bring(self, submitted: dt.date) -> tuple[MaterialToBring, ...]:
        """Papers that must still reach a counter: not captured, or originals to show."""
        out = []
        for m in self.item.materials:
            if m.name in self.bring_later or not m.capture or m.original:
                if not m.required and m.name not in self.bring_later:
                    continue
                where = m.bring_to or self.item.department
                by = (
                    add_working_days(submitted, m.bring_within_days)
                    if m.bring_within_days
                    else None
                )
                out.append(MaterialToBring(m.name, where, by))
        return tuple(out)

    def submit(self) -> Confirmation:
        """File the application durably; only then is there a confirmation."""
        if self.confirmation is not None:  # a second tap on "Submit"
            return self.confirmation
        if self.step.kind is not StepKind.CHECK:
            raise JourneyError(QT_TRANSLATE_NOOP("journey", "请先核对您填写的内容，再提交。"))
        for step in self.steps:
            if step.kind in (StepKind.IDENTIFY, StepKind.QUESTION, StepKind.MATERIAL):
                missing = self._missing(step)
                if missing:
                    self.index = self.steps.index(step)
                    raise JourneyError(missing)
        now = self.ctx.now()
        to_bring = self.materials_to_bring(now.date())
        entry = file_submission(
            self.ctx,
            client_id=self.client_id,
            kind="application",
            service_code=self.item.code,
            payload=self._payload(now, to_bring),
            attachments=tuple(
                AttachmentData(f"{name}.jpg", "image/jpeg", c.jpeg)
                for name, c in self.captures.items()
            ),
        )
        item = self.item
        promised = item.promised_limit_days
        self.confirmation = Confirmation(
            tracking_number=entry.tracking_number,
            service_code=item.code,
            service_name=item.name,
            department=item.department,
            submitted_at=now,
            promised_days=promised,
            promised_by=add_working_days(now.date(), promised) if promised else None,
            next_steps=steps_after_the_terminal(item.process),
            materials_to_bring=to_bring,
            hotline=item.hotline or self.ctx.terminal.hotline,
        )
        self.case = (entry.tracking_number, item.code)
        self.go_to(StepKind.CONFIRMATION)
        return self.confirmation

    def _payload(self, now: dt.datetime, to_bring: tuple[MaterialToBring, ...]) -> dict:
        identity = self.identity
        return {
            "service_code": self.item.code,
            "service_version": self.item.version,
            "submitted_at": now.isoformat(timespec="seconds"),
            "terminal_id": self.ctx.terminal.id,
            "applicant": {
                "id_number": identity.id_number,
                "name": identity.name,
                "proof": identity.proof.value,
            },
            "answers": dict(self.answers),
            "materials_captured": sorted(self.captures),
            "materials_to_bring": [
                {"name": m.name, "where": m.where, "by": m.by.isoformat() if m.by else None}
                for m in to_bring
            ],
        }

    def wipe(self) -> None:
        self.captures.clear()
        self.pending_capture = None
        self.bring_later.clear()
        self.confirmation = None
        super().wipe()
