"""The trail of what happened in each session, for technicians and disputes: no personal
data, only events and non-personal details (journey kind, step, card reader, counts).

Events go through the one writer like every write, but commit without an fsync of their
own: a resident's submission is not made to wait on the audit trail. They survive the
process dying; a power cut may lose the last few, and the next durable commit (any
submission) carries them to disk.
"""

from __future__ import annotations

import json
import logging

from offline_cache.errors import StorageUnavailable
from offline_cache.outbox import utc_now
from offline_cache.personal_data import personal_value
from offline_cache.writer import Writer

log = logging.getLogger(__name__)


class Audit:
    def __init__(self, writer: Writer):
        self._writer = writer
        self._failing = False

    def record(self, session_id: str, event: str, **detail: str | int | float | bool) -> None:
        """Append one event. Raises ValueError for personal data, TypeError for a detail
        that is not a plain value. A storage failure is logged, not raised: a full disk
        must not stop a resident mid-journey for want of an audit line."""
        for key, value in (("session_id", session_id), ("event", event), *detail.items()):
            if not isinstance(value, str | int | float | bool):
                raise TypeError(f"audit detail {key!r} must be str, int, float or bool")
            if personal_value(key, value):
                raise ValueError(f"audit detail {key!r} looks like personal data; not recorded")
        try:
            with self._writer.transaction("recording an audit event", durable=False) as conn:
                conn.execute(
                    "INSERT INTO audit (session_id, at, event, detail) VALUES (?, ?, ?, ?)",
                    (session_id, utc_now(), event,
                     json.dumps(detail, ensure_ascii=False, sort_keys=True)),
                )
        except StorageUnavailable as exc:
            if not self._failing:  # once per outage, not once per tap
                log.warning("audit events are not being recorded: %s", exc)
            self._failing = True
            return
        if self._failing:
            log.info("audit events are being recorded again")
            self._failing = False

    def for_session(self, session_id: str) -> list[dict]:
        """The session's events in order: [{"at", "event", "detail": {...}}, ...]."""
        rows = self._writer.reader().execute(
            "SELECT at, event, detail FROM audit WHERE session_id = ? ORDER BY id",
            (session_id,),
        ).fetchall()
        return [{"at": at, "event": event, "detail": json.loads(detail)}
                for at, event, detail in rows]
