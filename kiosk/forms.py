"""Checking one typed form field of a catalogue item, whatever its type."""

from __future__ import annotations

from kiosk import patterns, validators
from kiosk.catalogue.model import FieldType, FormField
from kiosk.i18n import QT_TRANSLATE_NOOP, Message


def normalise(field: FormField, value: str) -> str:
    value = value.strip()
    match field.type:
        case FieldType.ID_NUMBER:
            return validators.normalise_id_number(value)
        case FieldType.CREDIT_CODE:
            return value.replace(" ", "").upper()
        case FieldType.PHONE:
            return validators.normalise_phone(value)
        case FieldType.DATE:
            date = validators.parse_date(value)
            return date.isoformat() if date else value
        case FieldType.AMOUNT:
            amount = validators.parse_amount(value)
            return f"{amount:.2f}" if amount is not None else value
    return value


def check(field: FormField, value: str) -> Message | None:
    """None when `value` is acceptable for `field`, else what to fix."""
    value = value.strip()
    if not value:
        if field.required:
            return QT_TRANSLATE_NOOP("forms", "这一项必须填写，请填写“{label}”。").format(
                label=field.label
            )
        return None
    match field.type:
        case FieldType.ID_NUMBER:
            return validators.check_id_number(value)
        case FieldType.CREDIT_CODE:
            return validators.check_credit_code(value)
        case FieldType.PHONE:
            return validators.check_mobile(value)
        case FieldType.DATE:
            return validators.check_date(value)
        case FieldType.AMOUNT:
            return validators.check_amount(value, minimum=field.minimum, maximum=field.maximum)
        case FieldType.CHOICE:
            if value not in {c.value for c in field.choices}:
                return QT_TRANSLATE_NOOP("forms", "请从列出的选项中选择一项。")
            return None
    if field.min_length is not None and len(value) < field.min_length:
        return QT_TRANSLATE_NOOP("forms", "“{label}”至少要填{count}个字。").format(
            label=field.label, count=field.min_length
        )
    if field.max_length is not None and len(value) > field.max_length:
        return QT_TRANSLATE_NOOP(
            "forms", "“{label}”最多填{count}个字，您填了{typed}个，请删减一些。"
        ).format(label=field.label, count=field.max_length, typed=len(value))
    if field.pattern:
        try:
            matches = patterns.fullmatch(field.pattern, value)
        except patterns.PatternTimeout:
            # Never accepted unchecked, never a frozen screen: the resident is told.
            return QT_TRANSLATE_NOOP(
                "forms", "“{label}”填写的内容暂时无法核对，请换一种写法，或到人工窗口办理。"
            ).format(label=field.label)
        if not matches:
            return QT_TRANSLATE_NOOP("forms", "“{label}”的格式不对。{help}").format(
                label=field.label, help=field.help
            )
    return None


def display(field: FormField, value: str) -> str:
    """How an answer reads back on the check screen (choices by their label, long numbers
    in the groups people read them in)."""
    if field.type is FieldType.CHOICE:
        return next((c.label for c in field.choices if c.value == value), value)
    if field.type is FieldType.AMOUNT and value:
        return f"{value} 元"
    return grouped(field.type, value)


# Where a long number breaks for reading: an ID number as area, birth date, sequence
# (110101 19680312 0028); a mobile number 3-4-4 (138 0013 8000).
_GROUPS = {FieldType.ID_NUMBER: (6, 8, 4), FieldType.PHONE: (3, 4, 4)}


def grouped(kind: FieldType, value: str) -> str:
    """`value` in reading groups when it has the length of its kind, else as it is."""
    sizes = _GROUPS.get(kind)
    if sizes is None or len(value) != sum(sizes) or " " in value:
        return value
    parts, start = [], 0
    for size in sizes:
        parts.append(value[start:start + size])
        start += size
    return " ".join(parts)
