"""The technician's way into maintenance on the screen: a PIN, and a lock after guesses.

The configuration holds the PIN as a salted slow hash (`[technician] pin_hash`, a PHC
string of scrypt: `$scrypt$ln=14,r=8,p=1$salt$hash`, written by `kiosk technician
set-pin`). The old unsalted `pin_sha256` is still read, with a warning. The demo's PIN
(000000) opens maintenance only in the demo: a terminal in service refuses it, and one
with no PIN at all cannot be opened from the screen (the technician sets one first).

Five wrong PINs in a row lock the way in; each lock is twice as long as the last (five
minutes, ten, twenty... at most an hour). The count belongs to the terminal, not to a
visit: a resident's wipe does not reset it (a lock that ends when the guesser walks away
for a minute would be no lock). A restart does, which needs the cabinet opened. Refusals
and locks are counted for the heartbeat.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass

from drivers.base import DeviceState
from kiosk.i18n import QT_TRANSLATE_NOOP, Message

log = logging.getLogger(__name__)

MAX_TRIES = 5
LOCK_S = 300.0  # the first lock; each next one is twice as long
MAX_LOCK_S = 3600.0
PIN_DIGITS = (4, 12)  # the shortest and longest PIN the digit pad takes
DEMO_PIN = "000000"
SCRYPT_LOG_N, SCRYPT_R, SCRYPT_P = 14, 8, 1  # 16 MiB and about 50 ms a check here


def pin_sha256(pin: str) -> str:
    """What the old `[technician] pin_sha256` holds for `pin`."""
    return hashlib.sha256(pin.encode("ascii")).hexdigest()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4))


def _scrypt(pin: str, salt: bytes, log_n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(pin.encode("ascii"), salt=salt, n=2 ** log_n, r=r, p=p,
                          maxmem=256 * 1024 * 1024, dklen=32)


def hash_pin(pin: str) -> str:
    """`pin` as `[technician] pin_hash` holds it: scrypt with a fresh salt, PHC string."""
    salt = os.urandom(16)
    digest = _scrypt(pin, salt, SCRYPT_LOG_N, SCRYPT_R, SCRYPT_P)
    return f"$scrypt$ln={SCRYPT_LOG_N},r={SCRYPT_R},p={SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def valid_pin_hash(stored: str) -> bool:
    try:
        _parse(stored)
        return True
    except ValueError:
        return False


def _parse(stored: str) -> tuple[dict[str, int], bytes, bytes]:
    parts = stored.split("$")
    if len(parts) != 5 or parts[0] or parts[1] != "scrypt":
        raise ValueError("not a $scrypt$ PHC string")
    try:
        params = {k: int(v) for k, v in (kv.split("=") for kv in parts[2].split(","))}
        salt, digest = _unb64(parts[3]), _unb64(parts[4])
    except (ValueError, TypeError) as exc:
        raise ValueError(f"unreadable $scrypt$ string: {exc}") from None
    if set(params) != {"ln", "r", "p"} or not 10 <= params["ln"] <= 20 or not salt \
            or len(digest) != 32:
        raise ValueError("unexpected $scrypt$ parameters")
    return params, salt, digest


def pin_matches(pin: str, stored: str) -> bool:
    """`pin` is the one `stored` (a `$scrypt$` string, or an old 64-hex SHA-256) holds."""
    if not pin.isascii() or not pin.isdigit() or not stored:
        return False
    if stored.startswith("$"):
        params, salt, digest = _parse(stored)
        return hmac.compare_digest(_scrypt(pin, salt, params["ln"], params["r"], params["p"]),
                                   digest)
    return hmac.compare_digest(pin_sha256(pin), stored.lower())


@dataclass(frozen=True)
class PinCheck:
    accepted: bool
    tries_left: int = 0  # before the lock, when refused
    locked_for_s: float = 0.0  # > 0: locked (this PIN was not even compared)
    # Refused whatever was typed: no PIN is set, or only the demo's on a terminal in service.
    not_set_up: bool = False


class TechnicianGate:
    def __init__(self, stored: str, *, demo: bool = False,
                 clock: Callable[[], float] = time.monotonic, max_tries: int = MAX_TRIES,
                 lock_s: float = LOCK_S):
        self._stored = stored
        self._clock = clock
        self._max_tries = max_tries
        self._lock_s = lock_s
        self._failures = 0
        self._locks = 0
        self._locked_until = 0.0
        self.refused_total = 0  # for the heartbeat
        self.demo_pin = pin_matches(DEMO_PIN, stored)
        # In service, the demo's PIN is no PIN: anyone who read the README knows it.
        self.set_up = bool(stored) and (demo or not self.demo_pin)
        if self.demo_pin and not demo:
            log.warning("the technician PIN is the demo's and is refused: set one with "
                        "`kiosk technician set-pin`")
        elif not stored:
            log.warning("no technician PIN: set one with `kiosk technician set-pin`")
        elif not stored.startswith("$"):
            log.warning("[technician] pin_sha256 is the old unsalted form: set the PIN again "
                        "with `kiosk technician set-pin`")

    @property
    def locks(self) -> int:
        return self._locks

    def locked_for(self) -> float:
        """Seconds until a PIN may be tried again; 0 when it may be now."""
        left = self._locked_until - self._clock()
        if left <= 0 and self._locked_until:
            self._locked_until = 0.0
            self._failures = 0
        return max(0.0, left)

    def next_lock_s(self) -> float:
        """How long the next lock will last."""
        return min(MAX_LOCK_S, self._lock_s * 2 ** self._locks)

    def check(self, pin: str) -> PinCheck:
        locked = self.locked_for()
        if locked:
            return PinCheck(False, 0, locked)
        if not self.set_up:
            self.refused_total += 1
            return PinCheck(False, not_set_up=True)
        if pin_matches(pin, self._stored):
            self._failures = 0
            if self.demo_pin:
                log.warning("maintenance opened with the demo PIN (demo mode)")
            return PinCheck(True)
        self._failures += 1
        self.refused_total += 1
        if self._failures >= self._max_tries:
            lock_s = self.next_lock_s()
            self._locks += 1
            self._locked_until = self._clock() + lock_s
            log.warning("maintenance PIN refused %d times: locked for %.0f s (lock %d)",
                        self._failures, lock_s, self._locks)
            return PinCheck(False, 0, lock_s)
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
