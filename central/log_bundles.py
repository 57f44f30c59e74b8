"""Terminals' log bundles (kiosk/logs.py: log files, journal, device states,
configuration without secrets; no personal data), sent when an operator asked with the
send_logs command. The newest KEPT_PER_TERMINAL are kept per terminal, within
BYTES_PER_TERMINAL; older ones go as a new one comes."""

from __future__ import annotations

from sqlalchemy import delete, select

from central.errors import ApiError
from central.storage import Database, LogBundle, utc_now

KEPT_PER_TERMINAL = 3
BYTES_PER_TERMINAL = 64 * 1024 * 1024
GZIP_MAGIC = b"\x1f\x8b"


def store(db: Database, terminal_id: str, data: bytes) -> dict:
    if not data.startswith(GZIP_MAGIC):
        raise ApiError(422, "invalid_request", "a log bundle is a gzip'd tar file")
    with db.session() as session:
        bundle = LogBundle(terminal_id=terminal_id, received_at=utc_now(), size=len(data),
                           data=data)
        session.add(bundle)
        session.flush()
        kept, total = [], 0
        for bundle_id, size in session.execute(
                select(LogBundle.id, LogBundle.size).where(LogBundle.terminal_id == terminal_id)
                .order_by(LogBundle.id.desc())):
            if len(kept) < KEPT_PER_TERMINAL and total + size <= BYTES_PER_TERMINAL:
                kept.append(bundle_id)
                total += size
        session.execute(delete(LogBundle).where(LogBundle.terminal_id == terminal_id,
                                                LogBundle.id.not_in(kept)))
        return {"bundle_id": bundle.id, "size": len(data)}


def newest(db: Database, terminal_id: str) -> tuple[str, int, bytes] | None:
    """The newest bundle's (received_at, size, data), or None."""
    with db.session() as session:
        row = session.execute(select(LogBundle.received_at, LogBundle.size, LogBundle.data)
                              .where(LogBundle.terminal_id == terminal_id)
                              .order_by(LogBundle.id.desc()).limit(1)).first()
        return None if row is None else (row[0].isoformat(), row[1], row[2])


def listed(db: Database, terminal_id: str) -> list[tuple[int, str, int]]:
    with db.session() as session:
        return [(bundle_id, at.isoformat(), size) for bundle_id, at, size in session.execute(
            select(LogBundle.id, LogBundle.received_at, LogBundle.size)
            .where(LogBundle.terminal_id == terminal_id).order_by(LogBundle.id.desc()))]
