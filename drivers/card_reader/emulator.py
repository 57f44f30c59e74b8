"""An in-process reader slot for the emulated social security card (emulated_card.py).

The slot is the transport: a resident's hand (insert, remove, pull half-way) and a
technician's (unplug the reader). The card it holds answers real APDUs; the same card
sits behind pcscd's virtual reader in vpcd_card.py.
"""

from __future__ import annotations

import errno
from pathlib import Path

from drivers.card_reader.emulated_card import (
    CARDS_DIR,
    DEFAULT_ATR,
    PullFault,
    SocialSecurityCardEmulator,
    load_cards,
)
from drivers.card_reader.reader import SocialSecurityCardReader

# The card used to live here; callers still import it from this module.
__all__ = [
    "CARDS_DIR",
    "DEFAULT_ATR",
    "EmulatedCardConnection",
    "EmulatedReaderSlot",
    "SocialSecurityCardEmulator",
    "load_cards",
    "make_emulated_card_reader",
]


class EmulatedCardConnection:
    """CardConnection to whatever card is in an EmulatedReaderSlot."""

    def __init__(self, slot: EmulatedReaderSlot):
        self._slot = slot
        self._card: SocialSecurityCardEmulator | None = None

    def connect(self) -> None:
        self._card = self._slot._card_or_raise()
        self._card.power_on()

    def disconnect(self) -> None:
        self._card = None

    def get_atr(self) -> list[int]:
        return list(self._live_card().atr)

    def transmit(self, apdu: list[int]) -> tuple[list[int], int, int]:
        card = self._live_card()
        self._slot._count_apdu()
        return card.transmit(apdu)

    def _live_card(self) -> SocialSecurityCardEmulator:
        card = self._slot._card_or_raise()
        if card is not self._card:
            raise OSError(errno.EIO, "card was removed or swapped")
        return card


class EmulatedReaderSlot:
    """ReaderSlot with a resident's hand (insert/remove) and a technician's (unplug)."""

    def __init__(self, cards: dict[str, SocialSecurityCardEmulator] | None = None):
        self.cards = cards or {}
        self.plugged = True
        self._card: SocialSecurityCardEmulator | None = None
        self._pull = PullFault()

    def insert(self, card: SocialSecurityCardEmulator | str) -> None:
        self._card = self.cards[card] if isinstance(card, str) else card

    def remove(self) -> None:
        self._card = None

    def unplug(self) -> None:
        self.plugged = False

    def plug(self) -> None:
        self.plugged = True

    def pull_card_after(self, apdus: int) -> None:
        """Fault: the card leaves the slot after `apdus` more APDUs."""
        self._pull.arm(apdus)

    # --- ReaderSlot -------------------------------------------------------------------

    def card_present(self) -> bool:
        self._check_reader()
        return self._card is not None

    def create_connection(self) -> EmulatedCardConnection:
        self._check_reader()
        return EmulatedCardConnection(self)

    def describe(self) -> str:
        return "in-process emulated reader"

    def close(self) -> None:
        pass  # nothing held open

    # --- for the connection -------------------------------------------------------------

    def _card_or_raise(self) -> SocialSecurityCardEmulator:
        self._check_reader()
        if self._card is None:
            raise OSError(errno.ENOMEDIUM, "no card in the reader")
        return self._card

    def _count_apdu(self) -> None:
        if self._pull.pull_now():
            self._card = None
            raise OSError(errno.EIO, "card was removed")

    def _check_reader(self) -> None:
        if not self.plugged:
            raise OSError(errno.ENODEV, "card reader unplugged")


def make_emulated_card_reader(
    cards_dir: Path | None = None,
) -> tuple[SocialSecurityCardReader, EmulatedReaderSlot]:
    """The real driver over an emulated slot; insert `slot.cards[...]` to present a card."""
    slot = EmulatedReaderSlot(load_cards(cards_dir))
    return SocialSecurityCardReader(slot), slot
