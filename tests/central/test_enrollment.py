"""Enrollment by one-time code, and the bearer credential on every other call."""

from __future__ import annotations

import base64
import datetime as dt

import requests

from tests.central.harness import enroll


def test_a_code_enrolls_once_and_a_second_use_is_refused(central):
    code = central.enroll_code()
    first = requests.post(central.url + "/v1/enrollments", json={"code": code}, timeout=30)
    assert first.status_code == 201
    body = first.json()
    assert body["credential_type"] == "bearer"
    assert body["terminal_id"] and body["token"]
    assert len(base64.b64decode(body["catalogue_public_key"])) == 32  # raw Ed25519
    assert "BEGIN PUBLIC KEY" in body["catalogue_public_key_pem"]

    again = requests.post(central.url + "/v1/enrollments", json={"code": code}, timeout=30)
    assert again.status_code == 409
    assert again.json()["code"] == "enrollment_code_used"
    assert again.json()["message"]


def test_a_wrong_code_is_refused(central):
    answer = requests.post(
        central.url + "/v1/enrollments", json={"code": "AAAA-BBBB-CCCC"}, timeout=30
    )
    assert answer.status_code == 403
    assert answer.json()["code"] == "enrollment_code_invalid"


def test_codes_are_typed_loosely_by_technicians(central):
    code = central.enroll_code().lower().replace("-", " ")
    answer = requests.post(central.url + "/v1/enrollments", json={"code": code}, timeout=30)
    assert answer.status_code == 201


def test_calls_without_or_with_a_wrong_credential_are_refused(central):
    missing = requests.get(central.url + "/v1/catalogue", timeout=30)
    assert missing.status_code == 401
    assert missing.json()["code"] == "credential_missing"
    assert missing.headers["WWW-Authenticate"].startswith("Bearer")

    wrong = requests.get(
        central.url + "/v1/catalogue", headers={"Authorization": "Bearer ktk_nope"}, timeout=30
    )
    assert wrong.status_code == 401
    assert wrong.json()["code"] == "credential_invalid"


def test_a_revoked_terminal_is_refused_and_others_are_not(central):
    revoked, other = enroll(central), enroll(central)
    try:
        assert revoked.http.get(revoked.url("/v1/time")).status_code == 200
        assert revoked.http.post(revoked.url("/v1/heartbeats"), json=_health()).status_code == 200

        central.admin("revoke", "--terminal", revoked.terminal_id, cli=True)

        refused = revoked.http.post(revoked.url("/v1/heartbeats"), json=_health())
        assert refused.status_code == 401
        assert refused.json()["code"] == "credential_revoked"
        assert other.http.post(other.url("/v1/heartbeats"), json=_health()).status_code == 200
        listed = {t["terminal_id"]: t for t in central.report()["terminals"]}
        assert listed[revoked.terminal_id]["revoked"] is True
        assert listed[other.terminal_id]["revoked"] is False
    finally:
        revoked.http.close()
        other.http.close()


def test_revoking_an_unknown_terminal_says_so(central):
    result = central.admin("revoke", "--terminal", "TNOSUCH", check=False)
    assert result.returncode == 1
    assert "no terminal" in result.stderr


def test_every_response_carries_the_server_clock(central, terminal):
    for answer in (
        requests.get(central.url + "/v1/time", timeout=30),
        requests.get(central.url + "/v1/catalogue", timeout=30),  # an error
        terminal.http.get(terminal.url("/v1/cases/NOSUCH")),  # another error
    ):
        assert answer.headers["Date"]
        server_time = dt.datetime.fromisoformat(answer.headers["X-Server-Time"])
        assert server_time.tzinfo is not None
    body = requests.get(central.url + "/v1/time", timeout=30).json()
    assert dt.datetime.fromisoformat(body["server_time"]).utcoffset() == dt.timedelta(0)


def _health() -> dict:
    return {"queue": {"depth": 0}, "disk": {"free_bytes": 10**9}}


def test_a_new_terminal_never_gets_an_id_another_terminal_has(tmp_path, monkeypatch):
    """Ids are 32 random bits: in a province's fleet two draws meet now and then. The one
    drawn second is drawn again, and the enrollment succeeds."""
    import itertools

    from central import auth
    from central.storage import Database

    db = Database(str(tmp_path / "central.sqlite3"))
    with db.session() as session:
        first, _ = auth.enroll(session, auth.create_enrollment_code(
            session, valid_for=dt.timedelta(hours=1)), "first")
        taken = first.id
    draws = itertools.chain([taken[1:].lower()], ["0a0b0c0d"])
    monkeypatch.setattr(auth.secrets, "token_hex", lambda n: next(draws))
    with db.session() as session:
        second, _ = auth.enroll(session, auth.create_enrollment_code(
            session, valid_for=dt.timedelta(hours=1)), "second")
        assert second.id == "T0A0B0C0D"
    with db.session() as session:
        assert session.get(auth.Terminal, taken).label == "first"
