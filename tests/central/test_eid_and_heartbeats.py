"""e-ID QR tokens the platform issues and verifies; heartbeats and remote commands."""

from __future__ import annotations

from tests.central.harness import enroll

NAME, ID_NUMBER = "李建国", "110105196501011234"


def test_a_platform_issued_token_verifies_once_to_the_identity(central, terminal):
    token = central.admin("eid-token", "--name", NAME, "--id-number", ID_NUMBER,
                          cli=True).stdout.strip()
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
    "queue": {"depth": 3, "oldest_age_seconds": 420.5, "set_aside": 1},
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


def heartbeat(terminal, acknowledged=None) -> dict:
    body = HEALTH if acknowledged is None else HEALTH | {"acknowledged_commands": acknowledged}
    answer = terminal.http.post(terminal.url("/v1/heartbeats"), json=body)
    assert answer.status_code == 200, answer.text
    return answer.json()


def queue(central, terminal, command: str) -> int:
    out = central.admin("command", "--terminal", terminal.terminal_id, "--command", command,
                        cli=True).stdout
    return int(out.rsplit("(command ", 1)[1].rstrip(")\n"))


def my_commands(central, terminal) -> dict:
    listed = {t["terminal_id"]: t for t in central.report()["terminals"]}
    return listed[terminal.terminal_id]["commands"]


def test_a_command_is_sent_until_acknowledged_and_never_after(central, terminal):
    first_id = queue(central, terminal, "out_of_service")
    second_id = queue(central, terminal, "send_logs")
    assert [c["id"] for c in my_commands(central, terminal)["pending"]] == [first_id, second_id]

    first = heartbeat(terminal)
    assert [(c["id"], c["command"]) for c in first["commands"]] == [
        (first_id, "out_of_service"), (second_id, "send_logs")]
    assert first["acknowledged_commands"] == []

    # That answer was lost on the way: the next heartbeat carries both again.
    again = heartbeat(terminal)
    assert [c["id"] for c in again["commands"]] == [first_id, second_id]
    assert again["commands"] == first["commands"]
    pending = my_commands(central, terminal)["pending"]
    assert [c["times_sent"] for c in pending] == [2, 2]
    assert all(c["acknowledged_at"] is None for c in pending)

    # The kiosk ran the first and says so; only the second is sent again.
    partly = heartbeat(terminal, [first_id])
    assert partly["acknowledged_commands"] == [first_id]
    assert [c["id"] for c in partly["commands"]] == [second_id]

    # Acknowledging again is harmless; an acknowledged command never comes back.
    done = heartbeat(terminal, [first_id, second_id])
    assert sorted(done["acknowledged_commands"]) == [first_id, second_id]
    assert done["commands"] == []
    assert heartbeat(terminal)["commands"] == []

    report = my_commands(central, terminal)
    assert report["pending"] == []
    assert report["acknowledged_total"] == 2
    assert [c["id"] for c in report["acknowledged"]] == [second_id, first_id]
    assert all(c["acknowledged_at"] and c["first_sent_at"] for c in report["acknowledged"])
    text = central.admin("report", cli=True).stdout
    assert f"{terminal.terminal_id} active" in text and "acknowledged 2" in text


def test_acknowledgements_of_unsent_or_other_terminals_commands_are_ignored(central, terminal):
    other = enroll(central)
    try:
        theirs = queue(central, other, "restart")
        heartbeat(other)  # sent to the other terminal, not acknowledged by it
        unsent = queue(central, terminal, "sync_now")

        answer = heartbeat(terminal, [theirs, unsent, 2**53])
        assert answer["acknowledged_commands"] == []
        assert [c["id"] for c in answer["commands"]] == [unsent]
        assert [c["id"] for c in heartbeat(other)["commands"]] == [theirs]
        assert heartbeat(terminal, [unsent])["acknowledged_commands"] == [unsent]

        refused = terminal.http.post(terminal.url("/v1/heartbeats"),
                                     json=HEALTH | {"acknowledged_commands": ["x"]})
        assert refused.status_code == 422
        assert refused.json()["code"] == "invalid_request"
        # An acknowledgement is not health: it does not appear as such.
        listed = {t["terminal_id"]: t for t in central.report()["terminals"]}
        assert "acknowledged_commands" not in listed[terminal.terminal_id]["last_health"]
    finally:
        other.http.close()


def test_a_command_for_an_unknown_terminal_or_of_an_unknown_kind_is_refused(central):
    unknown = central.admin("command", "--terminal", "TNOSUCH", "--command", "restart", check=False)
    assert unknown.returncode == 1
    bad = central.admin("command", "--terminal", "TNOSUCH", "--command", "explode", check=False)
    assert bad.returncode == 2
