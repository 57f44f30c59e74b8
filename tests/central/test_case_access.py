"""No terminal reads another's cases: case numbers cannot be guessed, and every case query
carries proof that the resident is at that terminal in this visit (a card read signed with
the terminal's own key, or the platform's e-ID grant); queries are limited and audited."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
import uuid

from kiosk.sync.visit_proof import eid_proof, new_signing_key, public_key_text
from tests.central.harness import enroll

_numbers = itertools.count(1)
RESIDENT = "110105196501011234"
NEIGHBOUR = "320102199003030011"
CASE_NUMBER = re.compile(r"(GS|TS)\d{4}(-[2-9A-HJ-NP-Z]{4}){4}")


def file(terminal, id_number: str = RESIDENT, **extra) -> dict:
    body = {"kind": "application", "service_code": "JY-0001",
            "payload": {"applicant": {"name": "李建国", "id_number": id_number}},
            "tracking_number": f"{terminal.terminal_id}-P-{next(_numbers):05d}"} | extra
    answer = terminal.http.post(terminal.url("/v1/submissions"), json=body,
                                headers={"Idempotency-Key": uuid.uuid4().hex})
    assert answer.status_code == 201, answer.text
    return answer.json()


def refused(answer, status: int = 403) -> str:
    assert answer.status_code == status, answer.text
    assert RESIDENT not in answer.text
    return answer.json()["code"]


def audit(central, terminal) -> list[dict]:
    return json.loads(central.admin("case-queries", "--json", "--terminal",
                                    terminal.terminal_id).stdout)


def test_case_numbers_carry_eighty_random_bits_in_groups_easy_to_read(terminal):
    filed = [file(terminal)["case_number"] for _ in range(12)]
    rating = {"kind": "rating", "service_code": "JY-0001", "tracking_number":
              f"{terminal.terminal_id}-P-{next(_numbers):05d}",
              "payload": {"level": 1, "rater_id_number": RESIDENT}}
    follow_up = terminal.http.post(terminal.url("/v1/submissions"), json=rating, headers={
        "Idempotency-Key": uuid.uuid4().hex}).json()["follow_up_complaint"]["case_number"]
    for number in [*filed, follow_up]:
        assert CASE_NUMBER.fullmatch(number), number  # no 0/O, no 1/I; four groups of four
    # One number tells nothing of the next: neighbours differ in most of their 16 symbols
    # (sequential numbers differ in one or two).
    for one, next_one in itertools.pairwise(filed):
        symbols = zip(one[7:].replace("-", ""), next_one[7:].replace("-", ""), strict=True)
        assert sum(a != b for a, b in symbols) >= 8, (one, next_one)


def test_a_query_without_proof_is_refused_whatever_the_terminal(central, terminal):
    applied = file(terminal)
    bare = terminal.http.post(terminal.url("/v1/cases/search"), json={"id_number": RESIDENT})
    assert refused(bare) == "proof_missing"
    assert bare.headers["X-Error-Code"] == "proof_missing"
    for number in (applied["case_number"], applied["tracking_number"]):
        assert refused(terminal.http.get(terminal.url(f"/v1/cases/{number}"))) == "proof_missing"
    unreadable = terminal.http.get(terminal.url(f"/v1/cases/{applied['case_number']}"),
                                   headers={"Visit-Proof": "not a proof"})
    assert refused(unreadable) == "proof_invalid"
    # With the resident's card read here, the resident's own cases come back.
    assert terminal.search(RESIDENT).json()["cases"][0]["case_number"] == applied["case_number"]
    assert terminal.case(applied["tracking_number"], RESIDENT).json()["case_number"] == \
        applied["case_number"]


def test_another_terminal_cannot_use_foreign_proof(central, terminal):
    file(terminal)
    other = enroll(central)
    try:
        # This terminal's statement, replayed by the other: not signed with its key.
        stolen = terminal.card_proof(RESIDENT)
        assert refused(other.search(RESIDENT, stolen)) == "proof_signature_invalid"
        # Signed by another terminal's key while naming this one.
        forged = other.card_proof(RESIDENT, key=terminal.signing_key)
        assert refused(other.search(RESIDENT, forged)) == "proof_signature_invalid"
        # The other terminal's own key, claiming to speak for this terminal.
        posing = other.card_proof(RESIDENT, terminal_id=terminal.terminal_id)
        assert refused(other.search(RESIDENT, posing)) == "proof_not_this_terminal"
        # A key nobody registered.
        assert refused(other.search(RESIDENT, other.card_proof(
            RESIDENT, key=new_signing_key()))) == "proof_signature_invalid"
    finally:
        other.http.close()


def test_a_stale_statement_and_one_for_another_resident_are_refused(terminal):
    applied = file(terminal)
    now = dt.datetime.now(dt.UTC)
    stale = terminal.card_proof(RESIDENT, read_at=now - dt.timedelta(minutes=6))
    assert refused(terminal.search(RESIDENT, stale)) == "proof_stale"
    ahead = terminal.card_proof(RESIDENT, read_at=now + dt.timedelta(minutes=10))
    assert refused(terminal.search(RESIDENT, ahead)) == "proof_stale"
    assert terminal.search(RESIDENT, terminal.card_proof(
        RESIDENT, read_at=now - dt.timedelta(minutes=4))).status_code == 200

    neighbour = terminal.card_proof(NEIGHBOUR)
    assert refused(terminal.search(RESIDENT, neighbour)) == "proof_mismatch"
    # A case by number answers only the resident it names; to anyone else it does not exist.
    someone_else = terminal.case(applied["case_number"], NEIGHBOUR)
    assert refused(someone_else, 404) == "case_not_found"
    assert someone_else.json() == terminal.case("GS2026-2222-2222-2222-2222", NEIGHBOUR).json()


def test_an_e_id_check_proves_the_resident_to_that_terminal_alone(central, terminal):
    applied = file(terminal)
    token = central.admin("eid-token", "--name", "李建国", "--id-number", RESIDENT).stdout.strip()
    vouched = terminal.http.post(terminal.url("/v1/eid/verify"), json={"token": token}).json()
    grant = eid_proof(vouched["case_grant"])
    expires = dt.datetime.fromisoformat(vouched["case_grant_expires_at"])
    assert dt.timedelta(minutes=1) < expires - dt.datetime.now(dt.UTC) <= dt.timedelta(minutes=5)

    found = terminal.search(RESIDENT, grant)
    assert found.json()["cases"][0]["case_number"] == applied["case_number"]
    assert terminal.case(applied["case_number"], RESIDENT, grant).status_code == 200
    assert refused(terminal.search(NEIGHBOUR, grant)) == "proof_mismatch"
    # The e-ID code itself is no grant, and a grant's signature covers every byte.
    assert refused(terminal.search(RESIDENT, eid_proof(token))) == "proof_invalid"
    head, payload, signature = vouched["case_grant"].split(".")
    tampered = eid_proof(f"{head}.{payload[:-2]}AA.{signature}")
    assert refused(terminal.search(RESIDENT, tampered)) == "proof_invalid"
    other = enroll(central)
    try:
        assert refused(other.search(RESIDENT, grant)) == "proof_not_this_terminal"
    finally:
        other.http.close()


def test_queries_are_limited_per_terminal(central):
    busy, quiet = enroll(central), enroll(central)
    try:
        for _ in range(30):  # the platform's limit per terminal in ten minutes
            assert busy.search(NEIGHBOUR).status_code == 200
        limited = busy.search(NEIGHBOUR)
        assert refused(limited, 429) == "too_many_case_queries"
        assert 0 < int(limited.headers["Retry-After"]) <= 600
        assert refused(busy.case("GS2026-2222-2222-2222-2222", NEIGHBOUR),
                       429) == "too_many_case_queries"
        assert quiet.search(NEIGHBOUR).status_code == 200  # one terminal's limit only
    finally:
        busy.http.close()
        quiet.http.close()


def test_every_query_is_audited_without_the_number(central, terminal):
    before = central.report()
    audited = "440101198801010055"  # this test's resident alone
    file(terminal, audited)
    file(terminal, audited)
    terminal.search(audited)
    terminal.http.post(terminal.url("/v1/cases/search"), json={"id_number": NEIGHBOUR})
    terminal.search(audited, terminal.card_proof(NEIGHBOUR))

    rows = audit(central, terminal)
    text = central.admin("case-queries", "--terminal", terminal.terminal_id, cli=True).stdout
    for shown in (json.dumps(rows), text):
        assert audited not in shown and NEIGHBOUR not in shown
    assert [(r["query"], r["proof_kind"], r["cases_answered"], r["outcome"]) for r in rows] == [
        ("search", "card_read", 0, "proof_mismatch"),
        ("search", "none", 0, "proof_missing"),
        ("search", "card_read", 2, "answered"),
    ]
    assert rows[0]["id_digest"] == rows[2]["id_digest"] != rows[1]["id_digest"]
    assert all(re.fullmatch(r"[0-9a-f]{64}", r["id_digest"]) for r in rows)
    assert {r["terminal_id"] for r in rows} == {terminal.terminal_id}
    after = central.report()
    assert after["case_queries"] - before["case_queries"] == 3
    assert after["case_queries_refused"] - before["case_queries_refused"] == 2


def test_a_terminal_enrolled_without_a_key_registers_one_once(central):
    legacy = enroll(central, with_signing_key=False)
    try:
        file(legacy)
        key = new_signing_key()
        proof = legacy.card_proof(RESIDENT, key=key)
        assert refused(legacy.search(RESIDENT, proof)) == "signing_key_missing"
        register = legacy.url("/v1/terminal/signing-key")
        assert legacy.http.post(register, json={"public_key": public_key_text(key)}
                                ).status_code == 201
        assert legacy.search(RESIDENT, proof).status_code == 200
        # The same key again is harmless; another key is refused (it needs an enrollment).
        assert legacy.http.post(register, json={"public_key": public_key_text(key)}
                                ).status_code == 200
        another = legacy.http.post(register, json={"public_key": public_key_text(
            new_signing_key())})
        assert refused(another, 409) == "signing_key_registered"
        assert legacy.http.post(register, json={"public_key": "abc"}).status_code == 422
    finally:
        legacy.http.close()


def test_a_re_enrollment_replaces_the_key(central, terminal):
    file(terminal)
    old_key = terminal.signing_key
    again = enroll(central, code=central.enroll_code(terminal.terminal_id))
    try:
        assert again.terminal_id == terminal.terminal_id
        stale_key = again.card_proof(RESIDENT, key=old_key)
        assert refused(again.search(RESIDENT, stale_key)) == "proof_signature_invalid"
        assert again.search(RESIDENT).status_code == 200
    finally:
        again.http.close()
