"""e-ID QR tokens the platform issues and verifies; heartbeats and remote commands."""

from __future__ import annotations

NAME, ID_NUMBER = "李建国", "110105196501011234"


def test_a_platform_issued_token_verifies_once_to_the_identity(central, terminal):
    token = central.admin("eid-token", "--name", NAME, "--id-number", ID_NUMBER).stdout.strip()
    assert token.startswith("EID1.")
    answer = terminal.http.post(terminal.url("/v1/eid/verify"), json={"token": token})
    assert answer.status_code == 200
    assert answer.json()["name"] == NAME
    assert answer.json()["id_number"] == ID_NUMBER

    again = terminal.http.post(terminal.url("/v1/eid/verify"), json={"token": token})
    assert again.status_code == 409
    assert again.json()["code"] == "eid_token_used"


def test_a_forged_or_expired_token_is_refused(central, terminal):
    token = central.admin("eid-token", "--name", NAME, "--id-number", ID_NUMBER).stdout.strip()
    head, payload, signature = token.split(".")
    forged = f"{head}.{payload[:-2]}AA.{signature}"
    refused = terminal.http.post(terminal.url("/v1/eid/verify"), json={"token": forged})
    assert refused.status_code == 422
    assert refused.json()["code"] == "eid_token_invalid"
    assert NAME not in refused.text

    expired = central.admin(
        "eid-token", "--name", NAME, "--id-number", ID_NUMBER, "--valid-minutes", "-1"
    ).stdout.strip()
    refused = terminal.http.post(terminal.url("/v1/eid/verify"), json={"token": expired})
    assert refused.status_code == 422
    assert refused.json()["code"] == "eid_token_expired"


HEALTH = {
    "devices": {"printer": {"state": "paper_near_end"}, "id_reader": {"state": "ready"}},
    "queue": {"depth": 3, "oldest_age_seconds": 420.5},
    "disk": {"free_bytes": 5_000_000_000, "total_bytes": 32_000_000_000},
    "versions": {"kiosk": "0.1.0", "catalogue": "central-r1"},
    "sent_at": "2026-06-01T08:00:00+08:00",
}


def test_a_heartbeat_is_stored_per_terminal(central, terminal):
    answer = terminal.http.post(terminal.url("/v1/heartbeats"), json=HEALTH)
    assert answer.status_code == 200
    assert answer.json()["terminal_id"] == terminal.terminal_id
    assert answer.json()["commands"] == []
    listed = {t["terminal_id"]: t for t in central.report()["terminals"]}
    mine = listed[terminal.terminal_id]
    assert mine["last_heartbeat"] is not None
    assert mine["last_health"]["queue"] == HEALTH["queue"]
    assert mine["last_health"]["devices"]["printer"]["state"] == "paper_near_end"


def test_a_queued_command_is_delivered_in_one_heartbeat_only(central, terminal):
    central.admin("command", "--terminal", terminal.terminal_id, "--command", "out_of_service")
    central.admin("command", "--terminal", terminal.terminal_id, "--command", "send_logs")
    first = terminal.http.post(terminal.url("/v1/heartbeats"), json=HEALTH).json()
    assert [c["command"] for c in first["commands"]] == ["out_of_service", "send_logs"]
    second = terminal.http.post(terminal.url("/v1/heartbeats"), json=HEALTH).json()
    assert second["commands"] == []


def test_a_command_for_an_unknown_terminal_or_of_an_unknown_kind_is_refused(central):
    unknown = central.admin("command", "--terminal", "TNOSUCH", "--command", "restart", check=False)
    assert unknown.returncode == 1
    bad = central.admin("command", "--terminal", "TNOSUCH", "--command", "explode", check=False)
    assert bad.returncode == 2
