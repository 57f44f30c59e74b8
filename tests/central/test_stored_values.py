"""Values one database engine would store and the other refuse (PostgreSQL keeps no NUL
character in text, and its INTEGER ends at 2**31) get the same clean answer on both:
422 `invalid_request` or an id that is simply not known, never a 500."""

from __future__ import annotations

import json
import uuid

import requests

HEALTH = {"queue": {"depth": 0}, "disk": {"free_bytes": 10**9}}


def nul_refused(answer) -> None:
    assert answer.status_code == 422, answer.text
    body = answer.json()
    assert body["code"] == "invalid_request"
    assert any("NUL" in problem["problem"] for problem in body["problems"])


def application(terminal, **payload) -> dict:
    return {"kind": "application", "service_code": "SB-0006", "test": True,
            "tracking_number": f"{terminal.terminal_id}-20261201-{uuid.uuid4().hex[:8]}",
            "payload": {"answers": {"phone": "13800000000"}} | payload}


def submit(terminal, body: dict):
    return terminal.http.post(terminal.url("/v1/submissions"), json=body,
                              headers={"Idempotency-Key": uuid.uuid4().hex})


def test_a_nul_character_anywhere_a_terminal_sends_text_is_refused(central, terminal):
    nul_refused(submit(terminal, application(terminal, answers={"name": "王\x00兰"})))
    nul_refused(submit(terminal, application(terminal, answers={"na\x00me": "王秀兰"})))
    nul_refused(requests.post(central.url + "/v1/enrollments", timeout=30,
                              json={"code": central.enroll_code(), "label": "大厅\x00一号"}))
    nul_refused(terminal.http.get(terminal.url("/v1/cases/GS2026%00"),
                                  headers={"Visit-Proof": "x"}))
    nul_refused(terminal.http.get(terminal.url("/v1/catalogue?cursor=r1.%00")))
    # Nothing of it was stored: the same submission without the NUL is filed.
    assert submit(terminal, application(terminal, answers={"name": "王秀兰"})).status_code == 201


def test_command_ids_past_two_to_the_31_are_not_known_and_ignored(central, terminal):
    central.admin("command", "--terminal", terminal.terminal_id, "--command", "sync_now")
    sent = terminal.http.post(terminal.url("/v1/heartbeats"), json=HEALTH).json()["commands"]
    answer = terminal.http.post(terminal.url("/v1/heartbeats"), json=HEALTH | {
        "acknowledged_commands": [2**31, 2**40, 2**53]})
    assert answer.status_code == 200, answer.text
    assert answer.json()["acknowledged_commands"] == []
    assert [c["id"] for c in answer.json()["commands"]] == [c["id"] for c in sent]
    past_the_api = terminal.http.post(terminal.url("/v1/heartbeats"), json=HEALTH | {
        "acknowledged_commands": [2**64]})
    assert past_the_api.status_code == 422


def test_a_life_event_position_past_two_to_the_31_is_an_invalid_chain(terminal):
    number = f"{terminal.terminal_id}-20261201-{uuid.uuid4().hex[:8]}"
    body = application(terminal, chain={"id": uuid.uuid4().hex, "event": "YL-0902",
                                        "position": 2**40, "links": [number]})
    body["tracking_number"] = number
    refused = submit(terminal, body)
    assert refused.status_code == 422 and refused.json()["code"] == "chain_invalid"


def test_a_complaint_about_an_overlong_tracking_number_is_still_filed(central, terminal):
    body = {"kind": "complaint", "service_code": "COMPLAINT", "test": False,
            "tracking_number": f"{terminal.terminal_id}-20261201-{uuid.uuid4().hex[:8]}",
            "payload": {"text": "排队太久", "case_tracking_number": "T" * 300}}
    filed = submit(terminal, body)
    assert filed.status_code == 201, filed.text
    assert filed.json()["status"] == "routed"


def load_person(central, tmp_path, **person):
    file = tmp_path / "records.json"
    file.write_text(json.dumps({"format": "central-records", "version": 1, "people": [
        {"id_number": "110101199001010011", "name": "王秀兰"} | person]}), encoding="utf-8")
    return central.admin("records-load", "--file", str(file), check=False)


def test_a_records_file_with_a_nul_character_is_refused_in_one_line(central, tmp_path):
    refused = load_person(central, tmp_path, name="王\x00兰")
    assert refused.returncode == 1
    assert refused.stderr.strip().splitlines() == [
        "records not loaded: the file holds a NUL character (U+0000) in its text"]


def test_a_name_longer_than_its_column_is_refused_in_one_line_where_the_engine_checks(
        central, engine, tmp_path):
    loaded = load_person(central, tmp_path, name="王" * 101)
    if engine == "postgresql":  # SQLite does not hold text to a column's length
        assert loaded.returncode == 1
        assert loaded.stderr.strip().splitlines() == [
            "records not loaded: the database refused a value: value too long for type "
            "character varying(100)"]
    else:
        assert loaded.returncode == 0, loaded.stderr
