"""Fuzz: whatever bytes and status words a card answers, only the driver's errors come out.

A card that answers garbage must end in a DeviceError (which the kiosk shows as a state)
or a read, never an IndexError or a UnicodeError that would escape the device thread.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from drivers.base import DeviceError, DeviceState
from drivers.card_reader import ssc
from drivers.card_reader.emulated_card import SocialSecurityCardEmulator, load_cards
from drivers.card_reader.emulator import EmulatedReaderSlot
from drivers.card_reader.protocol import CardRead, SocialSecurityCardData
from drivers.card_reader.reader import SocialSecurityCardReader

# No timing thresholds in tests: no deadline, and no "too slow" check on a busy machine.
FUZZ = settings(deadline=None, max_examples=300, suppress_health_check=[HealthCheck.too_slow])
HOLDER = load_cards()["li_jianguo"].expected

status_words = st.one_of(
    st.just((0x90, 0x00)),
    st.tuples(st.sampled_from([0x61, 0x6C, 0x62, 0x63, 0x67, 0x69, 0x6A, 0x6D, 0x6E, 0x6F]),
              st.integers(0, 255)),
    st.tuples(st.integers(0, 255), st.integers(0, 255)),
)  # fmt: skip



def _tlv_chunks():
    """Pieces shaped like records, so random data reaches every branch of the parser:
    whole records, records cut anywhere, long-form headers with too few bytes, noise."""
    whole = st.builds(ssc.encode_tlv, st.integers(0, 255), st.binary(max_size=300))
    cut = st.builds(lambda raw, keep: raw[:keep], whole, st.integers(0, 5))
    header = st.builds(
        lambda tag, form, rest: bytes([tag, form]) + rest,
        st.integers(0, 255), st.sampled_from([0x80, 0x81, 0x82, 0x83, 0xFF]),
        st.binary(max_size=2),
    )  # fmt: skip
    return st.one_of(whole, cut, header, st.binary(max_size=8))


record_bytes = st.one_of(
    st.binary(max_size=300), st.lists(_tlv_chunks(), max_size=4).map(b"".join)
)


def only_record_errors(call, *args):
    try:
        return call(*args)
    except ssc.RecordError as exc:
        assert exc.state is DeviceState.UNSUPPORTED_CARD
        return None


@FUZZ
@given(record_bytes)
@example(b"\x08\x81")  # a long-form length byte promised, none there (was an IndexError)
@example(b"\x08\x82\x01")
def test_tlv_parser_raises_only_record_errors(data):
    items = only_record_errors(ssc.parse_tlv, data)
    if items is not None:
        assert sum(len(value) for _, value in items) <= len(data)


@FUZZ
@given(st.sampled_from(sorted(ssc.RECORDS)), record_bytes)
def test_record_value_raises_only_record_errors(record, data):
    value = only_record_errors(ssc.record_value, record, data)
    assert value is None or isinstance(value, bytes)


@FUZZ
@given(st.binary(max_size=40))
def test_field_decoders_raise_only_record_errors(value):
    for text in (
        only_record_errors(ssc.decode_ascii, value, "card_number"),
        only_record_errors(ssc.decode_name, value),
        ssc.decode_sex(value),
        ssc.decode_nation(value),
        only_record_errors(ssc.decode_birthplace, value),
    ):
        assert text is None or isinstance(text, str)
    date = only_record_errors(ssc.decode_birth_date, value)
    assert date is None or isinstance(date, dt.date)


@FUZZ
@given(st.integers(0, 255), st.integers(0, 255))
def test_any_status_word_is_success_or_a_card_status_error(sw1, sw2):
    try:
        ssc.raise_for_status("read record name", sw1, sw2)
    except ssc.CardStatusError as exc:
        assert (sw1, sw2) != ssc.SW_OK
        assert isinstance(exc.state, DeviceState)
        assert f"{sw1:02X} {sw2:02X}" in exc.message
    else:
        assert (sw1, sw2) == ssc.SW_OK


class GarbageCard(SocialSecurityCardEmulator):
    """Answers each APDU with what hypothesis draws: sometimes a well-formed record with a
    random value, sometimes random bytes, under any status word."""

    def __init__(self, draw):
        super().__init__(HOLDER)
        self._draw = draw

    def transmit(self, apdu):
        self.apdus.append(list(apdu))
        sw1, sw2 = self._draw(status_words)
        if apdu[1] == 0xB2 and self._draw(st.booleans()):
            data = ssc.encode_tlv(apdu[2], self._draw(st.binary(max_size=40)))
        else:
            data = self._draw(record_bytes)
        return list(data), sw1, sw2


@settings(FUZZ, max_examples=500)
@given(st.data())
def test_driver_given_any_answers_raises_only_device_errors(data):
    slot = EmulatedReaderSlot()
    reader = SocialSecurityCardReader(slot)
    slot.insert(GarbageCard(data.draw))
    for _ in range(3):  # retries of a failed read draw new answers
        try:
            event = reader.poll()
        except DeviceError as exc:
            assert isinstance(exc.state, DeviceState) and exc.message
            continue
        if event is not None:
            assert isinstance(event, CardRead)
            assert isinstance(event.data, SocialSecurityCardData)
            assert len(event.data.social_security_number) == 18 and event.data.name
        assert reader.state() in (DeviceState.CARD_PRESENT, DeviceState.NEEDS_PIN,
                                  DeviceState.UNSUPPORTED_CARD, DeviceState.HARDWARE_ERROR,
                                  DeviceState.NO_CARD)  # fmt: skip
