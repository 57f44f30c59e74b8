"""The technician's way into maintenance on the screen: a PIN, and a lock after guesses.

The configuration holds only the PIN's SHA-256 (`[technician] pin_sha256`). Five wrong
PINs in a row lock the way in for five minutes. The count belongs to the terminal, not
to a visit: a resident's wipe does not reset it (a lock that ends when the guesser walks
away for a minute would be no lock). A restart does, which needs the cabinet opened.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from drivers.base import DeviceState
from kiosk.config import DEMO_PIN_SHA256
from kiosk.i18n import QT_TRANSLATE_NOOP, Message

log = logging.getLogger(__name__)

MAX_TRIES = 5
LOCK_S = 300.0
PIN_DIGITS = (4, 12)  # the shortest and longest PIN the digit pad takes


def pin_sha256(pin: str) -> str:
    """What `[technician] pin_sha256` holds for `pin`."""
    return hashlib.sha256(pin.encode("ascii")).hexdigest()


@dataclass(frozen=True)
class PinCheck:
    accepted: bool
    tries_left: int = 0  # before the lock, when refused
    locked_for_s: float = 0.0  # > 0: locked (this PIN was not even compared)


class TechnicianGate:
    def __init__(self, pin_sha256_hex: str, *, clock: Callable[[], float] = time.monotonic,
                 max_tries: int = MAX_TRIES, lock_s: float = LOCK_S):
        self._digest = pin_sha256_hex.lower()
        self._clock = clock
        self._max_tries = max_tries
        self._lock_s = lock_s
        self._failures = 0
        self._locked_until = 0.0
        self.demo_pin = self._digest == DEMO_PIN_SHA256

    def locked_for(self) -> float:
        """Seconds until a PIN may be tried again; 0 when it may be now."""
        left = self._locked_until - self._clock()
        if left <= 0 and self._locked_until:
            self._locked_until = 0.0
            self._failures = 0
        return max(0.0, left)

    def check(self, pin: str) -> PinCheck:
        locked = self.locked_for()
        if locked:
            return PinCheck(False, 0, locked)
        typed = pin_sha256(pin) if pin.isascii() else ""
        if hmac.compare_digest(typed, self._digest):
            self._failures = 0
            if self.demo_pin:
                log.warning("maintenance opened with the demo PIN: set [technician] "
                            "pin_sha256 in the configuration")
            return PinCheck(True)
        self._failures += 1
        if self._failures >= self._max_tries:
            self._locked_until = self._clock() + self._lock_s
            log.warning("maintenance PIN refused %d times: locked for %.0f s",
                        self._failures, self._lock_s)
            return PinCheck(False, 0, self._lock_s)
        return PinCheck(False, self._max_tries - self._failures)


# What the technician at the terminal does about a device, in words for the screen (the
# `kiosk devices check` command keeps its English advice and the drivers' own details).
NOTHING_TO_DO = QT_TRANSLATE_NOOP("technician", "无需处理")
DEVICE_ADVICE: dict[tuple[str, DeviceState], Message] = {
    ("id_reader", DeviceState.NO_DEVICE): QT_TRANSLATE_NOOP(
        "technician", "检查身份证阅读器的数据线（USB 或串口）是否插好，配置里的端口是否写对。"),
    ("id_reader", DeviceState.UNKNOWN): QT_TRANSLATE_NOOP(
        "technician", "阅读器不应答：检查它的电源，以及配置里的波特率。"),
    ("card_reader", DeviceState.NO_DEVICE): QT_TRANSLATE_NOOP(
        "technician",
        "检查社保卡读卡器是否插好，读卡服务（pcscd）是否在运行，配置里的读卡器名称是否一致。"),
    ("printer", DeviceState.NO_DEVICE): QT_TRANSLATE_NOOP(
        "technician", "检查打印机的电源、数据线或网线，以及配置里的打印机地址。"),
    ("printer", DeviceState.UNKNOWN): QT_TRANSLATE_NOOP(
        "technician", "打印机不回答状态查询：检查电源和连接。现在无法确认回执是否打出。"),
    ("printer", DeviceState.PAPER_OUT): QT_TRANSLATE_NOOP("technician", "换上新纸卷。"),
    ("printer", DeviceState.PAPER_NEAR_END): QT_TRANSLATE_NOOP(
        "technician", "纸卷快用完了，请尽快换上新纸卷。"),
    ("printer", DeviceState.COVER_OPEN): QT_TRANSLATE_NOOP("technician", "把打印机的盖子关好。"),
    ("camera", DeviceState.NO_DEVICE): QT_TRANSLATE_NOOP(
        "technician", "检查摄像头的数据线是否插好，以及配置里的摄像头来源。"),
    ("speaker", DeviceState.HARDWARE_ERROR): QT_TRANSLATE_NOOP(
        "technician", "语音引擎不工作：检查声音服务（PulseAudio）和 speech-dispatcher 是否在运行，"
        "扬声器是否接好；用 kiosk devices speak-test 试听。终端会自动重启语音引擎。"),
    ("speaker", DeviceState.NO_DEVICE): QT_TRANSLATE_NOOP(
        "technician",
        "找不到语音引擎：检查 speech-dispatcher 是否已安装，配置里的 socket 是否写对。"),
}
GENERAL_DEVICE_ADVICE: dict[DeviceState, Message] = {
    DeviceState.NO_DEVICE: QT_TRANSLATE_NOOP("technician", "检查设备的数据线和电源。"),
    DeviceState.UNKNOWN: QT_TRANSLATE_NOOP("technician", "设备不应答：检查它的电源和连接。"),
    DeviceState.HARDWARE_ERROR: QT_TRANSLATE_NOOP(
        "technician", "设备报告故障：重新启动设备；仍然不行就更换。"),
    DeviceState.BUSY: QT_TRANSLATE_NOOP("technician", "设备正在工作，稍后再看。"),
    DeviceState.NEEDS_PIN: QT_TRANSLATE_NOOP(
        "technician", "读卡器需要密码或安全模块：检查安全模块（PSAM 卡）是否插好。"),
    DeviceState.UNSUPPORTED_CARD: QT_TRANSLATE_NOOP(
        "technician", "读卡器里的卡不受支持：取出这张卡。"),
}


def device_advice(kind: str, state: DeviceState) -> Message:
    """What to do about a device of `kind` in `state`; "nothing" when it serves."""
    found = DEVICE_ADVICE.get((kind, state))
    if found is not None:
        return found
    if state.can_serve:
        return NOTHING_TO_DO
    return GENERAL_DEVICE_ADVICE.get(state, GENERAL_DEVICE_ADVICE[DeviceState.HARDWARE_ERROR])
