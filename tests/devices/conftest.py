"""Fixtures for the device tests: the private PC/SC stack (see pcsc_stack.py)."""

from __future__ import annotations

import os

import pytest

from tests.devices.pcsc_stack import SOCKET_ENV, PrivatePcscd, missing_prerequisite


@pytest.fixture(scope="session")
def pcsc_stack(tmp_path_factory):
    """A private pcscd, not started yet; this process's PC/SC client points at its socket.

    Session-wide because libpcsclite reads the socket path once per process.
    """
    missing = missing_prerequisite()
    if missing:
        pytest.skip(f"no private PC/SC stack: {missing}")
    stack = PrivatePcscd(tmp_path_factory.mktemp("pcscd"))
    before = os.environ.get(SOCKET_ENV)
    os.environ[SOCKET_ENV] = str(stack.socket_path)
    yield stack
    stack.stop()
    if before is None:
        os.environ.pop(SOCKET_ENV, None)
    else:
        os.environ[SOCKET_ENV] = before


@pytest.fixture
def pcscd(pcsc_stack):
    """pcscd running with its vpcd readers for one test, stopped (no process left) after."""
    pcsc_stack.start()
    yield pcsc_stack
    pcsc_stack.stop()
    assert not pcsc_stack.running
