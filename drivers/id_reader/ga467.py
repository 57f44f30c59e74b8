"""The serial protocol of GA 467 SAM modules: frames, result codes and the text block.

Frames both ways start with the preamble AA AA AA 96 69, then a 2-byte big-endian LEN
that counts every byte after itself (checksum included), then the body, then CHK: the XOR
of every byte after the preamble, LEN included. Host bodies are CMD PARA [DATA]; module
bodies are SW1 SW2 SW3 [DATA]. Checksums are always computed here, never copied.

Pure functions and a streaming parser: no I/O, so the driver and the emulator share them.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from functools import reduce

from drivers.base import DeviceError, DeviceState
from drivers.id_reader.nations import nation_code, nation_name
from drivers.id_reader.protocol import CardDataError, CardKind, IdCardData, UnsupportedCardType

PREAMBLE = bytes.fromhex("AAAAAA9669")


class Command(enum.Enum):
    """CMD PARA pairs of the module."""

    RESET_SAM = (0x10, 0xFF)
    SAM_STATUS = (0x11, 0xFF)
    SAM_ID = (0x12, 0xFF)
    FIND_CARD = (0x20, 0x01)
    SELECT_CARD = (0x20, 0x02)
    READ_TEXT_PHOTO = (0x30, 0x01)
    READ_APPENDED_ADDRESS = (0x30, 0x03)
    READ_TEXT_PHOTO_FINGERPRINT = (0x30, 0x10)
    SET_MAX_RF_FRAME = (0x61, 0xFF)

    @property
    def cmd(self) -> int:
        return self.value[0]

    @property
    def para(self) -> int:
        return self.value[1]


# Set baud is 60 00..04; the PARA picks the speed.
SET_BAUD_CMD = 0x60
BAUD_PARAS = {115200: 0x00, 57600: 0x01, 38400: 0x02, 19200: 0x03, 9600: 0x04}

TEXT_LEN = 256
PHOTO_LEN = 1024
READ_FRAME_LEN = 0x0508  # LEN of a 30 01 answer: SW(3) + lengths(4) + 256 + 1024 + CHK(1)
FINGERPRINT_MAX = 1024
# Host bodies are CMD PARA [DATA]; nothing the host sends carries more than a few bytes.
HOST_LEN_MIN, HOST_LEN_MAX = 3, 64
# Module bodies are at least SW1..SW3; the largest is 30 10 with a 1024-byte fingerprint.
MODULE_LEN_MIN = 4
MODULE_LEN_MAX = READ_FRAME_LEN + 2 + FINGERPRINT_MAX


def checksum(data: bytes) -> int:
    """XOR of `data`: pass LEN and body, never the preamble."""
    return reduce(lambda a, b: a ^ b, data, 0)


def _frame(body: bytes) -> bytes:
    length = (len(body) + 1).to_bytes(2, "big")
    return PREAMBLE + length + body + bytes([checksum(length + body)])


def build_command(command: Command | tuple[int, int], data: bytes = b"") -> bytes:
    """A host frame, e.g. find card -> AA AA AA 96 69 00 03 20 01 22."""
    cmd, para = command.value if isinstance(command, Command) else command
    return _frame(bytes([cmd, para]) + data)


def build_answer(sw3: int, data: bytes = b"", sw1: int = 0x00, sw2: int = 0x00) -> bytes:
    """A module frame (the emulator speaks these)."""
    return _frame(bytes([sw1, sw2, sw3]) + data)


@dataclass(frozen=True)
class HostFrame:
    cmd: int
    para: int
    data: bytes


@dataclass(frozen=True)
class ModuleFrame:
    sw1: int
    sw2: int
    sw3: int
    data: bytes

    @property
    def result(self) -> ResultCode | None:
        return RESULT_CODES.get(self.sw3)


class FrameError(DeviceError):
    """Bytes on the line that are not a valid frame; the stream stays usable after it."""

    def __init__(self, message: str):
        super().__init__(DeviceState.UNKNOWN, message)


class ChecksumError(FrameError):
    def __init__(self, expected: int, got: int):
        super().__init__(
            f"ID card reader frame has a wrong checksum ({got:02X}, computed {expected:02X}); "
            "serial line noise or a faulty cable"
        )


class ImpossibleLengthError(FrameError):
    def __init__(self, length: int):
        super().__init__(f"ID card reader frame announces an impossible length {length}")


class FrameReader:
    """Reassembles frames from a byte stream that may be split, noisy or corrupted.

    Bytes before a preamble are noise and are dropped (counted in `discarded`). A frame
    with a wrong checksum is consumed and reported with ChecksumError; an impossible LEN
    raises ImpossibleLengthError and the search restarts one byte later. Either way the
    next call carries on with whatever follows, so one bad frame never poisons the line.
    """

    def __init__(self, *, len_min: int = MODULE_LEN_MIN, len_max: int = MODULE_LEN_MAX):
        self._buf = bytearray()
        self._len_min = len_min
        self._len_max = len_max
        self.discarded = 0

    def feed(self, data: bytes) -> None:
        self._buf += data

    def clear(self) -> None:
        self._buf.clear()

    @property
    def in_frame(self) -> bool:
        """True while a preamble has been seen and the rest of its frame has not come yet."""
        self._drop_noise()
        return self._buf.startswith(PREAMBLE)

    def next_body(self) -> bytes | None:
        """The body (between LEN and CHK) of the next complete frame, or None for now."""
        self._drop_noise()
        if len(self._buf) < len(PREAMBLE) + 2:
            return None
        length = int.from_bytes(self._buf[5:7], "big")
        if not self._len_min <= length <= self._len_max:
            del self._buf[0]  # this preamble was a fake; look for the next one
            raise ImpossibleLengthError(length)
        total = len(PREAMBLE) + 2 + length
        if len(self._buf) < total:
            return None
        frame = bytes(self._buf[:total])
        del self._buf[:total]
        expected = checksum(frame[5:-1])
        if frame[-1] != expected:
            raise ChecksumError(expected, frame[-1])
        return frame[7:-1]

    def next_module_frame(self) -> ModuleFrame | None:
        body = self.next_body()
        if body is None:
            return None
        return ModuleFrame(body[0], body[1], body[2], body[3:])

    def next_host_frame(self) -> HostFrame | None:
        body = self.next_body()
        if body is None:
            return None
        return HostFrame(body[0], body[1], body[2:])

    def _drop_noise(self) -> None:
        start = self._buf.find(PREAMBLE)
        if start < 0:
            # Keep a tail that could be the start of a preamble split across reads.
            keep = next(
                (n for n in range(len(PREAMBLE) - 1, 0, -1) if self._buf.endswith(PREAMBLE[:n])),
                0,
            )
            start = len(self._buf) - keep
        if start > 0:
            self.discarded += start
            del self._buf[:start]


# --- result codes (SW3) ---------------------------------------------------------------


@dataclass(frozen=True)
class ResultCode:
    sw3: int
    meaning: str  # for the technician, English
    state: DeviceState  # what the reader is after this answer
    hint_zh: str = ""  # what the screen may tell the resident


_PLACE_AGAIN = "请将身份证重新放在感应区上，放稳不要移动"
_CALL_STAFF = "读卡器暂时无法使用，请联系工作人员"
_CARD_REFUSED = "无法读取此证件，请使用有效的居民身份证"

RESULT_CODES: dict[int, ResultCode] = {
    r.sw3: r
    for r in (
        ResultCode(0x90, "success", DeviceState.READY),
        ResultCode(0x9F, "card found", DeviceState.CARD_PRESENT),
        ResultCode(
            0x10, "module received a frame with a wrong checksum", DeviceState.UNKNOWN, _CALL_STAFF
        ),
        ResultCode(
            0x11, "module received a frame with a wrong length", DeviceState.UNKNOWN, _CALL_STAFF
        ),
        ResultCode(0x21, "module does not know this command", DeviceState.HARDWARE_ERROR),
        ResultCode(0x23, "command not authorised by the module", DeviceState.HARDWARE_ERROR),
        ResultCode(0x24, "module reported an unknown error", DeviceState.HARDWARE_ERROR),
        ResultCode(
            0x31,
            "card failed to authenticate the SAM (card damaged or not genuine)",
            DeviceState.UNSUPPORTED_CARD,
            _CARD_REFUSED,
        ),
        ResultCode(
            0x32,
            "SAM failed to authenticate the card (card damaged or not genuine)",
            DeviceState.UNSUPPORTED_CARD,
            _CARD_REFUSED,
        ),
        ResultCode(
            0x33,
            "card information failed its integrity check",
            DeviceState.UNSUPPORTED_CARD,
            _CARD_REFUSED,
        ),
        ResultCode(
            0x40, "wrong card type for this module", DeviceState.UNSUPPORTED_CARD, _CARD_REFUSED
        ),
        ResultCode(
            0x41,
            "reading the card failed (card moved or badly placed)",
            DeviceState.CARD_PRESENT,
            _PLACE_AGAIN,
        ),
        ResultCode(
            0x47,
            "getting a random number from the card failed (card moved?)",
            DeviceState.CARD_PRESENT,
            _PLACE_AGAIN,
        ),
        ResultCode(0x60, "SAM self-test failed", DeviceState.HARDWARE_ERROR, _CALL_STAFF),
        ResultCode(0x66, "SAM is not authorised", DeviceState.HARDWARE_ERROR, _CALL_STAFF),
        ResultCode(0x80, "find card failed: no new card on the reader", DeviceState.NO_CARD),
        ResultCode(
            0x81, "select card failed: no card in the field", DeviceState.NO_CARD, _PLACE_AGAIN
        ),
        ResultCode(0x91, "item empty: the card holds nothing for this request", DeviceState.READY),
    )
}


class SamError(DeviceError):
    """The module answered a command with a failure result code."""

    def __init__(self, command: str, sw3: int):
        result = RESULT_CODES.get(sw3)
        meaning = result.meaning if result else "result code not in GA 467"
        state = result.state if result else DeviceState.HARDWARE_ERROR
        super().__init__(state, f"ID card reader: {command} answered SW3 {sw3:02X}: {meaning}")
        self.sw3 = sw3
        self.hint_zh = result.hint_zh if result and result.hint_zh else _CALL_STAFF


# --- the 256-byte text block ---------------------------------------------------------
#
# Every card keeps a type letter at bytes 248-249 (blank on a resident ID card) and lays
# out the other 254 bytes its own way; all text is UCS-2 little-endian padded with spaces.
# Layouts of the other cards as readers' SDKs publish them (see the commit that added
# them): the residence permit for Hong Kong, Macao and Taiwan residents follows the ID
# card and puts its travel permit number and issue count in the ID card's reserved area;
# the 2017 foreigner's permanent residence card starts with a 120-byte English name; the
# 2023 edition moves back towards the ID card with an 18-digit number.

# (field, length in bytes) in card order, for each kind of card.
TEXT_LAYOUTS: dict[CardKind, tuple[tuple[str, int], ...]] = {
    CardKind.RESIDENT_ID_CARD: (
        ("name", 30),
        ("sex", 2),
        ("nation", 4),
        ("birth_date", 16),
        ("address", 70),
        ("id_number", 36),
        ("issuing_authority", 30),
        ("valid_from", 16),
        ("valid_to", 16),
        ("reserved", 28),
        ("card_type", 2),
        ("reserved_end", 6),
    ),
    CardKind.HK_MO_TW_RESIDENCE_PERMIT: (
        ("name", 30),
        ("sex", 2),
        ("nation", 4),  # left blank
        ("birth_date", 16),
        ("address", 70),
        ("id_number", 36),
        ("issuing_authority", 30),
        ("valid_from", 16),
        ("valid_to", 16),
        ("pass_number", 18),  # 通行证号码, 9 characters
        ("issue_count", 4),  # 签发次数, 2 characters
        ("reserved", 6),
        ("card_type", 2),  # "J"
        ("reserved_end", 6),
    ),
    CardKind.FOREIGN_PERMANENT_RESIDENCE_2017: (
        ("english_name", 120),
        ("sex", 2),
        ("id_number", 30),  # 15 characters
        ("nationality", 6),  # GB/T 2659 three-letter code
        ("name", 30),  # Chinese name, may be blank
        ("valid_from", 16),
        ("valid_to", 16),
        ("birth_date", 16),
        ("card_version", 4),
        ("issuing_authority", 8),  # 当次申请受理机关代码
        ("card_type", 2),  # "I"
        ("reserved_end", 6),
    ),
    CardKind.FOREIGN_PERMANENT_RESIDENCE_2023: (
        ("name", 30),  # Chinese name, may be blank
        ("sex", 2),
        ("issue_count", 4),  # 换证次数
        ("birth_date", 16),
        ("english_name", 70),  # characters 1-35 of the English name
        ("id_number", 36),  # 18 characters, starting with 9
        ("reserved", 30),
        ("valid_from", 16),
        ("valid_to", 16),
        ("english_name_more", 22),  # characters 36-46 of the English name
        ("nationality", 6),
        ("card_type", 2),  # "Y"
        ("previous_number_link", 6),  # links to the 15-character number of an older card
    ),
}
# Kept for callers that know only the resident ID card.
TEXT_LAYOUT = TEXT_LAYOUTS[CardKind.RESIDENT_ID_CARD]

CARD_TYPE_OFFSET = 248
CARD_TYPE_LETTERS: dict[str, CardKind] = {
    "": CardKind.RESIDENT_ID_CARD,
    "J": CardKind.HK_MO_TW_RESIDENCE_PERMIT,
    "I": CardKind.FOREIGN_PERMANENT_RESIDENCE_2017,
    "Y": CardKind.FOREIGN_PERMANENT_RESIDENCE_2023,
}
LETTERS_BY_KIND = {kind: letter for letter, kind in CARD_TYPE_LETTERS.items()}
CARD_TYPES = {
    "I": "foreigner's permanent residence card (2017)",
    "Y": "foreigner's permanent residence card (2023)",
    "J": "residence permit for Hong Kong, Macao and Taiwan residents",
}
NUMBER_LENGTHS = {
    CardKind.RESIDENT_ID_CARD: 18,
    CardKind.HK_MO_TW_RESIDENCE_PERMIT: 18,
    CardKind.FOREIGN_PERMANENT_RESIDENCE_2017: 15,
    CardKind.FOREIGN_PERMANENT_RESIDENCE_2023: 18,
}
NO_EXPIRY = "长期"
_SEXES = {"1": "男", "2": "女"}
_SEX_CODES = {v: k for k, v in _SEXES.items()}


def _offsets(layout: tuple[tuple[str, int], ...]) -> dict[str, tuple[int, int]]:
    offsets, pos = {}, 0
    for field, size in layout:
        offsets[field] = (pos, pos + size)
        pos += size
    if pos != TEXT_LEN or offsets["card_type"][0] != CARD_TYPE_OFFSET:
        raise AssertionError("a text layout covers 256 bytes with the type letter at 248")
    return offsets


_OFFSETS = {kind: _offsets(layout) for kind, layout in TEXT_LAYOUTS.items()}


def text_field_offset(kind: CardKind, field: str) -> int:
    """Where `field` starts in the 256-byte text block of a `kind` card."""
    return _OFFSETS[kind][field][0]


def _put(block: bytearray, kind: CardKind, field: str, text: str) -> None:
    start, end = _OFFSETS[kind][field]
    raw = text.encode("utf-16-le")
    if len(raw) > end - start:
        raise ValueError(f"{field} is longer than its {(end - start) // 2} characters")
    block[start:end] = raw + " ".encode("utf-16-le") * ((end - start - len(raw)) // 2)


def encode_text_block(card: IdCardData, *, card_type: str | None = None) -> bytes:
    """The 256 bytes a card holds (the emulator's side), in the layout of `card.kind`.

    `card_type` writes another type letter than the kind's (for tests of odd cards).
    """
    kind = card.kind
    block = bytearray(" ".encode("utf-16-le") * (TEXT_LEN // 2))

    def put(field: str, text: str) -> None:
        _put(block, kind, field, text)

    put("sex", _SEX_CODES[card.sex])
    put("birth_date", card.birth_date.strftime("%Y%m%d"))
    put("id_number", card.id_number)
    put("valid_from", card.valid_from.strftime("%Y%m%d"))
    put("valid_to", card.valid_to.strftime("%Y%m%d") if card.valid_to else NO_EXPIRY)
    put("name", card.name)
    if kind in (CardKind.RESIDENT_ID_CARD, CardKind.HK_MO_TW_RESIDENCE_PERMIT):
        if kind is CardKind.RESIDENT_ID_CARD:
            put("nation", nation_code(card.nation))
        else:
            put("pass_number", card.pass_number)
            put("issue_count", card.issue_count)
        put("address", card.address)
        put("issuing_authority", card.issuing_authority)
    else:
        put("nationality", card.nationality)
        if kind is CardKind.FOREIGN_PERMANENT_RESIDENCE_2017:
            put("english_name", card.english_name)
            put("card_version", card.card_version)
            put("issuing_authority", card.issuing_authority)
        else:
            put("english_name", card.english_name[:35])
            put("english_name_more", card.english_name[35:])
            put("issue_count", card.issue_count)
    put("card_type", LETTERS_BY_KIND[kind] if card_type is None else card_type)
    return bytes(block)


def _get(block: bytes, kind: CardKind, field: str, *, strip: bool = True) -> str:
    start, end = _OFFSETS[kind][field]
    try:
        text = block[start:end].decode("utf-16-le")
    except UnicodeDecodeError:
        raise CardDataError(field, "not valid UCS-2") from None
    return text.strip(" \x00") if strip else text


def _date(block: bytes, kind: CardKind, field: str) -> dt.date:
    text = _get(block, kind, field)
    try:
        return dt.datetime.strptime(text, "%Y%m%d").date()
    except ValueError:
        raise CardDataError(field, "not a date in YYYYMMDD form") from None


def card_type_of(text_block: bytes) -> str:
    """The type letter of the card ("" for a resident ID card)."""
    raw = text_block[CARD_TYPE_OFFSET : CARD_TYPE_OFFSET + 2]
    return raw.decode("utf-16-le", errors="replace").strip(" \x00")


def decode_text_block(text_block: bytes, photo_wlt: bytes = b"") -> IdCardData:
    """Holder data from the text block of any card the reader reads.

    Raises UnsupportedCardType for a type letter it does not know and CardDataError for
    a field that does not decode; never anything else.
    """
    if len(text_block) != TEXT_LEN:
        raise CardDataError("text", f"block is {len(text_block)} bytes, expected {TEXT_LEN}")
    card_type = card_type_of(text_block)
    kind = CARD_TYPE_LETTERS.get(card_type)
    if kind is None:
        raise UnsupportedCardType(card_type, CARD_TYPES.get(card_type, "unknown card type"))

    def get(field: str) -> str:
        return _get(text_block, kind, field)

    sex = _SEXES.get(get("sex"))
    if sex is None:
        raise CardDataError("sex", "code is neither 1 nor 2")
    id_number = get("id_number")
    if len(id_number) != NUMBER_LENGTHS[kind]:
        raise CardDataError("id_number", f"not {NUMBER_LENGTHS[kind]} characters")
    valid_to_text = get("valid_to")
    common = {
        "kind": kind,
        "name": get("name"),
        "sex": sex,
        "birth_date": _date(text_block, kind, "birth_date"),
        "id_number": id_number,
        "valid_from": _date(text_block, kind, "valid_from"),
        "valid_to": None if valid_to_text == NO_EXPIRY else _date(text_block, kind, "valid_to"),
        "photo_wlt": bytes(photo_wlt),
    }
    if kind is CardKind.RESIDENT_ID_CARD:
        return IdCardData(
            **common,
            # A code the standard lacks leaves the field empty for the form to ask, rather
            # than refusing a genuine card.
            nation=nation_name(get("nation")) or "",
            address=get("address"),
            issuing_authority=get("issuing_authority"),
        )
    if kind is CardKind.HK_MO_TW_RESIDENCE_PERMIT:
        return IdCardData(
            **common,
            nation="",
            address=get("address"),
            issuing_authority=get("issuing_authority"),
            pass_number=get("pass_number"),
            issue_count=get("issue_count"),
        )
    if kind is CardKind.FOREIGN_PERMANENT_RESIDENCE_2017:
        return IdCardData(
            **common,
            nation="",
            address="",
            issuing_authority=get("issuing_authority"),
            english_name=get("english_name"),
            nationality=get("nationality"),
            card_version=get("card_version"),
        )
    english = _get(text_block, kind, "english_name", strip=False) + get("english_name_more")
    return IdCardData(
        **common,
        nation="",
        address="",
        issuing_authority="",
        english_name=english.strip(" \x00"),
        nationality=get("nationality"),
        issue_count=get("issue_count"),
    )


def split_read_answer(data: bytes) -> tuple[bytes, bytes]:
    """(text, photo) from the data of a 30 01 answer: text len, photo len, text, photo."""
    if len(data) < 4:
        raise FrameError("ID card read answer too short for its length fields")
    text_len = int.from_bytes(data[0:2], "big")
    photo_len = int.from_bytes(data[2:4], "big")
    if text_len != TEXT_LEN or len(data) < 4 + text_len + photo_len:
        raise FrameError("ID card read answer has inconsistent text/photo lengths")
    return data[4 : 4 + text_len], data[4 + text_len : 4 + text_len + photo_len]


def build_read_answer_data(text_block: bytes, photo_wlt: bytes) -> bytes:
    return (
        len(text_block).to_bytes(2, "big")
        + len(photo_wlt).to_bytes(2, "big")
        + text_block
        + photo_wlt
    )


def format_sam_id(data: bytes) -> str:
    """The SAM id as vendors print it, e.g. 05.01-20240315-0012345678-0087654321.

    16 bytes, little-endian: two 16-bit version parts, then three 32-bit numbers.
    """
    if len(data) < 16:
        raise FrameError("SAM id answer shorter than 16 bytes")
    a, b = (int.from_bytes(data[i : i + 2], "little") for i in (0, 2))
    c, d, e = (int.from_bytes(data[i : i + 4], "little") for i in (4, 8, 12))
    return f"{a:02d}.{b:02d}-{c:08d}-{d:010d}-{e:010d}"


def gb11643_check_character(first17: str) -> str:
    """The ID number check character (ISO 7064 MOD 11-2) for its first 17 digits."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    if len(first17) != 17 or not first17.isdigit():
        raise ValueError("need the first 17 digits")
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights, strict=True)) % 11]
