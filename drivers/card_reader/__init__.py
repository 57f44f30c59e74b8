"""Social security card reader: the national SSC application over a PC/SC-shaped transport."""

from drivers.card_reader.protocol import (
    CardConnection,
    CardEvent,
    CardRead,
    CardRemoved,
    ReaderSlot,
    SmartCardReader,
    SocialSecurityCardData,
)
from drivers.card_reader.reader import SocialSecurityCardReader
from drivers.card_reader.ssc import CardStatusError, NeedsPin, RecordError

__all__ = [
    "CardConnection",
    "CardEvent",
    "CardRead",
    "CardRemoved",
    "CardStatusError",
    "NeedsPin",
    "ReaderSlot",
    "RecordError",
    "SmartCardReader",
    "SocialSecurityCardData",
    "SocialSecurityCardReader",
]
