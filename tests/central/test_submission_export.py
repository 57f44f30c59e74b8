"""`python -m central submissions --json`: every distinct submission as the platform holds it."""

from __future__ import annotations

import hashlib
import json
import os
import uuid

from tests.central.harness import enroll
from tests.central.test_attachments import announce, patch

NAME, ID_NUMBER = "王秀兰", "371002198001016320"


def post(terminal, body: dict, key: str):
    return terminal.http.post(terminal.url("/v1/submissions"), json=body,
                              headers={"Idempotency-Key": key})


def export(central, *args: str) -> list[dict]:
    return json.loads(central.admin("submissions", "--json", *args).stdout)


def test_the_export_lists_each_submission_once_with_payload_attachments_and_attempts(
    central, terminal
):
    content = os.urandom(5000)
    attachment_id = announce(terminal, content, name="身份证正面.jpg").json()["attachment_id"]
    assert patch(terminal, attachment_id, 0, content).json()["complete"] is True

    payload = {"applicant": {"name": NAME, "id_number": ID_NUMBER}, "phone": "13800000000",
               "nested": {"list": [1, 2.5, None, True], "empty": {}}}
    application = {"kind": "application", "service_code": "JY-0001",
                   "tracking_number": f"{terminal.terminal_id}-X-00001", "payload": payload,
                   "attachments": [attachment_id]}
    app_key = uuid.uuid4().hex
    first = post(terminal, application, app_key).json()
    assert post(terminal, application, app_key).status_code == 201  # a replay
    changed = application | {"payload": payload | {"phone": "13900000000"}}
    assert post(terminal, changed, app_key).status_code == 422  # same key, other body

    rating = {"kind": "rating", "service_code": "JY-0001", "test": True,
              "tracking_number": f"{terminal.terminal_id}-X-00002",
              "payload": {"case_tracking_number": application["tracking_number"], "level": 4,
                          "rater_id_number": ID_NUMBER}}
    rating_key = uuid.uuid4().hex
    second = post(terminal, rating, rating_key).json()
    central.admin("reject", "--case", first["case_number"], "--reason", "Photo unreadable")

    other = enroll(central)
    try:
        complaint = {"kind": "complaint", "service_code": "TS-0001",
                     "tracking_number": f"{other.terminal_id}-X-00003",
                     "payload": {"complainant": {"name": NAME, "id_number": ID_NUMBER},
                                 "text": "排队太久"}}
        # The same key at another terminal is another submission.
        third = post(other, complaint, app_key).json()
    finally:
        other.http.close()

    rows = {row["idempotency_key"] + row["terminal_id"]: row for row in export(central)}
    mine = rows[app_key + terminal.terminal_id]
    assert mine == {
        "idempotency_key": app_key,
        "terminal_id": terminal.terminal_id,
        "tracking_number": application["tracking_number"],
        "case_number": first["case_number"],
        "kind": "application",
        "service_code": "JY-0001",
        "test": False,
        "status": "rejected",
        "status_reason": "Photo unreadable",
        "received_at": first["received_at"],
        "payload": payload,
        "attachments": [{"attachment_id": attachment_id, "name": "身份证正面.jpg",
                         "media_type": "image/jpeg", "size": 5000,
                         "sha256": hashlib.sha256(content).hexdigest()}],
        "attempts": 3,
        "elicences": [],
        "delivery": None,
        "chain_inputs": None,
        "correction": None,
    }
    rated = rows[rating_key + terminal.terminal_id]
    assert rated["test"] is True and rated["status"] == "received"
    assert rated["case_number"] == second["case_number"]
    assert rated["payload"] == rating["payload"]
    assert rated["attachments"] == [] and rated["attempts"] == 1
    theirs = rows[app_key + other.terminal_id]
    assert theirs["case_number"] == third["case_number"] and theirs["attempts"] == 1
    assert theirs["payload"]["text"] == "排队太久"

    # Oldest first; one terminal alone on request; a line each without --json.
    listed = export(central)
    assert [r["case_number"] for r in listed] == [
        c["case_number"] for c in (first, second, third)]  # as filed (numbers are random)
    assert {r["terminal_id"] for r in export(central, "--terminal", terminal.terminal_id)} == {
        terminal.terminal_id}
    text = central.admin("submissions", cli=True).stdout
    assert f"{first['case_number']} {application['tracking_number']} application" in text
    assert NAME not in text and ID_NUMBER not in text


def test_an_empty_platform_exports_an_empty_list(central):
    assert export(central, "--terminal", "TNOSUCH") == []
