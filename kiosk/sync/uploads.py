"""Delivering one outbox item: its attachments (resumable uploads), then the submission.

The platform's upload id of each attachment is kept in the store as soon as it is known,
so an interrupted upload resumes from the platform's offset, and a retried submission
names the same files: with the same Idempotency-Key and the same body, the platform
replays its first answer instead of filing a second case.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from kiosk.sync.errors import GARBAGE, GONE, SERVER, PlatformError
from offline_cache.outbox import Outbox, OutboxEntry, StoredAttachment
from offline_cache.sealing import Unreadable

MAX_OFFSET_RESYNCS = 3  # the platform's offset moved under us this often: try later


class LocalDamage(Exception):
    """An attachment file on this terminal is missing or not what was filed."""


@dataclass(frozen=True)
class Delivery:
    case_number: str
    server_time: str | None
    replayed: bool
    uploaded_bytes: int


class Uploader:
    def __init__(self, store, client, *, chunk_bytes: int):
        self._store = store
        self._client = client
        self._chunk = chunk_bytes

    def deliver(self, entry: OutboxEntry) -> Delivery:
        """Upload what is missing and file the submission. Raises PlatformError or
        LocalDamage; returns only when the platform's answer names this item."""
        outbox = self._store.outbox
        remote_ids, sent = [], 0
        for attachment in outbox.stored_attachments(entry.client_id):
            remote_id, uploaded = self._upload(entry.client_id, attachment)
            remote_ids.append(remote_id)
            sent += uploaded
        payload = dict(entry.payload)
        # Papers taken from the e-licence library go beside the answers, where the
        # platform keeps them with the case (never a photo of them).
        licences = payload.pop("elicences", None)
        body = {
            "kind": entry.kind,
            "service_code": entry.service_code,
            "tracking_number": entry.tracking_number,
            "test": entry.test_traffic,
            "payload": payload,
            "attachments": remote_ids,
            "created_at": entry.created_at,
        }
        if licences:
            body["elicences"] = licences
        try:
            answer = self._client.call("POST", "/v1/submissions", expect=(200, 201),
                                       json_body=body,
                                       headers={"Idempotency-Key": entry.client_id})
        except PlatformError as exc:
            if exc.code and exc.code.startswith("attachment"):
                # The platform no longer has a file (expired, say): upload them again.
                for attachment in outbox.stored_attachments(entry.client_id):
                    outbox.record_upload(entry.client_id, attachment.position, None, False)
                raise PlatformError(SERVER, f"{exc.message}; uploading the files again",
                                    status=exc.status, code=exc.code) from None
            raise
        result = answer.body
        if (not isinstance(result, dict) or result.get("idempotency_key") != entry.client_id
                or result.get("tracking_number") != entry.tracking_number
                or not isinstance(result.get("case_number"), str) or not result["case_number"]):
            raise PlatformError(GARBAGE, "POST /v1/submissions: the answer does not name this "
                                         "submission", status=answer.status)
        return Delivery(result["case_number"], answer.header("X-Server-Time"),
                        answer.header("Idempotent-Replayed") == "true", sent)

    # -- one attachment ------------------------------------------------------------------

    def _upload(self, client_id: str, attachment: StoredAttachment) -> tuple[str, int]:
        """(the platform's id for the file, bytes sent now)."""
        if attachment.uploaded and attachment.remote_id:
            return attachment.remote_id, 0
        outbox = self._store.outbox
        content = _read_checked(outbox, client_id, attachment)
        remote_id, offset = attachment.remote_id, None
        if remote_id is not None:
            try:
                offset = self._offset(remote_id)
            except PlatformError as exc:
                if exc.kind != GONE:
                    raise
                remote_id = None  # expired on the platform: announce it again
        if remote_id is None:
            answer = self._client.call("POST", "/v1/attachments", expect=(201,), json_body={
                "name": attachment.name, "media_type": attachment.media_type,
                "size": attachment.size, "sha256": attachment.sha256})
            remote_id = _field(answer.body, "attachment_id", str)
            outbox.record_upload(client_id, attachment.position, remote_id, False)
            offset = _field(answer.body, "offset", int)
        sent, resyncs = 0, 0
        while offset < attachment.size:
            piece = content[offset:offset + self._chunk]
            try:
                answer = self._client.call(
                    "PATCH", f"/v1/attachments/{remote_id}", expect=(200,), data=piece,
                    headers={"Upload-Offset": str(offset),
                             "Content-Type": "application/octet-stream"})
            except PlatformError as exc:
                # A chunk that arrived although its answer did not, or a digest that failed
                # on the way: ask the platform where it stands and carry on from there.
                if exc.status not in (409, 422) or resyncs >= MAX_OFFSET_RESYNCS:
                    raise
                resyncs += 1
                offset = self._offset(remote_id)
                continue
            sent += len(piece)
            offset = _field(answer.body, "offset", int)
            if answer.body.get("complete") is True:
                break
        outbox.record_upload(client_id, attachment.position, remote_id, True)
        return remote_id, sent

    def _offset(self, remote_id: str) -> int:
        answer = self._client.call("HEAD", f"/v1/attachments/{remote_id}", expect=(200,))
        value = answer.header("Upload-Offset")
        if value is None or not value.isdigit():
            raise PlatformError(GARBAGE, "HEAD /v1/attachments: no Upload-Offset in the answer")
        return int(value)


def _read_checked(outbox: Outbox, client_id: str, attachment: StoredAttachment) -> bytes:
    try:
        content = outbox.attachment_content(client_id, attachment)
    except OSError as exc:
        raise LocalDamage(f"attachment {attachment.position} cannot be read "
                          f"({exc.strerror})") from None
    except Unreadable:
        content = b""  # it does not open: damaged on disk, said just below
    if len(content) != attachment.size or hashlib.sha256(content).hexdigest() != attachment.sha256:
        raise LocalDamage(f"attachment {attachment.position} is not what was filed "
                          "(damaged on this terminal's disk)")
    return content


def _field(body, name: str, kind: type):
    value = body.get(name) if isinstance(body, dict) else None
    if not isinstance(value, kind) or isinstance(value, bool):
        raise PlatformError(GARBAGE, f"the platform's answer has no {name}")
    return value
