"""Social security card APDUs, status words and record decoding (no reader involved)."""

from __future__ import annotations

import datetime as dt

import pytest

from drivers.base import DeviceState
from drivers.card_reader import ssc
from drivers.card_reader.emulator import load_cards
from drivers.id_reader.ga467 import gb11643_check_character


def hexes(apdu: list[int]) -> str:
    return bytes(apdu).hex(" ").upper()


def test_select_application_is_sx1_sh_and_shehuibaozhang_in_gbk():
    assert "社会保障".encode("gbk") == bytes.fromhex("C9 E7 BB E1 B1 A3 D5 CF")
    assert hexes(ssc.select_application()) == (
        "00 A4 04 00 0F 73 78 31 2E 73 68 2E C9 E7 BB E1 B1 A3 D5 CF"
    )


def test_file_and_record_apdus():
    assert hexes(ssc.select_file(ssc.EF_CARD)) == "00 A4 02 00 02 EF 05"
    assert hexes(ssc.select_file(ssc.EF_HOLDER)) == "00 A4 02 00 02 EF 06"
    assert hexes(ssc.read_record(0x08, ssc.record_le(0x08))) == "00 B2 08 00 14"
    assert hexes(ssc.read_record(0x07, ssc.record_le(0x07))) == "00 B2 07 00 0B"
    assert hexes(ssc.get_response(0x20)) == "00 C0 00 00 20"


def test_tlv_short_and_long_lengths():
    data = ssc.encode_tlv(0x09, b"A" * 3) + ssc.encode_tlv(0x0A, b"B" * 200)
    assert data[:2] == b"\x09\x03" and data[5:8] == b"\x0a\x81\xc8"
    assert ssc.parse_tlv(data) == [(0x09, b"AAA"), (0x0A, b"B" * 200)]
    assert ssc.parse_tlv(b"\x0b\x82\x00\x02\x30\x31") == [(0x0B, b"01")]


@pytest.mark.parametrize("broken", [b"\x08", b"\x08\x05abc"])
def test_truncated_tlv_is_a_record_error(broken):
    with pytest.raises(ssc.RecordError):
        ssc.parse_tlv(broken)


def test_record_value_checks_the_tag():
    assert ssc.record_value(0x08, ssc.encode_tlv(0x08, b"X")) == b"X"
    with pytest.raises(ssc.RecordError) as caught:
        ssc.record_value(0x08, ssc.encode_tlv(0x09, b"X"))
    assert caught.value.field == "social_security_number"


@pytest.mark.parametrize(
    ("raw", "sex"), [(b"1", "男"), (b"\x01", "男"), (b"2", "女"), (b"\x02", "女"), (b"9", "")]
)
def test_sex_as_text_or_as_a_raw_byte(raw, sex):
    assert ssc.decode_sex(raw) == sex


@pytest.mark.parametrize(
    ("raw", "nation"),
    [(b"01", "汉族"), (b"11", "满族"), (b"\x11", "满族"), (b"\x03", "回族"), (b"\x31", "达斡尔族"),
     (b"98", "外国血统中国籍人士"), (b"77", ""), (b"\xaa", ""), (b"x1", "")],
)  # fmt: skip
def test_nation_as_two_digits_or_bcd_uses_the_shared_table(raw, nation):
    assert ssc.decode_nation(raw) == nation


def test_bcd_birthplace_and_birth_date():
    assert ssc.decode_birthplace(bytes.fromhex("371002")) == "371002"
    assert ssc.decode_birth_date(bytes.fromhex("19900228")) == dt.date(1990, 2, 28)
    with pytest.raises(ssc.RecordError):
        ssc.decode_birth_date(bytes.fromhex("19901332"))
    with pytest.raises(ssc.RecordError):
        ssc.decode_birthplace(bytes.fromhex("3A1002"))


@pytest.mark.parametrize("padding", [b"\x00", b" ", b"\xff"])
def test_gbk_name_padding_is_stripped(padding):
    assert ssc.decode_name("刘桂芳".encode("gbk").ljust(30, padding)) == "刘桂芳"


@pytest.mark.parametrize(
    ("sw", "state", "words"),
    [
        ((0x6A, 0x82), DeviceState.UNSUPPORTED_CARD, "file or application not found"),
        ((0x69, 0x82), DeviceState.NEEDS_PIN, "needs a PIN"),
        ((0x6A, 0x83), DeviceState.UNSUPPORTED_CARD, "record not found"),
        ((0x6B, 0x00), DeviceState.HARDWARE_ERROR, "not known"),
    ],
)
def test_status_words_give_clear_errors(sw, state, words):
    with pytest.raises(ssc.CardStatusError) as caught:
        ssc.raise_for_status("read record name", *sw)
    assert caught.value.state is state
    assert words in caught.value.message
    assert f"{sw[0]:02X} {sw[1]:02X}" in caught.value.message


def test_pin_status_is_its_own_error_and_success_passes():
    with pytest.raises(ssc.NeedsPin):
        ssc.raise_for_status("read", 0x69, 0x82)
    ssc.raise_for_status("read", 0x90, 0x00)
    assert ssc.status_word(0x61, 0x14).pattern == "61xx"


def test_sample_cards_hold_valid_fictional_numbers():
    cards = load_cards()
    assert len(cards) >= 2
    assert any(card.pin_protected for card in cards.values())
    for card in cards.values():
        number = card.expected.social_security_number
        assert number[17] == gb11643_check_character(number[:17])
        assert len(card.expected.card_number) == 9
