"""A byte-level emulator of a GA 467 SAM module, and an in-process transport to it.

The emulator takes host bytes and answers module bytes: real frames with computed
checksums, the real 1295-byte read answer with a UCS-2 text block and a 1024-byte photo.
It mimics what real modules do with a card: once a card has been selected (and so read),
"find card" fails until the card is lifted and put back, while "select card" keeps
working as long as the card lies in the field (presumably because an ISO 14443 type B
card, once activated, no longer answers the request that find card sends). Switches
inject the faults a terminal meets in the field.

A later transport (a pseudo-terminal) only has to pump bytes through `receive()`.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import random
import threading
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path

from drivers.id_reader.ga467 import (
    CARD_TYPE_LETTERS,
    HOST_LEN_MAX,
    HOST_LEN_MIN,
    NO_EXPIRY,
    PHOTO_LEN,
    PREAMBLE,
    ChecksumError,
    Command,
    FrameError,
    FrameReader,
    HostFrame,
    build_answer,
    build_read_answer_data,
    encode_text_block,
    gb11643_check_character,
    text_field_offset,
)
from drivers.id_reader.protocol import CardCheck, IdCardData
from drivers.id_reader.reader import Ga467IdCardReader

CARDS_DIR = Path(__file__).with_name("cards")
# 05.01-20240315-0012345678-0087654321 once formatted.
DEFAULT_SAM_ID = (
    (5).to_bytes(2, "little")
    + (1).to_bytes(2, "little")
    + (20240315).to_bytes(4, "little")
    + (12345678).to_bytes(4, "little")
    + (87654321).to_bytes(4, "little")
)


@dataclass(frozen=True, repr=False)
class EmulatedIdCard:
    """What a card holds, ready to be put on the emulated reader."""

    key: str  # the data file's stem, e.g. "wang_xiulan"
    text_block: bytes
    photo_wlt: bytes
    serial: bytes  # 8 bytes, answered to select card
    data: IdCardData  # what a correct driver must decode from it

    def __repr__(self) -> str:
        return f"EmulatedIdCard({self.key})"


def card_from_file(path: Path) -> EmulatedIdCard:
    """A card from its JSON file. "card_type" ("J", "I", "Y"; none for an ID card) picks
    the kind; foreigners' cards add english_name and nationality, residence permits
    pass_number and issue_count (see the sample files)."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    kind = CARD_TYPE_LETTERS[raw.get("card_type", "")]
    id_number = raw["id_number"]
    if len(id_number) == 18 and id_number[17] != gb11643_check_character(id_number[:17]):
        raise ValueError(f"{path.name}: the number's check digit is wrong")
    photo = _fake_wlt_photo(id_number)
    nation = raw.get("nation", "")
    data = IdCardData(
        kind=kind,
        name=raw.get("name", ""),
        sex=raw["sex"],
        nation=nation if not nation or nation.endswith("族") else nation + "族",
        birth_date=dt.date.fromisoformat(raw["birth_date"]),
        address=raw.get("address", ""),
        id_number=id_number,
        issuing_authority=raw.get("issuing_authority", ""),
        valid_from=dt.date.fromisoformat(raw["valid_from"]),
        valid_to=None if raw["valid_to"] == NO_EXPIRY else dt.date.fromisoformat(raw["valid_to"]),
        photo_wlt=photo,
        english_name=raw.get("english_name", ""),
        nationality=raw.get("nationality", ""),
        pass_number=raw.get("pass_number", ""),
        issue_count=raw.get("issue_count", ""),
        card_version=raw.get("card_version", ""),
    )
    return EmulatedIdCard(
        key=path.stem,
        text_block=encode_text_block(data),
        photo_wlt=photo,
        serial=hashlib.sha256(id_number.encode()).digest()[:8],
        data=data,
    )


def load_cards(cards_dir: Path | None = None) -> dict[str, EmulatedIdCard]:
    """Every card in `cards_dir` (default: the sample residents shipped here), by file stem."""
    folder = cards_dir or CARDS_DIR
    return {path.stem: card_from_file(path) for path in sorted(folder.glob("*.json"))}


def _fake_wlt_photo(seed: str) -> bytes:
    # Stands in for a WLT photo: right size, stable per card, meaningless content.
    out = b""
    counter = 0
    while len(out) < PHOTO_LEN:
        out += hashlib.sha256(f"{seed}:{counter}".encode()).digest()
        counter += 1
    return out[:PHOTO_LEN]


class SamModuleEmulator:
    """Feed it host bytes with receive(); it returns the module's answer bytes."""

    def __init__(
        self,
        cards: dict[str, EmulatedIdCard] | None = None,
        *,
        sam_id: bytes = DEFAULT_SAM_ID,
        seed: int = 467,
    ):
        self.cards = cards or {}
        self.sam_id = sam_id
        self.plugged = True
        # What the host asked, in order: the last ten thousand (a demo runs for days).
        self.commands: deque[Command | tuple[int, int]] = deque(maxlen=10_000)
        self._rng = random.Random(seed)
        self._frames = FrameReader(len_min=HOST_LEN_MIN, len_max=HOST_LEN_MAX)
        self._card: EmulatedIdCard | None = None
        self._reset_card_flags()
        self._noise = 0
        self._corrupt_next: tuple[bool, Command | None] = (False, None)
        self._silent = False
        self._pull_mid_read = False
        self._fail_next: tuple[int, Command | None] | None = None
        self._damaged_reads = 0

    # --- the resident's hand ------------------------------------------------------------

    def present_card(self, card: EmulatedIdCard | str) -> None:
        """Put a card down (a new placement: find card will see it)."""
        self._card = self.cards[card] if isinstance(card, str) else card
        self._reset_card_flags()

    def remove_card(self) -> None:
        self._card = None
        self._reset_card_flags()

    @property
    def card_present(self) -> bool:
        return self._card is not None

    # --- fault switches -----------------------------------------------------------------

    def inject_noise(self, n_bytes: int) -> None:
        """Garbage bytes before the next answer."""
        self._noise = n_bytes

    def corrupt_next_checksum(self, command: Command | None = None) -> None:
        """Flip the checksum of the next answer (to `command` only, if given)."""
        self._corrupt_next = (True, command)

    def go_silent(self, silent: bool = True) -> None:
        """A hung module: it takes bytes and answers nothing."""
        self._silent = silent

    def pull_card_mid_read(self) -> None:
        """The next read answers a third of its frame, then the card is gone."""
        self._pull_mid_read = True

    def damage_next_reads(self, count: int = 1) -> None:
        """The next `count` read answers arrive with two digits of the card's number
        changed alike (each byte XOR 01): the frame's XOR checksum still adds up, as it
        does for any two equal bit flips on the line."""
        self._damaged_reads = count

    def fail_next(self, sw3: int, command: Command | None = None) -> None:
        """Answer the next (matching) command with result code `sw3` and no data."""
        self._fail_next = (sw3, command)

    def unplug(self) -> None:
        self.plugged = False

    def plug(self) -> None:
        """Plugging back powers the module up afresh: it forgets what it read."""
        self.plugged = True
        self._frames.clear()
        self._reset_card_flags()

    # --- the wire ---------------------------------------------------------------------

    def receive(self, data: bytes) -> bytes:
        if not self.plugged or self._silent:
            return b""
        self._frames.feed(data)
        out = b""
        while True:
            try:
                frame = self._frames.next_host_frame()
            except ChecksumError:
                out += self._send(build_answer(0x10))
                continue
            except FrameError:
                out += self._send(build_answer(0x11))
                continue
            if frame is None:
                return out
            out += self._answer(frame)

    def _answer(self, frame: HostFrame) -> bytes:
        try:
            command: Command | tuple[int, int] = Command((frame.cmd, frame.para))
        except ValueError:
            command = (frame.cmd, frame.para)
        self.commands.append(command)
        if self._fail_next and self._fail_next[1] in (None, command):
            sw3, self._fail_next = self._fail_next[0], None
            return self._send(build_answer(sw3))
        corrupt, only_for = self._corrupt_next
        if corrupt and only_for in (None, command):
            self._corrupt_next = (False, None)
            return _corrupt(self._answer_command(command))
        return self._answer_command(command)

    def _answer_command(self, command: Command | tuple[int, int]) -> bytes:
        if command is Command.READ_TEXT_PHOTO:
            return self._read_card()
        sw3, payload = self._execute(command)
        return self._send(build_answer(sw3, payload))

    def _execute(self, command: Command | tuple[int, int]) -> tuple[int, bytes]:
        card = self._card
        if command in (Command.RESET_SAM, Command.SAM_STATUS, Command.SET_MAX_RF_FRAME):
            return 0x90, b""
        if command is Command.SAM_ID:
            return 0x90, self.sam_id
        if command is Command.FIND_CARD:
            # An activated card ignores find until it is put down anew.
            if card is None or self._active:
                return 0x80, b""
            self._found = True
            return 0x9F, b"\x00\x00\x00\x00"
        if command is Command.SELECT_CARD:
            if card is None or not self._found:
                return 0x81, b""
            self._active = True
            return 0x90, card.serial
        if command is Command.READ_APPENDED_ADDRESS:
            return (0x91, b"") if card and self._active else (0x41, b"")
        if isinstance(command, tuple) and command[0] == 0x60 and command[1] <= 0x04:
            return 0x90, b""  # set baud: accepted, the loopback has no speed
        return 0x21, b""

    def _read_card(self) -> bytes:
        card = self._card
        if card is None or not self._active:
            return self._send(build_answer(0x41))
        frame = build_answer(0x90, build_read_answer_data(card.text_block, card.photo_wlt))
        if self._damaged_reads:
            self._damaged_reads -= 1
            frame = _damage_number(frame, card)
        if self._pull_mid_read:
            self._pull_mid_read = False
            self.remove_card()
            return self._send(frame[: len(frame) // 3])
        return self._send(frame)

    def _send(self, frame: bytes) -> bytes:
        if self._noise:
            # 0xAA is left out so the noise can never fake a preamble.
            noise = bytes(self._rng.choice(range(0x00, 0xAA)) for _ in range(self._noise))
            self._noise = 0
            frame = noise + frame
        return frame

    def _reset_card_flags(self) -> None:
        self._found = False  # find card succeeded for this placement
        self._active = False  # selected: find refuses the card until a new placement


def _damage_number(frame: bytes, card: EmulatedIdCard) -> bytes:
    # The text block starts after preamble, LEN, SW1-SW3 and the two length fields;
    # characters 15 and 16 of an 18-character number are sequence digits.
    start = len(PREAMBLE) + 2 + 3 + 4 + text_field_offset(card.data.kind, "id_number")
    damaged = bytearray(frame)
    for char in (14, 15) if len(card.data.id_number) == 18 else (12, 13):
        damaged[start + 2 * char] ^= 0x01
    return bytes(damaged)


def _corrupt(answer: bytes) -> bytes:
    return answer[:-1] + bytes([answer[-1] ^ 0xFF])


class LoopbackTransport:
    """ByteTransport to an in-process SamModuleEmulator.

    Answers come back in chunks of `chunk_size` bytes, as a serial port delivers them,
    so the driver's reassembly runs in every test. read() really waits out its timeout
    when nothing is pending; `silent_wait_s` adds up those waits as the driver asked.
    """

    def __init__(self, emulator: SamModuleEmulator, *, chunk_size: int = 256):
        self._emulator = emulator
        self._chunk_size = chunk_size
        self._pending = bytearray()
        self._arrived = threading.Condition()
        self._closed = False
        self.silent_wait_s = 0.0

    def write(self, data: bytes) -> None:
        self._check_port()
        answer = self._emulator.receive(bytes(data))
        with self._arrived:
            self._pending += answer
            self._arrived.notify_all()

    def read(self, size: int, timeout: float) -> bytes:
        self._check_port()
        with self._arrived:
            if not self._pending:
                self.silent_wait_s += max(0.0, timeout)
                deadline = time.monotonic() + timeout
                while not self._pending and not self._closed:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        break
                    self._arrived.wait(remaining)
            n = min(size, self._chunk_size, len(self._pending))
            out = bytes(self._pending[:n])
            del self._pending[:n]
            return out

    def reset_input(self) -> None:
        self._check_port()
        with self._arrived:
            self._pending.clear()

    def close(self) -> None:
        with self._arrived:
            self._closed = True
            self._pending.clear()
            self._arrived.notify_all()

    def _check_port(self) -> None:
        if self._closed:
            raise OSError(errno.EBADF, "port is closed")
        if not self._emulator.plugged:
            with self._arrived:
                self._pending.clear()
            raise OSError(errno.ENODEV, "ID card reader unplugged")


def make_emulated_id_reader(
    cards_dir: Path | None = None,
    *,
    timeout_s: float = 0.2,
    removal_confirmations: int = 2,
    card_check: CardCheck | None = None,
) -> tuple[Ga467IdCardReader, SamModuleEmulator]:
    """The real driver wired to an emulated module holding the sample (or given) cards.

    The emulator answers at once, so short timeouts only shorten the wait on faults.
    """
    emulator = SamModuleEmulator(load_cards(cards_dir))
    reader = Ga467IdCardReader(
        LoopbackTransport(emulator),
        timeout_s=timeout_s,
        read_timeout_s=timeout_s,
        removal_confirmations=removal_confirmations,
        card_check=card_check,
    )
    return reader, emulator
