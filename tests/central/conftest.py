"""Fixtures: one central server per test module, one enrolled terminal per test.

The platform's tests run on each database engine CENTRAL_TEST_ENGINES names
(`sqlite`, `postgresql`, or both comma-separated; both by default): a module whose tests
use the `central` fixture runs once per engine. PostgreSQL is a private server for the
whole session (tests/central/postgres.py), with a fresh database per module. Two markers
narrow that down:

- `sqlite_only`: the test is about SQLite itself (its files, WAL, an old SQLite file);
- `one_engine`: the database is incidental to what it tests (HTTP parsing, TLS,
  connection and rate limits), so it runs on the first engine selected only.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator

import pytest

from tests.central.harness import CentralServer, Terminal, enroll
from tests.central.postgres import PostgresServer

ENGINES = ("sqlite", "postgresql")
_database_numbers = itertools.count(1)


def selected_engines() -> list[str]:
    value = os.environ.get("CENTRAL_TEST_ENGINES", ",".join(ENGINES))
    engines = [name.strip() for name in value.split(",") if name.strip()]
    unknown = [name for name in engines if name not in ENGINES]
    if unknown or not engines:
        raise pytest.UsageError(
            f"CENTRAL_TEST_ENGINES={value!r}: name sqlite, postgresql or both (comma-separated)")
    return engines


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "engine" not in metafunc.fixturenames:
        return
    engines = selected_engines()
    if metafunc.definition.get_closest_marker("sqlite_only"):
        engines = [name for name in engines if name == "sqlite"]
    elif metafunc.definition.get_closest_marker("one_engine"):
        engines = engines[:1]
    metafunc.parametrize("engine", engines, indirect=True, scope="module")


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("sqlite_only") and "sqlite" not in selected_engines():
        pytest.skip("CENTRAL_TEST_ENGINES leaves SQLite out")


@pytest.fixture(scope="module")
def engine(request) -> str:
    """The database engine this module's platform runs on (SQLite outside tests/central)."""
    return getattr(request, "param", "sqlite")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """The session's PostgreSQL server (a test asking for it is skipped when
    CENTRAL_TEST_ENGINES leaves PostgreSQL out)."""
    if "postgresql" not in selected_engines():
        pytest.skip("CENTRAL_TEST_ENGINES leaves PostgreSQL out")
    server = PostgresServer().start()
    try:
        yield server
    finally:
        server.stop()


def new_database(request: pytest.FixtureRequest, engine: str, work) -> str:
    """A new, empty platform database on `engine`: an SQLite file in `work`, or a fresh
    database on the session's PostgreSQL server."""
    number = next(_database_numbers)
    if engine == "postgresql":
        return request.getfixturevalue("postgres_server").create_database(f"central_{number}")
    return str(work / f"central-{number}.sqlite3")


@pytest.fixture(scope="module")
def central(engine, request, tmp_path_factory) -> Iterator[CentralServer]:
    """One server per test module; tests enroll terminals of their own, so they don't mix."""
    work = tmp_path_factory.mktemp("central")
    server = CentralServer(db=new_database(request, engine, work),
                           log=work / "central.log").start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def terminal(central) -> Iterator[Terminal]:
    enrolled = enroll(central)
    try:
        yield enrolled
    finally:
        enrolled.http.close()
