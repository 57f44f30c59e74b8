"""What the platform takes from a terminal: tracking numbers under the terminal's own id
only, service codes in the catalogue's format, JSON it can store and export again, and a
log that no client string can add lines to."""

from __future__ import annotations

import itertools
import json
import uuid

import pytest

from tests.central.harness import enroll

# What the API takes (formats, ownership of numbers): checked before storage, the
# database is incidental (test_stored_values.py covers what each engine would store).
pytestmark = pytest.mark.one_engine

_numbers = itertools.count(1)


def application(terminal_id: str, **changes) -> dict:
    body = {
        "kind": "application",
        "service_code": "SB-0006",
        "tracking_number": f"{terminal_id}-20260601-{next(_numbers):05d}",
        "test": True,
        "payload": {"answers": {"phone": "13800000000"}},
    }
    return body | changes


def post(terminal, body: dict | str, key: str | None = None):
    headers = {"Idempotency-Key": key or uuid.uuid4().hex}
    if isinstance(body, str):  # raw text, for what json= would not send
        headers["Content-Type"] = "application/json"
        return terminal.http.post(terminal.url("/v1/submissions"), data=body.encode(),
                                  headers=headers)
    return terminal.http.post(terminal.url("/v1/submissions"), json=body, headers=headers)


def strict_json(text: str):
    """JSON as the standard has it: Infinity and NaN are not JSON."""
    def refuse(constant):
        raise ValueError(f"not JSON: {constant}")
    return json.loads(text, parse_constant=refuse)


@pytest.fixture
def victim(central):
    enrolled = enroll(central)
    yield enrolled
    enrolled.http.close()


def test_a_terminal_cannot_take_another_terminals_tracking_numbers(central, terminal, victim):
    # The victim's numbers are predictable: its id, the day, the day's sequence.
    upcoming = [f"{victim.terminal_id}-20260601-{n:05d}" for n in range(1, 4)]
    for number in upcoming:
        refused = post(terminal, application(terminal.terminal_id, tracking_number=number))
        assert refused.status_code == 422, refused.text
        assert refused.json()["code"] == "tracking_number_not_yours"
        assert refused.headers["X-Error-Code"] == "tracking_number_not_yours"
    # A prefix that only starts like the victim's id is not the squatter's either.
    sly = post(terminal, application(terminal.terminal_id,
                                     tracking_number=f"{terminal.terminal_id}X-20260601-00001"))
    assert sly.status_code == 422 and sly.json()["code"] == "tracking_number_not_yours"
    for number in upcoming:
        filed = post(victim, application(victim.terminal_id, tracking_number=number))
        assert filed.status_code == 201, filed.text
        assert filed.json()["tracking_number"] == number


def test_a_payload_nested_too_deep_is_refused_in_json(terminal):
    payload: dict = {}
    inner = payload
    for _ in range(256):
        inner["next"] = {}
        inner = inner["next"]
    refused = post(terminal, application(terminal.terminal_id, payload=payload))
    assert 400 <= refused.status_code < 500, refused.text
    assert refused.headers["Content-Type"].startswith("application/json")
    assert refused.json()["code"] == "invalid_request"
    # A list nested as deep is refused alike.
    deep_list = post(terminal, application(terminal.terminal_id,
                                           payload={"answers": json.loads("[" * 256 + "]" * 256)}))
    assert deep_list.status_code == 422 and deep_list.json()["code"] == "invalid_request"


@pytest.mark.parametrize("constant", ["Infinity", "-Infinity", "NaN"])
def test_infinity_and_nan_are_refused_so_the_admin_export_stays_json(central, terminal,
                                                                      constant):
    body = json.dumps(application(terminal.terminal_id))
    body = body.replace('"phone": "13800000000"', f'"amount": {constant}')
    refused = post(terminal, body)
    assert refused.status_code == 422, refused.text
    assert refused.json()["code"] == "invalid_request"
    heartbeat = (f'{{"queue": {{"depth": 0, "oldest_age_seconds": {constant}}},'
                 f' "disk": {{"free_bytes": 1}}, "extra": {{"x": {constant}}}}}')
    answer = terminal.http.post(terminal.url("/v1/heartbeats"), data=heartbeat,
                                headers={"Content-Type": "application/json"})
    assert answer.status_code == 422, answer.text
    strict_json(central.admin("submissions", "--json").stdout)
    strict_json(central.admin("report", "--json").stdout)


@pytest.mark.parametrize("code", ["SB-0006", "JY-0001", "GA-123456", "COMPLAINT"])
def test_catalogue_codes_are_taken(terminal, code):
    assert post(terminal, application(terminal.terminal_id, service_code=code)).status_code == 201


@pytest.mark.parametrize("code", [
    "SB-0006\n2026-06-01 12:00:00,000 INFO central.submissions: case GS1 filed",
    "sb-0006", "SB 0006", "SB-0006 ", "<b>SB-0006</b>", "SB-06", "社保-0006",
])
def test_a_service_code_outside_the_catalogue_format_is_refused(terminal, code):
    refused = post(terminal, application(terminal.terminal_id, service_code=code))
    assert refused.status_code == 422, refused.text
    assert refused.json()["code"] == "invalid_request"


def test_no_client_string_can_add_a_line_to_the_platform_log(central, terminal):
    forged = "2026-06-01 12:00:00,000 INFO central.submissions: case GS2026 forged"
    # A path is decoded before it is logged; a code, a label or a key travel in bodies
    # and headers.
    terminal.http.get(terminal.url("/v1/cases/x%0A" + forged.replace(" ", "%20")))
    for line_break in ("%0D%0A", "%0D", "%C2%85", "%E2%80%A8", "%E2%80%A9", "%0B", "%0C"):
        terminal.http.get(terminal.url(f"/v1/cases/x{line_break}" + forged.replace(" ", "%20")))
    post(terminal, application(terminal.terminal_id, service_code="SB-0006\n" + forged))
    terminal.http.post(central.url + "/v1/enrollments",
                       json={"code": "WRONG\n" + forged, "label": "x\n" + forged})
    assert post(terminal, application(terminal.terminal_id)).status_code == 201
    lines = central.log.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]  # one record per line, every line
    assert all({"time", "level", "logger", "message"} <= set(r) for r in records)
    assert not any(line.startswith("2026-06-01") for line in lines)
    assert any("POST /v1/submissions" in r["message"] for r in records)
    assert any(r["logger"] == "central.submissions" and "filed" in r["message"]
               for r in records)
