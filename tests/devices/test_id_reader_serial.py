"""The ID card reader on a serial port: what the pty adds to the contract suite in
test_id_reader.py (which runs every case over the pty too). A reader that is missing at
start, a module set to another speed, the emulator as a technician runs it, and a
parser that survives any bytes a line can bring.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.base import DeviceError, DeviceState
from drivers.id_reader.emulator import SamModuleEmulator, load_cards
from drivers.id_reader.ga467 import (
    MODULE_LEN_MAX,
    MODULE_LEN_MIN,
    PREAMBLE,
    FrameReader,
    build_answer,
    build_read_answer_data,
    decode_text_block,
    split_read_answer,
)
from drivers.id_reader.protocol import CardRead
from drivers.id_reader.pty_emulator import PtySamModule, wire_seconds
from drivers.id_reader.serial_port import SerialTransport, open_serial_id_reader

ROOT = Path(__file__).resolve().parents[2]


def test_a_reader_missing_at_start_is_no_device_then_works_once_plugged(tmp_path):
    link = tmp_path / "id-reader"
    reader = open_serial_id_reader(str(link), answer_timeout_s=0.2)  # never raises
    try:
        assert reader.health().state is DeviceState.NO_DEVICE
        with pytest.raises(DeviceError) as caught:
            reader.poll()
        assert caught.value.state is DeviceState.NO_DEVICE
        reader._transport._next_attempt = 0.0  # the technician plugs it in; skip the wait
        with PtySamModule(SamModuleEmulator(load_cards()), link=link) as sam:
            sam.module.present_card("li_jianguo")
            event = reader.poll()
            assert isinstance(event, CardRead)
            assert event.data.name == "李建国"
    finally:
        reader.close()


def test_a_module_set_to_another_speed_is_found_by_probing(tmp_path):
    module = SamModuleEmulator(load_cards())
    with PtySamModule(module, baudrate=57600, link=tmp_path / "id-reader") as sam:
        plain = open_serial_id_reader(sam.port, 115200, answer_timeout_s=0.1)
        assert plain.health().state is DeviceState.UNKNOWN  # silence at the wrong speed
        plain.close()

        probed = open_serial_id_reader(sam.port, 115200, probe_baudrates=True,
                                       answer_timeout_s=0.1)
        try:
            assert probed._transport.baudrate == 57600
            module.present_card("wang_xiulan")
            event = probed.poll()
            assert isinstance(event, CardRead) and event.data.name == "王秀兰"
        finally:
            probed.close()


class PacingClock:
    """Time that passes only when the emulator sleeps: what it waited is its schedule."""

    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def test_answers_are_paced_at_the_line_speed_after_the_module_delay(tmp_path):
    """The pty does not care for baud; the emulator does, so timings over it mean
    something: each answer waits the module delay, then goes out no faster than the line."""
    clock = PacingClock()
    module = SamModuleEmulator(load_cards())
    with PtySamModule(module, baudrate=9600, module_delay_s=0.02, link=tmp_path / "id-reader",
                      clock=clock, sleep=clock.sleep) as sam:
        reader = open_serial_id_reader(sam.port, 9600, answer_timeout_s=0.5)
        try:
            module.present_card("li_jianguo")
            assert isinstance(reader.poll(), CardRead)  # find, select, read
        finally:
            reader.close()
    assert sam.commands_answered == 3 and sam.bytes_answered > 1295
    expected = 3 * 0.02 + wire_seconds(sam.bytes_answered, 9600)
    assert clock.now == pytest.approx(expected, rel=1e-6)


def test_the_emulator_runs_from_the_command_line_for_technicians(tmp_path):
    link = tmp_path / "id-reader"
    emulator = subprocess.Popen(
        [sys.executable, "-m", "drivers.id_reader.pty_emulator", "--link", str(link),
         "--card", "zhang_xiaoming", "--module-delay-ms", "5"],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        banner = emulator.stdout.readline()
        assert str(link) in banner and "115200" in banner
        reader = open_serial_id_reader(str(link), answer_timeout_s=0.5)
        try:
            event = reader.poll()
            assert isinstance(event, CardRead) and event.data.name == "张小明"
            emulator.stdin.write("remove\n")
            emulator.stdin.flush()
            assert emulator.stdout.readline().startswith("ok: remove")
        finally:
            reader.close()
    finally:
        emulator.stdin.write("quit\n")
        emulator.stdin.close()
        assert emulator.wait(timeout=10) == 0
        emulator.stdout.close()
    assert not link.exists()  # the port went away with it


def test_a_port_that_fails_mid_exchange_is_reopened_not_left_broken(tmp_path):
    module = SamModuleEmulator(load_cards())
    with PtySamModule(module, link=tmp_path / "id-reader") as sam:
        transport = SerialTransport(sam.port, reconnect_delays=(0.0,))
        transport.write(b"\x00")
        sam.unplug()
        with pytest.raises(OSError):
            transport.read(16, 0.2)
        sam.plug()
        transport.write(b"\x00")  # a fresh port behind the same name
        transport.close()


# -- any bytes a line can bring -----------------------------------------------------------

@settings(max_examples=300, deadline=None)
@given(st.lists(st.binary(max_size=64), max_size=12))
def test_the_frame_parser_survives_any_bytes(chunks):
    frames = FrameReader(len_min=MODULE_LEN_MIN, len_max=MODULE_LEN_MAX)
    for chunk in chunks:
        frames.feed(chunk)
        for _ in range(8):
            try:
                if frames.next_module_frame() is None:
                    break
            except DeviceError:
                continue  # our own errors: checksum, impossible length


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=40), st.integers(0, 255), st.binary(max_size=32))
def test_a_good_frame_is_found_after_any_noise(noise, sw3, data):
    frames = FrameReader(len_min=MODULE_LEN_MIN, len_max=MODULE_LEN_MAX)
    answer = build_answer(sw3, data)
    frames.feed(noise.replace(PREAMBLE[:1], b"") + answer)
    found = None
    for _ in range(64):
        try:
            found = frames.next_module_frame()
        except DeviceError:
            continue
        break
    assert found is not None and found.sw3 == sw3 and found.data == data


@settings(max_examples=300, deadline=None)
@given(st.binary(min_size=256, max_size=256))
def test_the_text_block_decoder_survives_any_block(block):
    text, photo = split_read_answer(build_read_answer_data(block, bytes(1024)))
    try:
        decode_text_block(text, photo)
    except DeviceError:
        pass  # our own errors: a field that does not decode, another card type
