"""The real social security card driver, written against the pyscard-shaped transport.

poll() guarantees: CardRead at most once per insertion; CardRemoved exactly once after
each insertion whose outcome (CardRead, or a final refusal such as NEEDS_PIN or an
unsupported card) was reported, and never otherwise. A card left in the slot is never
read twice. A read that fails for a passing reason (card pulled half-way, a glitch) is
tried again on the next polls, at most `read_attempts` times per insertion.
Limit: presence is sampled per poll, so a card pulled and pushed back between two polls
counts as the same insertion (a contact card cannot really be swapped that fast).
"""

from __future__ import annotations

import errno
import logging

from drivers.base import DeviceError, DeviceHealth, DeviceState
from drivers.card_reader import ssc
from drivers.card_reader.protocol import (
    CardConnection,
    CardEvent,
    CardRead,
    CardRemoved,
    ReaderSlot,
    SocialSecurityCardData,
)

log = logging.getLogger(__name__)

DEVICE = "social security card reader"
_MAX_CHAINED_RESPONSES = 16  # a card answering 61xx forever must not hang the kiosk


class SocialSecurityCardReader:
    """SmartCardReader for the national social security card over any ReaderSlot."""

    name = "PC/SC social security card reader"

    def __init__(self, slot: ReaderSlot, *, read_attempts: int = 3):
        self._slot = slot
        self._read_attempts = max(1, read_attempts)
        self._reported = False  # this insertion's outcome was reported
        self._failed_reads = 0
        self._state = DeviceState.UNKNOWN
        self._detail = "not polled yet"
        self._closed = False

    # --- SmartCardReader ----------------------------------------------------------------

    def state(self) -> DeviceState:
        return self._state

    def poll(self) -> CardEvent | None:
        try:
            return self._poll()
        except DeviceError as exc:
            self._set_state(exc.state, exc.message)
            raise

    def health(self) -> DeviceHealth:
        if not self._closed:
            try:
                present = self._slot.card_present()
            except OSError as exc:
                self._set_state(DeviceState.NO_DEVICE, _not_connected(exc))
            else:
                if self._state in (DeviceState.UNKNOWN, DeviceState.NO_DEVICE):
                    state = DeviceState.CARD_PRESENT if present else DeviceState.NO_CARD
                    self._set_state(state, "reader connected")
        return DeviceHealth(
            "card_reader", self.name, self._state, self._detail,
            extra={"reader": self._slot.describe()},
        )

    def close(self) -> None:
        self._closed = True
        self._slot.close()
        self._set_state(DeviceState.NO_DEVICE, "closed")

    # --- poll steps ---------------------------------------------------------------------

    def _poll(self) -> CardEvent | None:
        if self._closed:
            raise DeviceError(DeviceState.NO_DEVICE, f"{DEVICE} is closed")
        try:
            present = self._slot.card_present()
        except OSError as exc:
            raise DeviceError(DeviceState.NO_DEVICE, _not_connected(exc)) from None
        if not present:
            reported, self._reported, self._failed_reads = self._reported, False, 0
            self._set_state(DeviceState.NO_CARD, "waiting for a card")
            return CardRemoved() if reported else None
        if self._reported:
            return None  # the same insertion: never read a card twice
        try:
            data = self._read_card()
        except DeviceError as exc:
            self._failed_reads += 1
            final = exc.state in (DeviceState.NEEDS_PIN, DeviceState.UNSUPPORTED_CARD)
            if final or self._failed_reads >= self._read_attempts:
                self._reported = True
            raise
        self._reported, self._failed_reads = True, 0
        self._set_state(DeviceState.CARD_PRESENT, "card read")
        return CardRead(data)

    def _read_card(self) -> SocialSecurityCardData:
        try:
            connection = self._slot.create_connection()
            connection.connect()
        except OSError as exc:
            raise _lost(exc, "could not connect to the card; insert it again") from None
        try:
            return self._read_records(connection)
        except OSError as exc:
            raise _lost(exc, "the card was pulled out while it was being read") from None
        finally:
            try:
                connection.disconnect()
            except OSError:
                pass  # the card is already gone; nothing to release

    def _read_records(self, connection: CardConnection) -> SocialSecurityCardData:
        self._exchange(connection, ssc.select_application(), "select social security application")
        self._exchange(connection, ssc.select_file(ssc.EF_CARD), "select EF05")
        card_number = ssc.decode_ascii(self._record(connection, 0x07), "card_number")
        self._exchange(connection, ssc.select_file(ssc.EF_HOLDER), "select EF06")
        number = ssc.decode_ascii(self._record(connection, 0x08), "social_security_number")
        if len(number) != 18:
            raise ssc.RecordError("social_security_number", "not 18 characters")
        name = ssc.decode_name(self._record(connection, 0x09))
        if not name:
            raise ssc.RecordError("name", "empty")
        # The rest is optional: some regions leave records out (6A 83); the form asks.
        sex = self._optional(connection, 0x0A)
        nation = self._optional(connection, 0x0B)
        birthplace = self._optional(connection, 0x0C)
        birth_date = self._optional(connection, 0x0D)
        return SocialSecurityCardData(
            card_number=card_number,
            social_security_number=number,
            name=name,
            sex=ssc.decode_sex(sex) if sex else "",
            nation=ssc.decode_nation(nation) if nation else "",
            birthplace=ssc.decode_birthplace(birthplace) if birthplace else "",
            birth_date=ssc.decode_birth_date(birth_date) if birth_date else None,
        )

    def _record(self, connection: CardConnection, record: int) -> bytes:
        field = ssc.RECORDS[record][2]
        answer = self._exchange(
            connection, ssc.read_record(record, ssc.record_le(record)), f"read record {field}"
        )
        return ssc.record_value(record, answer)

    def _optional(self, connection: CardConnection, record: int) -> bytes | None:
        try:
            return self._record(connection, record)
        except ssc.CardStatusError as exc:
            if exc.sw == (0x6A, 0x83):
                return None
            raise

    def _exchange(self, connection: CardConnection, apdu: list[int], step: str) -> bytes:
        """One APDU with its follow-ups: 61xx -> GET RESPONSE, 6Cxx -> resend with Le=xx."""
        data, sw1, sw2 = connection.transmit(apdu)
        if sw1 == 0x6C:
            data, sw1, sw2 = connection.transmit([*apdu[:4], sw2])
        collected = bytes(data)
        for _ in range(_MAX_CHAINED_RESPONSES):
            if sw1 != 0x61:
                break
            data, sw1, sw2 = connection.transmit(ssc.get_response(sw2))
            collected += bytes(data)
        ssc.raise_for_status(step, sw1, sw2)
        return collected

    def _set_state(self, state: DeviceState, detail: str) -> None:
        if state is not self._state:
            # Once per change, never per poll; details never hold personal data.
            log.info("%s: %s -> %s (%s)", DEVICE, self._state.value, state.value, detail)
        self._state, self._detail = state, detail


def _not_connected(exc: OSError) -> str:
    reason = exc.strerror or str(exc)
    return f"{DEVICE} is not connected: {reason}" if reason else f"{DEVICE} is not connected"


def _lost(exc: OSError, card_gone: str) -> DeviceError:
    """The card went away (NO_CARD), unless the reader or pcscd did (NO_DEVICE)."""
    if exc.errno == errno.ENODEV:
        return DeviceError(DeviceState.NO_DEVICE, _not_connected(exc))
    return DeviceError(DeviceState.NO_CARD, card_gone)
