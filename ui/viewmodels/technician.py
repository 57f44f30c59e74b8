"""The maintenance view: the link to the platform, the catalogue, the devices and the
queue, for the technician standing at the terminal.

No personal data reaches it: the queue is the outbox's `QueueRow`s (tracking numbers,
kinds, states, attempts, reasons), never answers, names or ID numbers. Labels are
translated like every screen's, and so is each device's state and what to do about it
(kiosk/technician.py); what the sync engine reports (the last error) is plain English and
shown as it is. The drivers' own English details stay with `kiosk devices check`.

The view is read again on every tick of the bridge's clock while it shows, and the
screen is told only when something it shows changed, section by section (the link's
"next retry" counts down every second; one signal for all would make every queue row
anew every second). Device health may talk to hardware, so it is asked on a thread of
its own and the answer comes back as a queued signal.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading

from PySide6.QtCore import Property, QCoreApplication, QObject, Signal, Slot

from drivers.base import DeviceError, DeviceState
from drivers.document_printer.status import DocumentPrinterStatus
from kiosk.document_printing import technician_line
from kiosk.sync import refusals
from kiosk.technician import PIN_DIGITS, device_advice
from ui.i18n import tr_message

log = logging.getLogger(__name__)
translate = QCoreApplication.translate

QUEUE_SHOWN = 50  # rows listed; the summary line counts them all
NUMBERS_SHOWN = 10  # lost tracking numbers listed; `kiosk devices check` lists them all
HEALTH_EVERY_TICKS = 10  # device health asked again this often while the view shows


def device_names() -> dict[str, str]:
    return {
        "id_reader": translate("technician", "身份证阅读器"),
        "card_reader": translate("technician", "社保卡读卡器"),
        "printer": translate("technician", "回执打印机"),
        "camera": translate("technician", "摄像头"),
        "speaker": translate("technician", "语音播报"),
        "document_printer": translate("technician", "A4打印机"),
    }


def device_states() -> dict[DeviceState, str]:
    return {
        DeviceState.READY: translate("technician", "正常"),
        DeviceState.BUSY: translate("technician", "忙"),
        DeviceState.NO_DEVICE: translate("technician", "没有连接"),
        DeviceState.NO_CARD: translate("technician", "正常（无卡）"),
        DeviceState.CARD_PRESENT: translate("technician", "有卡"),
        DeviceState.PAPER_NEAR_END: translate("technician", "纸快用完了"),
        DeviceState.PAPER_OUT: translate("technician", "缺纸"),
        DeviceState.COVER_OPEN: translate("technician", "盖子没有关好"),
        DeviceState.NEEDS_PIN: translate("technician", "需要密码或安全模块"),
        DeviceState.UNSUPPORTED_CARD: translate("technician", "卡片不支持"),
        DeviceState.HARDWARE_ERROR: translate("technician", "硬件故障"),
        DeviceState.UNKNOWN: translate("technician", "没有应答"),
    }


def queue_kinds() -> dict[str, str]:
    return {
        "application": translate("technician", "申请"),
        "rating": translate("technician", "评价"),
        "complaint": translate("technician", "投诉"),
    }


def queue_states() -> dict[str, str]:
    return {
        "queued": translate("technician", "等待发送"),
        "sending": translate("technician", "正在发送"),
        "delivered": translate("technician", "已送达"),
        "rejected": translate("technician", "平台拒收"),
    }


def local_time(iso: str | None, *, seconds: bool = True) -> str:
    """A stored UTC time as the terminal's local time, or "—"."""
    if not iso:
        return "—"
    try:
        moment = dt.datetime.fromisoformat(iso).astimezone()
    except ValueError:
        return iso
    return moment.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%m-%d %H:%M")


def _row(label: str, value: str, warn: bool = False) -> dict:
    return {"label": label, "value": value, "warn": warn}


class TechnicianViewModel(QObject):
    changed = Signal()  # signing in, the sync button's message
    linkChanged = Signal()  # the link and the catalogue
    devicesChanged = Signal()
    queueChanged = Signal()
    healthArrived = Signal(list)  # list[DeviceHealth], from the health thread

    def __init__(self, kiosk, parent=None):
        super().__init__(parent)
        self._kiosk = kiosk
        self.gate = kiosk.technician_gate
        self.signed_in = False
        self._pin_message = ""
        self._sync_message = ""
        self._health: list | None = None
        self._health_asking = False
        self._showing_lock = False
        self._ticks = 0
        self._view: dict = self._empty_view()
        self.healthArrived.connect(self._on_health)

    # -- signing in ------------------------------------------------------------------

    def begin(self) -> None:
        """The PIN screen opens."""
        self.signed_in = False
        self._pin_message = self._lock_message()
        self._showing_lock = bool(self._pin_message)
        self.changed.emit()

    def enter_pin(self, pin: str) -> bool:
        outcome = self.gate.check(pin)
        audit = self._kiosk.store.audit.record
        session = self._kiosk.session.id or "-"
        if outcome.accepted:
            self.signed_in = True
            self._pin_message = ""
            self._sync_message = ""
            audit(session, "technician_signed_in")
            self.refresh(force=True)
            return True
        audit(session, "technician_pin_refused", locked=outcome.locked_for_s > 0)
        self._showing_lock = outcome.locked_for_s > 0
        if outcome.locked_for_s:
            self._pin_message = self._lock_message()
        elif outcome.not_set_up:
            self._pin_message = translate(
                "technician", "本机还没有设置维护密码（演示密码在正式使用时无效）。"
                "请在终端上运行 kiosk technician set-pin 设置。")
        else:
            self._pin_message = translate(
                "technician", "密码不对。还可以再试 {n} 次，之后会锁定 {minutes} 分钟。"
            ).format(n=outcome.tries_left, minutes=round(self.gate.next_lock_s() / 60))
        self.changed.emit()
        return False

    def _lock_message(self) -> str:
        left = self.gate.locked_for()
        if not left:
            return ""
        whole = int(left + 0.999)
        return translate("technician", "密码连续输错多次，已锁定。请 {time} 后再试。").format(
            time=f"{whole // 60}:{whole % 60:02d}")

    def tick_locked(self) -> None:
        """On the PIN screen, every second: the lock's countdown, and its end."""
        message = self._lock_message()
        if message or self._showing_lock:  # counting down, or the lock just ended
            self._showing_lock = bool(message)
            if message != self._pin_message:
                self._pin_message = message
                self.changed.emit()

    def wipe(self) -> None:
        """The visit is over (a time-out, or the technician left): signed out. The count
        of wrong PINs stays with the gate."""
        self.signed_in = False
        self._pin_message = ""
        self._sync_message = ""
        self._health = None
        self._ticks = 0
        self._view = self._empty_view()
        self.changed.emit()
        self.linkChanged.emit()
        self.devicesChanged.emit()
        self.queueChanged.emit()

    # -- what the view shows ---------------------------------------------------------

    @staticmethod
    def _empty_view() -> dict:
        return {"link": [], "catalogue": [], "store": [], "devices": [], "summary": "",
                "queue": [], "more": ""}

    def refresh(self, *, force: bool = False) -> None:
        """Read the link, the catalogue and the queue again; the devices every few ticks."""
        if not self.signed_in:
            return
        if force or self._ticks % HEALTH_EVERY_TICKS == 0:
            self._ask_health()
        self._ticks += 1
        status = self._kiosk.sync_status()
        outbox = self._kiosk.store.outbox
        try:  # counted here: the engine's counts wait for its next round (or enrollment)
            rows = outbox.queue_rows(limit=QUEUE_SHOWN + 1)
            counts = outbox.state_counts()
        except Exception as exc:  # noqa: BLE001 - a broken store is shown, not raised
            log.error("the queue could not be read: %s", type(exc).__name__)
            rows, counts = None, {}
        view = {
            "link": self._link_rows(status),
            "catalogue": self._catalogue_rows(status),
            "store": self._store_rows(),
            "devices": self._device_rows(),
            "summary": self._summary(counts, rows),
            "queue": [self._queue_row(r) for r in (rows or [])[:QUEUE_SHOWN]],
            "more": (translate("technician", "只列出最新的 {n} 件；kiosk outbox 列出全部。")
                     .format(n=QUEUE_SHOWN) if rows and len(rows) > QUEUE_SHOWN else ""),
        }
        old, self._view = self._view, view
        if force or (old["link"], old["catalogue"], old["store"]) != (
                view["link"], view["catalogue"], view["store"]):
            self.linkChanged.emit()
        if force or old["devices"] != view["devices"]:
            self.devicesChanged.emit()
        if force or (old["summary"], old["queue"], old["more"]) != \
                (view["summary"], view["queue"], view["more"]):
            self.queueChanged.emit()

    def _link_rows(self, s) -> list[dict]:
        terminal = s.terminal_id or self._kiosk.context.terminal.id
        if s.online is None:
            online = translate("technician", "尚未连接过")
        elif s.online:
            online = translate("technician", "在线")
        else:
            online = translate("technician", "离线")
        enrolled = (translate("technician", "已注册") if s.enrolled else
                    translate("technician", "未注册（演示，或还没有运行 kiosk enroll）"))
        retry = ("—" if s.next_retry_in_s is None else
                 translate("technician", "{n} 秒后").format(n=int(s.next_retry_in_s + 0.999)))
        rows = [
            _row(translate("technician", "注册"), enrolled, not s.enrolled),
            _row(translate("technician", "终端编号"), terminal),
            _row(translate("technician", "网络"), online, s.online is False),
            _row(translate("technician", "最近联系"), local_time(s.last_contact_at)),
            _row(translate("technician", "最近问题"), s.last_error or "—", bool(s.last_error)),
            _row(translate("technician", "下次重试"), retry),
        ]
        if s.credential_refused:
            rows.append(_row(translate("technician", "凭证"),
                             translate("technician", "平台拒绝了本机的凭证：请重新注册"), True))
        alerts = []
        if s.waited_too_long:
            alerts.append(translate("technician", "有：最早的一件已等待 {n} 分钟").format(
                n=int((s.oldest_queued_age_s or 0) // 60)))
        if s.rejected:
            alerts.append(translate("technician", "有：{n} 件被平台拒收，须通知持回执的群众")
                          .format(n=s.rejected))
        alert = "；".join(alerts) or translate("technician", "无")
        rows.append(_row(translate("technician", "告警"), alert, s.alert))
        if s.out_of_service:
            rows.append(_row(translate("technician", "服务"),
                             translate("technician", "平台已暂停本机服务"), True))
        return rows

    def _catalogue_rows(self, s) -> list[dict]:
        revision = (str(s.catalogue_revision) if s.catalogue_revision is not None
                    else translate("technician", "本地文件"))
        version = translate("technician", "{revision}（{n} 个事项）").format(
            revision=revision, n=len(self._kiosk.catalogue.items))
        return [
            _row(translate("technician", "版本"), version),
            _row(translate("technician", "问题"), s.catalogue_error or "—",
                 bool(s.catalogue_error)),
        ]

    def _store_rows(self) -> list[dict]:
        """Free space, and what the last salvage of a damaged database recovered and lost
        (the lost ones by tracking number: their residents must be told)."""
        store = self._kiosk.store
        try:
            status, reports = store.status(), store.salvage_reports()
        except Exception as exc:  # noqa: BLE001 - a broken store is shown, not raised
            log.error("the store's state could not be read: %s", type(exc).__name__)
            return [_row(translate("technician", "状态"),
                         translate("technician", "本地存储读不出来"), True)]
        space = translate("technician", "剩余 {n} MB").format(n=status.free_bytes // 2**20)
        if not status.accepting_submissions:
            space += " · " + translate("technician", "暂停接收申请")
        rows = [_row(translate("technician", "空间"), space, not status.accepting_submissions)]
        if not reports:
            return rows
        last = reports[0]
        rows.append(_row(
            translate("technician", "数据库损坏"),
            translate("technician", "{time} 已修复：找回 {recovered} 件，{lost} 件未能找回").format(
                time=local_time(last.at, seconds=False), recovered=last.recovered,
                lost=last.unrecovered),
            bool(last.unrecovered or last.problem)))
        numbers = last.unrecovered_numbers
        if numbers:
            shown = "、".join(numbers[:NUMBERS_SHOWN])
            if len(numbers) > NUMBERS_SHOWN:
                shown += translate("technician", " 等 {n} 件").format(n=len(numbers))
            rows.append(_row(translate("technician", "未找回的受理编号"), shown, True))
        if numbers:
            rows.append(_row(translate("technician", "处理办法"), translate(
                "technician", "持以上受理编号回执的群众需要重新办理，请报告平台运维；"
                              "详情运行 kiosk devices check"), True))
        elif last.problem:
            rows.append(_row(translate("technician", "处理办法"),
                             translate("technician", "请运行 kiosk devices check 查看详情"), True))
        return rows

    def _device_rows(self) -> list[dict]:
        if self._health is None:
            return [_row(translate("technician", "设备"),
                         translate("technician", "正在检查……"))]
        names, states = device_names(), device_states()
        rows = []
        for health in self._health:
            # The state and what to do, in words; the drivers' English details are for
            # `kiosk devices check` and the logs.
            state = states.get(health.state, states[DeviceState.UNKNOWN])
            todo = tr_message(device_advice(health.kind, health.state))
            printer = (DocumentPrinterStatus.from_health(health)
                       if health.kind == "document_printer" else None)
            if printer is not None:  # its own reasons say more than one state
                todo = tr_message(technician_line(printer))
                state = states[DeviceState.READY] if health.state.can_serve else ""
            if health.kind == "speaker":  # which voice the engine speaks with
                state += " · " + translate("technician", "声音 {voice}").format(
                    voice=health.extra.get("voice", "?"))
            value = " · ".join(part for part in (state, todo) if part)
            rows.append(_row(names.get(health.kind, health.kind), value,
                             not health.state.can_serve))
        return rows

    @staticmethod
    def _summary(counts: dict, rows) -> str:
        if rows is None:
            return translate("technician", "⚠ 本地存储读不出来，队列无法显示。")
        return translate("technician", "{queued} 件等待发送，{rejected} 件被平台拒收").format(
            queued=counts["queued"] + counts["sending"], rejected=counts["rejected"])

    @staticmethod
    def _queue_row(r) -> dict:
        kinds, states = queue_kinds(), queue_states()
        detail = [kinds.get(r.kind, r.kind), r.service_code,
                  translate("technician", "尝试 {n} 次").format(n=r.attempts),
                  local_time(r.created_at, seconds=False)]
        if r.test_traffic:
            detail.append(translate("technician", "测试"))
        error = r.last_error or ""
        if r.state == "rejected":  # why, and what the resident holding the receipt does
            error = (tr_message(refusals.why_for_the_view(r.last_error)) + "\n"
                     + tr_message(refusals.advice_for_the_view(r.tracking_number)))
        return {"tracking": r.tracking_number, "state": states.get(r.state, r.state),
                "rejected": r.state == "rejected", "detail": " · ".join(detail),
                "error": error}

    # -- devices, off this thread ----------------------------------------------------

    def _ask_health(self) -> None:
        if self._health_asking:
            return
        self._health_asking = True
        devices = self._kiosk.devices

        def ask() -> None:
            # The camera opens only when a step needs it, and a closed one cannot say
            # whether it works: look through it, as `kiosk devices check` does. It stays
            # on until the technician's visit ends (the wipe closes it).
            try:
                self._kiosk.camera_frame()
            except DeviceError:
                pass  # its health says what is wrong
            except Exception as exc:  # noqa: BLE001 - the health below still shows
                log.error("camera check for the maintenance view: %s", type(exc).__name__)
            try:
                health = devices.health()
            except Exception as exc:  # noqa: BLE001 - shown as "checking" still
                log.error("device health for the maintenance view: %s", type(exc).__name__)
                health = None
            try:
                self.healthArrived.emit(health)
            except RuntimeError:  # the screens closed meanwhile
                pass

        threading.Thread(target=ask, name="technician-health", daemon=True).start()

    def _on_health(self, health) -> None:
        self._health_asking = False
        if health is None or not self.signed_in:
            return
        self._health = health
        devices = self._device_rows()
        if devices != self._view["devices"]:
            self._view = {**self._view, "devices": devices}
            self.devicesChanged.emit()

    # -- the buttons -----------------------------------------------------------------

    @Slot()
    def syncNow(self) -> None:  # noqa: N802 - Qt's naming, called from QML
        if not self.signed_in:
            return
        self._kiosk.session.touch()
        self._kiosk.sync.sync_now()
        self._kiosk.store.audit.record(self._kiosk.session.id or "-", "technician_sync_now")
        self._sync_message = translate("technician", "已请求立即同步；结果会显示在上面。")
        self.changed.emit()
        self.refresh(force=True)

    # -- properties ------------------------------------------------------------------

    def _pin_text(self) -> str:
        return self._pin_message

    def _locked(self) -> bool:
        return self.gate.locked_for() > 0

    def _sync_text(self) -> str:
        return self._sync_message

    def _min_digits(self) -> int:
        return PIN_DIGITS[0]

    def _max_digits(self) -> int:
        return PIN_DIGITS[1]

    pinMessage = Property(str, _pin_text, notify=changed)
    locked = Property(bool, _locked, notify=changed)
    syncMessage = Property(str, _sync_text, notify=changed)
    pinMinDigits = Property(int, _min_digits, constant=True)
    pinMaxDigits = Property(int, _max_digits, constant=True)
    linkRows = Property(list, lambda self: self._view["link"], notify=linkChanged)
    catalogueRows = Property(list, lambda self: self._view["catalogue"], notify=linkChanged)
    storeRows = Property(list, lambda self: self._view["store"], notify=linkChanged)
    deviceRows = Property(list, lambda self: self._view["devices"], notify=devicesChanged)
    queueSummary = Property(str, lambda self: self._view["summary"], notify=queueChanged)
    queueRows = Property(list, lambda self: self._view["queue"], notify=queueChanged)
    queueMore = Property(str, lambda self: self._view["more"], notify=queueChanged)
