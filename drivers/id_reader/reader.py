"""The real driver for GA 467 SAM modules, written against a narrow byte transport.

The same code runs over the in-process emulator in tests and over a serial port on a
terminal; only the transport changes.

How poll() tells "a card was read" from "the card is gone"
-----------------------------------------------------------
Real modules refuse "find card" (SW3 80) after a successful read until the card is
lifted and put back, whether it still lies there or not. So find-card alone cannot tell
"still lying there" from "lifted". "Select card" (20 02) can: it keeps succeeding while
the card is in the field and fails (SW3 81) once it has been lifted. The rule:

* No card known: find; on success select and read, report CardRead once.
* Card reported (read, or refused as unsupported): never read it again. Each poll costs
  one find and, when find fails, one select:
  - find succeeds: a card was put down anew, so the old one was lifted. Report
    CardRemoved now; the next poll selects and reads the new placement.
  - find fails, select succeeds: the card still lies there. Report nothing.
  - find fails, select fails on `removal_confirmations` polls in a row: report
    CardRemoved. The debounce keeps a card shifted on the reader, or one RF glitch,
    from being taken for a removal.
* A read that fails part-way (card moved, corrupted answer, SW3 41/47) is retried on
  the next polls through select + read (find may now refuse it), at most
  `read_attempts` times per placement; then the card is treated as reported and the
  driver waits for it to be lifted.
* A read whose data fails `card_check` (the number's check digit, its birth date: damage
  the frame's one-byte XOR checksum cannot see, such as two bytes changed alike) is read
  again at once through select + read, up to `read_attempts` reads in all; if none
  passes, CardCheckFailed is raised and the card counts as reported: never a CardRead.

Guarantees: CardRead at most once per placement; CardRemoved exactly once after each
placement whose outcome (CardRead or a refusal) was reported, and never without one
before it; no re-reading while a card lies on the reader.
Limits: a power-cycled module forgets that it read a card, so a card lying on it is
then reported as removed and read again.
"""

from __future__ import annotations

import enum
import logging
import time
from dataclasses import replace

from drivers.base import DeviceError, DeviceHealth, DeviceState, DeviceTimeout
from drivers.id_reader.ga467 import (
    MODULE_LEN_MAX,
    MODULE_LEN_MIN,
    Command,
    FrameReader,
    ModuleFrame,
    SamError,
    build_command,
    decode_text_block,
    format_sam_id,
    split_read_answer,
)
from drivers.id_reader.protocol import (
    ByteTransport,
    CardCheck,
    CardCheckFailed,
    CardRead,
    CardReadInterrupted,
    CardRemoved,
    IdCardData,
    IdCardEvent,
    PhotoDecoder,
)

log = logging.getLogger(__name__)

DEVICE = "ID card reader"
SW3_SUCCESS, SW3_CARD_FOUND, SW3_NO_CARD, SW3_NOT_SELECTED = 0x90, 0x9F, 0x80, 0x81


class _Phase(enum.Enum):
    NO_CARD = "no_card"  # nothing reported; find-card watches for a new placement
    PENDING = "pending"  # a card was found but not yet read successfully
    REPORTED = "reported"  # its outcome was reported; watch for its removal


class Ga467IdCardReader:
    """IdCardReader over any ByteTransport speaking GA 467 frames."""

    name = "GA 467 SAM module"

    def __init__(
        self,
        transport: ByteTransport,
        *,
        timeout_s: float = 0.5,
        read_timeout_s: float = 3.0,
        removal_confirmations: int = 2,
        read_attempts: int = 3,
        photo_decoder: PhotoDecoder | None = None,
        card_check: CardCheck | None = None,
    ):
        self._transport = transport
        self._timeout_s = timeout_s
        self._read_timeout_s = read_timeout_s
        self._removal_confirmations = max(1, removal_confirmations)
        self._read_attempts = max(1, read_attempts)
        self._photo_decoder = photo_decoder
        self._card_check = card_check
        self._frames = FrameReader(len_min=MODULE_LEN_MIN, len_max=MODULE_LEN_MAX)
        self._phase = _Phase.NO_CARD
        self._missed_selects = 0
        self._failed_reads = 0
        self._state = DeviceState.UNKNOWN
        self._detail = "not polled yet"
        self._closed = False

    # --- IdCardReader -----------------------------------------------------------------

    def state(self) -> DeviceState:
        return self._state

    def poll(self) -> IdCardEvent | None:
        """One look at the reader; see the module docstring for the rule and guarantees.

        Raises DeviceError (DeviceTimeout when the module is silent, UnsupportedCardType
        for another kind of card, SamError for a failure result code).
        """
        try:
            event = self._poll()
        except DeviceError as exc:
            self._set_state(exc.state, exc.message)
            raise
        return event

    def sam_status(self) -> DeviceState:
        """The SAM's own verdict; never raises (no answer -> UNKNOWN, no port -> NO_DEVICE)."""
        try:
            frame = self._transact(Command.SAM_STATUS, self._timeout_s)
            if frame.sw3 != SW3_SUCCESS:
                raise SamError("SAM status", frame.sw3)
        except DeviceError as exc:
            self._set_state(exc.state, exc.message)
            return exc.state
        # Recovers a device-level state only; card states belong to poll().
        if self._state in (DeviceState.UNKNOWN, DeviceState.NO_DEVICE, DeviceState.HARDWARE_ERROR):
            self._set_state(DeviceState.READY, "SAM status OK")
        return DeviceState.READY

    def sam_id(self) -> str:
        frame = self._command(Command.SAM_ID, "SAM id")
        return format_sam_id(frame.data)

    def health(self) -> DeviceHealth:
        sam = self.sam_status()
        state = self._state if sam is DeviceState.READY else sam
        return DeviceHealth("id_reader", self.name, state, self._detail)

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._transport.close()
            self._set_state(DeviceState.NO_DEVICE, "closed")

    # --- poll steps ---------------------------------------------------------------------

    def _poll(self) -> IdCardEvent | None:
        if self._closed:
            raise DeviceError(DeviceState.NO_DEVICE, f"{DEVICE} is closed")
        found = self._find()
        if self._phase is _Phase.REPORTED:
            return self._watch_for_removal(found)
        if not found and self._phase is _Phase.NO_CARD:
            self._set_state(DeviceState.NO_CARD, "waiting for a card")
            return None
        # A new card, or a pending one that find may now refuse: select tells if it is there.
        if not self._select():
            if self._phase is _Phase.PENDING:
                self._forget_card("the card left before it could be read")
                return None
            raise SamError("select card", SW3_NOT_SELECTED)
        return self._read()

    def _watch_for_removal(self, found: bool) -> IdCardEvent | None:
        if found:
            # Find only succeeds for a fresh placement: the reported card was lifted.
            self._phase, self._failed_reads = _Phase.PENDING, 0
            self._set_state(DeviceState.CARD_PRESENT, "a card was put down again")
            return CardRemoved()
        if self._select():
            self._missed_selects = 0
            self._set_state(DeviceState.CARD_PRESENT, "card still on the reader")
            return None
        self._missed_selects += 1
        if self._missed_selects < self._removal_confirmations:
            return None
        self._forget_card("card lifted")
        return CardRemoved()

    def _read(self) -> IdCardEvent | None:
        self._phase = _Phase.PENDING
        problem = None
        for attempt in range(self._read_attempts):
            if attempt and not self._select():
                self._forget_card("the card left before it could be read")
                return None
            data = self._read_once()
            problem = self._card_check(data) if self._card_check is not None else None
            if problem is None:
                self._phase, self._missed_selects, self._failed_reads = _Phase.REPORTED, 0, 0
                self._set_state(DeviceState.CARD_PRESENT, "card read")
                return CardRead(self._with_photo(data))
        # Reported as an error: wait for this card to leave, don't read it again.
        self._phase, self._missed_selects = _Phase.REPORTED, 0
        raise CardCheckFailed(problem, self._read_attempts)

    def _read_once(self) -> IdCardData:
        try:
            frame = self._transact(Command.READ_TEXT_PHOTO, self._read_timeout_s)
            if frame.sw3 != SW3_SUCCESS:
                raise SamError("read card", frame.sw3)
            text, photo = split_read_answer(frame.data)
            data = decode_text_block(text, photo)
        except DeviceError as exc:
            self._failed_reads += 1
            refused = exc.state is DeviceState.UNSUPPORTED_CARD
            if refused or self._failed_reads >= self._read_attempts:
                # Reported as an error: wait for this card to leave, don't retry it.
                self._phase, self._missed_selects = _Phase.REPORTED, 0
            raise
        return data

    def _with_photo(self, data: IdCardData) -> IdCardData:
        if self._photo_decoder is None:
            return data
        try:
            image = self._photo_decoder.decode(data.photo_wlt)
        except Exception:  # a vendor decoder failing must not lose the card read
            log.warning("%s: photo decoder failed; continuing without a picture", DEVICE)
            return data
        return replace(data, photo_image=image)

    def _forget_card(self, why: str) -> None:
        self._phase, self._missed_selects, self._failed_reads = _Phase.NO_CARD, 0, 0
        self._set_state(DeviceState.NO_CARD, why)

    def _find(self) -> bool:
        frame = self._transact(Command.FIND_CARD, self._timeout_s)
        if frame.sw3 in (SW3_CARD_FOUND, SW3_SUCCESS):
            return True
        if frame.sw3 == SW3_NO_CARD:
            return False
        raise SamError("find card", frame.sw3)

    def _select(self) -> bool:
        frame = self._transact(Command.SELECT_CARD, self._timeout_s)
        if frame.sw3 == SW3_SUCCESS:
            return True
        if frame.sw3 == SW3_NOT_SELECTED:
            return False
        raise SamError("select card", frame.sw3)

    # --- framing over the transport --------------------------------------------------

    def _command(self, command: Command, what: str) -> ModuleFrame:
        try:
            frame = self._transact(command, self._timeout_s)
            if frame.sw3 != SW3_SUCCESS:
                raise SamError(what, frame.sw3)
        except DeviceError as exc:
            self._set_state(exc.state, exc.message)
            raise
        return frame

    def _transact(self, command: Command, timeout_s: float) -> ModuleFrame:
        """Send one command and wait for its answer frame, at most `timeout_s` in all."""
        what = command.name.lower().replace("_", " ")
        self._frames.clear()
        try:
            # Stale bytes (the tail of an interrupted answer) must not pass for this answer.
            self._transport.reset_input()
            self._transport.write(build_command(command))
            deadline = time.monotonic() + timeout_s
            while True:
                frame = self._frames.next_module_frame()
                if frame is not None:
                    return frame
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._frames.feed(self._transport.read(4096, remaining))
        except OSError as exc:
            raise DeviceError(
                DeviceState.NO_DEVICE, f"{DEVICE} is not connected ({type(exc).__name__})"
            ) from None
        if self._frames.in_frame:
            if command is Command.READ_TEXT_PHOTO:
                raise CardReadInterrupted()
            raise DeviceTimeout(DEVICE, f"{what} (the answer stopped half-way)")
        raise DeviceTimeout(DEVICE, what)

    def _set_state(self, state: DeviceState, detail: str) -> None:
        if state is not self._state:
            # Logged once per change, never per poll; details never hold personal data.
            log.info("%s: %s -> %s (%s)", DEVICE, self._state.value, state.value, detail)
        self._state, self._detail = state, detail
