"""Garbage collection of attachments nobody will ever name.

An upload a kiosk abandoned (the resident walked away, the kiosk was re-imaged) would
keep its bytes forever. The collector removes, with their chunks:

- incomplete attachments untouched (no byte received, or none since the last one) for
  longer than the expiry age, and
- complete attachments that no submission names, untouched for as long.

An attachment a submission names is never removed. The running server collects every
few minutes (`--upload-expiry-hours`, `--gc-interval-seconds`); an operator can collect
at once with `python -m central gc`. Each removed id leaves a tombstone, so its terminal
is told `upload_expired` (announce the file again) rather than a bare not-found; the
tombstones themselves go after `TOMBSTONE_DAYS`.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading

from sqlalchemy import delete, exists, func, select, update

from central.storage import (
    Attachment,
    AttachmentChunk,
    CaseAttachment,
    Database,
    ExpiredAttachment,
    iso,
    utc_now,
)

log = logging.getLogger("central.cleanup")

DEFAULT_EXPIRY_HOURS = 48.0
DEFAULT_INTERVAL_SECONDS = 600.0
TOMBSTONE_DAYS = 30


def _unnamed(attachment_id):
    return ~exists().where(CaseAttachment.attachment_id == attachment_id)


def collect_attachments(
    db: Database, older_than: dt.timedelta, *, now: dt.datetime | None = None
) -> dict:
    """Remove what is collectable now; returns `{"removed": [...], "count", "bytes_freed",
    "cutoff", "tombstones_pruned"}`. Each removed entry is `{attachment_id, terminal_id,
    complete, size, received, last_activity}` (file names are left out: they may name a
    resident)."""
    now = now or utc_now()
    cutoff = now - older_than
    with db.session() as session:
        candidates = list(
            session.scalars(
                select(Attachment.id)
                # Only complete attachments can be named, so "unnamed" covers both kinds.
                .where(Attachment.updated_at < cutoff, _unnamed(Attachment.id))
                .order_by(Attachment.updated_at)
            )
        )
    removed = [entry for entry in (_remove(db, aid, cutoff, now) for aid in candidates) if entry]
    with db.session() as session:
        pruned = session.execute(
            delete(ExpiredAttachment).where(
                ExpiredAttachment.expired_at < now - dt.timedelta(days=TOMBSTONE_DAYS)
            )
        ).rowcount
    freed = sum(entry["received"] for entry in removed)
    if removed:
        log.info("collected %d attachment(s), %d bytes", len(removed), freed)
    return {
        "cutoff": iso(cutoff),
        "count": len(removed),
        "bytes_freed": freed,
        "removed": removed,
        "tombstones_pruned": pruned,
    }


def _remove(db: Database, attachment_id: str, cutoff: dt.datetime, now: dt.datetime) -> dict | None:
    """Remove one attachment if it is still collectable, in one transaction.

    The conditional UPDATE comes first: it takes the write lock (SQLite) and re-checks age
    and names with everything committed so far; FOR UPDATE makes a PostgreSQL submission
    that is naming this attachment wait, then fail its foreign key (and answer 422).
    A PATCH that moved the upload on in the meantime made it young again.
    """
    with db.session() as session:
        attachment = session.scalars(
            select(Attachment).where(Attachment.id == attachment_id).with_for_update()
        ).first()
        if attachment is None:
            return None
        still = session.execute(
            update(Attachment)
            .where(
                Attachment.id == attachment_id,
                Attachment.updated_at < cutoff,
                _unnamed(attachment_id),
            )
            .values(updated_at=Attachment.updated_at)
            .execution_options(synchronize_session=False)
        )
        if still.rowcount != 1:
            return None
        session.refresh(attachment)
        entry = {
            "attachment_id": attachment.id,
            "terminal_id": attachment.terminal_id,
            "complete": attachment.complete,
            "size": attachment.size,
            "received": attachment.received,
            "last_activity": iso(attachment.updated_at),
        }
        session.execute(
            delete(AttachmentChunk).where(AttachmentChunk.attachment_id == attachment_id)
        )
        session.execute(delete(Attachment).where(Attachment.id == attachment_id))
        session.merge(
            ExpiredAttachment(
                id=attachment_id,
                terminal_id=entry["terminal_id"],
                was_complete=entry["complete"],
                expired_at=now,
            )
        )
    return entry


def expired_count(session) -> int:
    return session.scalar(select(func.count()).select_from(ExpiredAttachment))


class Collector:
    """The server's background collector: one daemon thread, a run every `interval`."""

    def __init__(self, db: Database, older_than: dt.timedelta, interval: float):
        self.db, self.older_than, self.interval = db, older_than, interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="attachment-gc", daemon=True)

    def start(self) -> Collector:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=30)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                collect_attachments(self.db, self.older_than)
            except Exception:  # a locked or unreachable database: try again next time
                log.exception("attachment collection failed; retrying in %.0f s", self.interval)
