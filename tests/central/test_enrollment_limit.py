"""Failed enrollment attempts are limited per client address; successful ones are not.

The server trusts X-Forwarded-For from 127.0.0.1 (its default `--forwarded-allow-ips`),
so these tests speak for several client addresses from the loopback.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator

import pytest
import requests

from tests.central.harness import CentralServer

_addresses = (f"203.0.113.{n}" for n in itertools.count(1))


@pytest.fixture(scope="module")
def limited(tmp_path_factory) -> Iterator[CentralServer]:
    """Default limits: 10 failures per address per 10 minutes."""
    work = tmp_path_factory.mktemp("central-limit")
    server = CentralServer(db=work / "central.sqlite3", log=work / "central.log").start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def short_window(tmp_path_factory) -> Iterator[CentralServer]:
    work = tmp_path_factory.mktemp("central-limit-short")
    server = CentralServer(
        db=work / "central.sqlite3", log=work / "central.log",
        extra_args=["--enrollment-max-failures", "3", "--enrollment-window-seconds", "2"],
    ).start()
    try:
        yield server
    finally:
        server.stop()


def attempt(server: CentralServer, code: str, address: str) -> requests.Response:
    return requests.post(server.url + "/v1/enrollments", json={"code": code},
                         headers={"X-Forwarded-For": address}, timeout=30)


def test_ten_failures_block_an_address_and_the_answer_says_when_to_retry(limited):
    address, neighbour = next(_addresses), next(_addresses)
    used = limited.enroll_code()
    assert attempt(limited, used, next(_addresses)).status_code == 201
    expired = limited.admin("enroll-code", "--valid-hours", "-1", cli=True).stdout.strip()

    # Unknown, used and expired codes all count as failures.
    answers = [attempt(limited, f"WRONG-{n:04d}-CODE", address) for n in range(8)]
    answers += [attempt(limited, used, address), attempt(limited, expired, address)]
    assert [a.json()["code"] for a in answers[-3:]] == [
        "enrollment_code_invalid", "enrollment_code_used", "enrollment_code_expired"]
    assert all(a.status_code in (403, 409) for a in answers)

    blocked = attempt(limited, "WRONG-9999-CODE", address)
    assert blocked.status_code == 429
    assert blocked.json()["code"] == "too_many_attempts"
    assert blocked.headers["X-Error-Code"] == "too_many_attempts"
    retry_after = int(blocked.headers["Retry-After"])
    assert 500 < retry_after <= 600
    assert blocked.json()["retry_after_seconds"] == retry_after

    # While blocked, even a good code is refused, and it is not spent by that.
    good = limited.enroll_code()
    assert attempt(limited, good, address).status_code == 429
    # Another address is not affected, and the code still works from there.
    assert attempt(limited, "WRONG-0000-CODE", neighbour).status_code == 403
    assert attempt(limited, good, neighbour).status_code == 201

    log = limited.log.read_text(encoding="utf-8")
    assert f"enrollment from {address} blocked" in log
    assert good not in log and used not in log


def test_successful_enrollments_are_not_counted_and_do_not_clear_failures(limited):
    address = next(_addresses)
    for _ in range(11):  # more successes than the limit
        assert attempt(limited, limited.enroll_code(), address).status_code == 201
    for n in range(5):
        assert attempt(limited, f"WRONG-{n:04d}-AAAA", address).status_code == 403
    assert attempt(limited, limited.enroll_code(), address).status_code == 201
    for n in range(5):
        assert attempt(limited, f"WRONG-{n:04d}-BBBB", address).status_code == 403
    assert attempt(limited, "WRONG-0000-CCCC", address).status_code == 429


def test_a_request_that_is_not_an_attempt_at_a_code_is_not_counted(limited):
    address = next(_addresses)
    for _ in range(12):
        malformed = attempt(limited, "", address)
        assert malformed.status_code == 422
    assert attempt(limited, "WRONG-0000-DDDD", address).status_code == 403


def test_the_block_lifts_once_the_window_has_passed(short_window):
    address = next(_addresses)
    for n in range(3):
        assert attempt(short_window, f"WRONG-{n:04d}-EEEE", address).status_code == 403
    blocked = attempt(short_window, "WRONG-0000-FFFF", address)
    assert blocked.status_code == 429
    retry_after = int(blocked.headers["Retry-After"])
    assert 1 <= retry_after <= 2
    time.sleep(retry_after + 0.5)
    assert attempt(short_window, short_window.enroll_code(), address).status_code == 201
