"""The social security card reader under pcscd, through pyscard's PC/SC layer.

Presence comes from pcscd's own reader state (SCardGetStatusChange with a zero timeout),
never from talking to the card. Every failure of pyscard or pcscd becomes OSError, which
the driver (reader.py) turns into NO_DEVICE (errno ENODEV: no pcscd, no reader, reader
gone) or NO_CARD (anything else: card gone, mute, pulled mid-exchange). A failure at the
service level drops the context; the next call makes a new one, so a pcscd that restarts
is picked up again without restarting the kiosk, and a pcscd absent at start is waited
for rather than fatal.

pyscard's higher layer (smartcard.System.readers(), reader.createConnection()) is not
used: each of its connections opens a PC/SC context of its own and releases it from
__del__, which raises there when pcscd has gone (I/O in __del__, see DESIGN.md). Its
scard layer returns result codes, each mapped here, with one context for the slot.
"""

from __future__ import annotations

import errno
import logging
from collections.abc import Callable
from typing import Any, NoReturn

from smartcard import scard

from drivers.card_reader.reader import SocialSecurityCardReader

log = logging.getLogger(__name__)

_OK = scard.SCARD_S_SUCCESS
# pcscd itself is gone, restarted or unreachable: the context is no use any more.
_SERVICE_GONE = {
    code & 0xFFFFFFFF
    for code in (
        scard.SCARD_E_NO_SERVICE,
        scard.SCARD_E_SERVICE_STOPPED,
        scard.SCARD_E_INVALID_HANDLE,  # a context or card handle from before a restart
        scard.SCARD_F_COMM_ERROR,
        scard.SCARD_F_INTERNAL_ERROR,
        scard.SCARD_E_NO_MEMORY,
    )
}
# The reader we picked is gone (unplugged, or pcscd dropped it); the context is fine.
_READER_GONE = {
    code & 0xFFFFFFFF
    for code in (
        scard.SCARD_E_NO_READERS_AVAILABLE,
        scard.SCARD_E_UNKNOWN_READER,
        scard.SCARD_E_READER_UNAVAILABLE,
    )
}
_READER_STATE_GONE = (
    scard.SCARD_STATE_UNKNOWN | scard.SCARD_STATE_UNAVAILABLE | scard.SCARD_STATE_IGNORE
)


def _error_names() -> dict[int, str]:
    names: dict[int, str] = {}
    for name in sorted(dir(scard)):
        if name.startswith(("SCARD_E_", "SCARD_W_", "SCARD_F_", "SCARD_P_")):
            names.setdefault(getattr(scard, name) & 0xFFFFFFFF, name)
    return names


_ERROR_NAMES = _error_names()


def describe_result(hresult: int) -> str:
    """'SCARD_E_NO_SERVICE: Service not available.' for a PC/SC result code."""
    code = hresult & 0xFFFFFFFF
    name = _ERROR_NAMES.get(code, f"0x{code:08X}")
    try:
        return f"{name}: {scard.SCardGetErrorMessage(hresult)}"
    except scard.error:
        return name


class PcscReaderSlot:
    """ReaderSlot over pcscd: the first reader whose name contains `reader_substring`."""

    def __init__(self, reader_substring: str = ""):
        self.reader_substring = reader_substring
        self._context: int | None = None
        self._reader: str | None = None
        self._matching: list[str] = []
        self._problem = "not polled yet"

    # --- ReaderSlot -------------------------------------------------------------------

    def card_present(self) -> bool:
        had_context = self._context is not None
        try:
            return self._card_present()
        except OSError:
            if not had_context or self._context is not None:
                raise
            # The context died with an earlier pcscd, and one may be back already: try
            # once more at once rather than report the reader gone for a whole poll.
            return self._card_present()

    def _card_present(self) -> bool:
        reader = self._reader_or_raise()
        hresult, states = self._call(
            "read the reader's state",
            scard.SCardGetStatusChange,
            self._context,
            0,  # pcscd answers from the state it keeps; never wait on the card
            [(reader, scard.SCARD_STATE_UNAWARE)],
        )
        if hresult not in (_OK, scard.SCARD_E_TIMEOUT):
            self._fail(hresult, "read the reader's state")
        event_state = states[0][1]
        if event_state & _READER_STATE_GONE:
            self._forget_reader(f"card reader {reader!r} went away")
            raise OSError(errno.ENODEV, self._problem)
        return bool(event_state & scard.SCARD_STATE_PRESENT)

    def create_connection(self) -> PcscCardConnection:
        return PcscCardConnection(self, self._reader_or_raise())

    def describe(self) -> str:
        """Which reader is used and why, for health; reader names hold no personal data."""
        if self._reader is None:
            return f"no reader: {self._problem}"
        wanted = f"matching {self.reader_substring!r}" if self.reader_substring else "listed"
        if len(self._matching) > 1:
            others = ", ".join(self._matching)
            return f"{self._reader} (first of {len(self._matching)} readers {wanted}: {others})"
        return self._reader

    def close(self) -> None:
        self._drop_context("closed")

    # --- context and reader -----------------------------------------------------------

    def _context_or_raise(self) -> int:
        if self._context is None:
            hresult, context = self._call(
                "connect to pcscd", scard.SCardEstablishContext, scard.SCARD_SCOPE_USER
            )
            if hresult != _OK:
                self._problem = (
                    f"pcscd is not running or not reachable ({describe_result(hresult)})"
                )
                raise OSError(errno.ENODEV, self._problem)
            self._context = context
        return self._context

    def _reader_or_raise(self) -> str:
        context = self._context_or_raise()
        if self._reader is not None:
            return self._reader
        hresult, readers = self._call("list readers", scard.SCardListReaders, context, [])
        if hresult not in (_OK, scard.SCARD_E_NO_READERS_AVAILABLE):
            self._fail(hresult, "list readers")
        readers = list(readers) if hresult == _OK else []
        matching = [name for name in readers if self.reader_substring in name]
        if not matching:
            wanted = f" matches {self.reader_substring!r}" if self.reader_substring else ""
            seen = f" (pcscd lists: {', '.join(readers)})" if readers else " (pcscd lists none)"
            self._problem = f"no card reader{wanted}{seen}"
            raise OSError(errno.ENODEV, self._problem)
        self._reader, self._matching = matching[0], matching
        log.info("card reader: using %s", self.describe())
        return self._reader

    def _call(self, step: str, function: Callable[..., Any], *args: Any) -> Any:
        try:
            return function(*args)
        except scard.error as exc:  # pyscard's own failure, below the result codes
            self._drop_context(f"pyscard failed to {step}: {exc}")
            raise OSError(errno.ENODEV, self._problem) from None

    def _fail(self, hresult: int, step: str, *, card_level: bool = False) -> NoReturn:
        """Raise the OSError for a failed call; forget what the failure made useless."""
        code = hresult & 0xFFFFFFFF
        problem = f"could not {step} ({describe_result(hresult)})"
        if code in _SERVICE_GONE:
            self._drop_context(f"pcscd went away: {problem}")
            raise OSError(errno.ENODEV, self._problem)
        if code in _READER_GONE:
            self._forget_reader(f"card reader went away: {problem}")
            raise OSError(errno.ENODEV, self._problem)
        if card_level:
            raise OSError(errno.EIO, problem)
        self._drop_context(problem)  # not known to be harmless: start afresh next time
        raise OSError(errno.ENODEV, self._problem)

    def _forget_reader(self, problem: str) -> None:
        if self._reader is not None:
            log.info("card reader: %s", problem)
        self._reader, self._matching, self._problem = None, [], problem

    def _drop_context(self, problem: str) -> None:
        context, self._context = self._context, None
        self._forget_reader(problem)
        if context is not None:
            try:
                scard.SCardReleaseContext(context)
            except scard.error:
                pass  # pcscd is gone already; nothing left to release


class PcscCardConnection:
    """CardConnection to the card in one pcscd reader, over the slot's context."""

    def __init__(self, slot: PcscReaderSlot, reader: str):
        self._slot = slot
        self._reader = reader
        self._card: int | None = None
        self._protocol = scard.SCARD_PROTOCOL_T0

    def connect(self) -> None:
        context = self._slot._context_or_raise()
        hresult, card, protocol = self._slot._call(
            "connect to the card",
            scard.SCardConnect,
            context,
            self._reader,
            scard.SCARD_SHARE_SHARED,
            scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1,
        )
        if hresult != _OK:
            self._slot._fail(hresult, "connect to the card", card_level=True)
        self._card, self._protocol = card, protocol

    def disconnect(self) -> None:
        card, self._card = self._card, None
        if card is None:
            return
        # Unpowered, the card starts from its reset state at the next connection.
        hresult = self._slot._call(
            "release the card", scard.SCardDisconnect, card, scard.SCARD_UNPOWER_CARD
        )
        if hresult != _OK:
            self._slot._fail(hresult, "release the card", card_level=True)

    def get_atr(self) -> list[int]:
        hresult, _reader, _state, _protocol, atr = self._slot._call(
            "read the ATR", scard.SCardStatus, self._connected()
        )
        if hresult != _OK:
            self._slot._fail(hresult, "read the ATR", card_level=True)
        return list(atr)

    def transmit(self, apdu: list[int]) -> tuple[list[int], int, int]:
        t1 = self._protocol == scard.SCARD_PROTOCOL_T1
        pci = scard.SCARD_PCI_T1 if t1 else scard.SCARD_PCI_T0
        hresult, response = self._slot._call(
            "talk to the card", scard.SCardTransmit, self._connected(), pci, list(apdu)
        )
        if hresult != _OK:
            self._slot._fail(hresult, "talk to the card", card_level=True)
        if len(response) < 2:
            raise OSError(errno.EIO, "the card answered without a status word")
        return list(response[:-2]), response[-2], response[-1]

    def _connected(self) -> int:
        if self._card is None:
            raise OSError(errno.EIO, "not connected to the card")
        return self._card


def open_pcsc_card_reader(reader_substring: str = "") -> SocialSecurityCardReader:
    """The real driver over pcscd. Never fails for a missing pcscd or reader: health says
    NO_DEVICE and every poll tries again."""
    return SocialSecurityCardReader(PcscReaderSlot(reader_substring))
