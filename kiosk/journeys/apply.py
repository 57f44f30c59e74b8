"""Apply for a service: guide, identify, questions, materials, check, submit, confirm, rate."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.catalogue.model import FieldType, Material, ServiceItem
from kiosk.elicences import (
    RESIDENT_ID_CARD,
    Licence,
    LicenceUsed,
    may_ask_library,
    read_card_licence,
)
from kiosk.i18n import QT_TRANSLATE_NOOP, Message
from kiosk.journeys import delivery
from kiosk.journeys.base import Journey, JourneyContext, JourneyError, question_steps
from kiosk.journeys.cases import RatesCase
from kiosk.journeys.steps import Step, StepKind
from kiosk.masking import mask_address
from kiosk.submissions import file_submission
from offline_cache.store import AttachmentData

if TYPE_CHECKING:
    import numpy as np

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
    # Papers taken from the e-licence library (or the ID card read here) instead of a photo.
    licences_used: tuple[LicenceUsed, ...] = ()
    # Where the result is posted (masked), when the resident chose post; None: collected.
    posted_to: str | None = None
    # The outbox's own number for this submission where the one shown differs (a
    # correction shows its case's number): its receipt copy is kept under this one.
    filed_as: str | None = None

    @property
    def receipt_number(self) -> str:
        return self.filed_as or self.tracking_number


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


def material_steps(item: ServiceItem,
                   covered: Callable[[Material], bool] = lambda m: False) -> list[Step]:
    """A capture step for each paper the camera can take, and each attachment field;
    none for a paper `covered` already (the ID card read at this visit)."""
    materials = [m for m in item.materials if m.capture and not covered(m)]
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
    plan_shaping = frozenset({delivery.METHOD.key})  # post asks the address next

    def __init__(self, item: ServiceItem, ctx: JourneyContext):
        self.captures: dict[str, CapturedMaterial] = {}
        self.bring_later: set[str] = set()
        # Papers the resident let the office take from the e-licence library, by name.
        self.from_library: dict[str, LicenceUsed] = {}
        self.photo_instead: set[str] = set()  # held in the library, photographed anyway
        self._library: Future | None = None  # the library's answer for this identity
        self._library_listeners: list[Callable[[], None]] = []
        self.pending_capture: CapturedMaterial | None = None
        self.confirmation: Confirmation | None = None
        super().__init__(item, ctx)

    def _plan(self) -> list[Step]:
        item = self.item
        return [
            Step(StepKind.GUIDE, QT_TRANSLATE_NOOP("journey", "办事指南")),
            Step(StepKind.IDENTIFY, QT_TRANSLATE_NOOP("journey", "请刷身份证或社保卡")),
            *question_steps(item.fields, self._known_from_identity),
            *material_steps(item, self._covered_by_card_read),
            *question_steps(self._delivery_fields(), lambda f: False),
            Step(StepKind.CHECK, QT_TRANSLATE_NOOP("journey", "请核对您填写的内容")),
            Step(StepKind.CONFIRMATION, QT_TRANSLATE_NOOP("journey", "申请已提交")),
            Step(StepKind.RATING, QT_TRANSLATE_NOOP("journey", "请为本次服务评价")),
            Step(StepKind.END, QT_TRANSLATE_NOOP("journey", "办理结束")),
        ]

    def _card_may_answer(self, step: Step) -> bool:
        return super()._card_may_answer(step) or bool(
            step.material and step.material.elicence == RESIDENT_ID_CARD)

    def _missing(self, step: Step) -> Message | None:
        if step.kind is StepKind.MATERIAL and step.material:
            name = step.material.name
            if name not in self.captures and name not in self.bring_later \
                    and name not in self.from_library:
                return QT_TRANSLATE_NOOP(
                    "journey", "请拍下这份材料，或者点“没带，稍后送到窗口”。"
                )
        if step.kind is StepKind.CHECK and self.confirmation is None:
            return QT_TRANSLATE_NOOP("journey", "请核对后点“提交申请”。")
        return super()._missing(step)

    # -- delivery ---------------------------------------------------------------------

    def _delivery_fields(self):
        return delivery.delivery_fields(self.item, self.answers.get(delivery.METHOD.key))

    def _fields(self):
        return self.item.fields + self._delivery_fields()

    # -- papers the government holds -------------------------------------------------

    def identify(self, identity) -> None:
        before = self.identity
        another = before is None or before.id_number != identity.id_number
        if self.item.may_post and another:
            # The card's address, ready to change on the address screen: it is where the
            # resident is registered, not always where they live. Another card read: the
            # first one's address goes.
            self.drafts[delivery.ADDRESS.key] = identity.address
            self.answers.pop(delivery.ADDRESS.key, None)
        super().identify(identity)
        if before is None or before.id_number != identity.id_number:
            self.from_library.clear()  # another resident's papers are not this one's
            self.photo_instead.clear()
        self._ask_library()

    def _covered_by_card_read(self, material: Material) -> bool:
        """The ID card (or residence permit) read at this visit stands for its photo."""
        return (material.elicence == RESIDENT_ID_CARD
                and read_card_licence(self.identity) is not None)

    def _ask_library(self) -> None:
        """Ask the library, off this thread, about the licences this application's papers
        are; the material screen waits on the answer if it is not back by then."""
        self._library = None
        types = sorted({s.material.elicence for s in self.steps
                        if s.material and s.material.elicence})
        if not types or not may_ask_library(self.identity):
            return
        future = self.ctx.ask_elicences(self.identity, tuple(types))
        if future is None:
            return
        self._library = future
        future.add_done_callback(self._library_answered)

    def _library_answered(self, future: Future) -> None:
        """On the asking thread: tell the screens, which look again."""
        if future is self._library:
            for listener in list(self._library_listeners):
                listener()

    def when_library_answers(self, listener: Callable[[], None]) -> None:
        """`listener` is called (on a worker thread) whenever the library's answer arrives."""
        self._library_listeners.append(listener)

    def _library_licences(self) -> list[Licence]:
        future = self._library
        if future is None or not future.done() or future.cancelled() \
                or future.exception() is not None:
            return []
        return future.result() or []

    def _held(self, material: Material) -> Licence | None:
        if not material.elicence:
            return None
        return next((lic for lic in self._library_licences() if lic.type == material.elicence),
                    None)

    @property
    def library_settled(self) -> bool:
        """Nothing to wait for from the library: not asked, or answered (or given up)."""
        return self._library is None or self._library.done()

    @property
    def library_pending(self) -> bool:
        """On the step of a licence whose library answer is not back yet."""
        material = self.step.material
        return bool(self.step.kind is StepKind.MATERIAL and material and material.elicence
                    and self._library is not None and not self._library.done())

    @property
    def licence_offered(self) -> Licence | None:
        """The licence the library holds for this step's paper, while the resident has
        not chosen to photograph it instead."""
        material = self.step.material
        if self.step.kind is not StepKind.MATERIAL or material is None \
                or material.name in self.photo_instead:
            return None
        return self._held(material)

    @property
    def photographing_held_licence(self) -> bool:
        """On the step of a paper the library holds, photographed instead by choice."""
        material = self.step.material
        return bool(self.step.kind is StepKind.MATERIAL and material
                    and material.name in self.photo_instead and self._held(material))

    def take_from_library(self) -> None:
        """"同意调取": the resident lets the office take this paper from the library."""
        step = self._material_step()
        licence = self._held(step.material)
        if licence is None:
            raise JourneyError(QT_TRANSLATE_NOOP(
                "journey", "电子证照库里没有这份材料。请拍照，或者点“没带，稍后送到窗口”。"))
        name = step.material.name
        self.from_library[name] = LicenceUsed(name, licence)
        self.captures.pop(name, None)
        self.bring_later.discard(name)
        self.photo_instead.discard(name)
        self.pending_capture = None
        log.info("material taken from the e-licence library: %s (%s)", name, licence.type)
        self.next()

    def photograph_instead(self) -> None:
        """"拍照" beside the library's offer: the ordinary photo screen."""
        self.photo_instead.add(self._material_step().material.name)
        self.pending_capture = None

    def offer_library_again(self) -> None:
        self.photo_instead.discard(self._material_step().material.name)
        self.pending_capture = None

    def licences_used(self, item: ServiceItem | None = None) -> tuple[LicenceUsed, ...]:
        """The papers this application (or its `item`, a life event's link) carries as
        licence references: the ID card read here, then each one taken from the library,
        in the catalogue's order."""
        card = read_card_licence(self.identity)
        planned = {s.material.name for s in self.steps if s.material}
        used = []
        for m in (item or self.item).materials:
            if card is not None and self._covered_by_card_read(m):
                used.append(LicenceUsed(m.name, card, by_card_read=True))
            elif m.name in self.from_library and m.name in planned:
                used.append(self.from_library[m.name])
        return tuple(used)

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
        import cv2  # OpenCV: loaded on the first photo, not at start

        from drivers.camera.document_capture import capture_document

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
        self.from_library.pop(step.material.name, None)
        self.pending_capture = None
        self.next()

    # Whether a paper may be brought to the counter later instead of photographed here.
    may_bring_later = True

    def bring_it_later(self) -> None:
        """"I will bring it": the receipt then says where to bring it and by when."""
        if not self.may_bring_later:
            raise JourneyError(QT_TRANSLATE_NOOP(
                "journey", "这份材料要现在拍照。没带的话，请带上它到办理部门的窗口补正。"))
        step = self._material_step()
        self.captures.pop(step.material.name, None)
        self.from_library.pop(step.material.name, None)
        self.bring_later.add(step.material.name)
        self.pending_capture = None
        self.next()

    def _material_step(self) -> Step:
        if self.step.kind is not StepKind.MATERIAL or self.step.material is None:
            raise JourneyError(QT_TRANSLATE_NOOP("journey", "这一步不需要拍摄材料。"))
        return self.step

    # -- check and submit -----------------------------------------------------------

    def check_rows(self) -> list[tuple[str, str, str]]:
        """The answers, then each material: read from the card here (nothing to change),
        taken from the e-licence library, captured, or to bring later."""
        rows = super().check_rows()
        rows += [(m.name, QT_TRANSLATE_NOOP("journey", "已读取您的身份证，不用拍照"), "")
                 for m in self.item.materials if self._covered_by_card_read(m)]
        for s in self.steps:
            if s.material:
                if s.material.name in self.from_library:
                    state = QT_TRANSLATE_NOOP("journey", "已从电子证照库调取")
                elif s.material.name in self.captures:
                    state = QT_TRANSLATE_NOOP("journey", "已拍摄")
                else:
                    state = QT_TRANSLATE_NOOP("journey", "稍后带来")
                rows.append((s.material.name, state, s.key))
        return rows

    def materials_to_bring(self, submitted: dt.date, item: ServiceItem | None = None
                           ) -> tuple[MaterialToBring, ...]:
        """Papers that must still reach a counter: not captured, or originals to show
        (of this application, or of its `item`, a life event's link)."""
        item = item or self.item
        out = []
        for m in item.materials:
            if m.name in self.from_library or self._covered_by_card_read(m):
                continue  # the office has it from the library, or the card read here
            if m.name in self.bring_later or not m.capture or m.original:
                if not m.required and m.name not in self.bring_later:
                    continue
                where = m.bring_to or item.department
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
        self.confirmation = self._file(self.ctx.now())
        self.case = (self.confirmation.tracking_number, self.confirmation.service_code)
        self.go_to(StepKind.CONFIRMATION)
        return self.confirmation

    def _file(self, now: dt.datetime) -> Confirmation:
        item = self.item
        to_bring = self.materials_to_bring(now.date())
        licences = self.licences_used()
        entry = file_submission(
            self.ctx,
            client_id=self.client_id,
            kind="application",
            service_code=item.code,
            payload=self._payload(item, now, to_bring, licences),
            attachments=self._attachments(self.captures),
        )
        return self._confirmation(item, entry.tracking_number, now, to_bring, licences)

    def _confirmation(self, item: ServiceItem, tracking: str, now: dt.datetime,
                      to_bring: tuple[MaterialToBring, ...],
                      licences: tuple[LicenceUsed, ...]) -> Confirmation:
        promised = item.promised_limit_days
        posted = delivery.delivery_payload(item, self.answers, "") or {}
        return Confirmation(
            tracking_number=tracking,
            service_code=item.code,
            service_name=item.name,
            department=item.department,
            submitted_at=now,
            promised_days=promised,
            promised_by=add_working_days(now.date(), promised) if promised else None,
            next_steps=steps_after_the_terminal(item.process),
            materials_to_bring=to_bring,
            hotline=item.hotline or self.ctx.terminal.hotline,
            licences_used=licences,
            posted_to=mask_address(posted["address"]) if posted.get("address") else None,
        )

    @staticmethod
    def _attachments(captures: dict[str, CapturedMaterial]) -> tuple[AttachmentData, ...]:
        return tuple(AttachmentData(f"{name}.jpg", "image/jpeg", c.jpeg)
                     for name, c in captures.items())

    def _payload(self, item: ServiceItem, now: dt.datetime,
                 to_bring: tuple[MaterialToBring, ...], licences: tuple[LicenceUsed, ...],
                 captured=None) -> dict:
        """What the platform files for `item`: this journey's answers to its fields (and
        the papers `captured` for it: all of this journey's by default)."""
        identity = self.identity
        keys = {f.key for f in item.fields}
        payload = {
            "service_code": item.code,
            "service_version": item.version,
            "submitted_at": now.isoformat(timespec="seconds"),
            "terminal_id": self.ctx.terminal.id,
            "applicant": {
                "id_number": identity.id_number,
                "name": identity.name,
                "proof": identity.proof.value,
            },
            "answers": {k: v for k, v in self.answers.items() if k in keys},
            "materials_captured": sorted(self.captures if captured is None else captured),
            "materials_to_bring": [
                {"name": m.name, "where": m.where, "by": m.by.isoformat() if m.by else None}
                for m in to_bring
            ],
        }
        if licences:  # sent beside the payload (kiosk/sync/uploads), not inside it
            payload["elicences"] = [used.reference() for used in licences]
        posting = delivery.delivery_payload(item, self.answers, identity.name, self.item)
        if posting is not None:
            payload["delivery"] = posting
        return payload

    def wipe(self) -> None:
        self.captures.clear()
        self.pending_capture = None
        self.bring_later.clear()
        self.from_library.clear()
        self.photo_instead.clear()
        self._library = None  # the library's answer goes with the visit
        self._library_listeners.clear()
        self.confirmation = None
        super().wipe()
