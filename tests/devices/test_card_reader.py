"""The real social security card driver against the emulated card and slot."""

from __future__ import annotations

import dataclasses

import pytest

from drivers.base import DeviceError, DeviceState
from drivers.card_reader import ssc
from drivers.card_reader.emulator import SocialSecurityCardEmulator, make_emulated_card_reader
from drivers.card_reader.protocol import CardRead, CardRemoved


@pytest.fixture
def rig():
    reader, slot = make_emulated_card_reader()
    yield reader, slot
    reader.close()


def test_no_card_means_no_event(rig):
    reader, _ = rig
    assert [reader.poll() for _ in range(3)] == [None] * 3
    assert reader.state() is DeviceState.NO_CARD


def test_inserted_card_is_read_once(rig):
    reader, slot = rig
    card = slot.cards["li_jianguo"]
    slot.insert(card)
    event = reader.poll()
    assert isinstance(event, CardRead)
    assert event.data == card.expected
    assert event.data.name == "李建国" and event.data.sex == "男"
    assert event.data.nation == "汉族" and event.data.birthplace == "310104"
    assert reader.state() is DeviceState.CARD_PRESENT
    sent = len(card.apdus)
    assert [reader.poll() for _ in range(5)] == [None] * 5
    assert len(card.apdus) == sent  # a card left in the slot is not read again


def test_card_answering_61xx_is_fetched_with_get_response(rig):
    reader, slot = rig
    card = slot.cards["wang_xiulan"]
    slot.insert(card)
    assert reader.poll().data == card.expected
    assert any(apdu[:2] == [0x00, 0xC0] for apdu in card.apdus)


def test_wrong_le_answered_with_6cxx_is_sent_again():
    reader, slot = make_emulated_card_reader()
    holder = dataclasses.replace(slot.cards["li_jianguo"].expected, card_number="A1234567")
    card = SocialSecurityCardEmulator(holder)
    slot.insert(card)
    assert reader.poll().data.card_number == "A1234567"
    assert [0x00, 0xB2, 0x07, 0x00, 0x0A] in card.apdus


def test_missing_optional_records_leave_fields_empty():
    reader, slot = make_emulated_card_reader()
    holder = slot.cards["li_jianguo"].expected
    slot.insert(SocialSecurityCardEmulator(holder, missing_records=frozenset({0x0A, 0x0C, 0x0D})))
    data = reader.poll().data
    assert (data.sex, data.birthplace, data.birth_date) == ("", "", None)
    assert data.social_security_number == holder.social_security_number


def test_pin_protected_card_needs_pin_and_is_not_retried(rig):
    reader, slot = rig
    card = slot.cards["liu_guifang"]
    slot.insert(card)
    with pytest.raises(ssc.NeedsPin) as caught:
        reader.poll()
    assert caught.value.state is DeviceState.NEEDS_PIN
    assert "PIN" in caught.value.message
    assert reader.state() is DeviceState.NEEDS_PIN
    sent = len(card.apdus)
    assert [reader.poll() for _ in range(3)] == [None] * 3
    assert len(card.apdus) == sent
    slot.remove()
    assert reader.poll() == CardRemoved()
    assert reader.state() is DeviceState.NO_CARD


class BankCard(SocialSecurityCardEmulator):
    """A card without the social security application."""

    def transmit(self, apdu):
        if apdu[:4] == [0x00, 0xA4, 0x04, 0x00]:
            return [], 0x6A, 0x82
        return super().transmit(apdu)


def test_card_without_the_application_is_unsupported(rig):
    reader, slot = rig
    slot.insert(BankCard(slot.cards["li_jianguo"].expected))
    with pytest.raises(ssc.CardStatusError) as caught:
        reader.poll()
    assert caught.value.state is DeviceState.UNSUPPORTED_CARD
    assert "select social security application" in caught.value.message
    assert reader.poll() is None


def test_removal_is_reported_once_and_a_new_insertion_is_read(rig):
    reader, slot = rig
    slot.insert("li_jianguo")
    assert isinstance(reader.poll(), CardRead)
    slot.remove()
    assert reader.poll() == CardRemoved()
    assert [reader.poll() for _ in range(3)] == [None] * 3
    slot.insert("wang_xiulan")
    assert reader.poll().data == slot.cards["wang_xiulan"].expected


def test_card_pulled_during_reading_is_a_clear_error_then_reads_on_return(rig):
    reader, slot = rig
    slot.insert("li_jianguo")
    slot.pull_card_after(3)
    with pytest.raises(DeviceError) as caught:
        reader.poll()
    assert caught.value.state is DeviceState.NO_CARD
    assert "pulled out" in caught.value.message
    assert reader.poll() is None  # never read, so no removal to report
    slot.insert("li_jianguo")
    assert isinstance(reader.poll(), CardRead)


def test_unplugged_reader_is_no_device_and_comes_back(rig):
    reader, slot = rig
    slot.unplug()
    with pytest.raises(DeviceError) as caught:
        reader.poll()
    assert caught.value.state is DeviceState.NO_DEVICE
    assert reader.health().state is DeviceState.NO_DEVICE
    slot.plug()
    assert reader.health().state is DeviceState.NO_CARD
    slot.insert("li_jianguo")
    assert isinstance(reader.poll(), CardRead)


def test_card_data_repr_and_logs_hide_personal_data(rig, caplog):
    reader, slot = rig
    caplog.set_level("DEBUG")
    slot.insert("li_jianguo")
    event = reader.poll()
    slot.remove()
    reader.poll()
    assert "card_present" in caplog.text
    for text in (repr(event.data), str(event.data), repr(event), caplog.text):
        assert "李建国" not in text
        assert "310104197510010010" not in text
        assert "F10012345" not in text
