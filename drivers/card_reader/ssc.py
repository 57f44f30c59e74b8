"""The national social security card over ISO 7816: APDUs, status words, record decoding.

The application is selected by name ("sx1.sh." + 社会保障 in GBK). EF05 holds the card
number (record 07); EF06 the holder: social security number (08), name (09), sex (0A),
nation (0B), birthplace (0C) and birth date (0D). Records come back as tag, length, value.
Pure functions only: the driver and the emulator share them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from drivers.base import DeviceError, DeviceState
from drivers.id_reader.nations import nation_name

APPLICATION_NAME = b"sx1.sh." + "社会保障".encode("gbk")
EF_CARD = 0xEF05
EF_HOLDER = 0xEF06

# record number -> (file, expected value length, field): the length sets READ RECORD's Le.
RECORDS: dict[int, tuple[int, int, str]] = {
    0x07: (EF_CARD, 9, "card_number"),
    0x08: (EF_HOLDER, 18, "social_security_number"),
    0x09: (EF_HOLDER, 30, "name"),
    0x0A: (EF_HOLDER, 1, "sex"),
    0x0B: (EF_HOLDER, 2, "nation"),
    0x0C: (EF_HOLDER, 3, "birthplace"),
    0x0D: (EF_HOLDER, 4, "birth_date"),
}
RECORD_BY_FIELD = {field: record for record, (_, _, field) in RECORDS.items()}

SW_OK = (0x90, 0x00)


def select_application() -> list[int]:
    return [0x00, 0xA4, 0x04, 0x00, len(APPLICATION_NAME), *APPLICATION_NAME]


def select_file(file_id: int) -> list[int]:
    return [0x00, 0xA4, 0x02, 0x00, 0x02, file_id >> 8, file_id & 0xFF]


def read_record(record: int, le: int) -> list[int]:
    return [0x00, 0xB2, record, 0x00, le & 0xFF]


def get_response(length: int) -> list[int]:
    return [0x00, 0xC0, 0x00, 0x00, length & 0xFF]


def record_le(record: int) -> int:
    """Le for a whole record: tag and length bytes plus the value."""
    return 2 + RECORDS[record][1]


# --- status words ---------------------------------------------------------------------


@dataclass(frozen=True)
class StatusWord:
    pattern: str  # "6A82", or "61xx" for a family
    meaning: str
    state: DeviceState


STATUS_WORDS: tuple[StatusWord, ...] = (
    StatusWord("9000", "success", DeviceState.CARD_PRESENT),
    StatusWord("61xx", "more data available (GET RESPONSE)", DeviceState.CARD_PRESENT),
    StatusWord("6Cxx", "wrong Le; the card says how many bytes it has", DeviceState.CARD_PRESENT),
    StatusWord(
        "6982",
        "security status not satisfied: this card needs a PIN or a secure module (PSAM)",
        DeviceState.NEEDS_PIN,
    ),
    StatusWord("6983", "PIN blocked: this card needs the issuing office", DeviceState.NEEDS_PIN),
    StatusWord("6A82", "file or application not found", DeviceState.UNSUPPORTED_CARD),
    StatusWord("6A83", "record not found", DeviceState.UNSUPPORTED_CARD),
    StatusWord("6A81", "function not supported by the card", DeviceState.UNSUPPORTED_CARD),
    StatusWord("6A86", "wrong P1/P2", DeviceState.HARDWARE_ERROR),
    StatusWord("6700", "wrong length", DeviceState.HARDWARE_ERROR),
    StatusWord("6985", "conditions of use not satisfied", DeviceState.UNSUPPORTED_CARD),
    StatusWord("6986", "command not allowed: no file selected", DeviceState.HARDWARE_ERROR),
    StatusWord("6D00", "instruction not supported", DeviceState.UNSUPPORTED_CARD),
    StatusWord("6E00", "class not supported", DeviceState.UNSUPPORTED_CARD),
    StatusWord("6F00", "card reported an unknown error", DeviceState.HARDWARE_ERROR),
)


def status_word(sw1: int, sw2: int) -> StatusWord | None:
    exact = f"{sw1:02X}{sw2:02X}"
    family = f"{sw1:02X}xx"
    return next((s for s in STATUS_WORDS if s.pattern in (exact, family)), None)


class CardStatusError(DeviceError):
    """The card refused an APDU; the message names the step and the status word."""

    def __init__(self, step: str, sw1: int, sw2: int):
        known = status_word(sw1, sw2)
        meaning = known.meaning if known else "status word not known for this card"
        state = known.state if known else DeviceState.HARDWARE_ERROR
        super().__init__(
            state, f"social security card: {step} answered {sw1:02X} {sw2:02X}: {meaning}"
        )
        self.sw = (sw1, sw2)


class NeedsPin(CardStatusError):
    """The holder data sits behind a PIN or a PSAM this kiosk does not have."""


def raise_for_status(step: str, sw1: int, sw2: int) -> None:
    if (sw1, sw2) == SW_OK:
        return
    known = status_word(sw1, sw2)
    if known is not None and known.state is DeviceState.NEEDS_PIN:
        raise NeedsPin(step, sw1, sw2)
    raise CardStatusError(step, sw1, sw2)


# --- records --------------------------------------------------------------------------


class RecordError(DeviceError):
    def __init__(self, field: str, problem: str):
        super().__init__(
            DeviceState.UNSUPPORTED_CARD,
            f"social security card field {field!r} cannot be used: {problem}",
        )
        self.field = field


def encode_tlv(tag: int, value: bytes) -> bytes:
    if len(value) < 0x80:
        return bytes([tag, len(value)]) + value
    if len(value) <= 0xFF:
        return bytes([tag, 0x81, len(value)]) + value
    return bytes([tag, 0x82]) + len(value).to_bytes(2, "big") + value


def parse_tlv(data: bytes) -> list[tuple[int, bytes]]:
    """(tag, value) pairs; short and BER long-form (81 / 82) lengths."""
    items: list[tuple[int, bytes]] = []
    pos = 0
    while pos < len(data):
        if len(data) - pos < 2:
            raise RecordError("record", "truncated tag/length")
        tag, length = data[pos], data[pos + 1]
        pos += 2
        if length in (0x81, 0x82):
            size = length - 0x80  # the length itself takes 1 or 2 more bytes
            if pos + size > len(data):
                raise RecordError("record", "truncated long-form length")
            length, pos = int.from_bytes(data[pos : pos + size], "big"), pos + size
        if pos + length > len(data):
            raise RecordError("record", "value shorter than its length")
        items.append((tag, bytes(data[pos : pos + length])))
        pos += length
    return items


def record_value(record: int, data: bytes) -> bytes:
    """The value of `record` from a READ RECORD answer (checks the tag is the one asked)."""
    field = RECORDS[record][2]
    items = parse_tlv(data)
    for tag, value in items:
        if tag == record:
            return value
    raise RecordError(field, f"answer carries no tag {record:02X}")


def bcd_digits(value: bytes) -> str:
    """Packed BCD to digits; F nibbles are padding."""
    digits = []
    for byte in value:
        for nibble in (byte >> 4, byte & 0x0F):
            if nibble == 0x0F:
                continue
            if nibble > 9:
                raise ValueError("not BCD")
            digits.append(str(nibble))
    return "".join(digits)


def to_bcd(digits: str) -> bytes:
    if len(digits) % 2:
        digits += "F"
    return bytes.fromhex(digits)


def _text(value: bytes, field: str, encoding: str) -> str:
    try:
        return value.decode(encoding).strip(" \x00\xff")
    except UnicodeDecodeError:
        raise RecordError(field, f"not {encoding} text") from None


def decode_ascii(value: bytes, field: str) -> str:
    return _text(value.rstrip(b"\x00\xff"), field, "ascii")


def decode_name(value: bytes) -> str:
    # Names are GBK, padded with 00, 20 or FF to the record length.
    return _text(value.rstrip(b"\x00\xff \x20"), "name", "gbk")


def decode_sex(value: bytes) -> str:
    """'1'/'2' as text (31/32) or as raw bytes (01/02) -> 男/女; '' when unknown."""
    code = value[:1]
    return {b"1": "男", b"\x01": "男", b"2": "女", b"\x02": "女"}.get(code, "")


def decode_nation(value: bytes) -> str:
    """One BCD byte (11) or two ASCII digits ("11") -> name via GB 3304; '' when unknown.

    The record length decides, since a byte like 31 reads as BCD 31 or as ASCII "1".
    """
    try:
        code = bcd_digits(value) if len(value) == 1 else value.decode("ascii").strip(" \x00")
    except (ValueError, UnicodeDecodeError):
        return ""
    return (nation_name(code) or "") if code.isdigit() else ""


def decode_birthplace(value: bytes) -> str:
    try:
        return bcd_digits(value)
    except ValueError:
        raise RecordError("birthplace", "not BCD") from None


def decode_birth_date(value: bytes) -> dt.date:
    try:
        return dt.datetime.strptime(bcd_digits(value), "%Y%m%d").date()
    except ValueError:
        raise RecordError("birth_date", "not a BCD date YYYYMMDD") from None
