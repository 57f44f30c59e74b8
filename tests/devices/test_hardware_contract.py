"""The device contract against a terminal's real hardware, when a technician asks for it.

    KIOSK_HARDWARE_CONFIG=/etc/kiosk/kiosk.toml .venv/bin/python -m pytest \
        tests/devices/test_hardware_contract.py

Every other device test runs against the emulators over the real transports; these run
the parts of the same contract that need no emulator switch (health, identity of the
module, status, a frame) against whatever the configuration names. Without the variable
they are skipped, saying so.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from drivers.base import DeviceState
from kiosk.config import load_config
from kiosk.wiring import build_devices

CONFIG = os.environ.get("KIOSK_HARDWARE_CONFIG")
pytestmark = pytest.mark.skipif(
    not CONFIG, reason="real hardware: set KIOSK_HARDWARE_CONFIG to a terminal's config file")


@pytest.fixture(scope="module")
def devices():
    config = load_config(Path(CONFIG))
    built, _ = build_devices(config)
    real = {kind: d for kind, d in built.items() if config.devices[kind].driver != "emulated"}
    yield real
    for device in built.values():
        device.close()


def need(devices, kind):
    if kind not in devices:
        pytest.skip(f"[devices.{kind}] is emulated in {CONFIG}")
    return devices[kind]


def test_id_reader_module_answers_and_names_itself(devices):
    reader = need(devices, "id_reader")
    assert reader.sam_status() is DeviceState.READY
    assert len(reader.sam_id().split("-")) == 4
    assert reader.poll() is None or reader.state().can_serve


def test_card_reader_is_there(devices):
    reader = need(devices, "card_reader")
    assert reader.health().state in (DeviceState.NO_CARD, DeviceState.CARD_PRESENT)


def test_printer_answers_status(devices):
    printer = need(devices, "printer")
    assert printer.status() is not DeviceState.UNKNOWN, "the printer did not answer DLE EOT"


def test_camera_gives_frames(devices):
    camera = need(devices, "camera")
    camera.open()
    try:
        frame = camera.read_frame()
        assert frame is not None and frame.ndim == 3
    finally:
        camera.close()
