"""What the A4 printer's state means for residents and technicians, in their words.

The driver reads `printer-state-reasons` without their suffixes (see
drivers/document_printer/status.py); here each reason gets a plain line for the resident
on a service's first screen, before a proof is asked for, and one for the technician in
the maintenance view. Both translate (contexts "kiosk" and "technician").
"""

from __future__ import annotations

from drivers.document_printer.status import OFFLINE, DocumentPrinterStatus
from kiosk.i18n import QT_TRANSLATE_NOOP, Message

# The resident hears one line: what does not work, and what still does.
RESIDENT_LINES: dict[str, Message] = {
    OFFLINE: QT_TRANSLATE_NOOP(
        "kiosk", "A4打印机没有连接，暂时不能打印证明。查询结果仍可在屏幕上查看。"),
    "media-empty": QT_TRANSLATE_NOOP(
        "kiosk", "A4打印机缺纸，暂时不能打印证明。查询结果仍可在屏幕上查看。"),
    "door-open": QT_TRANSLATE_NOOP(
        "kiosk", "A4打印机的门没有关好，暂时不能打印证明。查询结果仍可在屏幕上查看。"),
    "media-jam": QT_TRANSLATE_NOOP(
        "kiosk", "A4打印机卡纸了，暂时不能打印证明。查询结果仍可在屏幕上查看。"),
    "toner-empty": QT_TRANSLATE_NOOP(
        "kiosk", "A4打印机没有墨粉了，暂时不能打印证明。查询结果仍可在屏幕上查看。"),
}
RESIDENT_OTHER = QT_TRANSLATE_NOOP(
    "kiosk", "A4打印机暂时不能使用，不能打印证明。查询结果仍可在屏幕上查看。")
# Reasons that read as one of the lines above.
SAME_AS = {"shutdown": OFFLINE, "media-needed": "media-empty",
           "input-tray-missing": "media-empty", "cover-open": "door-open",
           "interlock-open": "door-open", "marker-supply-empty": "toner-empty"}

TECHNICIAN_LINES: dict[str, Message] = {
    OFFLINE: QT_TRANSLATE_NOOP(
        "technician",
        "A4打印机不应答：检查电源、网线或USB线，以及配置里的打印机地址（uri）或队列名。"),
    "media-empty": QT_TRANSLATE_NOOP("technician", "A4打印机缺纸：在纸盒里放入A4纸。"),
    "door-open": QT_TRANSLATE_NOOP("technician", "A4打印机的门或盖子开着：把它关好。"),
    "media-jam": QT_TRANSLATE_NOOP("technician", "A4打印机卡纸：打开机盖取出卡住的纸，再关好。"),
    "toner-empty": QT_TRANSLATE_NOOP("technician", "A4打印机墨粉用完了：换上新的墨粉盒。"),
    "toner-low": QT_TRANSLATE_NOOP(
        "technician", "A4打印机墨粉不多了：还能打印，请尽快准备新的墨粉盒。"),
    "media-low": QT_TRANSLATE_NOOP("technician", "A4打印机纸不多了：还能打印，请尽快加纸。"),
}
TECHNICIAN_SAME_AS = {**SAME_AS, "marker-supply-low": "toner-low"}
TECHNICIAN_OTHER = QT_TRANSLATE_NOOP(
    "technician",
    "A4打印机报告故障（{reasons}）：看打印机面板上的提示处理，仍然不行就重新启动它。")
TECHNICIAN_READY = QT_TRANSLATE_NOOP("technician", "无需处理")


def resident_line(status: DocumentPrinterStatus) -> Message | None:
    """Why a proof cannot be printed now, for the resident; None when it can (a warning
    such as toner-low does not concern the resident)."""
    if status.can_print:
        return None
    for reason in status.blocking:
        line = RESIDENT_LINES.get(SAME_AS.get(reason, reason))
        if line is not None:
            return line
    return RESIDENT_OTHER


def technician_line(status: DocumentPrinterStatus) -> Message:
    """What the technician should do first, or "nothing to do"."""
    for reason in (*status.blocking, *status.warnings):
        line = TECHNICIAN_LINES.get(TECHNICIAN_SAME_AS.get(reason, reason))
        if line is not None:
            return line
    if status.can_print:
        return TECHNICIAN_READY
    return TECHNICIAN_OTHER.format(reasons=", ".join(status.reasons) or status.state)
