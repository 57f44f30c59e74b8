"""Garbage collection of abandoned attachments: by the running server and by `gc`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.central.harness import REPO, CentralServer, enroll
from tests.central.test_attachments import announce, patch

EXPIRY_SECONDS = 3.0
# A safety net for the waits below; not a performance threshold.
WAIT_LIMIT_SECONDS = 60


@pytest.fixture(scope="module")
def short_expiry(tmp_path_factory) -> Iterator[CentralServer]:
    """A server that forgets attachments untouched for 3 s and looks every 0.2 s."""
    work = tmp_path_factory.mktemp("central-gc")
    server = CentralServer(
        db=work / "central.sqlite3", log=work / "central.log",
        extra_args=["--upload-expiry-hours", str(EXPIRY_SECONDS / 3600),
                    "--gc-interval-seconds", "0.2"],
    ).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def kiosk(short_expiry):
    enrolled = enroll(short_expiry)
    try:
        yield enrolled
    finally:
        enrolled.http.close()


def head(terminal, attachment_id: str):
    return terminal.http.head(terminal.url(f"/v1/attachments/{attachment_id}"))


def wait_until_gone(terminal, attachment_id: str):
    deadline = time.monotonic() + WAIT_LIMIT_SECONDS
    while time.monotonic() < deadline:
        answer = head(terminal, attachment_id)
        if answer.status_code == 404:
            return answer
        assert answer.status_code == 200
        time.sleep(0.2)
    raise AssertionError(f"attachment {attachment_id} was never collected")


def complete_attachment(terminal, size: int = 2000) -> str:
    content = os.urandom(size)
    attachment_id = announce(terminal, content).json()["attachment_id"]
    assert patch(terminal, attachment_id, 0, content).json()["complete"] is True
    return attachment_id


def submit(terminal, attachment_ids: list[str]):
    body = {"kind": "application", "service_code": "JY-0001",
            "tracking_number": f"{terminal.terminal_id}-{uuid.uuid4().hex[:12]}",
            "payload": {}, "attachments": attachment_ids}
    return terminal.http.post(terminal.url("/v1/submissions"), json=body,
                              headers={"Idempotency-Key": uuid.uuid4().hex})


def test_the_server_removes_an_abandoned_upload_and_says_upload_expired(short_expiry, kiosk):
    content = os.urandom(40_000)
    attachment_id = announce(kiosk, content).json()["attachment_id"]
    assert patch(kiosk, attachment_id, 0, content[:10_000]).status_code == 200

    gone = wait_until_gone(kiosk, attachment_id)
    assert gone.headers["X-Error-Code"] == "upload_expired"  # HEAD has no body
    resumed = patch(kiosk, attachment_id, 10_000, content[10_000:])
    assert resumed.status_code == 404
    assert resumed.json()["code"] == "upload_expired"
    assert resumed.json()["attachment_id"] == attachment_id
    state = kiosk.http.get(kiosk.url(f"/v1/attachments/{attachment_id}"))
    assert state.status_code == 404 and state.json()["code"] == "upload_expired"

    # Another terminal learns nothing about this id.
    other = enroll(short_expiry)
    try:
        assert head(other, attachment_id).headers["X-Error-Code"] == "attachment_not_found"
    finally:
        other.http.close()

    # Starting again works, and the report counts what was removed.
    again = announce(kiosk, content).json()["attachment_id"]
    assert patch(kiosk, again, 0, content).json()["complete"] is True
    assert submit(kiosk, [again]).status_code == 201
    report = short_expiry.report()
    assert report["attachments_expired"] >= 1
    assert "collected" in short_expiry.log.read_text(encoding="utf-8")


def test_a_named_attachment_is_never_removed_and_an_unnamed_complete_one_is(kiosk):
    named, unnamed = complete_attachment(kiosk), complete_attachment(kiosk)
    assert submit(kiosk, [named]).status_code == 201

    # Both were equally old in every collection that removed the unnamed one.
    wait_until_gone(kiosk, unnamed)
    time.sleep(EXPIRY_SECONDS)
    kept = head(kiosk, named)
    assert kept.status_code == 200
    assert kept.headers["Upload-Offset"] == kept.headers["Upload-Length"]

    late = submit(kiosk, [unnamed])
    assert late.status_code == 422
    assert late.json()["code"] == "attachment_expired"
    assert late.json()["attachment_id"] == unnamed


def test_an_upload_that_keeps_moving_is_not_removed(kiosk):
    pieces = 15
    content = os.urandom(pieces * 100)
    attachment_id = announce(kiosk, content).json()["attachment_id"]
    started = time.monotonic()
    for index in range(pieces):  # a slow line: longer in all than the expiry age
        answer = patch(kiosk, attachment_id, index * 100, content[index * 100:(index + 1) * 100])
        assert answer.status_code == 200, answer.text
        time.sleep(0.3)
    assert time.monotonic() - started > EXPIRY_SECONDS
    assert answer.json()["complete"] is True
    assert submit(kiosk, [attachment_id]).status_code == 201


def test_the_gc_command_removes_what_is_old_enough_and_never_a_named_file(central, terminal):
    content = os.urandom(30_000)
    partial = announce(terminal, content).json()["attachment_id"]
    patch(terminal, partial, 0, content[:12_345])
    unnamed, named = complete_attachment(terminal, 777), complete_attachment(terminal)
    assert submit(terminal, [named]).status_code == 201

    # Everything here is seconds old: a one-hour age removes none of it.
    fresh = json.loads(central.admin("gc", "--older-than-hours", "1", "--json").stdout)
    assert {e["attachment_id"] for e in fresh["removed"]}.isdisjoint({partial, unnamed, named})

    result = json.loads(central.admin("gc", "--older-than-hours", "0", "--json").stdout)
    removed = {e["attachment_id"]: e for e in result["removed"]}
    assert partial in removed and unnamed in removed
    assert named not in removed
    assert removed[partial] | {"last_activity": None} == {
        "attachment_id": partial, "terminal_id": terminal.terminal_id, "complete": False,
        "size": 30_000, "received": 12_345, "last_activity": None}
    assert removed[unnamed]["complete"] is True and removed[unnamed]["received"] == 777
    assert result["count"] == len(result["removed"])
    assert result["bytes_freed"] == sum(e["received"] for e in result["removed"])
    assert "户口簿" not in json.dumps(result, ensure_ascii=False)  # file names stay out

    assert head(terminal, partial).headers["X-Error-Code"] == "upload_expired"
    assert head(terminal, unnamed).headers["X-Error-Code"] == "upload_expired"
    assert head(terminal, named).status_code == 200

    # Nothing left to remove; the text form says so.
    again = central.admin("gc", "--older-than-hours", "0").stdout
    assert again.startswith("removed 0 attachment(s)")
    assert central.admin("gc", "--older-than-hours", "-1", check=False).returncode == 2


def test_a_submission_racing_the_collector_either_keeps_its_file_or_hears_422(central, terminal):
    """Whichever wins, a case never names a removed file and nothing fails with a 5xx."""
    ids = [complete_attachment(terminal, 100) for _ in range(120)]
    collector = subprocess.Popen(
        [sys.executable, "-m", "central", "gc", "--db", str(central.db),
         "--older-than-hours", "0", "--json"],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        with ThreadPoolExecutor(4) as pool:
            answers = list(pool.map(lambda aid: submit(terminal, [aid]), reversed(ids)))
    finally:
        out, err = collector.communicate(timeout=120)
    assert collector.returncode == 0, err
    removed = {e["attachment_id"] for e in json.loads(out)["removed"]}
    for attachment_id, answer in zip(reversed(ids), answers, strict=True):
        if answer.status_code == 201:
            assert attachment_id not in removed
            assert head(terminal, attachment_id).status_code == 200
        else:
            assert answer.status_code == 422, answer.text
            assert answer.json()["code"] == "attachment_expired"
            assert attachment_id in removed
