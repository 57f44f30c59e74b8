"""A social security card that answers real APDUs, whatever carries them.

The card answers like a real one: select by application name, select EF05/EF06, READ
RECORD with tag-length-value records, optionally 61 xx chaining (fetched with GET
RESPONSE) and 6C xx for a wrong Le, and a PIN-protected variant that answers 69 82 on
the holder file. Two transports carry it: the in-process reader slot (emulator.py) and
pcscd's virtual reader (vpcd_card.py), so both answer with this one implementation.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import deque
from pathlib import Path

from drivers.card_reader import ssc
from drivers.card_reader.protocol import SocialSecurityCardData
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
        # What the host sent, in order: the last ten thousand (a demo runs for days).
        self.apdus: deque[list[int]] = deque(maxlen=10_000)
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
    def from_file(
        cls, path: Path, *, pin_protected: bool | None = None
    ) -> SocialSecurityCardEmulator:
        """The card described by a data file; `pin_protected` overrides the file's say."""
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
            pin_protected=(
                raw.get("pin_protected", False) if pin_protected is None else pin_protected
            ),
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

class PullFault:
    """Fault switch shared by both transports: the card leaves after N more APDUs."""

    def __init__(self) -> None:
        self._remaining: int | None = None

    def arm(self, apdus: int) -> None:
        self._remaining = max(0, apdus)

    def disarm(self) -> None:
        self._remaining = None

    def pull_now(self) -> bool:
        """Call once per APDU before answering it: True means the card is pulled instead."""
        if self._remaining is None:
            return False
        if self._remaining <= 0:
            self._remaining = None
            return True
        self._remaining -= 1
        return False


def load_cards(cards_dir: Path | None = None) -> dict[str, SocialSecurityCardEmulator]:
    """Every sample card in `cards_dir` (default: the fictional residents here), by stem."""
    folder = cards_dir or CARDS_DIR
    return {
        path.stem: SocialSecurityCardEmulator.from_file(path)
        for path in sorted(folder.glob("*.json"))
    }
