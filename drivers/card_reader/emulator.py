"""An in-process social security card and reader slot that answer real APDUs.

The card answers like a real one: select by application name, select EF05/EF06, READ
RECORD with tag-length-value records, optionally 61 xx chaining (fetched with GET
RESPONSE) and 6C xx for a wrong Le, and a PIN-protected variant that answers 69 82 on
the holder file. A later issue puts the same card behind pcscd's virtual reader.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
from pathlib import Path

from drivers.card_reader import ssc
from drivers.card_reader.protocol import SocialSecurityCardData
from drivers.card_reader.reader import SocialSecurityCardReader
from drivers.id_reader.ga467 import gb11643_check_character
from drivers.id_reader.nations import nation_code

CARDS_DIR = Path(__file__).with_name("cards")
# A made-up ATR in the shape of a T=0 CPU card; no real card's historical bytes.
DEFAULT_ATR = [0x3B, 0x6C, 0x00, 0x00, 0x53, 0x53, 0x43, 0x2D, 0x45, 0x4D, 0x55, 0x4C, 0x41, 0x54,
               0x4F, 0x52]  # fmt: skip

Answer = tuple[list[int], int, int]


def _sw(sw: int) -> Answer:
    return [], sw >> 8, sw & 0xFF


class SocialSecurityCardEmulator:
    """One card. `expected` is what a correct driver must decode from it."""

    def __init__(
        self,
        holder: SocialSecurityCardData,
        *,
        key: str = "",
        pin_protected: bool = False,
        chain_responses: bool = False,
        missing_records: frozenset[int] = frozenset(),
        atr: list[int] | None = None,
    ):
        self.expected = holder
        self.key = key
        self.pin_protected = pin_protected
        self.chain_responses = chain_responses
        self.missing_records = missing_records  # regions that leave records out (6A 83)
        self.atr = list(atr or DEFAULT_ATR)
        self.apdus: list[list[int]] = []  # what the host sent, in order
        self._records = {
            ssc.EF_CARD: {0x07: holder.card_number.encode("ascii")},
            ssc.EF_HOLDER: {
                0x08: holder.social_security_number.encode("ascii"),
                0x09: holder.name.encode("gbk").ljust(30, b"\x00"),
                0x0A: {"男": b"1", "女": b"2"}[holder.sex],
                0x0B: nation_code(holder.nation).encode("ascii"),
                0x0C: ssc.to_bcd(holder.birthplace),
                0x0D: ssc.to_bcd(holder.birth_date.strftime("%Y%m%d")),
            },
        }
        self.power_on()

    def __repr__(self) -> str:
        return f"SocialSecurityCardEmulator({self.key or 'card'})"

    @classmethod
    def from_file(cls, path: Path) -> SocialSecurityCardEmulator:
        raw = json.loads(path.read_text(encoding="utf-8"))
        number = raw["social_security_number"]
        if number[17] != gb11643_check_character(number[:17]):
            raise ValueError(f"{path.name}: social security number check digit is wrong")
        holder = SocialSecurityCardData(
            card_number=raw["card_number"],
            social_security_number=number,
            name=raw["name"],
            sex=raw["sex"],
            nation=raw["nation"],
            birthplace=raw["birthplace"],
            birth_date=dt.date.fromisoformat(raw["birth_date"]),
        )
        return cls(
            holder,
            key=path.stem,
            pin_protected=raw.get("pin_protected", False),
            chain_responses=raw.get("chain_responses", False),
        )

    def power_on(self) -> None:
        """A reset: nothing selected, nothing pending."""
        self._app_selected = False
        self._current_ef: int | None = None
        self._pending = b""

    def transmit(self, apdu: list[int]) -> Answer:
        self.apdus.append(list(apdu))
        if len(apdu) < 4:
            return _sw(0x6700)
        cla, ins, p1, p2 = apdu[:4]
        if cla != 0x00:
            return _sw(0x6E00)
        body = bytes(apdu[5 : 5 + apdu[4]]) if len(apdu) > 5 else b""
        le = apdu[4] if len(apdu) == 5 else 0
        if ins == 0xA4:
            return self._select(p1, body)
        if ins == 0xB2:
            return self._read_record(p1, le)
        if ins == 0xC0:
            return self._get_response(le)
        return _sw(0x6D00)

    def _select(self, p1: int, body: bytes) -> Answer:
        if p1 == 0x04:
            self._app_selected = body == ssc.APPLICATION_NAME
            self._current_ef = None
            return _sw(0x9000 if self._app_selected else 0x6A82)
        if p1 == 0x02 and self._app_selected and len(body) == 2:
            file_id = int.from_bytes(body, "big")
            if file_id in self._records:
                self._current_ef = file_id
                return _sw(0x9000)
            return _sw(0x6A82)
        return _sw(0x6A86 if p1 not in (0x02, 0x04) else 0x6A82)

    def _read_record(self, record: int, le: int) -> Answer:
        if self._current_ef is None:
            return _sw(0x6986)
        if self.pin_protected and self._current_ef == ssc.EF_HOLDER:
            return _sw(0x6982)
        value = self._records[self._current_ef].get(record)
        if value is None or record in self.missing_records:
            return _sw(0x6A83)
        tlv = ssc.encode_tlv(record, value)
        if self.chain_responses:
            self._pending = tlv
            return _sw(0x6100 | len(tlv))
        if le not in (0, len(tlv)):
            return _sw(0x6C00 | len(tlv))
        return list(tlv), 0x90, 0x00

    def _get_response(self, le: int) -> Answer:
        if not self._pending:
            return _sw(0x6985)
        size = le or len(self._pending)
        out, self._pending = self._pending[:size], self._pending[size:]
        if self._pending:
            return list(out), 0x61, len(self._pending) & 0xFF
        return list(out), 0x90, 0x00


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
        self._pull_after: int | None = None

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
        self._pull_after = apdus

    # --- ReaderSlot -------------------------------------------------------------------

    def card_present(self) -> bool:
        self._check_reader()
        return self._card is not None

    def create_connection(self) -> EmulatedCardConnection:
        self._check_reader()
        return EmulatedCardConnection(self)

    # --- for the connection -------------------------------------------------------------

    def _card_or_raise(self) -> SocialSecurityCardEmulator:
        self._check_reader()
        if self._card is None:
            raise OSError(errno.ENOMEDIUM, "no card in the reader")
        return self._card

    def _count_apdu(self) -> None:
        if self._pull_after is None:
            return
        if self._pull_after <= 0:
            self._pull_after = None
            self._card = None
            raise OSError(errno.EIO, "card was removed")
        self._pull_after -= 1

    def _check_reader(self) -> None:
        if not self.plugged:
            raise OSError(errno.ENODEV, "card reader unplugged")


def load_cards(cards_dir: Path | None = None) -> dict[str, SocialSecurityCardEmulator]:
    """Every sample card in `cards_dir` (default: the fictional residents here), by stem."""
    folder = cards_dir or CARDS_DIR
    return {
        path.stem: SocialSecurityCardEmulator.from_file(path)
        for path in sorted(folder.glob("*.json"))
    }


def make_emulated_card_reader(
    cards_dir: Path | None = None,
) -> tuple[SocialSecurityCardReader, EmulatedReaderSlot]:
    """The real driver over an emulated slot; insert `slot.cards[...]` to present a card."""
    slot = EmulatedReaderSlot(load_cards(cards_dir))
    return SocialSecurityCardReader(slot), slot
