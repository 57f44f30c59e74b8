"""Attachments uploaded apart from their submission, resumable from the last stored byte.

Modelled on tus: create with the whole file's size and SHA-256, learn the stored offset
with HEAD (or GET), send the rest with PATCH at that offset. When the last byte arrives
the checksum is checked; a mismatch discards the bytes so the kiosk sends the file again.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from central.api_models import AttachmentRequest
from central.errors import ApiError
from central.storage import Attachment, AttachmentChunk, Database, ExpiredAttachment, utc_now

log = logging.getLogger("central.attachments")

MAX_CHUNK_BYTES = 8 * 1024 * 1024
# A PATCH's bytes are written to the database in pieces of this size as they arrive, so a
# request never holds more than this (and the server's read buffer) in memory.
STORE_PIECE_BYTES = 256 * 1024
DEFAULT_MAX_PENDING_UPLOADS = 50
DEFAULT_MAX_PENDING_BYTES = 512 * 1024 * 1024


@dataclass(frozen=True)
class UploadQuota:
    """Per terminal: how many unfinished uploads it may have, and their announced bytes."""

    max_pending: int = DEFAULT_MAX_PENDING_UPLOADS
    max_pending_bytes: int = DEFAULT_MAX_PENDING_BYTES


def create(session: Session, terminal_id: str, request: AttachmentRequest,
           quota: UploadQuota = UploadQuota()) -> Attachment:
    """A new upload. When it would pass the terminal's quota, the terminal's least
    recently touched unfinished uploads make room: mostly announcements whose answer was
    lost on the way, which the kiosk never heard of; one it still sends to answers 404
    `upload_expired` and is announced again, as after the collector."""
    if request.size > quota.max_pending_bytes:
        raise ApiError(
            429,
            "pending_uploads_too_large",
            f"Unfinished uploads may announce at most {quota.max_pending_bytes} bytes.",
            extra={"max_pending_bytes": quota.max_pending_bytes},
        )
    pending = session.execute(
        select(Attachment.id, Attachment.size)
        .where(Attachment.terminal_id == terminal_id, Attachment.complete.is_(False))
        .order_by(Attachment.updated_at)
    ).all()
    count, total = len(pending), sum(size for _, size in pending)
    replaced = []
    for attachment_id, size in pending:
        if count < quota.max_pending and total + request.size <= quota.max_pending_bytes:
            break
        replaced.append(attachment_id)
        count, total = count - 1, total - size
    if replaced:
        _remove_unfinished(session, terminal_id, replaced)
        log.info("terminal %s: %d unfinished upload(s) replaced by a new one (quota)",
                 terminal_id, len(replaced))
    now = utc_now()
    attachment = Attachment(
        id="A" + secrets.token_hex(12),
        terminal_id=terminal_id,
        name=request.name,
        media_type=request.media_type,
        size=request.size,
        sha256=request.sha256,
        received=0,
        complete=False,
        created_at=now,
        updated_at=now,
    )
    session.add(attachment)
    return attachment


def _remove_unfinished(session: Session, terminal_id: str, attachment_ids: list[str]) -> None:
    now = utc_now()
    session.execute(delete(AttachmentChunk).where(AttachmentChunk.attachment_id.in_(attachment_ids)))
    session.execute(delete(Attachment).where(Attachment.id.in_(attachment_ids),
                                             Attachment.complete.is_(False)))
    for attachment_id in attachment_ids:
        session.merge(ExpiredAttachment(id=attachment_id, terminal_id=terminal_id,
                                        was_complete=False, expired_at=now))


def get_owned(session: Session, terminal_id: str, attachment_id: str) -> Attachment:
    attachment = session.get(Attachment, attachment_id)
    if attachment is None or attachment.terminal_id != terminal_id:
        raise not_found(session, terminal_id, attachment_id)
    return attachment


def was_expired(session: Session, terminal_id: str, attachment_id: str) -> bool:
    tombstone = session.get(ExpiredAttachment, attachment_id)
    return tombstone is not None and tombstone.terminal_id == terminal_id


def not_found(session: Session, terminal_id: str, attachment_id: str) -> ApiError:
    """404 `upload_expired` for an id the collector removed (this terminal's only), else
    404 `attachment_not_found`. Either way the kiosk announces the file again."""
    if was_expired(session, terminal_id, attachment_id):
        return ApiError(
            404,
            "upload_expired",
            "This upload was abandoned too long and removed; announce the file again.",
            extra={"attachment_id": attachment_id},
        )
    return ApiError(404, "attachment_not_found", "No such attachment for this terminal.")


def state(attachment: Attachment) -> dict:
    return {
        "attachment_id": attachment.id,
        "size": attachment.size,
        "offset": attachment.received,
        "sha256": attachment.sha256,
        "complete": attachment.complete,
    }


def append(db: Database, terminal_id: str, attachment_id: str, offset: int, data: bytes) -> dict:
    with db.session() as session:
        attachment = get_owned(session, terminal_id, attachment_id)
        if attachment.complete:
            if offset == attachment.size and not data:
                return state(attachment)
            raise ApiError(
                409,
                "upload_complete",
                "This attachment is already complete.",
                extra={"offset": attachment.received},
            )
        if offset != attachment.received:
            raise ApiError(
                409,
                "offset_mismatch",
                "Upload-Offset is not where the stored bytes end; ask with HEAD and resume.",
                headers={"Upload-Offset": str(attachment.received)},
                extra={"offset": attachment.received},
            )
        if offset + len(data) > attachment.size:
            raise ApiError(
                413,
                "upload_too_long",
                "These bytes go past the declared size.",
                extra={"offset": attachment.received},
            )
        if not data:
            return state(attachment)
        # Conditional on the offset, so two racing PATCHes cannot both append.
        moved = session.execute(
            update(Attachment)
            .where(Attachment.id == attachment_id, Attachment.received == offset)
            .values(received=offset + len(data), updated_at=utc_now())
        )
        if moved.rowcount != 1:
            if session.scalar(select(Attachment.id).where(Attachment.id == attachment_id)) is None:
                raise not_found(session, terminal_id, attachment_id)  # collected meanwhile
            raise ApiError(409, "offset_mismatch", "Another upload moved the offset; ask again.")
        session.add(AttachmentChunk(attachment_id=attachment_id, offset=offset, data=data))
        session.flush()
        session.refresh(attachment)
        checksum_ok = attachment.received < attachment.size or _finish(session, attachment)
        result = state(attachment)
    if not checksum_ok:  # raised after the commit, so the kiosk's next HEAD says 0
        raise ApiError(
            422,
            "checksum_mismatch",
            "The whole file does not match its SHA-256; it was discarded, upload it again.",
            extra={"offset": 0},
        )
    return result


def _finish(session: Session, attachment: Attachment) -> bool:
    digest = hashlib.sha256()
    for chunk in session.scalars(
        select(AttachmentChunk.data)
        .where(AttachmentChunk.attachment_id == attachment.id)
        .order_by(AttachmentChunk.offset)
    ):
        digest.update(chunk)
    if digest.hexdigest() != attachment.sha256:
        session.execute(
            delete(AttachmentChunk).where(AttachmentChunk.attachment_id == attachment.id)
        )
        attachment.received = 0
        log.warning("attachment %s failed its checksum; discarded", attachment.id)
        return False
    attachment.complete = True
    log.info("attachment %s complete (%d bytes)", attachment.id, attachment.size)
    return True
