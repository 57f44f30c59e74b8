"""The technician's way into maintenance on the screen: a PIN, and a lock after guesses.

The configuration holds only the PIN's SHA-256 (`[technician] pin_sha256`). Five wrong
PINs in a row lock the way in for five minutes. The count belongs to the terminal, not
to a visit: a resident's wipe does not reset it (a lock that ends when the guesser walks
away for a minute would be no lock). A restart does, which needs the cabinet opened.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.config import DEMO_PIN_SHA256

log = logging.getLogger(__name__)

MAX_TRIES = 5
LOCK_S = 300.0
PIN_DIGITS = (4, 12)  # the shortest and longest PIN the digit pad takes


def pin_sha256(pin: str) -> str:
    """What `[technician] pin_sha256` holds for `pin`."""
    return hashlib.sha256(pin.encode("ascii")).hexdigest()


@dataclass(frozen=True)
class PinCheck:
    accepted: bool
    tries_left: int = 0  # before the lock, when refused
    locked_for_s: float = 0.0  # > 0: locked (this PIN was not even compared)


class TechnicianGate:
    def __init__(self, pin_sha256_hex: str, *, clock: Callable[[], float] = time.monotonic,
                 max_tries: int = MAX_TRIES, lock_s: float = LOCK_S):
        self._digest = pin_sha256_hex.lower()
        self._clock = clock
        self._max_tries = max_tries
        self._lock_s = lock_s
        self._failures = 0
        self._locked_until = 0.0
        self.demo_pin = self._digest == DEMO_PIN_SHA256

    def locked_for(self) -> float:
        """Seconds until a PIN may be tried again; 0 when it may be now."""
        left = self._locked_until - self._clock()
        if left <= 0 and self._locked_until:
            self._locked_until = 0.0
            self._failures = 0
        return max(0.0, left)

    def check(self, pin: str) -> PinCheck:
        locked = self.locked_for()
        if locked:
            return PinCheck(False, 0, locked)
        typed = pin_sha256(pin) if pin.isascii() else ""
        if hmac.compare_digest(typed, self._digest):
            self._failures = 0
            if self.demo_pin:
                log.warning("maintenance opened with the demo PIN: set [technician] "
                            "pin_sha256 in the configuration")
            return PinCheck(True)
        self._failures += 1
        if self._failures >= self._max_tries:
            self._locked_until = self._clock() + self._lock_s
            log.warning("maintenance PIN refused %d times: locked for %.0f s",
                        self._failures, self._lock_s)
            return PinCheck(False, 0, self._lock_s)
        return PinCheck(False, self._max_tries - self._failures)
