"""The device simulator window of `kiosk --demo`, pressed with a mouse like a demonstrator.

Each test taps the simulator's buttons at their centres (ui/rehearsal/driver.py's ScreenDriver,
which refuses hidden, covered or off-window buttons), then checks what the kiosk itself
finds through its real drivers: the card its poll reads, the printer status it asks
for, the QR code in the frame it grabs. Any Qt or QML warning fails the test.
"""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtQml import QQmlApplicationEngine
from PySide6.QtQuick import QQuickItem

from drivers.base import DeviceState
from drivers.camera.document_capture import detect_document
from drivers.camera.qr import decode_qr
from kiosk.app import Kiosk
from kiosk.config import KeypadConfig, KioskConfig
from kiosk.demo import pick_demo_service, sample_answer
from kiosk.journeys import StepKind
from tests.ui.fixtures import (
    PHONE,
    WANG,
    WANG_NAME,
    descendants,
    open_apply_service,
    to_first_question,
)
from ui.rehearsal.driver import ScreenDriver
from ui.rehearsal.simulator import DEMO_E_ID_TEXT, DeviceSimulator, open_device_simulator

LI_NAME = "李建国"


def delete_now(obj) -> None:
    obj.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


class SimulatorWindow:
    """The simulator window, a mouse on it, and what it shows."""

    def __init__(self, window):
        self.window = window
        self.driver = ScreenDriver(window)
        self.vm = window.findChild(DeviceSimulator)
        self.driver.wait_for_frame()

    def tap(self, name: str) -> None:
        self.driver.tap(name)
        self.driver.wait_for_frame()

    def item(self, name: str) -> QQuickItem:
        item = self.window.findChild(QQuickItem, name)
        assert item is not None, f"no '{name}' in the simulator"
        return item

    def status(self, section: str) -> str:
        """The status line a section shows next to its title."""
        found = [i for i in descendants(self.item(section)) if i.objectName() == "status"]
        return found[0].property("text")

    def selected(self, name: str) -> bool:
        return bool(self.driver.find(name).property("selected"))

    def warns(self, name: str) -> bool:
        return bool(self.driver.find(name).property("warning"))

    def receipt(self) -> str:
        return self.item("receipt-text").property("text")

    def close(self) -> None:
        if shiboken6.isValid(self.window):
            self.window.close()
            delete_now(self.window)


@pytest.fixture
def kiosk(tmp_path):
    kiosk = Kiosk(KioskConfig(), tmp_path / "data")
    yield kiosk
    kiosk.close()


@pytest.fixture
def simulator(qapp, kiosk):
    """The simulator on an engine of its own, over a kiosk without screens."""
    engine = QQmlApplicationEngine()
    sim = SimulatorWindow(open_device_simulator(engine, kiosk))
    yield sim
    sim.close()
    delete_now(engine)


@pytest.fixture
def beside_terminal(make_terminal):
    """Make a terminal and its simulator as `kiosk --demo` opens them: in the kiosk
    screens' engine, the keypad's keys going to the kiosk's window."""
    opened: list[SimulatorWindow] = []

    def make(**terminal_options):
        t = make_terminal(**terminal_options)
        opened.append(SimulatorWindow(open_device_simulator(t.screens.engine, t.kiosk,
                                                            t.window)))
        return t, opened[-1]

    yield make
    for sim in opened:
        sim.close()


def poll_until(kiosk: Kiosk, wanted, tries: int = 10) -> list:
    """Poll the card readers as the kiosk's polling thread does, until `wanted` shows."""
    seen = []
    for _ in range(tries):
        events = kiosk.poll_cards()
        seen += events
        if wanted in events:
            return seen
    raise AssertionError(f"{wanted} never came; polls gave {seen}")


def identifying_journey(kiosk: Kiosk):
    """An apply journey at its identify step, waiting for a card."""
    journey = kiosk.start("apply", pick_demo_service(kiosk).code)
    journey.next()  # past the service guide
    return journey


# -- the window ----------------------------------------------------------------------


def test_window_opens_titled_with_every_device_in_reach(simulator):
    window = simulator.window
    assert window.isVisible()
    assert window.title() == "设备模拟器 Device simulator"
    assert (window.width(), window.height()) == (420, 900)
    for section in ("section-id-reader", "section-card-reader", "section-camera",
                    "section-printer", "section-speaker", "section-receipt"):
        assert simulator.item(section).isVisible()
    names = simulator.driver.control_names()
    expected = {"id-lay", "id-pull", "id-unplug", "ssc-insert", "ssc-pin", "ssc-unplug",
                "camera-eid", "camera-document", "camera-desk", "camera-face",
                "camera-unplug", "paper-ok", "paper-near-end", "paper-out", "printer-cover",
                "printer-offline", "printer-unplug", "headset", "speaker-crash",
                "speaker-hang"}
    assert expected <= set(names)
    # Every sample resident's card is there to pick.
    kiosk_cards = simulator.vm.idCards
    assert {f"id-card-{c['key']}" for c in kiosk_cards} <= set(names)
    assert len(kiosk_cards) == 7
    # The permits and foreigners' cards say what they are, and which one has expired.
    notes = {c["key"]: c["note"] for c in kiosk_cards}
    assert notes["chen_jiaxin_residence_permit"] == "港澳台 · 至2029"
    assert notes["lin_zhiwei_residence_permit_expired"] == "港澳台 · 已过期"
    assert notes["smith_john_permanent_residence_2017"] == "永居17 · 至2029"
    assert notes["mueller_anna_permanent_residence_2023"] == "永居23 · 至2034"
    # Nothing needs lifting before it is there: no card, so nothing to lift or remove.
    assert "id-lift" not in names and "ssc-remove" not in names
    # And no button is outside the window or under another.
    for name in names:
        assert simulator.driver.problem(simulator.driver.find(name), name) is None


@pytest.mark.parametrize("beside_the_kiosk", [False, True], ids=["alone", "with-keypad"])
def test_every_label_fits_and_the_screenshot_is_readable(beside_the_kiosk, request, tmp_path):
    if beside_the_kiosk:  # as `kiosk --demo` opens it: with the keypad's column
        t, simulator = request.getfixturevalue("beside_terminal")()
        kiosk = t.kiosk
        assert simulator.item("section-keypad").isVisible()
    else:
        simulator = request.getfixturevalue("simulator")
        kiosk = request.getfixturevalue("kiosk")
    kiosk.print_checklist(pick_demo_service(kiosk))
    simulator.vm.refresh()
    simulator.driver.wait_for_frame()
    texts = [i for i in descendants(simulator.window.contentItem())
             if i.inherits("QQuickText") and i.isVisible() and i.property("text")]
    assert any("身份证读卡器" in t.property("text") for t in texts)
    elided = [t.property("text") for t in texts if t.property("truncated")]
    assert not elided, f"labels cut short: {elided}"
    for text in texts:  # inside the window, left to right and top to bottom
        corner = text.mapToScene(text.boundingRect().bottomRight())
        if text.objectName() != "receipt-text":  # the receipt scrolls in its own area
            assert corner.x() <= simulator.window.width() and \
                corner.y() <= simulator.window.height(), text.property("text")
    image = simulator.window.grabWindow()
    path = tmp_path / "device-simulator.png"
    assert image.save(str(path))
    assert image.width() >= 420 and image.height() >= 900
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7)
               for y in range(0, image.height(), 7)}
    assert len(colours) > 20  # drawn, not a blank window


# -- ID card reader --------------------------------------------------------------------


def test_lay_card_is_read_by_the_kiosk_as_the_chosen_resident(simulator, kiosk):
    sam = kiosk.emulators["id_reader"]
    journey = identifying_journey(kiosk)
    simulator.tap(f"id-card-{WANG}")
    assert simulator.selected(f"id-card-{WANG}")
    simulator.tap("id-lay")
    assert sam.card_present
    assert simulator.status("section-id-reader") == f"卡上：{WANG_NAME}"
    poll_until(kiosk, ("id_reader", "read"))
    assert journey.identity.name == WANG_NAME
    assert journey.step.kind is not StepKind.IDENTIFY

    simulator.tap("id-lift")
    assert not sam.card_present
    assert simulator.status("section-id-reader") == "没有卡 no card"
    poll_until(kiosk, ("id_reader", "removed"))


def test_unplugged_id_reader_reads_nothing_until_plugged_back(simulator, kiosk):
    identifying_journey(kiosk)
    simulator.tap("id-unplug")
    assert simulator.warns("id-unplug")
    assert simulator.status("section-id-reader") == "已拔出 unplugged"
    simulator.tap("id-lay")
    assert kiosk.poll_cards() == []
    assert kiosk.devices.state("id_reader") is DeviceState.NO_DEVICE
    simulator.tap("id-unplug")  # now "插回 Plug in"
    assert not simulator.warns("id-unplug")
    poll_until(kiosk, ("id_reader", "read"))


def test_card_pulled_mid_read_is_not_taken_as_read(simulator, kiosk):
    journey = identifying_journey(kiosk)
    simulator.tap(f"id-card-{WANG}")
    simulator.tap("id-pull")  # lays the card; it goes during the read
    for _ in range(5):
        kiosk.poll_cards()
    assert journey.identity is None
    assert not kiosk.emulators["id_reader"].card_present
    simulator.vm.refresh()
    simulator.driver.wait_for_frame()
    assert simulator.status("section-id-reader") == "没有卡 no card"


def test_card_laid_by_another_hand_can_be_lifted_here(simulator, kiosk, qtbot):
    kiosk.emulators["id_reader"].present_card(WANG)  # as tests and the headless demo do
    qtbot.waitUntil(lambda: "id-lift" in simulator.driver.control_names(), timeout=2000)
    assert simulator.status("section-id-reader") == "有卡 card on reader"
    simulator.tap("id-lift")
    assert not kiosk.emulators["id_reader"].card_present


# -- social security card ----------------------------------------------------------------


def test_social_security_card_insert_and_remove(simulator, kiosk):
    slot = kiosk.emulators["card_reader"]
    journey = identifying_journey(kiosk)
    simulator.tap("ssc-card-li_jianguo")
    simulator.tap("ssc-insert")
    assert slot.card_present()
    assert simulator.status("section-card-reader") == f"卡槽里：{LI_NAME}"
    poll_until(kiosk, ("card_reader", "read"))
    assert journey.identity.name == LI_NAME
    simulator.tap("ssc-remove")
    assert not slot.card_present()
    poll_until(kiosk, ("card_reader", "removed"))


def test_pin_protected_card_goes_in_and_cannot_be_read(simulator, kiosk):
    slot = kiosk.emulators["card_reader"]
    journey = identifying_journey(kiosk)
    simulator.tap("ssc-pin")
    assert slot.card_present()
    assert "需PIN" in simulator.status("section-card-reader")
    for _ in range(3):
        kiosk.poll_cards()
    assert journey.identity is None  # the holder file is behind a PIN


def test_unplugged_card_reader_is_reported_by_the_kiosk(simulator, kiosk):
    simulator.tap("ssc-unplug")
    assert not kiosk.emulators["card_reader"].plugged
    assert kiosk.devices.state("card_reader") is DeviceState.NO_DEVICE
    simulator.tap("ssc-unplug")
    assert kiosk.devices.state("card_reader").can_serve


# -- camera ------------------------------------------------------------------------------


def test_phone_with_e_id_qr_is_seen_by_the_kiosk_camera(simulator, kiosk):
    simulator.tap("camera-eid")
    assert simulator.selected("camera-eid")
    assert decode_qr(kiosk.camera_frame()) == [DEMO_E_ID_TEXT]


def test_camera_scenes_and_unplugging(simulator, kiosk):
    simulator.tap("camera-document")
    assert simulator.selected("camera-document") and not simulator.selected("camera-desk")
    assert detect_document(kiosk.camera_frame()) is not None
    simulator.tap("camera-desk")
    assert detect_document(kiosk.camera_frame()) is None
    simulator.tap("camera-unplug")
    assert simulator.status("section-camera") == "已拔出 unplugged"
    assert kiosk.camera_frame() is None
    simulator.tap("camera-unplug")
    assert kiosk.camera_frame() is not None


# -- printer -----------------------------------------------------------------------------


def test_paper_states_are_what_the_kiosk_reads_from_the_printer(simulator, kiosk):
    simulator.tap("paper-out")
    assert simulator.warns("paper-out") and not simulator.selected("paper-ok")
    assert kiosk.devices.state("printer") is DeviceState.PAPER_OUT
    assert simulator.status("section-printer") == "缺纸 paper out"
    simulator.tap("paper-near-end")
    assert kiosk.devices.state("printer") is DeviceState.PAPER_NEAR_END
    simulator.tap("paper-ok")
    assert simulator.selected("paper-ok")
    assert kiosk.devices.state("printer") is DeviceState.READY
    simulator.tap("paper-out")  # and the resident is told why there is no paper
    outcome = kiosk.print_checklist(pick_demo_service(kiosk))
    assert not outcome.printed and "缺纸" in outcome.message


def test_cover_offline_and_unplugged_printer(simulator, kiosk):
    simulator.tap("printer-cover")
    assert kiosk.devices.state("printer") is DeviceState.COVER_OPEN
    simulator.tap("printer-cover")
    simulator.tap("printer-offline")
    assert kiosk.devices.state("printer") is DeviceState.NO_DEVICE
    simulator.tap("printer-offline")
    simulator.tap("printer-unplug")
    assert simulator.status("section-printer") == "已拔出 unplugged"
    assert kiosk.devices.state("printer") is DeviceState.NO_DEVICE
    simulator.tap("printer-unplug")
    assert kiosk.devices.state("printer") is DeviceState.READY


def test_paper_running_out_mid_receipt_shows_in_the_window(simulator, kiosk, qtbot):
    """Nobody pressed a button: the roll ran out while printing, and the window follows."""
    kiosk.emulators["printer"].run_out_after_bytes = 300
    kiosk.print_checklist(pick_demo_service(kiosk))
    qtbot.waitUntil(lambda: simulator.warns("paper-out"), timeout=2000)
    qtbot.waitUntil(lambda: "没有切纸" in simulator.receipt(), timeout=2000)
    assert simulator.receipt().lstrip().startswith("办事材料清单")  # centred, as on paper
    assert simulator.status("section-printer") == "缺纸 paper out"


def test_last_receipt_is_shown_and_its_qr_can_be_held_to_the_camera(simulator, kiosk, qtbot):
    assert "Nothing printed yet" in simulator.receipt()
    assert "camera-receipt-qr" not in simulator.driver.control_names()  # no receipt yet
    journey = identifying_journey(kiosk)
    simulator.tap(f"id-card-{WANG}")
    simulator.tap("id-lay")
    poll_until(kiosk, ("id_reader", "read"))
    while journey.step.kind is StepKind.QUESTION:
        assert journey.answer(sample_answer(journey.step.field)) is None
    simulator.tap("camera-document")
    while journey.step.kind is StepKind.MATERIAL:
        journey.capture(kiosk.camera_frame())
        journey.accept_capture()
    confirmation = journey.submit()
    assert kiosk.print_receipt(journey).printed

    tracking = confirmation.tracking_number
    qtbot.waitUntil(lambda: tracking in simulator.receipt(), timeout=2000)
    simulator.driver.wait_for_frame()
    shown = simulator.receipt()
    assert "受理回执" in shown
    assert "王*兰" in shown and WANG_NAME not in shown  # masked on paper, as printed
    assert f"[二维码 QR: {tracking}]" in shown
    assert simulator.status("section-receipt") == "已出纸 1 次"

    simulator.tap("camera-receipt-qr")
    assert decode_qr(kiosk.camera_frame()) == [tracking]

    kiosk.print_checklist(pick_demo_service(kiosk))  # the next paper replaces it
    qtbot.waitUntil(lambda: "办事材料清单" in simulator.receipt(), timeout=2000)
    assert tracking not in simulator.receipt()


# -- with the kiosk's screens, as `kiosk --demo` runs it ------------------------------------


def test_lay_card_in_the_simulator_moves_the_kiosk_screen_on(make_terminal):
    t = make_terminal(start=True)  # the bridge's polling thread reads the readers
    sim = SimulatorWindow(open_device_simulator(t.screens.engine, t.kiosk))
    try:
        open_apply_service(t)
        t.tap("primary")
        assert t.screen == "identify"
        sim.tap(f"id-card-{WANG}")
        sim.tap("id-lay")
        t.wait_until(lambda: t.screen == "question", "the kiosk to read the card")
        assert t.kiosk.session.identity.name == WANG_NAME
    finally:
        sim.close()


def test_simulator_outlives_the_kiosk_screens_quietly(make_terminal):
    """`kiosk --demo` closes the screens (and their engine) first, then the simulator."""
    t = make_terminal()
    window = open_device_simulator(t.screens.engine, t.kiosk)
    ScreenDriver(window).wait_for_frame()
    t.close()
    window.close()
    delete_now(window)


def test_a_kiosk_with_real_devices_has_nothing_to_simulate(qapp, kiosk):
    kiosk.emulators = {}
    engine = QQmlApplicationEngine()
    try:
        with pytest.raises(ValueError, match="emulated devices"):
            open_device_simulator(engine, kiosk)
    finally:
        delete_now(engine)


def test_headset_and_engine_faults_are_what_the_kiosk_finds(simulator, kiosk, qtbot):
    """The headset button is the jack the kiosk's voice listens to; the engine's faults
    are what the kiosk's speaker reports; what the kiosk says shows in the window."""
    from drivers.speaker.protocol import Output
    from kiosk.voice import Speech

    simulator.tap("headset")
    qtbot.waitUntil(lambda: kiosk.voice.output is Output.HEADSET, timeout=2000)
    assert simulator.selected("headset")
    kiosk.voice.turn_on()
    kiosk.voice.say(Speech("请刷身份证或社保卡"), "zh_CN")
    qtbot.waitUntil(lambda: "请刷身份证" in simulator.item("last-utterance").property("text"),
                    timeout=2000)
    assert "（耳机 headset）" in simulator.status("section-speaker")
    simulator.tap("headset")
    qtbot.waitUntil(lambda: kiosk.voice.output is Output.LOUDSPEAKER, timeout=2000)

    simulator.tap("speaker-crash")
    assert kiosk.devices.state("speaker") is DeviceState.HARDWARE_ERROR
    assert simulator.warns("speaker-crash")
    simulator.tap("speaker-crash")
    assert kiosk.devices.state("speaker") is DeviceState.READY


# -- the tactile keypad ------------------------------------------------------------------


def walk_to(t, sim: SimulatorWindow, name: str) -> None:
    """The simulator's ▼ until the kiosk's keypad focus is on the control `name`."""
    for _ in range(len(t.screens.keypad.controls())):
        sim.tap("keypad-down")
        focused = t.screens.keypad._focused()
        if focused is not None and focused.objectName() == name:
            return
    raise AssertionError(f"▼ never reached '{name}' on the kiosk")


def test_the_simulators_keypad_walks_and_presses_the_kiosks_controls(beside_terminal):
    t, sim = beside_terminal()
    assert t.screen == "home"
    # The simulator opened last and is the active window, as the window a demonstrator
    # clicks on a desktop is; Qt gives the keypad's focus only in the active window.
    assert sim.window.isActive() and not t.window.isActive()
    controls = t.screens.keypad.controls()
    sim.tap("keypad-down")
    assert t.screens.keypad._focused() is controls[0]  # the kiosk's keypad focus moved
    walk_to(t, sim, "tile-apply")
    sim.tap("keypad-up")
    sim.tap("keypad-down")
    sim.tap("keypad-enter")
    t.frame()
    assert t.screen == "services"  # pressed: the kiosk left home for the tile's list
    assert sim.status("section-keypad") == "发出 Return"
    sim.tap("keypad-back")
    t.frame()
    assert t.screen == "home"


def test_the_simulators_digits_type_into_the_kiosks_digit_pad(beside_terminal):
    t, sim = beside_terminal()
    to_first_question(t)
    assert t.journey.fieldType == "phone"
    for digit in PHONE[:3]:
        sim.tap(f"keypad-{digit}")
    t.frame()
    assert t.journey.fieldValue.replace(" ", "") == PHONE[:3]
    sim.tap("keypad-clear")
    t.frame()
    assert t.journey.fieldValue.replace(" ", "") == PHONE[:2]


def test_the_simulators_help_and_volume_keys_reach_the_kiosks_voice(beside_terminal):
    t, sim = beside_terminal()
    assert not t.kiosk.voice.on
    sim.tap("keypad-help")
    assert t.kiosk.voice.on
    step = t.kiosk.voice.volume_step
    sim.tap("keypad-louder")
    assert t.kiosk.voice.volume_step == step + 1
    sim.tap("keypad-quieter")
    assert t.kiosk.voice.volume_step == step


def test_a_remapped_keypad_works_from_the_simulator(beside_terminal):
    """A site whose keypad sends PageDown for down and Space for Enter: the simulator's
    keys send those (the first key the configuration names), as that keypad would."""
    keypad = KeypadConfig(enter="Space Return", down="PageDown")  # Down does nothing
    t, sim = beside_terminal(config=KioskConfig(keypad=keypad))
    walk_to(t, sim, "tile-apply")
    sim.tap("keypad-enter")
    t.frame()
    assert t.screen == "services"
    assert sim.status("section-keypad") == "发出 Space"


def test_without_the_kiosks_window_there_is_no_keypad(simulator):
    """The simulator over a kiosk without screens: no window for the keys to go to."""
    assert not simulator.item("section-keypad").isVisible()
    assert not any(n.startswith("keypad-") for n in simulator.driver.control_names())
