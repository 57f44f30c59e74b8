"""Complaints and suggestions: identify, say what happened, check, submit, confirm."""

from __future__ import annotations

from kiosk.catalogue.model import Choice, FieldType, FormField
from kiosk.i18n import QT_TRANSLATE_NOOP
from kiosk.journeys.apply import Confirmation, add_working_days
from kiosk.journeys.base import Journey, JourneyError, question_steps
from kiosk.journeys.steps import Step, StepKind
from kiosk.submissions import file_submission

COMPLAINT_SERVICE_CODE = "COMPLAINT"
PROMISED_REPLY_DAYS = 5

COMPLAINT_FIELDS = (
    FormField(
        key="subject",
        label=QT_TRANSLATE_NOOP("complain", "您要反映什么问题"),
        type=FieldType.CHOICE,
        choices=(
            Choice("attitude", QT_TRANSLATE_NOOP("complain", "工作人员态度")),
            Choice("efficiency", QT_TRANSLATE_NOOP("complain", "办事太慢")),
            Choice("materials", QT_TRANSLATE_NOOP("complain", "要求的材料不合理")),
            Choice("terminal", QT_TRANSLATE_NOOP("complain", "自助机不好用")),
            Choice("suggestion", QT_TRANSLATE_NOOP("complain", "意见建议")),
            Choice("other", QT_TRANSLATE_NOOP("complain", "其他")),
        ),
    ),
    FormField(
        key="case_tracking_number",
        label=QT_TRANSLATE_NOOP("complain", "相关的受理编号（没有可不填）"),
        type=FieldType.TEXT,
        required=False,
        max_length=40,
    ),
    FormField(
        key="description",
        label=QT_TRANSLATE_NOOP("complain", "请说明具体情况"),
        type=FieldType.TEXT,
        min_length=5,
        max_length=500,
        sensitive=True,
    ),
    FormField(
        key="phone",
        label=QT_TRANSLATE_NOOP("complain", "回访电话"),
        type=FieldType.PHONE,
        help=QT_TRANSLATE_NOOP("complain", "工作人员会打这个电话联系您"),
        sensitive=True,
    ),
)


class ComplainJourney(Journey):
    kind = "complain"
    opens_records = True  # a typed number is refused here (Journey.opens_records)

    def __init__(self, item, ctx):
        self.confirmation: Confirmation | None = None
        super().__init__(item, ctx)

    def _plan(self) -> list[Step]:
        return [
            Step(StepKind.IDENTIFY, QT_TRANSLATE_NOOP("journey", "请刷身份证或社保卡")),
            *question_steps(COMPLAINT_FIELDS, lambda f: False),
            Step(StepKind.CHECK, QT_TRANSLATE_NOOP("journey", "请核对您填写的内容")),
            Step(StepKind.CONFIRMATION, QT_TRANSLATE_NOOP("journey", "已收到您的反映")),
            Step(StepKind.END, QT_TRANSLATE_NOOP("journey", "办理结束")),
        ]

    def _fields(self):
        return COMPLAINT_FIELDS

    def submit(self) -> Confirmation:
        if self.confirmation is not None:
            return self.confirmation
        if self.step.kind is not StepKind.CHECK:
            raise JourneyError(QT_TRANSLATE_NOOP("journey", "请先核对您填写的内容，再提交。"))
        now = self.ctx.now()
        entry = file_submission(
            self.ctx,
            client_id=self.client_id,
            kind="complaint",
            service_code=COMPLAINT_SERVICE_CODE,
            payload={
                "submitted_at": now.isoformat(timespec="seconds"),
                "terminal_id": self.ctx.terminal.id,
                "complainant": {"id_number": self.identity.id_number, "name": self.identity.name,
                                "proof": self.identity.proof.value},
                **self.answers,
            },
        )
        self.confirmation = Confirmation(
            tracking_number=entry.tracking_number,
            service_code=COMPLAINT_SERVICE_CODE,
            service_name=QT_TRANSLATE_NOOP("complain", "投诉与建议"),
            department=QT_TRANSLATE_NOOP("complain", "12345政务服务便民热线"),
            submitted_at=now,
            promised_days=PROMISED_REPLY_DAYS,
            promised_by=add_working_days(now.date(), PROMISED_REPLY_DAYS),
            next_steps=(
                QT_TRANSLATE_NOOP("complain", "工作人员会在承诺时间内打回访电话联系您。"),
            ),
            materials_to_bring=(),
            hotline=self.ctx.terminal.hotline,
        )
        self.go_to(StepKind.CONFIRMATION)
        return self.confirmation

    def wipe(self) -> None:
        self.confirmation = None
        super().wipe()
