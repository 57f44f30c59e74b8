"""A database made before the attachment and identity indexes, command acknowledgements
and versioned migrations is brought up to date when the server opens it, keeping its
meaning; `migrate --check` says what it lacks."""

from __future__ import annotations

import json
import os
import sqlite3
import uuid

import pytest
from sqlalchemy import func, select, text

from central import migrations, terminals
from central.storage import Database, Heartbeat, SchemaVersion, Terminal, utc_now
from kiosk.sync.visit_proof import public_key_text
from tests.central.harness import CentralServer, enroll, run_admin_in_process
from tests.central.test_attachments import announce, patch

RESIDENT = "110105196501011234"
HEALTH = {"queue": {"depth": 0}, "disk": {"free_bytes": 10**9}}


def make_old(db) -> None:
    """Take away what the older version did not have (SQLite 3.35+ drops columns), and
    the schema's version number: versions came after."""
    if sqlite3.sqlite_version_info < (3, 35):
        pytest.skip("this SQLite cannot drop columns")
    with sqlite3.connect(db) as connection:
        for table in ("case_attachments", "case_identities", "expired_attachments",
                      "case_queries", "schema_version"):
            connection.execute(f"DROP TABLE {table}")
        for column in ("last_sent_at", "times_sent", "acknowledged_at"):
            connection.execute(f"ALTER TABLE remote_commands DROP COLUMN {column}")
        connection.execute("ALTER TABLE terminals DROP COLUMN signing_public_key")
    connection.close()


@pytest.mark.sqlite_only
def test_an_older_database_keeps_its_named_files_cases_and_delivered_commands(tmp_path):
    server = CentralServer(db=tmp_path / "central.sqlite3", log=tmp_path / "central.log").start()
    terminal = enroll(server)
    try:
        content = os.urandom(3000)
        named = announce(terminal, content).json()["attachment_id"]
        patch(terminal, named, 0, content)
        unnamed = announce(terminal, content).json()["attachment_id"]
        patch(terminal, unnamed, 0, content)
        body = {"kind": "application", "service_code": "JY-0001",
                "tracking_number": f"{terminal.terminal_id}-M-00001",
                "payload": {"applicant": {"id_number": RESIDENT}}, "attachments": [named]}
        filed = terminal.http.post(terminal.url("/v1/submissions"), json=body,
                                   headers={"Idempotency-Key": uuid.uuid4().hex}).json()
        server.admin("command", "--terminal", terminal.terminal_id, "--command", "sync_now")
        sent = terminal.http.post(terminal.url("/v1/heartbeats"), json=HEALTH).json()["commands"]
        assert [c["command"] for c in sent] == ["sync_now"]
        server.admin("command", "--terminal", terminal.terminal_id, "--command", "send_logs")
    finally:
        server.stop()
    make_old(server.db)
    check = server.admin("migrate", "--check", check=False, cli=True)
    assert check.returncode == 1
    assert check.stdout.splitlines() == [
        "pending: 1 tables and columns added before versioned migrations",
        "pending: 2 64-bit row ids and byte counts on PostgreSQL",
        "pending: 3 terminals' log bundles",
        "schema: 3 migration(s) pending"]

    server.start()  # the server migrates what it opens
    try:
        # The older version had delivered sync_now; send_logs it had not sent yet.
        answer = terminal.http.post(terminal.url("/v1/heartbeats"), json=HEALTH).json()
        assert [c["command"] for c in answer["commands"]] == ["send_logs"]

        # Enrolled before terminals had signing keys: it registers one, then proves cards.
        assert terminal.search(RESIDENT).json()["code"] == "signing_key_missing"
        assert terminal.http.post(terminal.url("/v1/terminal/signing-key"), json={
            "public_key": public_key_text(terminal.signing_key)}).status_code == 201
        found = terminal.search(RESIDENT).json()
        assert [c["case_number"] for c in found["cases"]] == [filed["case_number"]]

        result = json.loads(server.admin("gc", "--older-than-hours", "0", "--json").stdout)
        assert [e["attachment_id"] for e in result["removed"]] == [unnamed]
        kept = terminal.http.head(terminal.url(f"/v1/attachments/{named}"))
        assert kept.status_code == 200
    finally:
        terminal.http.close()
        server.stop()
    up_to_date = f"schema up to date (version {migrations.LATEST})\n"
    assert server.admin("migrate", "--check").stdout == up_to_date


def test_a_postgresql_database_with_32_bit_ids_takes_heartbeats_past_two_to_the_31(
        postgres_server):
    url = postgres_server.create_database("before_versions")
    db = Database(url)
    try:
        with db.engine.begin() as connection:  # as the platform made it before versions
            connection.exec_driver_sql("DROP TABLE schema_version")
            connection.exec_driver_sql("ALTER TABLE heartbeats ALTER COLUMN id TYPE INTEGER")
            connection.exec_driver_sql("ALTER SEQUENCE heartbeats_id_seq AS INTEGER")
        before = run_admin_in_process(["migrate", "--db", url, "--check"])
        assert before.returncode == 1 and "schema: 3 migration(s) pending" in before.stdout

        done = run_admin_in_process(["migrate", "--db", url])
        assert done.returncode == 0, done.stderr
        assert done.stdout.splitlines()[-1] == f"schema up to date (version {migrations.LATEST})"
        with db.session() as session:
            session.add(Terminal(id="TBIGIDS1", token_hash="0" * 64, enrolled_at=utc_now()))
            session.execute(text("SELECT setval('heartbeats_id_seq', :n)"), {"n": 2**31 + 5})
        answer = terminals.record_heartbeat(db, "TBIGIDS1", HEALTH)
        assert answer["terminal_id"] == "TBIGIDS1"
        with db.session() as session:
            assert session.scalar(select(func.max(Heartbeat.id))) == 2**31 + 6
    finally:
        db.close()


def test_a_database_a_newer_platform_migrated_is_refused_in_one_line(tmp_path):
    path = str(tmp_path / "central.sqlite3")
    db = Database(path)
    try:
        with db.session() as session:
            session.add(SchemaVersion(version=99, summary="from the future", applied_at=utc_now()))
    finally:
        db.close()
    for command in (["migrate", "--check"], ["report"]):
        refused = run_admin_in_process([command[0], "--db", path, *command[1:]])
        assert refused.returncode == 2
        assert refused.stderr.splitlines() == [
            "central: cannot open the database: the database's schema is version 99, newer "
            f"than this platform's {migrations.LATEST}: run the newer platform"]
