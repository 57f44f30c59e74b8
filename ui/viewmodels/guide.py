"""The service guide as sections of short lines: everything to know before starting."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from kiosk.catalogue.wording import ItemWording
from kiosk.i18n import QT_TRANSLATE_NOOP
from ui.i18n import tr_message

ONLINE_LEVELS = {
    "zero_run": QT_TRANSLATE_NOOP("guide", "全程网办，不用跑腿"),
    "run_once": QT_TRANSLATE_NOOP("guide", "最多跑一次"),
    "in_person": QT_TRANSLATE_NOOP("guide", "需要到窗口办理"),
}


translate = QCoreApplication.translate


def guide_sections(words: ItemWording) -> list[dict]:
    """[{"title": ..., "lines": [...]}, ...], headings in the resident's language and the
    item's own text as `words` gives it (English where the catalogue has it)."""
    item = words.item
    limits = []
    if item.promised_limit_days:
        limits.append(
            translate("guide", "承诺{n}个工作日内办结").format(n=item.promised_limit_days))
    if item.legal_limit_days:
        limits.append(translate("guide", "法定时限{n}个工作日").format(n=item.legal_limit_days))
    if not limits:
        limits.append(translate("guide", "当场办结"))
    materials = []
    for m in item.materials:
        detail = [translate("guide", "原件") if m.original else translate("guide", "复印件")]
        if m.copies > 1:
            detail.append(translate("guide", "{n}份").format(n=m.copies))
        if m.capture:
            detail.append(translate("guide", "可在本机拍照上传"))
        elif m.bring_to:
            detail.append(translate("guide", "送到{where}").format(
                where=words.chinese_only(m.bring_to)))
        if not m.required:
            detail.append(translate("guide", "如有"))
        materials.append(translate("guide", "{material}（{details}）").format(
            material=words.material(m), details=translate("guide", "，").join(detail)))
    if item.payment is not None:  # a fee paid here: its amount is the platform's order's
        fee = (translate("guide", "按选择的档次缴费，金额在付款时显示") if item.payment.tiers
               else translate("guide", "金额在付款时显示"))
    elif item.fee.free:
        fee = translate("guide", "免费")
    else:
        fee = translate("guide", "{amount}元").format(amount=f"{item.fee.amount:g}")
    level = ONLINE_LEVELS.get(item.online_level)
    sections = [
        {"title": translate("guide", "办理部门"), "lines": [words.department]},
        {"title": translate("guide", "这项业务是做什么的"), "lines": [words.summary]},
        {"title": translate("guide", "谁可以办"), "lines": words.conditions},
        {"title": translate("guide", "需要的材料"),
         "lines": materials or [translate("guide", "不需要材料")]},
        {"title": translate("guide", "办理流程"), "lines": words.process},
        {"title": translate("guide", "多久办好"), "lines": limits},
        {"title": translate("guide", "收费"), "lines": [fee]},
        {"title": translate("guide", "办理方式"),
         "lines": [tr_message(level) if level else item.online_level]},
    ]
    return [s for s in sections if s["lines"] and any(s["lines"])]
