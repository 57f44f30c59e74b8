"""A limit on failed enrollment attempts per client address, kept in the server's memory.

Enrollment is the one call open to anyone, and a code is 12 characters a technician
types: guessing is slow already, and this makes it slower. Each failure (an unknown,
used or expired code) is remembered for `window` seconds; an address with `limit`
failures in that window is refused with 429 `too_many_attempts` and `Retry-After` until
the oldest of them is older than the window, whatever the code it sends, so a correct
guess made while blocked does not get through. A successful enrollment is not counted
and does not clear earlier failures.

In memory, not in the database: a restart forgets the failures (an attacker gains one
window per restart, which an operator would notice), and nothing about the addresses is
ever written to disk. One process only: several workers would each keep their own count.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict, deque

DEFAULT_LIMIT = 10
DEFAULT_WINDOW_SECONDS = 600.0
MAX_ADDRESSES = 10_000  # the longest-quiet addresses are forgotten first beyond this


class FailureLimiter:
    def __init__(
        self,
        limit: int = DEFAULT_LIMIT,
        window: float = DEFAULT_WINDOW_SECONDS,
        *,
        clock=time.monotonic,
        max_addresses: int = MAX_ADDRESSES,
    ):
        if limit < 1 or window <= 0:
            raise ValueError("the limit needs at least one attempt and a positive window")
        self.limit, self.window = limit, window
        self._clock = clock
        self._max = max_addresses
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def retry_after(self, address: str) -> int | None:
        """Whole seconds until `address` may try again, or None if it may now."""
        with self._lock:
            failures = self._recent(address, self._clock())
            if failures is None or len(failures) < self.limit:
                return None
            wait = failures[-self.limit] + self.window - self._clock()
            return max(1, math.ceil(wait))

    def failed(self, address: str) -> bool:
        """Count a failure; True if this one used up the address's allowance."""
        with self._lock:
            now = self._clock()
            failures = self._recent(address, now)
            if failures is None:
                failures = self._failures[address] = deque()
            failures.append(now)
            self._failures.move_to_end(address)
            while len(failures) > self.limit:
                failures.popleft()  # only the latest `limit` ever matter
            while len(self._failures) > self._max:
                self._failures.popitem(last=False)
            return len(failures) == self.limit

    def _recent(self, address: str, now: float) -> deque[float] | None:
        failures = self._failures.get(address)
        if failures is None:
            return None
        while failures and failures[0] <= now - self.window:
            failures.popleft()
        if not failures:
            del self._failures[address]
            return None
        return failures
