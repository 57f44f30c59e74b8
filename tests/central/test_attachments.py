"""Attachments: resumable upload from the stored offset, checked whole by SHA-256."""

from __future__ import annotations

import hashlib
import os
import uuid

from tests.central.harness import enroll


def announce(terminal, content: bytes, **changes):
    body = {"name": "户口簿首页.jpg", "media_type": "image/jpeg", "size": len(content),
            "sha256": hashlib.sha256(content).hexdigest()} | changes
    return terminal.http.post(terminal.url("/v1/attachments"), json=body)


def patch(terminal, attachment_id: str, offset: int, data: bytes):
    return terminal.http.patch(
        terminal.url(f"/v1/attachments/{attachment_id}"),
        data=data,
        headers={"Upload-Offset": str(offset), "Content-Type": "application/octet-stream"},
    )


def stored_offset(terminal, attachment_id: str) -> int:
    head = terminal.http.head(terminal.url(f"/v1/attachments/{attachment_id}"))
    assert head.status_code == 200
    return int(head.headers["Upload-Offset"])


def test_an_interrupted_upload_resumes_from_the_stored_offset(central, terminal):
    before = central.report()
    content = os.urandom(300_000)
    created = announce(terminal, content)
    assert created.status_code == 201
    attachment_id = created.json()["attachment_id"]
    assert created.headers["Location"] == f"/v1/attachments/{attachment_id}"
    assert stored_offset(terminal, attachment_id) == 0

    # The line drops after the first 120 kB: only that part arrived.
    first = patch(terminal, attachment_id, 0, content[:120_000])
    assert first.status_code == 200
    assert first.json()["complete"] is False

    # A kiosk that restarted asks where to go on, instead of starting again.
    offset = stored_offset(terminal, attachment_id)
    assert offset == 120_000
    state = terminal.http.get(terminal.url(f"/v1/attachments/{attachment_id}")).json()
    assert state["offset"] == 120_000 and state["size"] == len(content)

    # Sending from a wrong offset is refused and says where the stored bytes end.
    wrong = patch(terminal, attachment_id, 0, content[:1000])
    assert wrong.status_code == 409
    assert wrong.json()["code"] == "offset_mismatch"
    assert wrong.json()["offset"] == 120_000

    rest = patch(terminal, attachment_id, offset, content[offset:])
    assert rest.status_code == 200
    assert rest.json()["complete"] is True
    assert rest.headers["Upload-Offset"] == str(len(content))
    assert central.report()["attachments"] - before["attachments"] == 1

    # The finished file can be named by a submission.
    body = {"kind": "application", "service_code": "JY-0001",
            "tracking_number": f"{terminal.terminal_id}-20260601-90001",
            "payload": {}, "attachments": [attachment_id]}
    answer = terminal.http.post(terminal.url("/v1/submissions"), json=body,
                                headers={"Idempotency-Key": uuid.uuid4().hex})
    assert answer.status_code == 201


def test_a_file_that_fails_its_checksum_is_discarded_for_a_fresh_upload(central, terminal):
    content = os.urandom(50_000)
    attachment_id = announce(terminal, content).json()["attachment_id"]
    assert patch(terminal, attachment_id, 0, content[:20_000]).status_code == 200
    corrupted = bytes([content[20_000] ^ 0xFF]) + content[20_001:]
    refused = patch(terminal, attachment_id, 20_000, corrupted)
    assert refused.status_code == 422
    assert refused.json()["code"] == "checksum_mismatch"
    assert stored_offset(terminal, attachment_id) == 0
    assert patch(terminal, attachment_id, 0, content).json()["complete"] is True


def test_bytes_past_the_declared_size_are_refused(terminal):
    content = b"0123456789"
    attachment_id = announce(terminal, content).json()["attachment_id"]
    refused = patch(terminal, attachment_id, 0, content + b"extra")
    assert refused.status_code == 413
    assert refused.json()["code"] == "upload_too_long"
    assert stored_offset(terminal, attachment_id) == 0


def test_a_submission_naming_an_unfinished_attachment_is_refused(terminal):
    content = os.urandom(10_000)
    attachment_id = announce(terminal, content).json()["attachment_id"]
    patch(terminal, attachment_id, 0, content[:5000])
    body = {"kind": "application", "service_code": "JY-0001",
            "tracking_number": f"{terminal.terminal_id}-20260601-90002",
            "payload": {}, "attachments": [attachment_id]}
    refused = terminal.http.post(terminal.url("/v1/submissions"), json=body,
                                 headers={"Idempotency-Key": uuid.uuid4().hex})
    assert refused.status_code == 422
    assert refused.json()["code"] == "attachment_incomplete"
    assert refused.json()["offset"] == 5000


def test_another_terminal_cannot_see_or_write_an_attachment(central, terminal):
    content = os.urandom(1000)
    attachment_id = announce(terminal, content).json()["attachment_id"]
    other = enroll(central)
    try:
        assert other.http.head(other.url(f"/v1/attachments/{attachment_id}")).status_code == 404
        assert patch(other, attachment_id, 0, content).status_code == 404
    finally:
        other.http.close()
