"""A log filter that lets a repeated line through a few times a minute, then counts it.

Under a flood (thousands of connections refused or timed out, accept failing for want of
file descriptors) the same line with a new address or a traceback would otherwise be
written for each, megabytes a second. Lines are "the same" when their logger, level and
message template (before the arguments are filled in) are. The first `burst` of them in
each `window` seconds are logged; the rest are counted, and the next one logged after the
window says how many were left out. A repeated traceback is logged without it.
"""

from __future__ import annotations

import logging
import threading
import time

DEFAULT_BURST = 10
DEFAULT_WINDOW_SECONDS = 60.0


class RepeatFilter(logging.Filter):
    def __init__(self, burst: int = DEFAULT_BURST, window: float = DEFAULT_WINDOW_SECONDS,
                 clock=time.monotonic):
        super().__init__()
        self.burst, self.window = burst, window
        self._clock = clock
        self._seen: dict[tuple, list] = {}  # key -> [window start, logged, left out]
        self._lock = threading.Lock()

    def filter(self, record: logging.LogRecord) -> bool:
        key = (record.name, record.levelno, str(record.msg))
        now = self._clock()
        with self._lock:
            entry = self._seen.get(key)
            if entry is None or now - entry[0] >= self.window:
                left_out = entry[2] if entry else 0
                self._seen[key] = entry = [now, 0, 0]
                if len(self._seen) > 1000:  # forget the oldest kinds of line
                    self._seen.pop(next(iter(self._seen)))
                if left_out:
                    record.msg = (f"{record.msg} [{left_out} more like this in the last "
                                  f"{self.window:g} s were not logged]")
            if entry[1] >= self.burst:
                entry[2] += 1
                return False
            entry[1] += 1
            if entry[1] > 1 and record.exc_info:
                record.exc_info, record.exc_text = None, None
                record.msg = f"{record.msg} [repeated; traceback left out]"
            return True
