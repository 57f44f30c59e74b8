"""The whole kiosk with its real drivers on real transports: the card rules of the
session (reminder, nothing left behind for the next resident) on the removal events a
GA 467 module gives over a serial line, and a reader pulled out and plugged back."""

from __future__ import annotations

import time

import pytest

from drivers.base import DeviceState
from drivers.id_reader.emulator import SamModuleEmulator, load_cards
from drivers.id_reader.pty_emulator import PtySamModule
from kiosk.app import Kiosk
from kiosk.config import KioskConfig
from tests.e2e.conftest import FIXED_NOW


@pytest.fixture
def terminal(tmp_path):
    module = SamModuleEmulator(load_cards())
    with PtySamModule(module, module_delay_s=0.005, link=tmp_path / "id-reader") as sam:
        config = KioskConfig()
        config.devices["id_reader"].driver = "ga467"
        config.devices["id_reader"].port = sam.port
        config.devices["id_reader"].answer_timeout_ms = 200
        kiosk = Kiosk(config, tmp_path / "data", now=lambda: FIXED_NOW)
        try:
            yield kiosk, module, sam
        finally:
            kiosk.close()


def poll_until(kiosk, what, seconds=5.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if ("id_reader", what) in kiosk.poll_cards():
            return True
    return False


def test_the_card_read_over_the_line_identifies_and_its_removal_ends_the_visit(terminal):
    kiosk, module, _ = terminal
    assert "id_reader" not in kiosk.emulators  # the real driver, not the in-process one
    item = next(i for i in kiosk.catalogue.items if i.journey.value == "apply"
                and "id_card" in {p.value for p in i.identity_proofs})
    kiosk.start_service(item)
    module.present_card("wang_xiulan")
    assert poll_until(kiosk, "read")
    assert kiosk.session.identity is not None and kiosk.session.identity.is_proof
    assert kiosk.poll_cards() == []  # lying there: not read again

    reminders = kiosk.finish()
    assert "请取走您的卡片。" in [str(r) for r in reminders]
    assert kiosk.session.identity is not None  # waits for the card to be taken
    module.remove_card()
    assert poll_until(kiosk, "removed")
    assert kiosk.session.identity is None and kiosk.session.journey is None


def test_a_reader_pulled_out_and_plugged_back_serves_the_next_resident(terminal):
    kiosk, module, sam = terminal
    sam.unplug()
    kiosk.poll_cards()  # a poll meets the dead port
    health = {h.kind: h for h in kiosk.devices.health()}
    assert health["id_reader"].state is DeviceState.NO_DEVICE
    sam.plug()
    module.present_card("li_jianguo")
    item = next(i for i in kiosk.catalogue.items if i.journey.value == "apply"
                and "id_card" in {p.value for p in i.identity_proofs})
    kiosk.start_service(item)
    assert poll_until(kiosk, "read", seconds=10)  # after the reconnect delay
    assert kiosk.session.identity is not None
