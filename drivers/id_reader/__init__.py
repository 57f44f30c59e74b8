"""Resident ID card reader: GA 467 SAM modules over a byte transport, and their emulator."""

from drivers.id_reader.protocol import (
    ByteTransport,
    CardDataError,
    CardRead,
    CardReadInterrupted,
    CardRemoved,
    IdCardData,
    IdCardEvent,
    IdCardReader,
    PhotoDecoder,
    UnsupportedCardType,
)
from drivers.id_reader.reader import Ga467IdCardReader

__all__ = [
    "ByteTransport",
    "CardDataError",
    "CardRead",
    "CardReadInterrupted",
    "CardRemoved",
    "Ga467IdCardReader",
    "IdCardData",
    "IdCardEvent",
    "IdCardReader",
    "PhotoDecoder",
    "UnsupportedCardType",
]
