"""The device simulator window of `kiosk --demo`: a person's hands on the emulated devices.

It lays an ID card on the reader, inserts a social security card, holds a phone or a
paper under the camera, and runs the printer out of paper or unplugs a device. It only
flips the emulators' switches: the kiosk's own polling and status checks find the change
exactly as they would with real hardware, so what the demo shows is what the terminal
does. A timer reads the switches back, so the window also follows changes made
elsewhere (a test, a paper roll that ran out mid-receipt) and shows what was printed.
Its tactile keypad sends key presses to the kiosk's window, as a keypad cabled to the
terminal does, with the keys the `[keypad]` configuration names.

It is a developer's and demonstrator's tool, not a resident's screen: its labels are
Chinese with English subtitles and are not translated.
"""

from __future__ import annotations

import atexit
import datetime as dt
import logging
from pathlib import Path

import shiboken6
from PySide6.QtCore import Property, QEvent, QObject, Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtQml import QQmlApplicationEngine, QQmlComponent
from PySide6.QtQuick import QQuickWindow

from drivers.printer.emulator import PAPER_STATES
from drivers.printer.escpos_decoder import decode
from drivers.speaker.protocol import Output
from drivers.textwidth import display_width
from ui.keypad import DIGITS, first_keys

log = logging.getLogger(__name__)

SIMULATOR_QML = Path(__file__).parents[1] / "qml" / "simulator" / "DeviceSimulator.qml"
REFRESH_MS = 250
# What a resident's phone shows as an e-ID QR code: an opaque, made-up token that the
# platform would vouch for; nothing personal is in it.
DEMO_E_ID_TEXT = "CTID:DEMO:8F3A2C71E9B04D5A6E10"
# Number prefixes of residence permits for residents of Hong Kong, Macao and Taiwan.
# What the demonstrator sees of each kind of card on the ID card reader (by CardKind value).
ID_READER_CARD_LABELS = {
    "hk_mo_tw_residence_permit": "港澳台",
    "foreign_permanent_residence_2017": "永居17",
    "foreign_permanent_residence_2023": "永居23",
}
CAMERA_SCENES = {
    "desk": "空桌面 empty desk",
    "document": "文件 document",
    "face": "人脸 face",
    "eid_qr": "手机电子身份码 phone e-ID",
    "receipt_qr": "手机回执码 phone receipt QR",
}
PAPER_PROBLEMS = {"near_end": ("纸将尽", "paper near end"), "out": ("缺纸", "paper out")}


def _id_card_note(card, today: dt.date) -> str:
    """What a demonstrator needs to know to pick a card: "女 · 长期", "港澳台 · 已过期"."""
    data = card.data
    kind = ID_READER_CARD_LABELS.get(str(data.kind), data.sex)
    if data.valid_to is None:
        validity = "长期"
    elif data.valid_to < today:
        validity = "已过期"
    else:
        validity = f"至{data.valid_to.year}"
    return f"{kind} · {validity}"


def _id_card_is_plain(card, today: dt.date) -> bool:
    """A resident's own valid ID card, which every service takes."""
    data = card.data
    return (str(data.kind) not in ID_READER_CARD_LABELS
            and (data.valid_to is None or data.valid_to >= today))


def _ssc_note(card) -> str:
    if card.pin_protected:
        return "需PIN PIN"
    return f"{card.expected.sex} · {card.expected.birth_date.year}"


def keypad_keys(config) -> dict[str, Qt.Key]:
    """The key each of the simulator's keypad keys sends, by action ("enter", "up", ...,
    and the digits "0".."9"): the first key the `[keypad]` section names for the action
    (the one a site's keypad sends); none if it names no key Qt knows."""
    return {digit: key for key, digit in DIGITS.items()} | first_keys(config)


def _key_text(key: Qt.Key) -> str:
    """The text a keyboard sends with the key: a digit, a space; none for Enter, arrows."""
    return chr(key).lower() if 0x20 <= key <= 0x7E else ""


def receipt_text(decoded, columns: int) -> str:
    """A decoded print job as the paper reads: lines aligned within the printer's
    `columns` (for a fixed-pitch font), QR codes named in words."""
    lines = []
    for index, line in enumerate(decoded.lines):
        text = line.strip()
        style = decoded.line_styles[index] if index < len(decoded.line_styles) else None
        room = columns // style.width if style else columns
        spare = max(0, room - display_width(text))
        if not text:
            pass  # a blank line (or one holding only a picture) stays blank
        elif style is not None and style.align == "center":
            text = " " * (spare // 2) + text
        elif style is not None and style.align == "right":
            text = " " * spare + text
        else:
            text = line.rstrip()
        lines.append(text)
    while lines and not lines[-1]:
        lines.pop()
    lines += [f"[二维码 QR: {text}]" for text in decoded.qr_codes]
    if not decoded.cuts:
        lines.append("—— 没有切纸：打印中断 not cut: printing stopped ——")
    return "\n".join(lines)


class DeviceSimulator(QObject):
    """Switches of the kiosk's emulated devices, as properties and slots for QML."""

    changed = Signal()

    def __init__(self, kiosk, kiosk_window: QQuickWindow | None = None,
                 parent: QObject | None = None, *, refresh_ms: int = REFRESH_MS):
        """`kiosk_window` is the kiosk's screen, where the keypad's keys go (without it,
        the simulator has no keypad)."""
        super().__init__(parent)
        missing = {"id_reader", "card_reader", "printer", "camera"} - set(kiosk.emulators)
        if missing:
            raise ValueError(f"the device simulator needs emulated devices; missing: "
                             f"{', '.join(sorted(missing))}")
        self._sam = kiosk.emulators["id_reader"]
        self._slot = kiosk.emulators["card_reader"]
        self._paper = kiosk.emulators["printer"]
        self._camera = kiosk.emulators["camera"]
        self._speaker = kiosk.emulators.get("speaker")  # a real engine has no switches
        self._kiosk_window = kiosk_window
        self._keypad_keys = keypad_keys(kiosk.config.keypad) if kiosk_window is not None else {}
        self._key_sent = ""
        today = dt.date.today()
        # The plain cards first (the first is picked), the ones a service refuses last.
        id_cards = sorted(self._sam.cards.items(),
                          key=lambda kv: not _id_card_is_plain(kv[1], today))
        self._id_cards = [{"key": key, "title": card.data.display_name,
                           "note": _id_card_note(card, today)} for key, card in id_cards]
        self._ssc_cards = [{"key": key, "title": card.expected.name, "note": _ssc_note(card)}
                           for key, card in self._slot.cards.items()]
        self._id_choice = self._id_cards[0]["key"] if self._id_cards else ""
        self._ssc_choice = next((c["key"] for c in self._ssc_cards
                                 if not self._slot.cards[c["key"]].pin_protected), "")
        # What this window put where; the emulators keep it private, and their public
        # switches say whether it is still there.
        self._id_on_reader = ""
        self._ssc_in_slot = ""
        self._ssc_last_seen = False
        self._camera_scene = "desk"
        self._camera_plugged = True
        # How much had come out of the printer when last looked at. The driver sends each
        # job in one write, so what came out since is the latest job.
        self._printed_seen = len(self._paper.printed)
        self._last_receipt = ""
        self._receipt_qr = ""
        self._receipts = 0
        self._snapshot = self._observe()
        self._timer = QTimer(self)
        self._timer.setInterval(refresh_ms)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()

    # -- reading the switches back ---------------------------------------------------

    def _ssc_present(self) -> bool:
        try:
            self._ssc_last_seen = self._slot.card_present()
        except OSError:
            pass  # an unplugged reader can't tell; the card is still where it was
        return self._ssc_last_seen

    def _observe(self) -> tuple:
        if not self._sam.card_present:
            self._id_on_reader = ""
        if not self._ssc_present():
            self._ssc_in_slot = ""
        paper = self._paper
        return (self._id_on_reader, self._sam.card_present, self._sam.plugged,
                self._ssc_in_slot, self._ssc_last_seen, self._slot.plugged,
                self._camera_scene, self._camera_plugged, paper.paper, paper.cover_open,
                paper.offline, paper.unplugged, self._id_choice, self._ssc_choice,
                self._receipts, self._speaker_state(), self._key_sent)

    def _read_paper(self) -> None:
        printed = bytes(self._paper.printed)
        if len(printed) < self._printed_seen:  # the record of the paper was cleared
            self._printed_seen = 0
        if len(printed) == self._printed_seen:
            return
        job, self._printed_seen = printed[self._printed_seen:], len(printed)
        profile = self._paper.printer_profile
        decoded = decode(job, profile.encoding,
                         chinese_mode_default=not profile.chinese_mode_commands)
        self._last_receipt = receipt_text(decoded, profile.columns)
        self._receipt_qr = decoded.qr_codes[-1] if decoded.qr_codes else ""
        self._receipts += 1

    @Slot()
    def refresh(self) -> None:
        """Read the switches and the paper back; tell QML only when something changed."""
        self._read_paper()
        snapshot = self._observe()
        if snapshot != self._snapshot:
            self._snapshot = snapshot
            self.changed.emit()

    def _flipped(self) -> None:
        self._snapshot = self._observe()
        self.changed.emit()

    # -- ID card reader --------------------------------------------------------------

    @Property(list, constant=True)
    def idCards(self) -> list:  # noqa: N802 - QML's naming
        return self._id_cards

    @Property(str, notify=changed)
    def idCard(self) -> str:  # noqa: N802
        """The resident picked for the next "lay card"."""
        return self._id_choice

    @Property(str, notify=changed)
    def idCardOnReader(self) -> str:  # noqa: N802
        return self._id_on_reader

    @Property(bool, notify=changed)
    def idCardPresent(self) -> bool:  # noqa: N802
        """A card lies on the reader (laid here or by anyone else)."""
        return self._sam.card_present

    @Property(bool, notify=changed)
    def idReaderPlugged(self) -> bool:  # noqa: N802
        return self._sam.plugged

    @Property(str, notify=changed)
    def idStatus(self) -> str:  # noqa: N802
        if not self._sam.plugged:
            return "已拔出 unplugged"
        if self._id_on_reader:
            return f"卡上：{self._sam.cards[self._id_on_reader].data.display_name}"
        return "有卡 card on reader" if self._sam.card_present else "没有卡 no card"

    @Slot(str)
    def chooseIdCard(self, key: str) -> None:  # noqa: N802
        if key in self._sam.cards:
            self._id_choice = key
            self._flipped()

    @Slot()
    def layIdCard(self) -> None:  # noqa: N802
        if not self._id_choice:
            return
        self._sam.present_card(self._id_choice)
        self._id_on_reader = self._id_choice
        self._flipped()

    @Slot()
    def liftIdCard(self) -> None:  # noqa: N802
        self._sam.remove_card()
        self._flipped()

    @Slot()
    def pullIdCardMidRead(self) -> None:  # noqa: N802
        """The card is snatched away during the next read (laid first if it isn't)."""
        self._sam.pull_card_mid_read()
        if not self._sam.card_present:
            self.layIdCard()

    @Slot(bool)
    def setIdReaderPlugged(self, plugged: bool) -> None:  # noqa: N802
        self._sam.plug() if plugged else self._sam.unplug()
        self._flipped()

    # -- social security card reader -------------------------------------------------

    @Property(list, constant=True)
    def sscCards(self) -> list:  # noqa: N802
        return self._ssc_cards

    @Property(str, notify=changed)
    def sscCard(self) -> str:  # noqa: N802
        return self._ssc_choice

    @Property(str, notify=changed)
    def sscInserted(self) -> str:  # noqa: N802
        return self._ssc_in_slot

    @Property(bool, notify=changed)
    def sscPresent(self) -> bool:  # noqa: N802
        """A card is in the slot (as last seen while the reader was plugged)."""
        return self._ssc_last_seen

    @Property(bool, notify=changed)
    def cardReaderPlugged(self) -> bool:  # noqa: N802
        return self._slot.plugged

    @Property(str, notify=changed)
    def sscStatus(self) -> str:  # noqa: N802
        if not self._slot.plugged:
            return "已拔出 unplugged"
        if self._ssc_in_slot:
            card = self._slot.cards[self._ssc_in_slot]
            pin = "（需PIN）" if card.pin_protected else ""
            return f"卡槽里：{card.expected.name}{pin}"
        return "有卡 card in slot" if self._ssc_last_seen else "没有卡 no card"

    @Slot(str)
    def chooseSscCard(self, key: str) -> None:  # noqa: N802
        if key in self._slot.cards:
            self._ssc_choice = key
            self._flipped()

    @Slot()
    def insertSsc(self) -> None:  # noqa: N802
        if self._ssc_choice:
            self._insert(self._ssc_choice)

    @Slot()
    def insertPinProtectedSsc(self) -> None:  # noqa: N802
        key = next((k for k, card in self._slot.cards.items() if card.pin_protected), "")
        if key:
            self._ssc_choice = key
            self._insert(key)

    def _insert(self, key: str) -> None:
        self._slot.insert(key)
        self._ssc_in_slot = key
        self._ssc_last_seen = True
        self._flipped()

    @Slot()
    def removeSsc(self) -> None:  # noqa: N802
        self._slot.remove()
        self._ssc_last_seen = False
        self._flipped()

    @Slot(bool)
    def setCardReaderPlugged(self, plugged: bool) -> None:  # noqa: N802
        self._slot.plug() if plugged else self._slot.unplug()
        self._flipped()

    # -- camera ------------------------------------------------------------------------

    @Property(str, notify=changed)
    def cameraScene(self) -> str:  # noqa: N802
        """desk | document | face | eid_qr | receipt_qr"""
        return self._camera_scene

    @Property(bool, notify=changed)
    def cameraPlugged(self) -> bool:  # noqa: N802
        return self._camera_plugged

    @Property(str, constant=True)
    def eIdText(self) -> str:  # noqa: N802
        return DEMO_E_ID_TEXT

    @Property(str, notify=changed)
    def receiptQr(self) -> str:  # noqa: N802
        """What the QR code on the last receipt holds ("" if it had none)."""
        return self._receipt_qr

    @Property(str, notify=changed)
    def cameraStatus(self) -> str:  # noqa: N802
        if not self._camera_plugged:
            return "已拔出 unplugged"
        return f"镜头下：{CAMERA_SCENES[self._camera_scene]}"

    def _show(self, scene: str, show) -> None:
        show()
        self._camera_scene = scene
        self._flipped()

    @Slot()
    def showEidQr(self) -> None:  # noqa: N802
        self._show("eid_qr", lambda: self._camera.show_qr(DEMO_E_ID_TEXT))

    @Slot()
    def showReceiptQr(self) -> None:  # noqa: N802
        if self._receipt_qr:
            self._show("receipt_qr", lambda: self._camera.show_qr(self._receipt_qr))

    @Slot()
    def showDocument(self) -> None:  # noqa: N802
        self._show("document", self._camera.show_document)

    @Slot()
    def showEmptyDesk(self) -> None:  # noqa: N802
        self._show("desk", self._camera.show_empty_desk)

    @Slot()
    def showFace(self) -> None:  # noqa: N802
        self._show("face", self._camera.show_face)

    @Slot(bool)
    def setCameraPlugged(self, plugged: bool) -> None:  # noqa: N802
        self._camera.plug() if plugged else self._camera.unplug()
        self._camera_plugged = plugged
        self._flipped()

    # -- printer -----------------------------------------------------------------------

    @Property(str, notify=changed)
    def printerPaper(self) -> str:  # noqa: N802
        """ok | near_end | out"""
        return self._paper.paper

    @Property(bool, notify=changed)
    def printerCoverOpen(self) -> bool:  # noqa: N802
        return self._paper.cover_open

    @Property(bool, notify=changed)
    def printerOffline(self) -> bool:  # noqa: N802
        return self._paper.offline

    @Property(bool, notify=changed)
    def printerPlugged(self) -> bool:  # noqa: N802
        return not self._paper.unplugged

    @Property(str, notify=changed)
    def printerStatus(self) -> str:  # noqa: N802
        paper = self._paper
        if paper.unplugged:
            return "已拔出 unplugged"
        problems = [label for on, label in (
            (paper.paper != "ok", PAPER_PROBLEMS.get(paper.paper)),
            (paper.cover_open, ("盖子开着", "cover open")),
            (paper.offline, ("离线", "offline")),
        ) if on]
        if not problems:
            return "就绪 ready"
        if len(problems) == 1:
            return " ".join(problems[0])
        return " · ".join(chinese for chinese, _ in problems)

    @Slot(str)
    def setPaper(self, state: str) -> None:  # noqa: N802
        if state not in PAPER_STATES:
            log.warning("no paper state %r", state)
            return
        self._paper.paper = state
        self._flipped()

    @Slot(bool)
    def setCoverOpen(self, is_open: bool) -> None:  # noqa: N802
        self._paper.cover_open = is_open
        self._flipped()

    @Slot(bool)
    def setPrinterOffline(self, offline: bool) -> None:  # noqa: N802
        self._paper.offline = offline
        self._flipped()

    @Slot(bool)
    def setPrinterPlugged(self, plugged: bool) -> None:  # noqa: N802
        self._paper.unplugged = not plugged
        self._flipped()

    # -- speaker -----------------------------------------------------------------------

    def _speaker_state(self) -> tuple:
        speaker = self._speaker
        if speaker is None:
            return ()
        return (speaker.output(), speaker.fault, len(speaker.utterances), speaker.speaking)

    @Property(bool, constant=True)
    def hasSpeaker(self) -> bool:  # noqa: N802
        return self._speaker is not None

    @Property(bool, notify=changed)
    def headsetPlugged(self) -> bool:  # noqa: N802
        return self._speaker is not None and self._speaker.output() is Output.HEADSET

    @Property(str, notify=changed)
    def speakerFault(self) -> str:  # noqa: N802
        """Empty, "crash" or "hang": the fault the engine is made to have."""
        return self._speaker.fault if self._speaker is not None else ""

    @Property(str, notify=changed)
    def speakerStatus(self) -> str:  # noqa: N802
        if self._speaker is None:
            return "真实语音引擎 real engine"
        fault = {"crash": "引擎崩溃 crashed", "hang": "引擎卡住 hung"}.get(self._speaker.fault)
        where = "耳机 headset" if self.headsetPlugged else "扬声器 loudspeaker"
        return fault or (f"正在说（{where}）speaking" if self._speaker.speaking
                         else f"安静（{where}）quiet")

    @Property(str, notify=changed)
    def lastUtterance(self) -> str:  # noqa: N802
        """What the kiosk said last, as the engine was given it."""
        utterances = self._speaker.utterances if self._speaker is not None else []
        return utterances[-1].text if utterances else ""

    @Slot(bool)
    def setHeadsetPlugged(self, plugged: bool) -> None:  # noqa: N802
        if self._speaker is not None:
            self._speaker.plug_headset(plugged)
            self._flipped()

    @Slot(str)
    def setSpeakerFault(self, fault: str) -> None:  # noqa: N802
        if self._speaker is not None:
            self._speaker.fail(fault)
            self._flipped()

    # -- tactile keypad ---------------------------------------------------------------

    @Property(bool, constant=True)
    def hasKeypad(self) -> bool:  # noqa: N802
        return self._kiosk_window is not None

    @Property(list, constant=True)
    def keypadActions(self) -> list:  # noqa: N802
        """The keypad's keys that send something ("enter", "up", ..., "0".."9")."""
        return list(self._keypad_keys)

    @Property(str, notify=changed)
    def keypadStatus(self) -> str:  # noqa: N802
        return f"发出 {self._key_sent}" if self._key_sent else ""

    @Slot(str)
    def pressKey(self, action: str) -> None:  # noqa: N802
        """Press and release the key `action` is on, on the kiosk's window: its keypad
        filter sees it there first, as it does a cabled keypad's key.

        Qt gives the keypad's focus only in the active window, and on a desktop the
        window last clicked is active: the kiosk's is asked to be (the simulator's own
        never takes the focus, see DeviceSimulator.qml). A key that arrives before the
        kiosk's window is active still moves the focus, which shows once it is."""
        key = self._keypad_keys.get(action)
        if key is None or not shiboken6.isValid(self._kiosk_window):
            return
        if not self._kiosk_window.isActive():
            self._kiosk_window.requestActivate()
        text = _key_text(key)
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text)
            QGuiApplication.sendEvent(self._kiosk_window, event)
        self._key_sent = key.name.removeprefix("Key_")
        self._flipped()

    # -- the paper that came out -------------------------------------------------------

    @Property(str, notify=changed)
    def lastReceipt(self) -> str:  # noqa: N802
        return self._last_receipt

    @Property(int, notify=changed)
    def receiptCount(self) -> int:  # noqa: N802
        """How many times paper came out since the window opened."""
        return self._receipts

    @Property(str, notify=changed)
    def receiptStatus(self) -> str:  # noqa: N802
        return f"已出纸 {self._receipts} 次" if self._receipts else "还没有出纸"

    @Slot()
    def stop(self) -> None:
        """Stop reading the switches back (the kiosk's screens are gone)."""
        self._timer.stop()


def open_device_simulator(engine: QQmlApplicationEngine, kiosk,
                          kiosk_window: QQuickWindow | None = None) -> QQuickWindow:
    """Open the simulator window for `kiosk`'s emulated devices, in the kiosk's engine;
    its keypad's keys go to `kiosk_window` (the kiosk's screen).

    The window belongs to the caller, who closes it (before or after the kiosk's
    screens) and may delete it; the simulator object is the window's child. A window
    that outlives the engine stays as it was: its bindings and its timer stop.
    """
    simulator = DeviceSimulator(kiosk, kiosk_window)
    component = QQmlComponent(engine, QUrl.fromLocalFile(str(SIMULATOR_QML)))
    window = component.createWithInitialProperties({"simulator": simulator})
    if window is None:
        simulator.deleteLater()
        raise RuntimeError(f"the device simulator failed to load: {component.errorString()}")
    simulator.setParent(window)
    component.setParent(window)
    engine.destroyed.connect(simulator.stop)
    _delete_at_exit(window)
    return window


_left_open: list[QQuickWindow] = []


def _delete_at_exit(window: QQuickWindow) -> None:
    """Delete the window at interpreter exit if its owner has not: one left alive while
    Qt tears the application down makes Qt print a warning on the way out."""
    if not _left_open:
        atexit.register(_delete_left_open)
    _left_open.append(window)
    window.destroyed.connect(lambda: _left_open.remove(window) if window in _left_open else None)


def _delete_left_open() -> None:
    if QGuiApplication.instance() is None:
        return  # too late to delete windows safely; the process is ending anyway
    while _left_open:
        window = _left_open.pop()
        if shiboken6.isValid(window):
            shiboken6.delete(window)
