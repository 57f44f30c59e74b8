"""The platform's log: one JSON object per line, whatever a client sent.

Messages carry client strings (a path, a code, an address), and a raw line break in one
would start a line that looks like the platform's own. As JSON, every line break or
control character inside a message is escaped, so each line is exactly one record.
"""

from __future__ import annotations

import json
import logging

# Characters some readers take as a line break that JSON leaves raw: DEL and the C1
# controls (NEL among them), and the Unicode line and paragraph separators.
_RAW_BREAKS = {code: f"\\u{code:04x}" for code in (*range(0x7F, 0xA0), 0x2028, 0x2029)}


class JsonLinesFormatter(logging.Formatter):
    """{"time", "level", "logger", "message"[, "exception"]} on one line."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False).translate(_RAW_BREAKS)
