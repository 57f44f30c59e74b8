"""`kiosk devices ...`: the technician's tools for the terminal's hardware, no screen needed.

Each command opens the configured devices the way the terminal does (kiosk/wiring.py),
does one thing, closes them, and exits 0 on success or non-zero with a one-line reason.
Personal data read off a card is masked unless the technician asks with `--reveal`.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from drivers.base import DeviceError, DeviceHealth, DeviceState
from drivers.id_reader.protocol import CardRead
from kiosk.config import KioskConfig
from kiosk.masking import mask_address, mask_id_number, mask_name, mask_pass_number
from kiosk.wiring import build_device, build_devices
from offline_cache.data_dir import MB, data_dir_problem
from offline_cache.outbox import disk_free_bytes

# What a technician should do about a device in each state, by kind where it differs.
ADVICE: dict[tuple[str, DeviceState], str] = {
    ("id_reader", DeviceState.NO_DEVICE): "check the reader's USB/serial cable and that "
    "[devices.id_reader] port names its port",
    ("id_reader", DeviceState.UNKNOWN): "the module does not answer: check its power, and "
    "baudrate (or set probe_baudrates = true)",
    ("card_reader", DeviceState.NO_DEVICE): "check that pcscd runs (systemctl status pcscd) "
    "and the reader is plugged in; [devices.card_reader] reader must match its name",
    ("printer", DeviceState.NO_DEVICE): "check the printer's power and cable or network "
    "address ([devices.printer])",
    ("printer", DeviceState.UNKNOWN): "the printer does not answer status requests: check "
    "its power and connection; receipts cannot be confirmed",
    ("printer", DeviceState.PAPER_OUT): "load a new paper roll",
    ("printer", DeviceState.PAPER_NEAR_END): "the roll is nearly empty: replace it soon",
    ("printer", DeviceState.COVER_OPEN): "close the printer's cover",
    ("camera", DeviceState.NO_DEVICE): "check the camera's cable, or [devices.camera] source",
    ("document_printer", DeviceState.NO_DEVICE): "check the A4 printer's power and network "
    "or USB cable (ipp-usb running for a USB printer), and [devices.document_printer] uri "
    "or cups_printer",
    ("document_printer", DeviceState.PAPER_OUT): "load A4 paper into the tray",
    ("document_printer", DeviceState.COVER_OPEN): "close the A4 printer's door or cover",
    ("document_printer", DeviceState.HARDWARE_ERROR): "see the detail and the printer's "
    "own panel (a jam, empty toner, a paused queue); then `kiosk devices print-test --a4`",
    ("speaker", DeviceState.NO_DEVICE): "install speech-dispatcher, speech-dispatcher-espeak-ng "
    "and espeak-ng; [devices.speaker] zh_voice and en_voice must name voices it lists "
    "(spd-say -L)",
    ("speaker", DeviceState.HARDWARE_ERROR): "check that the audio server runs for the kiosk's "
    "user (pactl info) and the loudspeaker is connected and not muted; then try "
    "`kiosk devices speak-test`",
    ("speaker", DeviceState.UNKNOWN): "speech-dispatcher does not answer: the kiosk restarts "
    "it; if this stays, restart the kiosk",
}
GENERAL_ADVICE = {
    DeviceState.NO_DEVICE: "check the device's cable and power",
    DeviceState.UNKNOWN: "the device does not answer: check its power and connection",
    DeviceState.HARDWARE_ERROR: "the device reports a fault: restart it; replace it if it stays",
    DeviceState.BUSY: "the device is busy: try again in a moment",
}

# What to do when the data directory cannot keep the terminal's data, by the store's reason.
STORAGE_ADVICE = {
    "disk_full": "free space on the data directory's disk (old logs, set-aside databases "
                 "kiosk.db.corrupt-*) or give it a larger one; below [storage] min_free_mb "
                 "services that need a submission close",
    "read_only": "remount its filesystem read-write (after a disk check, if the kernel log "
                 "shows disk errors)",
    "write_failed": "make the data directory a folder the kiosk's user can write to, or "
                    "point --data-dir / $KIOSK_DATA_DIR at one",
}


def advice(kind: str, state: DeviceState) -> str:
    if state.can_serve:
        return ""
    return ADVICE.get((kind, state)) or GENERAL_ADVICE.get(state, "see the detail")


class _Devices:
    """The configured devices, opened for one command and closed after it."""

    def __init__(self, config: KioskConfig):
        from drivers.manager import DeviceManager

        self.config = config
        devices, self.switches = build_devices(config)
        self.manager = DeviceManager(devices)

    def __enter__(self) -> _Devices:
        return self

    def __exit__(self, *exc) -> None:
        self.manager.close()

    def call(self, kind: str, request: Callable[[Any], Any]) -> Any:
        return self.manager.call(kind, request)


def _fail(reason: str) -> int:
    print(f"kiosk devices: {reason}")
    return 1


def _health_row(config: KioskConfig, health: DeviceHealth) -> dict:
    return {"kind": health.kind, "driver": config.devices[health.kind].driver,
            "name": health.name, "state": health.state.value, "can_serve":
            health.state.can_serve, "detail": health.detail,
            "advice": advice(health.kind, health.state), **health.extra}


def _data_dir_row(config: KioskConfig, data_dir: Path) -> dict:
    """The data directory as the terminal needs it: writable, with room for submissions.
    Looked at without opening the database, so it is safe beside a running kiosk."""
    problem = data_dir_problem(data_dir, min_free_bytes=config.storage.min_free_mb * MB)
    if problem is None:
        detail = f"writable, {disk_free_bytes(data_dir) // MB} MB free"
    else:
        detail = problem.message
    return {"kind": "data_dir", "driver": str(data_dir), "name": "data directory",
            "state": problem.reason if problem else "ready", "can_serve": problem is None,
            "detail": detail,
            "advice": STORAGE_ADVICE.get(problem.reason, "see the detail") if problem else ""}


def _handwriting_row(data_dir: Path) -> dict:
    """The handwriting pad's recognizer: without it the keyboard offers pinyin alone,
    and the terminal still serves."""
    from kiosk.handwriting import handwriting_dir
    from kiosk.handwriting.zinnia import MODEL_PATH, PACKAGES, HandwritingUnavailable, open_model

    row = {"kind": "handwriting", "driver": "zinnia", "name": str(MODEL_PATH),
           "can_serve": True}
    try:
        model = open_model()
    except HandwritingUnavailable as exc:
        return row | {"state": "not_offered", "detail": f"no handwriting pad: {exc}",
                      "advice": f"apt-get install {PACKAGES.replace(' and ', ' ')}"}
    drawn = any(handwriting_dir(data_dir).glob("handwriting-shapes-*.npy"))
    return row | {"state": "ready", "detail": (
        f"{len(model.characters)} characters; font shapes "
        + ("drawn" if drawn else "not drawn yet (drawn in the background after the next "
                                  "start, about 10 s)")), "advice": ""}


def _salvage_row(data_dir: Path) -> dict | None:
    """What the last salvage of a damaged database recovered and lost, if there was one:
    the terminal serves, but residents holding the lost tracking numbers must be told."""
    from kiosk.store_commands import describe
    from offline_cache.salvage import last_salvage

    report = last_salvage(Path(data_dir) / "kiosk.db")
    if report is None:
        return None
    return {"kind": "store", "driver": report.source, "name": "damaged database salvaged",
            "state": "salvaged", "can_serve": True, "detail": " ".join(
                line.strip() for line in describe(report) if not line.strip().startswith("->")),
            "advice": report.problem, "recovered": report.recovered,
            "unrecovered": report.unrecovered,
            "unrecovered_numbers": list(report.unrecovered_numbers)}


def check(config: KioskConfig, data_dir: Path, *, as_json: bool) -> int:
    """Every configured device and the data directory: state, model where known, and what
    to do about it."""
    with _Devices(config) as devices:
        try:  # the terminal opens its camera only when a step needs it: open it to look
            devices.call("camera", lambda camera: (camera.open(), camera.read_frame()))
        except DeviceError:
            pass  # its health says what is wrong
        rows = [_health_row(config, h) for h in devices.manager.health()]
    rows.append(_data_dir_row(config, data_dir))
    rows.append(_handwriting_row(data_dir))
    salvaged = _salvage_row(data_dir)
    if salvaged is not None:
        rows.append(salvaged)
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for row in rows:
            mark = "ok  " if row["can_serve"] else "FAIL"
            print(f"{mark} {row['kind']:<16} {row['state']:<15} {row['name']} "
                  f"({row['driver']}): {row['detail']}")
            if row["advice"]:
                print(f"     -> {row['advice']}")
    failing = [r["kind"] for r in rows if not r["can_serve"]]
    if failing and not as_json:
        print(f"not ready: {', '.join(failing)}")
    return 1 if failing else 0


def _wait_for_card(devices: _Devices, kind: str, timeout_s: float):
    """The first card read by `kind` within `timeout_s`; DeviceError when it fails for
    a reason the technician should hear (an unsupported card, a card needing a PIN)."""
    interval = devices.config.devices[kind].poll_interval_ms / 1000
    deadline = time.monotonic() + timeout_s
    last_problem: DeviceError | None = None
    while time.monotonic() < deadline:
        try:
            event = devices.call(kind, lambda reader: reader.poll())
        except DeviceError as exc:
            if exc.state in (DeviceState.UNSUPPORTED_CARD, DeviceState.NEEDS_PIN):
                raise
            last_problem = exc
            event = None
        if isinstance(event, CardRead):
            return event.data
        time.sleep(interval)
    if last_problem is not None:
        raise last_problem
    return None


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def _id_card_fields(card, reveal: bool) -> dict:
    """What a card on the ID card reader holds; any kind of card it reads."""
    fields = {
        "name": card.name if reveal else mask_name(card.name),
        "sex": card.sex,
        "nation": card.nation,
        "birth_date": card.birth_date.isoformat(),
        "address": card.address if reveal else mask_address(card.address),
        "id_number": card.id_number if reveal else mask_id_number(card.id_number),
        "authority": card.issuing_authority,
        "valid_from": card.valid_from.isoformat(),
        "valid_to": _date(card.valid_to) or "长期",
        "card_type": str(card.kind),
        "photo_bytes": len(card.photo_wlt),
    }
    if card.english_name:
        fields["english_name"] = card.english_name if reveal else mask_name(card.english_name)
    if card.nationality:
        fields["nationality"] = card.nationality
    if card.pass_number:
        fields["pass_number"] = card.pass_number if reveal else mask_pass_number(card.pass_number)
    if card.issue_count:
        fields["issue_count"] = card.issue_count
    return fields


def _social_security_card_fields(card, reveal: bool) -> dict:
    return {
        "card_number": card.card_number if reveal else mask_id_number(card.card_number),
        "ssn": card.social_security_number if reveal
        else mask_id_number(card.social_security_number),
        "name": card.name if reveal else mask_name(card.name),
        "sex": card.sex,
        "nation": card.nation,
        "birth_date": _date(card.birth_date),
    }


# reader kind -> (its name for the technician, what "no card" means, the fields shown)
_CARD_READERS = {
    "id_reader": ("ID card reader", "no ID card was laid on the reader", _id_card_fields),
    "card_reader": ("social security card reader",
                    "no social security card was inserted", _social_security_card_fields),
}


def read_card(config: KioskConfig, kind: str, *, as_json: bool, timeout_s: float,
              reveal: bool) -> int:
    """Wait for a card on reader `kind` and show what the reader read off it."""
    device_name, none_came, fields_of = _CARD_READERS[kind]
    with _Devices(config) as devices:
        try:
            card = _wait_for_card(devices, kind, timeout_s)
        except DeviceError as exc:
            return _fail(f"{device_name}: {exc.message}")
    if card is None:
        return _fail(f"{none_came} within {timeout_s:g} s")
    _show(fields_of(card, reveal), as_json)
    return 0


def _show(fields: dict, as_json: bool) -> None:
    if as_json:
        print(json.dumps(fields, ensure_ascii=False))
    else:
        for key, value in fields.items():
            print(f"{key:<12} {value}")


def print_test_slip(config: KioskConfig):
    from drivers.printer.document import Feed, Line, Pair, QrCode, ReceiptDocument, Rule

    now = dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S")
    return ReceiptDocument((
        Line("打印测试 Print test", bold=True, size="large", align="center"),
        Rule(),
        Pair("终端：", config.terminal.id),
        Pair("网点：", config.terminal.location),
        Pair("时间：", now),
        Line("中文测试：政务服务“一网通办”，全角标点、。！？——"),
        Line("English: ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789"),
        QrCode(f"PRINT-TEST-{config.terminal.id}"),
        Line("扫码应得 PRINT-TEST-" + config.terminal.id, align="center"),
        Feed(2),
    ))


def print_test(config: KioskConfig) -> int:
    """A test receipt with Chinese text, a QR code and a cut; status before and after."""
    with _Devices(config) as devices:
        before = devices.call("printer", lambda printer: printer.status())
        print(f"printer status before: {before.value}")
        try:
            result = devices.call("printer",
                                  lambda printer: printer.print_receipt(print_test_slip(config)))
        except DeviceError as exc:
            return _fail(f"printer: {exc.message} ({advice('printer', exc.state) or 'no advice'})")
        print(f"printer status after: {result.state_after.value}")
        print(f"sent {result.bytes_sent} bytes")
    if result.unknown_status:
        return _fail("the printer did not answer a status request (a device file or a CUPS "
                     "queue cannot): look at the slip to see that it came out whole")
    if not result.state_after.can_serve:
        return _fail(f"the printer reports {result.state_after.value} after the receipt")
    return 0


def print_test_a4(config: KioskConfig, *, timeout_s: float = 120.0) -> int:
    """A one-page A4 test page on the document printer; its status before and after."""
    from kiosk.a4_test_page import a4_test_page

    with _Devices(config) as devices:
        before = devices.call("document_printer", lambda printer: printer.status())
        _print_a4_status("before", before)
        if not before.can_print:
            return _fail(f"A4 printer cannot print: {before.technician_detail} "
                         f"({advice('document_printer', before.device_state)})")
        page = a4_test_page(config.terminal.id, dt.datetime.now())
        try:
            job_id = devices.call("document_printer",
                                  lambda printer: printer.print_pdf(page, "print test"))
            outcome = devices.call("document_printer",
                                   lambda printer: printer.wait_for_job(job_id, timeout_s))
        except DeviceError as exc:
            return _fail(f"A4 printer: {exc.message}")
        print(f"job {job_id}: {outcome.state} ({', '.join(outcome.reasons) or 'no reason given'})"
              f", {len(page)} bytes")
        after = outcome.printer or devices.call("document_printer", lambda p: p.status())
        _print_a4_status("after", after)
    if not outcome.completed:
        return _fail(f"the test page did not come out: the job is {outcome.state}; "
                     f"{after.technician_detail}")
    if not after.can_print:
        return _fail(f"the A4 printer reports {after.device_state.value} after the test page")
    return 0


def _print_a4_status(when: str, status) -> None:
    reasons = ", ".join(status.reasons) or "none"
    print(f"A4 printer status {when}: {status.state} (reasons: {reasons}) - "
          f"{status.technician_detail}")


def scan(config: KioskConfig, *, as_json: bool, timeout_s: float) -> int:
    """The first QR code the camera sees."""
    from drivers.camera.qr import decode_qr

    with _Devices(config) as devices:
        devices.call("camera", lambda camera: camera.open())
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            frame = devices.call("camera", lambda camera: camera.read_frame())
            texts = decode_qr(frame) if frame is not None else []
            if texts:
                if as_json:
                    print(json.dumps({"text": texts[0]}, ensure_ascii=False))
                else:
                    print(texts[0])
                return 0
            if frame is None:
                time.sleep(0.1)
        state = devices.manager.state("camera")
    if not state.can_serve:
        return _fail(f"camera: {state.value}: {advice('camera', state)}")
    return _fail(f"no QR code came into view within {timeout_s:g} s")


SPEAK_TEST_TEXT = "语音测试：您好，这是自助终端的语音引导。"
SPEAK_TEST_TIMEOUT_S = 10.0
SECONDS_PER_CHAR = 0.25  # Mandarin at espeak-ng's normal rate, with its pauses


def speak_test(config: KioskConfig, *, out=None) -> int:
    """Say a Chinese test sentence through the configured speaker (no Qt), and name the
    voice; `out` also gets espeak-ng's rendering of it with that voice, as a WAV file."""
    outcome: dict[str, Any] = {}
    done = threading.Event()

    def run() -> None:
        try:
            outcome["result"] = _speak_test(config)
        except DeviceError as exc:
            outcome["problem"] = exc.message
        except Exception as exc:  # reported in one line, like every other failure here
            outcome["problem"] = f"{type(exc).__name__}: {exc}"
        finally:
            done.set()

    # A daemon thread: an engine that never answers cannot keep the command running.
    threading.Thread(target=run, name="speak-test", daemon=True).start()
    if not done.wait(SPEAK_TEST_TIMEOUT_S):
        return _fail(f"speaker: no answer within {SPEAK_TEST_TIMEOUT_S:g} s")
    if "problem" in outcome:
        return _fail(f"speaker: {outcome['problem']}")
    voice, said = outcome["result"]
    print(f"voice: {voice.name} (language {voice.language})")
    print(said)
    if voice.language != "zh":
        return _fail(f"the Chinese voice {voice.name!r} speaks {voice.language!r}, not zh: "
                     f"set [devices.speaker] zh_voice")
    if out is not None:
        return _write_rendering(voice.name, out)
    return 0


def _speak_test(config: KioskConfig):
    from drivers.speaker.protocol import DEFAULT_RATE_STEP, RATE_STEPS

    speaker, _ = build_device(config, "speaker")
    try:
        health = speaker.health()
        if not health.state.can_serve:
            raise DeviceError(health.state, f"{health.detail} ({advice('speaker', health.state)})")
        voice = speaker.voice("zh_CN")
        speaker.speak(SPEAK_TEST_TEXT, "zh_CN", volume_db=0.0,
                      rate=RATE_STEPS[DEFAULT_RATE_STEP])
        if config.devices["speaker"].driver == "emulated":
            return voice, f"the emulated speaker took the sentence: {SPEAK_TEST_TEXT}"
        deadline = time.monotonic() + SPEAK_TEST_TIMEOUT_S - 1
        while speaker.last_text() == "queued" and speaker.health().state.can_serve:
            time.sleep(0.05)
        health = speaker.health()
        if not health.state.can_serve:
            raise DeviceError(health.state, f"{health.detail} ({advice('speaker', health.state)})")
        # Let it be heard before the engine is let go: speech-dispatcher 0.11 does not
        # tell its clients when a text ends, so allow the sentence its usual length.
        heard_by = min(deadline, time.monotonic() + len(SPEAK_TEST_TEXT) * SECONDS_PER_CHAR)
        while speaker.last_text() != "done" and time.monotonic() < heard_by:
            time.sleep(0.05)
        return voice, f"spoke through speech-dispatcher: {SPEAK_TEST_TEXT}"
    finally:
        speaker.close()


def _write_rendering(voice: str, out) -> int:
    import shutil
    import subprocess

    program = shutil.which("espeak-ng")
    if program is None:
        return _fail("espeak-ng is not installed, so no --out file was written")
    try:
        done = subprocess.run([program, "-v", voice, "-w", str(out), SPEAK_TEST_TEXT],
                              capture_output=True, text=True, timeout=SPEAK_TEST_TIMEOUT_S,
                              check=False)
    except subprocess.TimeoutExpired:
        return _fail(f"espeak-ng did not finish {out} within {SPEAK_TEST_TIMEOUT_S:g} s")
    if done.returncode != 0:
        return _fail(f"espeak-ng could not write {out}: {done.stderr.strip()}")
    print(f"wrote espeak-ng's rendering of the sentence with voice {voice} to {out}")
    return 0
