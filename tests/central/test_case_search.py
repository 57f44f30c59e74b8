"""`POST /v1/cases/search`: the cases filed by the identity with an ID number."""

from __future__ import annotations

import itertools
import uuid

import requests

from tests.central.harness import enroll

_numbers = itertools.count(1)
RESIDENT = "110105196501011234"
NEIGHBOUR = "320102199003030011"
WITH_X = "11010519491231002X"


def file(terminal, kind: str, payload: dict, service_code: str = "JY-0001", **extra) -> dict:
    body = {"kind": kind, "service_code": service_code, "payload": payload,
            "tracking_number": f"{terminal.terminal_id}-S-{next(_numbers):05d}"} | extra
    answer = terminal.http.post(terminal.url("/v1/submissions"), json=body,
                                headers={"Idempotency-Key": uuid.uuid4().hex})
    assert answer.status_code == 201, answer.text
    return answer.json()


def search(terminal, id_number: str) -> dict:
    """The search with proof that the resident's card was read at `terminal` just now."""
    answer = terminal.search(id_number)
    assert answer.status_code == 200, answer.text
    assert answer.headers["Cache-Control"] == "no-store"
    return answer.json()


def status(terminal, number: str, id_number: str) -> dict:
    return terminal.case(number, id_number).json()


def test_a_resident_finds_every_case_they_filed_newest_first(central, terminal):
    applied = file(terminal, "application",
                   {"applicant": {"name": "李建国", "id_number": RESIDENT}, "phone": "13800000000"})
    file(terminal, "application", {"applicant": {"name": "张伟", "id_number": NEIGHBOUR}})
    complainant = {"name": "李建国", "id_number": RESIDENT}
    complained = file(terminal, "complaint", {"complainant": complainant, "text": "排队太久"},
                      service_code="TS-0001")
    unhappy = file(terminal, "rating", {"case_tracking_number": applied["tracking_number"],
                                        "level": 1, "rater_id_number": RESIDENT})
    tried = file(terminal, "application", {"applicant": {"id_number": RESIDENT}}, test=True)
    central.admin("reject", "--case", applied["case_number"], "--reason", "Materials unreadable")

    # Filed at another terminal: found from this one too.
    other = enroll(central)
    try:
        elsewhere = file(other, "application", {"applicant": {"id_number": RESIDENT}})
    finally:
        other.http.close()

    found = search(terminal, RESIDENT)
    assert found["truncated"] is False
    numbers = [case["case_number"] for case in found["cases"]]
    follow_up = unhappy["follow_up_complaint"]["case_number"]
    assert numbers == [elsewhere["case_number"], tried["case_number"], follow_up,
                       unhappy["case_number"], complained["case_number"], applied["case_number"]]
    # Each entry is what GET /v1/cases/{number} says of that case, the rejection included.
    for case in found["cases"]:
        assert case == status(terminal, case["case_number"], RESIDENT)
    by_number = {case["case_number"]: case for case in found["cases"]}
    assert by_number[applied["case_number"]]["status"] == "rejected"
    assert by_number[applied["case_number"]]["status_reason"] == "Materials unreadable"
    assert by_number[follow_up]["kind"] == "complaint"
    assert by_number[follow_up]["tracking_number"] is None
    assert by_number[tried["case_number"]]["test"] is True
    assert RESIDENT not in str(found)

    assert [c["kind"] for c in search(terminal, NEIGHBOUR)["cases"]] == ["application"]
    assert search(terminal, "999999999999999999") == {"cases": [], "truncated": False}


def test_spaces_and_the_case_of_a_final_x_do_not_matter(terminal):
    filed = file(terminal, "application", {"applicant": {"id_number": WITH_X.lower()}})
    for typed in (WITH_X, WITH_X.lower(), f" {WITH_X[:6]} {WITH_X[6:14]} {WITH_X[14:]} "):
        assert [c["case_number"] for c in search(terminal, typed)["cases"]] == [
            filed["case_number"]]
    # Only the identity paths count: a number elsewhere in a payload is not the filer's.
    elsewhere = "440101198801010055"
    file(terminal, "application", {"applicant": {"id_number": NEIGHBOUR},
                                   "spouse": {"id_number": elsewhere}, "rater_id_number": 7})
    assert search(terminal, elsewhere)["cases"] == []


def test_at_most_fifty_cases_come_back(terminal):
    prolific = "510104197707070077"
    filed = [file(terminal, "application", {"applicant": {"id_number": prolific}})
             for _ in range(52)]
    found = search(terminal, prolific)
    assert found["truncated"] is True
    assert [c["case_number"] for c in found["cases"]] == [
        f["case_number"] for f in reversed(filed)][:50]


def test_the_search_needs_a_credential_a_body_and_post(central, terminal):
    anonymous = requests.post(central.url + "/v1/cases/search", json={"id_number": RESIDENT},
                              timeout=30)
    assert anonymous.status_code == 401
    for body in ({}, {"id_number": ""}, {"id_number": RESIDENT, "name": "李建国"}):
        refused = terminal.http.post(terminal.url("/v1/cases/search"), json=body)
        assert refused.status_code == 422
        assert refused.json()["code"] == "invalid_request"
        assert RESIDENT not in refused.text and "李建国" not in refused.text
    assert terminal.http.get(terminal.url("/v1/cases/search")).status_code == 403  # no proof
    assert terminal.case("search", RESIDENT).status_code == 404


def test_the_id_number_never_reaches_the_server_log(central, terminal):
    file(terminal, "application", {"applicant": {"id_number": RESIDENT}})
    search(terminal, RESIDENT)
    search(terminal, WITH_X.lower())
    log = central.log.read_text(encoding="utf-8")
    assert "POST /v1/cases/search" in log and "case search from" in log
    for number in (RESIDENT, WITH_X, WITH_X.lower(), NEIGHBOUR):
        assert number not in log
