"""What the core may expect from a resident ID card reader, whatever the hardware.

The core needs two facts from a reader: "a card was read" (with its data) and "the card
is gone" (to remind the resident to take it, and so a card left behind never enters the
next session). `IdCardReader.poll()` delivers exactly those as events.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from drivers.base import DeviceError, DeviceHealth, DeviceState

CardDataT = TypeVar("CardDataT")


class CardKind(enum.StrEnum):
    """The cards a GA 467 module reads; the type letter at bytes 248-249 tells them apart."""

    RESIDENT_ID_CARD = "resident_id_card"  # 居民身份证: no letter
    HK_MO_TW_RESIDENCE_PERMIT = "hk_mo_tw_residence_permit"  # 港澳台居民居住证: "J"
    FOREIGN_PERMANENT_RESIDENCE_2017 = "foreign_permanent_residence_2017"  # 2017 edition: "I"
    FOREIGN_PERMANENT_RESIDENCE_2023 = "foreign_permanent_residence_2023"  # 2023 edition: "Y"

    @property
    def is_foreign_permanent_residence(self) -> bool:
        return self in (
            CardKind.FOREIGN_PERMANENT_RESIDENCE_2017,
            CardKind.FOREIGN_PERMANENT_RESIDENCE_2023,
        )


@dataclass(frozen=True, repr=False)
class IdCardData:
    """The holder data of a card read on the ID card reader, decoded from its 256-byte
    text block: a resident ID card, a residence permit for Hong Kong, Macao and Taiwan
    residents, or a foreigner's permanent residence card (either edition).

    Lives in memory for one session only. Its repr hides every personal field, so a log
    line or a traceback that prints it leaks nothing.
    """

    name: str  # Chinese name; "" on a foreigner's card that has none
    sex: str  # "男" or "女"
    nation: str  # full name ("汉族"); "" for a code GB 3304 lacks, and on other cards
    birth_date: dt.date
    address: str  # "" on a foreigner's card (it holds none)
    id_number: str  # the card's number: 18 characters, or 15 on a 2017 foreigner's card
    issuing_authority: str  # a name; a 4-character authority code on a 2017 foreigner's card
    valid_from: dt.date
    valid_to: dt.date | None  # None: 长期 (no expiry)
    photo_wlt: bytes = b""  # raw 1024-byte WLT photo, as the card holds it
    photo_image: bytes | None = None  # decoded picture, only if a PhotoDecoder is plugged in
    kind: CardKind = CardKind.RESIDENT_ID_CARD
    english_name: str = ""  # foreigner's cards: upper-case Latin letters
    nationality: str = ""  # foreigner's cards: the GB/T 2659 three-letter code ("USA")
    pass_number: str = ""  # residence permit: the 9-character travel permit number
    issue_count: str = ""  # residence permit: 签发次数; 2023 foreigner's card: 换证次数
    card_version: str = ""  # 2017 foreigner's card: 证件版本号

    @property
    def display_name(self) -> str:
        """The name a person is called by here: the Chinese one, else the English one."""
        return self.name or self.english_name

    def __repr__(self) -> str:
        return "IdCardData(<personal data hidden>)"

    __str__ = __repr__


@dataclass(frozen=True)
class CardRead(Generic[CardDataT]):
    """A card was found and read; reported once per placement."""

    data: CardDataT


@dataclass(frozen=True)
class CardRemoved:
    """The card that was reported (read, or refused with an error) has left the reader."""


@dataclass(frozen=True)
class CardRefused:
    """A card lies on the reader, but what it reads failed its check on every read (see
    CardCheckFailed): the screen tells the resident `problem`; it is never proof.
    (The device manager turns the driver's CardCheckFailed into this event.)"""

    problem: str


IdCardEvent = CardRead[IdCardData] | CardRemoved

# The rule a card's data must pass before it counts as read: the reason it fails (no
# personal data in it), or None. The core supplies it (its number rules per card type).
CardCheck = Callable[[IdCardData], str | None]


class UnsupportedCardType(DeviceError):
    """A card whose type letter is none the reader knows (not an ID card, residence
    permit or foreigner's permanent residence card)."""

    def __init__(self, card_type: str, description: str):
        super().__init__(
            DeviceState.UNSUPPORTED_CARD,
            f"unsupported card type {card_type!r} ({description}); this reader reads "
            "resident ID cards, residence permits for Hong Kong, Macao and Taiwan residents "
            "and foreigners' permanent residence cards",
        )
        self.card_type = card_type
        self.description = description


class CardDataError(DeviceError):
    """The card answered, but its text block does not decode (names the field, not its value)."""

    def __init__(self, field: str, problem: str):
        super().__init__(
            DeviceState.UNSUPPORTED_CARD, f"ID card text field {field!r} cannot be used: {problem}"
        )
        self.field = field


class CardCheckFailed(DeviceError):
    """The card answered and its text block decodes, but the data failed its card check
    (the number's check digit, its birth date) on every one of `reads` reads: a damaged
    card, or damage on the line that the frame's one-byte checksum let through."""

    def __init__(self, problem: str, reads: int):
        super().__init__(
            DeviceState.UNSUPPORTED_CARD,
            f"the card's data failed its check on {reads} reads in a row (damaged card or "
            f"line noise): {problem}",
        )
        self.problem = problem


class CardReadInterrupted(DeviceError):
    """The answer to a read stopped half-way: the card was lifted while being read."""

    def __init__(self) -> None:
        super().__init__(
            DeviceState.NO_CARD,
            "the ID card was moved away while it was being read; place it again",
        )


class ByteTransport(Protocol):
    """A byte pipe to the module: a serial port later, an in-process emulator now.

    `write` and `read` raise OSError when the port has gone (pyserial's SerialException
    is an OSError), which the driver reports as NO_DEVICE.
    """

    def write(self, data: bytes) -> None: ...

    def read(self, size: int, timeout: float) -> bytes:
        """Up to `size` bytes; b"" when nothing came within `timeout` seconds."""
        ...

    def reset_input(self) -> None: ...

    def close(self) -> None: ...


class PhotoDecoder(Protocol):
    """Turns the card's WLT photo into a picture (vendor library); none by default."""

    def decode(self, wlt: bytes) -> bytes: ...


class IdCardReader(Protocol):
    def state(self) -> DeviceState:
        """The state seen by the last poll or command; no I/O."""
        ...

    def sam_status(self) -> DeviceState: ...

    def sam_id(self) -> str: ...

    def poll(self) -> IdCardEvent | None:
        """Call periodically (about every 300 ms); see Ga467IdCardReader for the guarantees."""
        ...

    def health(self) -> DeviceHealth: ...

    def close(self) -> None: ...
