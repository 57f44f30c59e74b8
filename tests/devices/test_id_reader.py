"""The real GA 467 driver against the byte-level module emulator, in process and over a
pseudo-terminal through pyserial (the serial port a terminal's reader sits on).

What a resident and a technician would notice: a card is read once, a card left lying
there is not read again and again, lifting it is reported once, faults give clear errors
and the reader recovers by itself.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace

import pytest

from drivers.base import DeviceError, DeviceState, DeviceTimeout
from drivers.id_reader.emulator import (
    LoopbackTransport,
    SamModuleEmulator,
    load_cards,
    make_emulated_id_reader,
)
from drivers.id_reader.ga467 import Command, FrameError, SamError, encode_text_block
from drivers.id_reader.protocol import (
    CardKind,
    CardRead,
    CardReadInterrupted,
    CardRemoved,
    UnsupportedCardType,
)
from drivers.id_reader.pty_emulator import PtySamModule
from drivers.id_reader.reader import Ga467IdCardReader
from drivers.id_reader.serial_port import SerialTransport

TIMEOUT_S = 0.1


class PtyHand:
    """The module's switches, with unplug and plug acting on the pty it sits behind."""

    def __init__(self, sam: PtySamModule):
        self._sam = sam

    def __getattr__(self, name):
        return getattr(self._sam.module, name)

    def unplug(self) -> None:
        self._sam.unplug()

    def plug(self) -> None:
        self._sam.plug()


@pytest.fixture(params=["loopback", "pty"])
def rig(request, tmp_path):
    if request.param == "loopback":
        reader, emulator = make_emulated_id_reader(timeout_s=TIMEOUT_S)
        yield reader, emulator
        reader.close()
        return
    sam = PtySamModule(SamModuleEmulator(load_cards()), link=tmp_path / "id-reader").start()
    transport = SerialTransport(sam.port, 115200, reconnect_delays=(0.0,))
    # The read answer alone is 112 ms on the wire at 115200 baud.
    reader = Ga467IdCardReader(transport, timeout_s=TIMEOUT_S, read_timeout_s=1.0)
    yield reader, PtyHand(sam)
    reader.close()
    sam.close()


def reads(emulator: SamModuleEmulator) -> int:
    return emulator.commands.count(Command.READ_TEXT_PHOTO)


def read_card(reader, emulator, key="li_jianguo"):
    emulator.present_card(key)
    event = reader.poll()
    assert isinstance(event, CardRead)
    return event


def test_no_card_means_no_event(rig):
    reader, _ = rig
    assert [reader.poll() for _ in range(3)] == [None, None, None]
    assert reader.state() is DeviceState.NO_CARD


@pytest.mark.parametrize("key", ["wang_xiulan", "li_jianguo", "zhang_xiaoming"])
def test_a_placed_card_is_read_with_all_its_fields(rig, key):
    reader, emulator = rig
    event = read_card(reader, emulator, key)
    assert event.data == emulator.cards[key].data
    assert len(event.data.photo_wlt) == 1024
    assert reader.state() is DeviceState.CARD_PRESENT


def test_a_card_left_lying_there_is_read_once_not_every_poll(rig):
    reader, emulator = rig
    read_card(reader, emulator)
    assert [reader.poll() for _ in range(10)] == [None] * 10
    assert reads(emulator) == 1
    assert reader.state() is DeviceState.CARD_PRESENT


def test_lifting_the_card_is_reported_once_after_the_confirming_polls(rig):
    reader, emulator = rig
    read_card(reader, emulator)
    emulator.remove_card()
    assert reader.poll() is None  # one missed select is not yet a removal
    assert reader.state() is DeviceState.CARD_PRESENT
    assert reader.poll() == CardRemoved()
    assert reader.state() is DeviceState.NO_CARD
    assert [reader.poll() for _ in range(3)] == [None] * 3


def test_a_card_shifted_on_the_reader_is_not_taken_for_a_removal(rig):
    reader, emulator = rig
    read_card(reader, emulator)
    emulator.fail_next(0x81, Command.SELECT_CARD)  # one RF glitch
    assert reader.poll() is None
    assert [reader.poll() for _ in range(4)] == [None] * 4
    assert reads(emulator) == 1


def test_lifted_and_put_back_is_read_again(rig):
    reader, emulator = rig
    read_card(reader, emulator)
    emulator.remove_card()
    assert reader.poll() is None
    assert reader.poll() == CardRemoved()
    event = read_card(reader, emulator, "wang_xiulan")
    assert event.data.id_number == "110101196803120028"


def test_a_swap_between_two_polls_reports_removal_then_the_new_card(rig):
    reader, emulator = rig
    read_card(reader, emulator, "li_jianguo")
    emulator.remove_card()
    emulator.present_card("zhang_xiaoming")
    assert reader.poll() == CardRemoved()
    event = reader.poll()
    assert isinstance(event, CardRead)
    assert event.data == emulator.cards["zhang_xiaoming"].data


def test_removal_is_never_reported_without_a_card_first(rig):
    reader, emulator = rig
    emulator.present_card("li_jianguo")
    emulator.remove_card()
    assert [reader.poll() for _ in range(4)] == [None] * 4


def test_noise_before_the_answer_is_skipped(rig):
    reader, emulator = rig
    emulator.present_card("wang_xiulan")
    emulator.inject_noise(37)
    assert isinstance(reader.poll(), CardRead)


def test_a_corrupted_answer_is_a_clean_error_and_the_next_poll_reads(rig):
    reader, emulator = rig
    emulator.present_card("li_jianguo")
    emulator.corrupt_next_checksum()  # the find-card answer
    with pytest.raises(FrameError) as caught:
        reader.poll()
    assert "checksum" in caught.value.message
    assert reader.state() is DeviceState.UNKNOWN
    assert isinstance(reader.poll(), CardRead)


def test_a_corrupted_read_answer_is_read_again_although_find_now_refuses(rig):
    reader, emulator = rig
    emulator.present_card("li_jianguo")
    emulator.corrupt_next_checksum(Command.READ_TEXT_PHOTO)
    with pytest.raises(FrameError):
        reader.poll()
    event = reader.poll()
    assert isinstance(event, CardRead)
    assert event.data == emulator.cards["li_jianguo"].data
    assert reads(emulator) == 2


def test_a_card_that_never_reads_is_given_up_until_it_is_lifted(rig):
    reader, emulator = rig
    emulator.present_card("li_jianguo")
    for _ in range(3):
        emulator.fail_next(0x41, Command.READ_TEXT_PHOTO)
        with pytest.raises(SamError) as caught:
            reader.poll()
        assert caught.value.sw3 == 0x41
        assert caught.value.hint_zh.startswith("请将身份证")
        assert reader.state() is DeviceState.CARD_PRESENT
    assert [reader.poll() for _ in range(3)] == [None] * 3
    assert reads(emulator) == 3
    emulator.remove_card()
    reader.poll()
    assert reader.poll() == CardRemoved()


def test_silence_raises_device_timeout_within_the_configured_timeout():
    emulator = SamModuleEmulator(load_cards())
    transport = LoopbackTransport(emulator)
    reader = Ga467IdCardReader(transport, timeout_s=TIMEOUT_S, read_timeout_s=TIMEOUT_S)
    emulator.go_silent(True)
    with pytest.raises(DeviceTimeout) as caught:
        reader.poll()
    assert "find card" in caught.value.message
    assert transport.silent_wait_s <= TIMEOUT_S
    assert reader.state() is DeviceState.UNKNOWN
    assert reader.sam_status() is DeviceState.UNKNOWN
    emulator.go_silent(False)
    emulator.present_card("li_jianguo")
    assert isinstance(reader.poll(), CardRead)


def test_card_pulled_mid_read_is_a_clear_error_then_the_reader_recovers(rig):
    reader, emulator = rig
    emulator.present_card("wang_xiulan")
    emulator.pull_card_mid_read()
    with pytest.raises(CardReadInterrupted) as caught:
        reader.poll()
    assert caught.value.state is DeviceState.NO_CARD
    assert "moved away" in caught.value.message
    assert reader.poll() is None  # gone before it was read: nothing to report as removed
    assert reader.poll() is None
    event = read_card(reader, emulator, "wang_xiulan")
    assert event.data == emulator.cards["wang_xiulan"].data


@pytest.mark.parametrize(
    ("key", "kind", "name"),
    [
        ("chen_jiaxin_residence_permit", CardKind.HK_MO_TW_RESIDENCE_PERMIT, "陈嘉欣"),
        ("smith_john_permanent_residence_2017", CardKind.FOREIGN_PERMANENT_RESIDENCE_2017,
         "SMITH JOHN"),
        ("mueller_anna_permanent_residence_2023", CardKind.FOREIGN_PERMANENT_RESIDENCE_2023,
         "MUELLER ANNA MARIA"),
    ],
)
def test_residence_permits_and_permanent_residence_cards_are_read(rig, key, kind, name):
    reader, emulator = rig
    event = read_card(reader, emulator, key)
    assert event.data.kind is kind
    assert name in (event.data.name, event.data.english_name)
    assert event.data == emulator.cards[key].data
    assert [reader.poll() for _ in range(2)] == [None] * 2  # read once per placement
    emulator.remove_card()
    assert reader.poll() is None
    assert reader.poll() == CardRemoved()


def test_an_unknown_card_type_is_refused_once_and_its_removal_reported(rig):
    reader, emulator = rig
    card = emulator.cards["chen_jiaxin_residence_permit"]
    odd = replace(card, key="odd", text_block=encode_text_block(card.data, card_type="Q"))
    emulator.present_card(odd)
    with pytest.raises(UnsupportedCardType) as caught:
        reader.poll()
    assert caught.value.card_type == "Q"
    assert "陈嘉欣" not in caught.value.message
    assert reader.state() is DeviceState.UNSUPPORTED_CARD
    assert [reader.poll() for _ in range(3)] == [None] * 3  # not refused again and again
    assert reads(emulator) == 1
    emulator.remove_card()
    assert reader.poll() is None
    assert reader.poll() == CardRemoved()


def test_module_refusing_the_card_type_is_unsupported(rig):
    reader, emulator = rig
    emulator.present_card("li_jianguo")
    emulator.fail_next(0x40, Command.READ_TEXT_PHOTO)
    with pytest.raises(SamError) as caught:
        reader.poll()
    assert caught.value.state is DeviceState.UNSUPPORTED_CARD
    assert reader.poll() is None


def test_sam_failure_shows_in_status_and_health(rig):
    reader, emulator = rig
    assert reader.sam_status() is DeviceState.READY
    emulator.fail_next(0x60, Command.SAM_STATUS)
    health = reader.health()
    assert health.state is DeviceState.HARDWARE_ERROR
    assert "self-test" in health.detail
    assert reader.sam_status() is DeviceState.READY
    assert reader.sam_id() == "05.01-20240315-0012345678-0087654321"


def test_unplugged_reader_is_no_device_and_comes_back(rig):
    reader, emulator = rig
    emulator.unplug()
    with pytest.raises(DeviceError) as caught:
        reader.poll()
    assert caught.value.state is DeviceState.NO_DEVICE
    assert reader.health().state is DeviceState.NO_DEVICE
    emulator.plug()
    assert reader.poll() is None
    assert reader.health().state is DeviceState.NO_CARD


def test_answers_arriving_one_byte_at_a_time_are_reassembled():
    emulator = SamModuleEmulator(load_cards())
    reader = Ga467IdCardReader(LoopbackTransport(emulator, chunk_size=1), timeout_s=1.0)
    emulator.present_card("zhang_xiaoming")
    assert reader.poll().data == emulator.cards["zhang_xiaoming"].data


class UpsideDownDecoder:
    def decode(self, wlt: bytes) -> bytes:
        return b"IMG" + wlt[::-1][:16]


class BrokenDecoder:
    def decode(self, wlt: bytes) -> bytes:
        raise RuntimeError("vendor library missing")


def test_photo_decoder_is_an_optional_plug_in():
    emulator = SamModuleEmulator(load_cards())
    reader = Ga467IdCardReader(LoopbackTransport(emulator), photo_decoder=UpsideDownDecoder())
    emulator.present_card("li_jianguo")
    data = reader.poll().data
    assert data.photo_image == b"IMG" + data.photo_wlt[::-1][:16]

    emulator = SamModuleEmulator(load_cards())
    reader = Ga467IdCardReader(LoopbackTransport(emulator), photo_decoder=BrokenDecoder())
    emulator.present_card("li_jianguo")
    data = reader.poll().data
    assert data.photo_image is None and len(data.photo_wlt) == 1024


def test_closed_reader_refuses_to_poll(rig):
    reader, _ = rig
    reader.close()
    with pytest.raises(DeviceError) as caught:
        reader.poll()
    assert caught.value.state is DeviceState.NO_DEVICE


def test_card_data_never_reaches_the_log(rig, caplog):
    reader, emulator = rig
    caplog.set_level("DEBUG")
    read_card(reader, emulator, "wang_xiulan")
    emulator.remove_card()
    reader.poll()
    reader.poll()
    assert "card_present" in caplog.text and "no_card" in caplog.text  # changes are logged
    for secret in ("王秀兰", "110101196803120028", "东城区"):
        assert secret not in caplog.text


def test_driver_packages_load_without_qt_or_the_core():
    code = (
        "import sys, drivers.id_reader.emulator, drivers.card_reader.emulator;"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'ui', 'kiosk')];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
