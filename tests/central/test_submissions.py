"""Submissions under Idempotency-Key, case numbers and tracking aliases, status, counts."""

from __future__ import annotations

import itertools
import uuid

_numbers = itertools.count(1)
NAME, ID_NUMBER = "王秀兰", "371002198001016320"


def tracking(terminal) -> str:
    return f"{terminal.terminal_id}-20260601-{next(_numbers):05d}"


def application(terminal, **changes) -> dict:
    body = {
        "kind": "application",
        "service_code": "JY-0001",
        "tracking_number": tracking(terminal),
        "payload": {"applicant": {"name": NAME, "id_number": ID_NUMBER}, "phone": "13800000000"},
    }
    return body | changes


def post(terminal, body: dict, key: str | None):
    headers = {"Idempotency-Key": key} if key else {}
    return terminal.http.post(terminal.url("/v1/submissions"), json=body, headers=headers)


def test_a_replay_returns_the_first_answer_unchanged_and_counts_as_received(central, terminal):
    before = central.report()
    body, key = application(terminal), uuid.uuid4().hex
    first = post(terminal, body, key)
    assert first.status_code == 201
    assert first.headers["Idempotent-Replayed"] == "false"
    answer = first.json()
    assert answer["case_number"].startswith("GS")
    assert answer["tracking_number"] == body["tracking_number"]
    assert answer["status"] == "routed"

    replays = [post(terminal, body, key) for _ in range(2)]
    for replay in replays:
        assert replay.status_code == 201
        assert replay.headers["Idempotent-Replayed"] == "true"
        assert replay.content == first.content

    after = central.report()
    assert after["submissions"] - before["submissions"] == 1
    assert after["submissions_received"] - before["submissions_received"] == 3
    assert after["applications"] - before["applications"] == 1


def test_the_same_key_with_a_different_body_is_refused(central, terminal):
    body, key = application(terminal), uuid.uuid4().hex
    first = post(terminal, body, key)
    assert first.status_code == 201
    before = central.report()
    changed = body | {"payload": {**body["payload"], "phone": "13900000000"}}
    refused = post(terminal, changed, key)
    assert refused.status_code == 422
    assert refused.json()["code"] == "idempotency_key_reused"
    after = central.report()
    assert after["submissions"] == before["submissions"]
    assert after["submissions_received"] == before["submissions_received"] + 1
    # The first submission is untouched and still answers with its case number.
    assert post(terminal, body, key).json()["case_number"] == first.json()["case_number"]


def test_a_submission_needs_an_idempotency_key(terminal):
    refused = post(terminal, application(terminal), None)
    assert refused.status_code == 400
    assert refused.json()["code"] == "idempotency_key_missing"


def test_a_tracking_number_cannot_be_reused_under_another_key(terminal):
    body = application(terminal)
    assert post(terminal, body, uuid.uuid4().hex).status_code == 201
    refused = post(terminal, body, uuid.uuid4().hex)
    assert refused.status_code == 409
    assert refused.json()["code"] == "tracking_number_taken"


def test_status_by_tracking_number_and_by_case_number(terminal):
    body = application(terminal)
    case_number = post(terminal, body, uuid.uuid4().hex).json()["case_number"]
    by_tracking = terminal.case(body["tracking_number"], ID_NUMBER)
    by_case = terminal.case(case_number, ID_NUMBER)
    assert by_tracking.status_code == by_case.status_code == 200
    assert by_tracking.json() == by_case.json()
    status = by_case.json()
    assert status["case_number"] == case_number
    assert status["tracking_number"] == body["tracking_number"]
    assert status["status"] == "routed"
    assert status["routed_to"] == "市教育局"
    assert NAME not in by_case.text and ID_NUMBER not in by_case.text

    missing = terminal.case("NO-SUCH-CASE", ID_NUMBER)
    assert missing.status_code == 404
    assert missing.json()["code"] == "case_not_found"


def test_a_case_the_platform_rejected_after_the_kiosk_queued_it(central, terminal):
    body = application(terminal)
    case_number = post(terminal, body, uuid.uuid4().hex).json()["case_number"]
    out = central.admin("reject", "--case", case_number, "--reason", "Materials unreadable",
                        cli=True).stdout
    assert case_number in out
    status = terminal.case(body["tracking_number"], ID_NUMBER).json()
    assert status["status"] == "rejected"
    assert status["status_reason"] == "Materials unreadable"
    result = central.admin("reject", "--case", "NO-SUCH", "--reason", "x", check=False)
    assert result.returncode == 1


def test_test_traffic_is_stored_and_counted_but_never_routed(central, terminal):
    before = central.report()
    body = application(terminal, test=True)
    answer = post(terminal, body, uuid.uuid4().hex)
    assert answer.status_code == 201
    assert answer.json()["test"] is True
    status = terminal.case(body["tracking_number"], ID_NUMBER).json()
    assert status["routed_to"] is None
    assert status["status"] == "received"
    after = central.report()
    assert after["test_submissions"] - before["test_submissions"] == 1
    assert after["submissions"] - before["submissions"] == 1
    assert after["routed"] == before["routed"]


def test_a_dissatisfied_rating_opens_a_complaint_and_a_satisfied_one_does_not(central, terminal):
    before = central.report()
    rated = application(terminal)
    post(terminal, rated, uuid.uuid4().hex)

    def rating(level: int) -> dict:
        return {
            "kind": "rating",
            "service_code": "JY-0001",
            "tracking_number": tracking(terminal),
            "payload": {"case_tracking_number": rated["tracking_number"], "level": level,
                        "rater_id_number": ID_NUMBER},
        }

    unhappy = post(terminal, rating(1), uuid.uuid4().hex).json()
    happy = post(terminal, rating(5), uuid.uuid4().hex).json()
    assert happy["follow_up_complaint"] is None
    follow_up = unhappy["follow_up_complaint"]
    assert follow_up["reason"] == "dissatisfied_rating"
    complaint = terminal.case(follow_up["case_number"], ID_NUMBER).json()
    assert complaint["kind"] == "complaint"
    assert complaint["status"] == "routed"
    after = central.report()
    assert after["ratings"] - before["ratings"] == 2
    assert after["complaints"] - before["complaints"] == 1

    bad = post(terminal, rating(7), uuid.uuid4().hex)
    assert bad.status_code == 422
    assert bad.json()["code"] == "rating_level_invalid"


def test_a_complaint_is_counted_and_routed_to_the_complaints_desk(central, terminal):
    before = central.report()
    body = {
        "kind": "complaint",
        "service_code": "TS-0001",
        "tracking_number": tracking(terminal),
        "payload": {"complainant": {"name": NAME, "id_number": ID_NUMBER}, "text": "排队太久"},
    }
    answer = post(terminal, body, uuid.uuid4().hex)
    assert answer.status_code == 201
    status = terminal.case(body["tracking_number"], ID_NUMBER).json()
    assert status["routed_to"] == "12345政务服务便民热线"
    assert central.report()["complaints"] - before["complaints"] == 1


def test_a_malformed_body_gets_a_json_error_that_does_not_echo_personal_data(terminal):
    body = application(terminal, kind="wish")
    refused = post(terminal, body, uuid.uuid4().hex)
    assert refused.status_code == 422
    assert refused.json()["code"] == "invalid_request"
    assert refused.json()["message"]
    assert NAME not in refused.text and ID_NUMBER not in refused.text


def test_personal_data_never_reaches_the_server_log(central, terminal):
    body = application(terminal)
    assert post(terminal, body, uuid.uuid4().hex).status_code == 201
    token = central.admin("eid-token", "--name", NAME, "--id-number", ID_NUMBER).stdout.strip()
    assert terminal.http.post(terminal.url("/v1/eid/verify"), json={"token": token}).ok
    log = central.log.read_text(encoding="utf-8")
    assert NAME not in log
    assert ID_NUMBER not in log
    assert "POST /v1/submissions" in log  # the log is there, and it is this server's
