"""GA 467 framing, result codes and the text block, checked against devices.md facts."""

from __future__ import annotations

import datetime as dt
from functools import reduce

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.base import DeviceError, DeviceState
from drivers.id_reader.emulator import DEFAULT_SAM_ID, SamModuleEmulator, load_cards
from drivers.id_reader.ga467 import (
    CARD_TYPE_OFFSET,
    PREAMBLE,
    RESULT_CODES,
    ChecksumError,
    Command,
    FrameReader,
    ImpossibleLengthError,
    SamError,
    build_answer,
    build_command,
    build_read_answer_data,
    decode_text_block,
    encode_text_block,
    format_sam_id,
    gb11643_check_character,
)
from drivers.id_reader.nations import NATIONS, nation_code, nation_name
from drivers.id_reader.protocol import (
    CardDataError,
    CardKind,
    CardRead,
    IdCardData,
    UnsupportedCardType,
)

CARDS = load_cards()


def xor(data: bytes) -> int:
    return reduce(lambda a, b: a ^ b, data, 0)


def ucs2(text: str, size: int) -> bytes:
    """A field as the card stores it, built by hand (independent of the encoder)."""
    raw = text.encode("utf-16-le")
    return raw + " ".encode("utf-16-le") * ((size - len(raw)) // 2)


def hand_built_block(*, nation: str = "03", valid_to: str = "长期", marker: str = " ") -> bytes:
    block = (
        ucs2("张小明", 30)
        + ucs2("1", 2)
        + ucs2(nation, 4)
        + ucs2("20010615", 16)
        + ucs2("广东省深圳市南山区示例大道100号", 70)
        + ucs2("440305200106150039", 36)
        + ucs2("深圳市公安局南山分局", 30)
        + ucs2("20190801", 16)
        + ucs2(valid_to, 16)
        + ucs2("", 28)
        + ucs2(marker, 2)
        + ucs2("", 6)
    )
    assert len(block) == 256
    return block


# --- frames ---------------------------------------------------------------------------


def test_find_card_frame_has_the_computed_checksum_of_the_documented_example():
    frame = build_command(Command.FIND_CARD)
    assert frame.hex(" ").upper() == "AA AA AA 96 69 00 03 20 01 22"
    assert xor(bytes.fromhex("00 03 20 01")) == 0x22


@pytest.mark.parametrize("command", list(Command))
def test_every_command_frame_counts_len_and_xors_after_the_preamble(command):
    frame = build_command(command)
    assert frame.startswith(PREAMBLE)
    assert int.from_bytes(frame[5:7], "big") == len(frame) - 7
    assert frame[-1] == xor(frame[5:-1])


def test_read_answer_frame_is_1295_bytes_with_len_0508():
    card = CARDS["li_jianguo"]
    frame = build_answer(0x90, build_read_answer_data(card.text_block, card.photo_wlt))
    assert len(frame) == 1295
    assert frame[5:7] == b"\x05\x08"
    assert frame[7:10] == b"\x00\x00\x90"
    assert frame[10:14] == b"\x01\x00\x04\x00"  # text 256, photo 1024, big-endian
    assert frame[-1] == xor(frame[5:-1])


def test_frames_split_into_single_bytes_are_reassembled():
    frames = FrameReader()
    answer = build_answer(0x9F, b"\x00\x00\x00\x00")
    for byte in answer[:-1]:
        frames.feed(bytes([byte]))
        assert frames.next_module_frame() is None
    frames.feed(answer[-1:])
    frame = frames.next_module_frame()
    assert (frame.sw3, frame.data) == (0x9F, b"\x00\x00\x00\x00")


def test_reader_resynchronises_on_noise_before_a_preamble():
    frames = FrameReader()
    noise = bytes([0x13, 0xAA, 0xAA, 0x00, 0x96, 0x69, 0xAA, 0xAA, 0xAA, 0x96])
    frames.feed(noise + build_answer(0x80))
    assert frames.next_module_frame().sw3 == 0x80
    assert frames.discarded == len(noise)


def test_wrong_checksum_is_a_clean_error_and_the_next_frame_still_reads():
    bad = bytearray(build_answer(0x90, b"\x01\x02"))
    bad[-1] ^= 0x5A
    frames = FrameReader()
    frames.feed(bytes(bad) + build_answer(0x9F, b"\x00" * 4))
    with pytest.raises(ChecksumError) as caught:
        frames.next_module_frame()
    assert "checksum" in caught.value.message
    assert caught.value.state is DeviceState.UNKNOWN
    assert frames.next_module_frame().sw3 == 0x9F


@pytest.mark.parametrize("length", [0x0000, 0x0002, 0xFFFF])
def test_impossible_length_is_rejected_and_the_stream_recovers(length):
    frames = FrameReader()
    frames.feed(PREAMBLE + length.to_bytes(2, "big") + b"\x00\x00\x90" + build_answer(0x80))
    with pytest.raises(ImpossibleLengthError) as caught:
        frames.next_module_frame()
    assert str(length) in caught.value.message
    assert frames.next_module_frame().sw3 == 0x80


def test_emulated_module_answers_a_corrupted_host_frame_with_sw3_10():
    emulator = SamModuleEmulator()
    bad = bytearray(build_command(Command.SAM_STATUS))
    bad[-1] ^= 0x01
    frames = FrameReader()
    frames.feed(emulator.receive(bytes(bad)))
    assert frames.next_module_frame().sw3 == 0x10
    frames.feed(emulator.receive(build_command((0x7E, 0x01))))
    assert frames.next_module_frame().sw3 == 0x21


# --- result codes ---------------------------------------------------------------------

DOCUMENTED_SW3 = {
    0x90, 0x9F, 0x10, 0x11, 0x21, 0x23, 0x24, 0x31, 0x32, 0x33,
    0x40, 0x41, 0x47, 0x60, 0x66, 0x80, 0x81, 0x91,
}  # fmt: skip


def test_every_documented_sw3_code_has_its_own_meaning():
    assert set(RESULT_CODES) == DOCUMENTED_SW3
    meanings = [result.meaning for result in RESULT_CODES.values()]
    assert len(set(meanings)) == len(meanings)
    for sw3 in DOCUMENTED_SW3 - {0x90, 0x9F}:
        error = SamError("read card", sw3)
        assert f"{sw3:02X}" in error.message
        assert RESULT_CODES[sw3].meaning in error.message
        assert error.hint_zh  # the screen always has something to say


@pytest.mark.parametrize(
    ("sw3", "state"),
    [
        (0x80, DeviceState.NO_CARD),
        (0x81, DeviceState.NO_CARD),
        (0x40, DeviceState.UNSUPPORTED_CARD),
        (0x32, DeviceState.UNSUPPORTED_CARD),
        (0x41, DeviceState.CARD_PRESENT),
        (0x60, DeviceState.HARDWARE_ERROR),
        (0x66, DeviceState.HARDWARE_ERROR),
        (0x10, DeviceState.UNKNOWN),
    ],
)
def test_result_codes_map_to_what_the_reader_is_now(sw3, state):
    assert SamError("x", sw3).state is state


def test_an_undocumented_sw3_is_reported_as_such_not_as_a_crash():
    error = SamError("find card", 0x55)
    assert "55" in error.message and "not in GA 467" in error.message
    assert error.state is DeviceState.HARDWARE_ERROR


# --- text block -----------------------------------------------------------------------


@pytest.mark.parametrize("key", ["wang_xiulan", "li_jianguo", "zhang_xiaoming"])
def test_text_block_round_trips(key):
    card = CARDS[key]
    assert len(card.text_block) == 256
    assert decode_text_block(card.text_block, card.photo_wlt) == card.data


def test_no_expiry_is_stored_as_changqi_and_decodes_to_none():
    card = CARDS["wang_xiulan"]
    assert card.text_block[204:208] == "长期".encode("utf-16-le")
    assert decode_text_block(card.text_block).valid_to is None
    assert decode_text_block(CARDS["li_jianguo"].text_block).valid_to == dt.date(2035, 7, 9)


def test_hand_built_block_decodes_field_by_field():
    data = decode_text_block(hand_built_block(), b"\x01" * 1024)
    assert data.name == "张小明"
    assert data.sex == "男"
    assert data.nation == "回族"
    assert data.birth_date == dt.date(2001, 6, 15)
    assert data.address == "广东省深圳市南山区示例大道100号"
    assert data.id_number == "440305200106150039"
    assert data.issuing_authority == "深圳市公安局南山分局"
    assert data.valid_from == dt.date(2019, 8, 1)
    assert data.valid_to is None
    assert data.photo_wlt == b"\x01" * 1024


def test_encoder_writes_the_documented_layout():
    block = encode_text_block(CARDS["zhang_xiaoming"].data)
    assert block == hand_built_block(valid_to="20290801")


def test_nation_table_follows_gb3304():
    assert len(NATIONS) == 58
    assert [NATIONS[c] for c in ("01", "02", "03", "04", "05")] == [
        "汉族", "蒙古族", "回族", "藏族", "维吾尔族",
    ]  # fmt: skip
    assert NATIONS["11"] == "满族"
    assert NATIONS["56"] == "基诺族"
    assert nation_name("97") == "其他"
    assert nation_name("98") == "外国血统中国籍人士"
    assert nation_name("57") is None
    assert nation_code("汉") == nation_code("汉族") == "01"
    with pytest.raises(ValueError):
        nation_code("火星族")


def test_a_nation_code_outside_the_standard_leaves_the_field_empty():
    assert decode_text_block(hand_built_block(nation="77")).nation == ""


@pytest.mark.parametrize("marker", ["Q", "A", "1"])
def test_an_unknown_card_type_is_unsupported_not_a_crash(marker):
    with pytest.raises(UnsupportedCardType) as caught:
        decode_text_block(hand_built_block(marker=marker))
    assert caught.value.card_type == marker
    assert caught.value.state is DeviceState.UNSUPPORTED_CARD
    assert "unknown card type" in caught.value.message
    assert CARD_TYPE_OFFSET == 248


# Other cards, built by hand from the published layouts (independent of the encoder).


def residence_permit_block(*, valid_to: str = "20290901") -> bytes:
    block = (
        ucs2("陈嘉欣", 30) + ucs2("2", 2) + ucs2("", 4) + ucs2("19920505", 16)
        + ucs2("广东省深圳市福田区示例街道1号", 70) + ucs2("810000199205050020", 36)
        + ucs2("深圳市公安局福田分局", 30) + ucs2("20240901", 16) + ucs2(valid_to, 16)
        + ucs2("H60012345", 18) + ucs2("02", 4) + ucs2("", 6) + ucs2("J", 2) + ucs2("", 6)
    )  # fmt: skip
    assert len(block) == 256
    return block


def permanent_residence_2017_block() -> bytes:
    block = (
        ucs2("SMITH JOHN", 120) + ucs2("1", 2) + ucs2("USA310080041212", 30)
        + ucs2("USA", 6) + ucs2("史密斯", 30) + ucs2("20190601", 16) + ucs2("20290601", 16)
        + ucs2("19800412", 16) + ucs2("01", 4) + ucs2("3100", 8) + ucs2("I", 2) + ucs2("", 6)
    )  # fmt: skip
    assert len(block) == 256
    return block


def permanent_residence_2023_block(english: str = "MUELLER ANNA MARIA") -> bytes:
    block = (
        ucs2("安娜", 30) + ucs2("2", 2) + ucs2("00", 4) + ucs2("19850722", 16)
        + ucs2(english[:35], 70) + ucs2("931276198507220023", 36) + ucs2("", 30)
        + ucs2("20240301", 16) + ucs2("20340301", 16) + ucs2(english[35:], 22)
        + ucs2("DEU", 6) + ucs2("Y", 2) + ucs2("", 6)
    )  # fmt: skip
    assert len(block) == 256
    return block


def test_residence_permit_decodes_field_by_field():
    data = decode_text_block(residence_permit_block())
    assert data.kind is CardKind.HK_MO_TW_RESIDENCE_PERMIT
    assert (data.name, data.sex, data.nation) == ("陈嘉欣", "女", "")
    assert data.birth_date == dt.date(1992, 5, 5)
    assert data.address == "广东省深圳市福田区示例街道1号"
    assert data.id_number == "810000199205050020"
    assert data.issuing_authority == "深圳市公安局福田分局"
    assert (data.valid_from, data.valid_to) == (dt.date(2024, 9, 1), dt.date(2029, 9, 1))
    assert (data.pass_number, data.issue_count) == ("H60012345", "02")


def test_permanent_residence_card_2017_decodes_field_by_field():
    data = decode_text_block(permanent_residence_2017_block())
    assert data.kind is CardKind.FOREIGN_PERMANENT_RESIDENCE_2017
    assert (data.english_name, data.name, data.display_name) == ("SMITH JOHN", "史密斯", "史密斯")
    assert (data.sex, data.nationality) == ("男", "USA")
    assert data.id_number == "USA310080041212"
    assert data.birth_date == dt.date(1980, 4, 12)
    assert (data.valid_from, data.valid_to) == (dt.date(2019, 6, 1), dt.date(2029, 6, 1))
    assert (data.card_version, data.issuing_authority) == ("01", "3100")
    assert data.address == "" and data.nation == ""


def test_permanent_residence_card_2023_decodes_field_by_field():
    data = decode_text_block(permanent_residence_2023_block())
    assert data.kind is CardKind.FOREIGN_PERMANENT_RESIDENCE_2023
    assert (data.english_name, data.name) == ("MUELLER ANNA MARIA", "安娜")
    assert (data.sex, data.nationality, data.issue_count) == ("女", "DEU", "00")
    assert data.id_number == "931276198507220023"
    assert data.birth_date == dt.date(1985, 7, 22)
    assert (data.valid_from, data.valid_to) == (dt.date(2024, 3, 1), dt.date(2034, 3, 1))


def test_a_2023_english_name_past_35_letters_continues_in_its_second_field():
    long_name = "WOLFESCHLEGELSTEINHAUSEN BERGERDORFF HUBERT"  # 43 letters and spaces
    data = decode_text_block(permanent_residence_2023_block(long_name))
    assert data.english_name == long_name


def test_a_foreigners_card_without_a_chinese_name_is_called_by_the_english_one():
    block = bytearray(permanent_residence_2017_block())
    block[158:188] = ucs2("", 30)  # the Chinese name field
    data = decode_text_block(bytes(block))
    assert data.name == "" and data.display_name == "SMITH JOHN"


@pytest.mark.parametrize(
    ("key", "builder"),
    [
        ("chen_jiaxin_residence_permit", residence_permit_block),
        ("smith_john_permanent_residence_2017", permanent_residence_2017_block),
        ("mueller_anna_permanent_residence_2023", permanent_residence_2023_block),
    ],
)
def test_encoder_writes_each_published_layout(key, builder):
    card = CARDS[key]
    assert card.text_block == builder()
    assert decode_text_block(card.text_block, card.photo_wlt) == card.data


def test_a_2017_card_number_of_the_wrong_length_names_the_field():
    block = bytearray(permanent_residence_2017_block())
    block[122:152] = ucs2("USA3100800412", 30)
    with pytest.raises(CardDataError) as caught:
        decode_text_block(bytes(block))
    assert caught.value.field == "id_number" and "15" in caught.value.message


@settings(max_examples=150, deadline=None)
@given(st.binary(min_size=256, max_size=256), st.sampled_from(["J", "I", "Y", "Z"]))
def test_the_decoder_survives_any_bytes_under_each_card_type_letter(block, letter):
    block = bytearray(block)
    block[CARD_TYPE_OFFSET : CARD_TYPE_OFFSET + 2] = letter.encode("utf-16-le")
    try:
        decode_text_block(bytes(block))
    except DeviceError:
        pass  # our own errors: a field that does not decode, an unknown card type


@pytest.mark.parametrize(
    ("offset", "text", "field"),
    [(30, "9", "sex"), (36, "1968-3-1", "birth_date"), (188, "XXXXXXXX", "valid_from")],
)
def test_undecodable_field_names_the_field_but_not_the_holder(offset, text, field):
    block = bytearray(hand_built_block())
    raw = text.encode("utf-16-le")
    block[offset : offset + len(raw)] = raw
    with pytest.raises(CardDataError) as caught:
        decode_text_block(bytes(block))
    assert caught.value.field == field
    assert "张小明" not in caught.value.message
    assert "440305200106150039" not in caught.value.message


def test_card_data_repr_hides_personal_data():
    data = CARDS["wang_xiulan"].data
    for text in (repr(data), str(data), repr(CardRead(data)), f"{data}"):
        assert "王秀兰" not in text
        assert "110101196803120028" not in text
        assert "东城区" not in text
    assert isinstance(data, IdCardData)


# --- numbers --------------------------------------------------------------------------


def test_sample_cards_carry_valid_id_numbers_and_matching_birth_dates():
    residents = [c for c in CARDS.values() if c.data.kind is CardKind.RESIDENT_ID_CARD]
    assert len(residents) >= 3
    for card in CARDS.values():
        number = card.data.id_number
        if card.data.kind is CardKind.FOREIGN_PERMANENT_RESIDENCE_2017:
            assert number[7:13] == card.data.birth_date.strftime("%y%m%d")
            continue
        assert number[17] == gb11643_check_character(number[:17])
        assert number[6:14] == card.data.birth_date.strftime("%Y%m%d")
        assert card.data.sex == ("男" if int(number[16]) % 2 else "女")
    assert gb11643_check_character("11010519491231002") == "X"


def test_sam_id_is_formatted_as_vendors_print_it():
    assert format_sam_id(DEFAULT_SAM_ID) == "05.01-20240315-0012345678-0087654321"
