"""Fixtures: one central server per test module, one enrolled terminal per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.central.harness import CentralServer, Terminal, enroll


@pytest.fixture(scope="module")
def central(tmp_path_factory) -> Iterator[CentralServer]:
    """One server per test module; tests enroll terminals of their own, so they don't mix."""
    work = tmp_path_factory.mktemp("central")
    server = CentralServer(db=work / "central.sqlite3", log=work / "central.log").start()
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
