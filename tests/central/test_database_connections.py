"""The platform's pooled database connections: a connection the database dropped (it
restarted) is replaced before a request uses it, and a heartbeat's commit that does not
wait for the disk leaves every later transaction waiting for it as before."""

from __future__ import annotations

import datetime as dt

import psycopg
import pytest
from sqlalchemy import select, text

from central import storage
from central.auth import create_enrollment_code, enroll
from central.storage import Database, Terminal
from central.terminals import record_heartbeat
from tests.central.conftest import new_database

HEALTH = {"queue": {"depth": 0}, "disk": {"free_bytes": 10**9}}


@pytest.fixture(scope="module")
def database(engine, request, tmp_path_factory):
    url = new_database(request, engine, tmp_path_factory.mktemp("connections"))
    if engine == "postgresql":
        # The tests' server commits without waiting for the disk; this database as a
        # platform's would (PostgreSQL's default).
        with psycopg.connect(url.replace("postgresql+psycopg", "postgresql"),
                             autocommit=True) as connection:
            connection.execute(f"ALTER DATABASE {connection.info.dbname} "
                               "SET synchronous_commit TO on")
    db = Database(url)
    try:
        yield db
    finally:
        db.close()


def enrolled_terminal(db: Database) -> str:
    with db.session() as session:
        code = create_enrollment_code(session, valid_for=dt.timedelta(hours=1))
        session.flush()
        terminal, _token = enroll(session, code, "lobby")
        return terminal.id


def test_a_connection_the_database_dropped_is_replaced_before_it_is_used(
        engine, database, request, monkeypatch):
    if engine != "postgresql":
        pytest.skip("PostgreSQL's connections only: an SQLite file has no server to restart")
    postgres_server = request.getfixturevalue("postgres_server")
    terminal_id = enrolled_terminal(database)
    with database.read() as session:
        assert session.get(Terminal, terminal_id) is not None
    # What a server restart does to the pooled connection: the server side is gone.
    with psycopg.connect(host="127.0.0.1", port=postgres_server.port, user="central",
                         dbname="postgres", autocommit=True) as admin:
        ended = admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                              "WHERE datname = %s", (database.engine.url.database,)).fetchall()
    assert ended, "no pooled connection to drop"
    monkeypatch.setattr(storage, "IDLE_PING_SECONDS", 0.0)  # as after an idle while
    with database.read() as session:
        assert session.get(Terminal, terminal_id).id == terminal_id
    assert record_heartbeat(database, terminal_id, HEALTH)["commands"] == []


def test_after_a_heartbeat_the_next_transaction_waits_for_the_disk_again(engine, database):
    terminal_id = enrolled_terminal(database)
    record_heartbeat(database, terminal_id, HEALTH)
    with database.session() as session:
        if engine == "sqlite":
            assert session.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        else:
            assert session.execute(text("SHOW synchronous_commit")).scalar() == "on"
        stored = session.scalar(select(Terminal.last_health).where(Terminal.id == terminal_id))
    assert stored == HEALTH
