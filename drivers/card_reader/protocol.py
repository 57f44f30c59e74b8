"""What the core may expect from a social security card reader, and the PC/SC boundary.

The transport mirrors pyscard's: pcsc.py implements it over pcscd, emulator.py in-process.
Events are the same CardRead / CardRemoved classes as the ID card reader's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from drivers.base import DeviceHealth, DeviceState
from drivers.id_reader.protocol import CardRead, CardRemoved

__all__ = [
    "CardConnection",
    "CardEvent",
    "CardRead",
    "CardRemoved",
    "ReaderSlot",
    "SmartCardReader",
    "SocialSecurityCardData",
]


@dataclass(frozen=True, repr=False)
class SocialSecurityCardData:
    """Holder data of a social security card; in memory for one session only."""

    card_number: str  # 9 characters, printed on the card
    social_security_number: str  # 18 characters, the holder's ID number
    name: str
    sex: str  # "男", "女" or "" when the card does not say
    nation: str  # full name ("汉族") or ""
    birthplace: str  # 6-digit area code or ""
    birth_date: dt.date | None

    def __repr__(self) -> str:
        return "SocialSecurityCardData(<personal data hidden>)"

    __str__ = __repr__


CardEvent = CardRead[SocialSecurityCardData] | CardRemoved


class CardConnection(Protocol):
    """One connection to the card in a slot (pyscard's CardConnection).

    Methods raise OSError when the card or the reader went away mid-exchange.
    """

    def connect(self) -> None: ...

    def disconnect(self) -> None: ...

    def get_atr(self) -> list[int]: ...

    def transmit(self, apdu: list[int]) -> tuple[list[int], int, int]:
        """(response data, SW1, SW2)."""
        ...


class ReaderSlot(Protocol):
    """A PC/SC reader slot. Raises OSError when the reader itself is gone.

    errno ENODEV in that OSError means the reader (or pcscd) is gone; any other errno
    from a connection means the card is.
    """

    def card_present(self) -> bool: ...

    def create_connection(self) -> CardConnection: ...

    def describe(self) -> str:
        """Which reader this is, for health (no personal data)."""
        ...

    def close(self) -> None: ...


class SmartCardReader(Protocol):
    def state(self) -> DeviceState: ...

    def poll(self) -> CardEvent | None:
        """CardRead once per insertion (after reading it), CardRemoved once on removal."""
        ...

    def health(self) -> DeviceHealth: ...

    def close(self) -> None: ...
