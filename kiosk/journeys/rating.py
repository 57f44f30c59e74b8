"""The national 好差评 rating: five levels, reasons to pick, text for the dissatisfied.

One rating per case, bound to the case's tracking number and the service code. It is
real-name (the rater's ID number travels with it to the platform) but the rater's
identity is never shown. Rating is never forced: the resident may skip it.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.i18n import QT_TRANSLATE_NOOP, Message

LEVELS: dict[int, Message] = {
    5: QT_TRANSLATE_NOOP("rating", "非常满意"),
    4: QT_TRANSLATE_NOOP("rating", "满意"),
    3: QT_TRANSLATE_NOOP("rating", "基本满意"),
    2: QT_TRANSLATE_NOOP("rating", "不满意"),
    1: QT_TRANSLATE_NOOP("rating", "非常不满意"),
}

PRAISE_REASONS: tuple[Message, ...] = (
    QT_TRANSLATE_NOOP("rating", "办事效率高"),
    QT_TRANSLATE_NOOP("rating", "操作简单"),
    QT_TRANSLATE_NOOP("rating", "指引清楚"),
    QT_TRANSLATE_NOOP("rating", "材料要求合理"),
    QT_TRANSLATE_NOOP("rating", "不用跑腿"),
)

COMPLAINT_REASONS: tuple[Message, ...] = (
    QT_TRANSLATE_NOOP("rating", "办理时间太长"),
    QT_TRANSLATE_NOOP("rating", "操作太复杂"),
    QT_TRANSLATE_NOOP("rating", "指引看不懂"),
    QT_TRANSLATE_NOOP("rating", "要的材料太多"),
    QT_TRANSLATE_NOOP("rating", "设备不好用"),
    QT_TRANSLATE_NOOP("rating", "还要再跑一趟"),
    QT_TRANSLATE_NOOP("rating", "其他问题"),
)

DISSATISFIED = {1, 2}
MAX_TEXT = 300


def reasons_for(level: int) -> tuple[Message, ...]:
    return COMPLAINT_REASONS if level in DISSATISFIED else PRAISE_REASONS


@dataclass(frozen=True)
class Rating:
    level: int
    reasons: tuple[str, ...] = ()
    text: str = ""  # only for the two dissatisfied levels

    def problem(self) -> Message | None:
        if self.level not in LEVELS:
            return QT_TRANSLATE_NOOP("rating", "请从“非常满意”到“非常不满意”中选一项。")
        allowed = set(reasons_for(self.level))
        if any(r not in allowed for r in self.reasons):
            return QT_TRANSLATE_NOOP("rating", "请从列出的原因中选择。")
        if self.text and self.level not in DISSATISFIED:
            return QT_TRANSLATE_NOOP("rating", "只有选择“不满意”或“非常不满意”时才需要填写意见。")
        if len(self.text) > MAX_TEXT:
            return QT_TRANSLATE_NOOP("rating", "意见最多{count}个字，请删减一些。").format(
                count=MAX_TEXT
            )
        return None

    def payload(self, tracking_number: str, service_code: str, rater_id_number: str) -> dict:
        return {
            "case_tracking_number": tracking_number,
            "service_code": service_code,
            "level": self.level,
            "level_label": str(LEVELS[self.level]),
            "reasons": list(self.reasons),
            "text": self.text.strip(),
            "rater_id_number": rater_id_number,  # real-name; never shown, never printed
            "channel": "terminal",
        }
