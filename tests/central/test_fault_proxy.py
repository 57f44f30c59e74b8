"""The fault proxy (tests/fault_proxy.py) between a `requests` client and the real platform.

Each fault must look to the client like the failure it stands for, faults after commit must
really reach the platform (and faults before forwarding must not), and everything else
must pass through unchanged.
"""

from __future__ import annotations

import base64
import gzip
import itertools
import json
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator

import pytest
import requests
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from kiosk.sync.visit_proof import proof_header
from tests.central.harness import REPO, STARTUP_LIMIT_SECONDS, Terminal, _read_line, enroll
from tests.fault_proxy import (
    AFTER_COMMIT_FAULTS,
    ALL_FAULTS,
    BEFORE_FORWARD_FAULTS,
    FaultProxy,
    tamper_json,
)

# The proxy between kiosk and platform is what these test; the database is incidental.
pytestmark = pytest.mark.one_engine

RESIDENT = "110105196501011234"  # fictional: a card read proves the look-ups

# The client gives up long before a hold ends; stop() ends the holds at once.
CLIENT_READ_TIMEOUT = 0.3
HOLD_S = 5.0
HOLD_TIMEOUT = (10, CLIENT_READ_TIMEOUT)
TIMEOUT = 10
_numbers = itertools.count(1)


@pytest.fixture
def proxy(central) -> Iterator[FaultProxy]:
    started = FaultProxy(central.url, hold_s=HOLD_S).start()
    try:
        yield started
    finally:
        started.stop()


@pytest.fixture(scope="module")
def reader(central) -> Iterator[Terminal]:
    """One terminal for the tests that only read (enrolling takes an admin command)."""
    enrolled = enroll(central)
    try:
        yield enrolled
    finally:
        enrolled.http.close()


def verify(terminal, body: bytes, signature: str) -> None:
    key = Ed25519PublicKey.from_public_bytes(base64.b64decode(terminal.public_key))
    key.verify(base64.b64decode(signature), body)  # raises InvalidSignature


def application(terminal) -> dict:
    return {
        "kind": "application",
        "service_code": "JY-0001",
        "tracking_number": f"{terminal.terminal_id}-20260601-{next(_numbers):05d}",
        "payload": {"applicant": {"name": "王秀兰", "id_number": "371002198001016320"},
                    "phone": "13800000000"},
    }


def submit(terminal, base: str, body: dict, key: str, **kwargs) -> requests.Response:
    kwargs.setdefault("timeout", TIMEOUT)
    return terminal.http.post(base + "/v1/submissions", json=body,
                              headers={"Idempotency-Key": key}, **kwargs)


def outcome(call) -> str:
    """What the client saw, in one word: an exception class, or the status and body kind."""
    try:
        answer = call()
    except requests.exceptions.RequestException as problem:
        return type(problem).__name__
    try:
        answer.json()
    except requests.exceptions.JSONDecodeError:
        return f"{answer.status_code} not-json"
    return f"{answer.status_code} json"


def wait_until(condition, limit: float = 10.0) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.02)


# What a `requests` client sees for each fault.
EXPECTED = {
    "reset_before": "ConnectionError",
    "hold_before": "ReadTimeout",
    "http_500": "500 json",
    "http_503": "503 json",
    "captive_portal": "200 not-json",
    "non_json_before": "200 not-json",
    "reset_mid_body": "ChunkedEncodingError",
    "truncate": "ChunkedEncodingError",
    "drop_response": "ConnectionError",
    "hold_after": "ReadTimeout",
    "garbage_after": "200 not-json",
    "http_502_after": "502 json",
}


def test_the_fault_families_cover_every_fault_and_half_the_draws_are_after_commit():
    assert set(EXPECTED) == set(ALL_FAULTS) == set(BEFORE_FORWARD_FAULTS) | set(AFTER_COMMIT_FAULTS)
    assert len(AFTER_COMMIT_FAULTS) / len(ALL_FAULTS) >= 1 / 3


def test_without_faults_answers_pass_through_unchanged_on_one_connection(terminal, proxy):
    direct = terminal.http.get(terminal.url("/v1/catalogue"), timeout=TIMEOUT)
    answers = [terminal.http.get(proxy.url + "/v1/catalogue", timeout=TIMEOUT) for _ in range(3)]
    for answer in answers:
        assert answer.status_code == 200
        assert answer.content == direct.content
        for header in ("ETag", "Catalogue-Signature", "Catalogue-Key-Id", "Vary",
                       "X-Catalogue-Revision"):
            assert answer.headers[header] == direct.headers[header]
        assert answer.headers["X-Server-Time"]
        verify(terminal, answer.content, answer.headers["Catalogue-Signature"])
    # requests.Session kept the connection alive through the proxy.
    assert proxy.stats["connections"] == 1
    assert proxy.stats["requests"] == proxy.stats["forwarded"] == 3

    unchanged = terminal.http.get(proxy.url + "/v1/catalogue", timeout=TIMEOUT,
                                  headers={"If-None-Match": direct.headers["ETag"]})
    assert unchanged.status_code == 304
    assert unchanged.content == b""
    assert unchanged.headers["ETag"] == direct.headers["ETag"]
    proof = proof_header(terminal.card_proof(RESIDENT))
    missing = terminal.http.get(proxy.url + "/v1/cases/NO-SUCH-CASE", timeout=TIMEOUT,
                                headers={"Visit-Proof": proof})
    assert missing.status_code == 404
    assert missing.json()["code"] == "case_not_found"
    head = terminal.http.head(proxy.url + "/v1/time", timeout=TIMEOUT)
    assert head.status_code in (200, 405) and head.content == b""
    assert terminal.http.get(proxy.url + "/v1/time", timeout=TIMEOUT).status_code == 200
    assert proxy.stats["connections"] == 1


def test_gzip_bytes_pass_through_untouched(terminal, proxy):
    def raw(base: str) -> tuple[bytes, requests.structures.CaseInsensitiveDict]:
        answer = terminal.http.get(base + "/v1/catalogue", headers={"Accept-Encoding": "gzip"},
                                   stream=True, timeout=TIMEOUT)
        with answer:
            return answer.raw.read(decode_content=False), answer.headers

    direct, _ = raw(terminal.server.url)
    through, headers = raw(proxy.url)
    assert through[:2] == b"\x1f\x8b"
    assert through == direct
    assert headers["Content-Encoding"] == "gzip"
    assert int(headers["Content-Length"]) == len(through)
    verify(terminal, gzip.decompress(through), headers["Catalogue-Signature"])


def test_a_chunked_request_body_is_forwarded(terminal, proxy):
    body = application(terminal)
    encoded = json.dumps(body).encode()
    chunks = (encoded[i:i + 50] for i in range(0, len(encoded), 50))  # requests sends chunked
    answer = terminal.http.post(
        proxy.url + "/v1/submissions", data=chunks, timeout=TIMEOUT,
        headers={"Idempotency-Key": uuid.uuid4().hex, "Content-Type": "application/json"},
    )
    assert answer.status_code == 201, answer.text
    assert answer.json()["tracking_number"] == body["tracking_number"]


@pytest.mark.parametrize("fault", ALL_FAULTS)
def test_each_fault_is_the_failure_it_stands_for(reader, proxy, fault):
    terminal = reader
    proxy.force(fault)
    seen = outcome(lambda: terminal.http.get(proxy.url + "/v1/catalogue", timeout=HOLD_TIMEOUT))
    assert seen == EXPECTED[fault]
    # Only the next request was spoiled; the same session works again at once.
    assert outcome(lambda: terminal.http.get(proxy.url + "/v1/time", timeout=TIMEOUT)) == "200 json"
    stats = proxy.stats
    assert stats["faults"][fault] == 1 and sum(stats["faults"].values()) == 1
    assert stats["faults_after_commit"] == (1 if fault in AFTER_COMMIT_FAULTS else 0)
    assert stats["forwarded"] == (2 if fault in AFTER_COMMIT_FAULTS else 1)
    assert proxy.history[0] == ("GET", "/v1/catalogue", fault)


def test_made_up_answers_look_like_what_they_stand_for(terminal, proxy):
    proxy.force("captive_portal")
    portal = terminal.http.get(proxy.url + "/v1/time", timeout=TIMEOUT)
    assert portal.headers["Content-Type"].startswith("text/html")
    assert b"<form" in portal.content
    assert "X-Server-Time" not in portal.headers
    proxy.force("non_json_before")
    not_json = terminal.http.get(proxy.url + "/v1/time", timeout=TIMEOUT)
    assert not_json.headers["Content-Type"] == "application/json"
    proxy.force("http_503")
    unavailable = terminal.http.get(proxy.url + "/v1/time", timeout=TIMEOUT)
    assert unavailable.json()["code"] == "service_unavailable"
    assert unavailable.headers["Retry-After"] == "1"
    # After a HEAD the made-up body is not read, so that connection closes behind it.
    proxy.force("http_500")
    head = terminal.http.head(proxy.url + "/v1/time", timeout=TIMEOUT)
    assert head.status_code == 500 and head.headers["Connection"] == "close"
    assert terminal.http.get(proxy.url + "/v1/time", timeout=TIMEOUT).json()["server_time"]


def test_faults_before_forwarding_never_reach_the_platform(central, terminal, proxy):
    before = central.report()
    attempts = []
    for fault in BEFORE_FORWARD_FAULTS:
        body, key = application(terminal), uuid.uuid4().hex
        proxy.force(fault, path_prefix="/v1/submissions")
        seen = outcome(lambda b=body, k=key: submit(terminal, proxy.url, b, k,
                                                    timeout=HOLD_TIMEOUT))
        assert seen == EXPECTED[fault]
        attempts.append((body, key))
    assert central.report()["submissions_received"] == before["submissions_received"]
    assert proxy.stats["forwarded"] == 0
    # Sent again, each is new to the platform: not a replay.
    for body, key in attempts:
        answer = submit(terminal, proxy.url, body, key)
        assert answer.status_code == 201
        assert answer.headers["Idempotent-Replayed"] == "false"


def test_faults_after_commit_reach_the_platform_and_the_retry_is_a_replay(
    central, terminal, proxy
):
    before = central.report()
    attempts = []
    for fault in AFTER_COMMIT_FAULTS:
        body, key = application(terminal), uuid.uuid4().hex
        proxy.force(fault, path_prefix="/v1/submissions")
        seen = outcome(lambda b=body, k=key: submit(terminal, proxy.url, b, k,
                                                    timeout=HOLD_TIMEOUT))
        assert seen == EXPECTED[fault]
        attempts.append((body, key))
    # hold_after: the client gave up before the platform had necessarily answered.
    wait_until(lambda: proxy.stats["faults_after_commit"] == len(AFTER_COMMIT_FAULTS))
    after = central.report()
    assert after["submissions"] - before["submissions"] == len(AFTER_COMMIT_FAULTS)
    assert after["submissions_received"] - before["submissions_received"] == len(attempts)
    for body, key in attempts:
        answer = submit(terminal, proxy.url, body, key)
        assert answer.status_code == 201
        assert answer.headers["Idempotent-Replayed"] == "true"
        assert answer.json()["tracking_number"] == body["tracking_number"]
    stats = proxy.stats
    assert stats["forwarded"] == 2 * len(AFTER_COMMIT_FAULTS)
    assert {f: n for f, n in stats["faults"].items() if n} == dict.fromkeys(AFTER_COMMIT_FAULTS, 1)


def test_forced_faults_follow_their_path_prefix_and_count(terminal, proxy):
    proxy.force("http_500", times=2, path_prefix="/v1/catalogue")
    proxy.force("http_503")
    codes = [terminal.http.get(proxy.url + path, timeout=TIMEOUT).status_code
             for path in ("/v1/time", "/v1/catalogue", "/v1/time", "/v1/catalogue",
                          "/v1/catalogue")]
    assert codes == [503, 500, 200, 500, 200]
    stats = proxy.stats
    assert stats["requests"] == 5 and stats["forwarded"] == 2
    assert stats["faults"]["http_500"] == 2 and stats["faults"]["http_503"] == 1
    assert stats["faults_after_commit"] == 0
    assert [fault for _, _, fault in proxy.history] == ["http_503", "http_500", None,
                                                        "http_500", None]
    proxy.reset_stats()
    assert proxy.stats["requests"] == 0 and proxy.history == []
    with pytest.raises(ValueError):
        proxy.force("no_such_fault")


def test_concurrent_clients_each_get_their_own_answer(central, proxy):
    terminals = [enroll(central) for _ in range(3)]
    failures: list[str] = []

    def client(terminal: Terminal) -> None:
        for _ in range(10):
            answer = terminal.http.get(proxy.url + "/v1/catalogue", timeout=TIMEOUT,
                                       params={"cursor": "garbage"})
            if answer.status_code != 410:
                failures.append(f"{answer.status_code} {answer.text[:80]}")
            case = terminal.http.get(proxy.url + f"/v1/cases/{terminal.terminal_id}-none",
                                     timeout=TIMEOUT, headers={"Visit-Proof": proof_header(
                                         terminal.card_proof(RESIDENT))})
            if case.status_code != 404:
                failures.append(f"{case.status_code} {case.text[:80]}")

    threads = [threading.Thread(target=client, args=(t,)) for t in terminals]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for terminal in terminals:
        terminal.http.close()
    assert failures == []
    assert proxy.stats["forwarded"] == 60 and proxy.stats["connections"] == 3


def test_the_fault_rate_can_change_while_running(terminal, proxy):
    proxy.faults = ["http_503"]
    proxy.fault_rate = 1.0
    assert terminal.http.get(proxy.url + "/v1/time", timeout=TIMEOUT).status_code == 503
    proxy.fault_rate = 0.0
    assert terminal.http.get(proxy.url + "/v1/time", timeout=TIMEOUT).status_code == 200


def _seeded_run(central, terminal, seed: int) -> tuple[list, list]:
    with FaultProxy(central.url, fault_rate=0.5, seed=seed, hold_s=HOLD_S) as proxy:
        seen = [outcome(lambda: terminal.http.get(proxy.url + "/v1/time", timeout=HOLD_TIMEOUT))
                for _ in range(24)]
        return [fault for _, _, fault in proxy.history], seen


def test_a_seeded_fault_rate_run_repeats_exactly(central, terminal):
    faults, seen = _seeded_run(central, terminal, seed=11)
    assert _seeded_run(central, terminal, seed=11) == (faults, seen)
    assert _seeded_run(central, terminal, seed=12)[0] != faults
    drawn = [f for f in faults if f]
    assert 0 < len(drawn) < len(faults)
    assert {f for f in drawn} & set(AFTER_COMMIT_FAULTS)
    assert {f for f in drawn} & set(BEFORE_FORWARD_FAULTS)
    assert [s for s, f in zip(seen, faults, strict=True) if f] == [EXPECTED[f] for f in drawn]


def test_go_down_refuses_connections_and_go_up_listens_on_the_same_port(terminal, proxy):
    url, port = proxy.url, proxy.port
    assert terminal.http.get(url + "/v1/time", timeout=TIMEOUT).status_code == 200
    proxy.go_down()
    assert not proxy.is_up
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT).close()
    # The session's kept-alive connection was hung up too: its next request is refused.
    with pytest.raises(requests.exceptions.ConnectionError) as refused:
        terminal.http.get(url + "/v1/time", timeout=TIMEOUT)
    assert "refused" in str(refused.value).lower()
    proxy.go_up()
    assert proxy.is_up and proxy.url == url and proxy.port == port
    assert terminal.http.get(url + "/v1/time", timeout=TIMEOUT).status_code == 200


def test_replay_serves_a_stale_catalogue_until_it_ends(central, terminal, proxy, tmp_path):
    proxy.record("/v1/catalogue")
    with pytest.raises(LookupError):
        proxy.replay("/v1/time")
    old = terminal.http.get(proxy.url + "/v1/catalogue", timeout=TIMEOUT)
    revision = old.json()["catalogue_revision"]
    item = dict(old.json()["items"][0], summary="Changed for the replay test.")
    update = tmp_path / "update.json"
    update.write_text(json.dumps({"upsert": [item]}))
    central.admin("catalogue-update", "--file", str(update))
    new = terminal.http.get(terminal.url("/v1/catalogue"), timeout=TIMEOUT)
    assert new.json()["catalogue_revision"] == revision + 1

    proxy.replay("/v1/catalogue")
    forwarded = proxy.stats["forwarded"]
    for headers in ({}, {"If-None-Match": new.headers["ETag"]}, {"Accept-Encoding": "identity"}):
        stale = terminal.http.get(proxy.url + "/v1/catalogue", headers=headers, timeout=TIMEOUT)
        assert stale.status_code == 200
        assert stale.content == old.content
        assert stale.headers["ETag"] == old.headers["ETag"]
        # A genuine old document: its signature holds, only the revision gives it away.
        verify(terminal, stale.content, stale.headers["Catalogue-Signature"])
        assert stale.json()["catalogue_revision"] == revision
    assert proxy.stats["forwarded"] == forwarded
    assert proxy.stats["replayed"] == 3
    # Other paths are still forwarded.
    assert terminal.http.get(proxy.url + "/v1/time", timeout=TIMEOUT).status_code == 200

    proxy.end_replay("/v1/catalogue")
    current = terminal.http.get(proxy.url + "/v1/catalogue", timeout=TIMEOUT)
    assert current.json()["catalogue_revision"] == revision + 1


@pytest.mark.parametrize("encoding", ["gzip", "identity"])
def test_tamper_changes_the_body_but_keeps_the_signature_header(terminal, proxy, encoding):
    def get() -> requests.Response:
        return terminal.http.get(proxy.url + "/v1/catalogue", timeout=TIMEOUT,
                                 headers={"Accept-Encoding": encoding}, stream=True)

    genuine = terminal.http.get(terminal.url("/v1/catalogue"), timeout=TIMEOUT)
    proxy.tamper("/v1/catalogue")
    with get() as tampered:
        wire = tampered.raw.read(decode_content=False)
    assert tampered.status_code == 200
    assert int(tampered.headers["Content-Length"]) == len(wire)
    for header in ("Catalogue-Signature", "ETag", "X-Catalogue-Revision"):
        assert tampered.headers[header] == genuine.headers[header]
    if encoding == "gzip":
        assert tampered.headers["Content-Encoding"] == "gzip"
        body = gzip.decompress(wire)
    else:
        assert "Content-Encoding" not in tampered.headers
        body = wire
    assert body != genuine.content and len(body) == len(genuine.content)
    assert json.loads(body)["catalogue_revision"] == genuine.json()["catalogue_revision"]
    with pytest.raises(InvalidSignature):
        verify(terminal, body, tampered.headers["Catalogue-Signature"])
    assert proxy.stats["tampered"] == 1
    # Only the next answer was tampered with.
    with get() as clean:
        verify(terminal, clean.content, clean.headers["Catalogue-Signature"])


def test_tamper_json_changes_one_character_of_a_value_and_stays_json():
    for document in (
        {"kind": "full", "items": [{"code": "A-1", "summary": "Apply for a permit"}]},
        {"name": "市教育局", "code": "JY-0001"},
        {"text": "line\nbreak \u00e9 and \"quotes\""},
        {"numbers": [1, 2, 3], "flag": True, "note": "42"},
    ):
        for raw in (json.dumps(document).encode(),
                    json.dumps(document, ensure_ascii=False, indent=2).encode()):
            changed = tamper_json(raw)
            assert changed != raw
            assert set(json.loads(changed)) == set(document)
            assert json.loads(changed) != document
    assert tamper_json(b"not json at all") != b"not json at all"


def test_an_unreachable_platform_answers_502(terminal):
    with socket.socket() as reserved:
        reserved.bind(("127.0.0.1", 0))
        closed_port = reserved.getsockname()[1]
    with FaultProxy(f"http://127.0.0.1:{closed_port}") as proxy:
        answer = terminal.http.get(proxy.url + "/v1/time", timeout=TIMEOUT)
        assert answer.status_code == 502
        assert answer.json()["code"] == "upstream_unreachable"
        assert proxy.stats["upstream_errors"] == 1 and proxy.stats["forwarded"] == 0


def test_only_loopback_targets_and_known_faults():
    with pytest.raises(ValueError):
        FaultProxy("http://192.0.2.1:8080")
    with pytest.raises(ValueError):
        FaultProxy("https://127.0.0.1:8443")
    with pytest.raises(ValueError):
        FaultProxy("http://127.0.0.1:8080", faults=["reset_before", "no_such_fault"])


def _run_cli(central, *args: str) -> tuple[str, subprocess.Popen]:
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.fault_proxy", "--target", central.url, *args],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    return _read_line(process, STARTUP_LIMIT_SECONDS), process


def _end(process: subprocess.Popen) -> str:
    process.terminate()
    _, stderr = process.communicate(timeout=15)
    return stderr


def test_the_command_line_prints_its_url_first_and_forwards(central, terminal):
    line, process = _run_cli(central)
    try:
        assert line.startswith("fault proxy listening on http://127.0.0.1:"), line
        url = line.removeprefix("fault proxy listening on ").strip()
        answer = terminal.http.get(url + "/v1/time", timeout=TIMEOUT)
        assert answer.status_code == 200 and answer.headers["X-Server-Time"]
    finally:
        stderr = _end(process)
    assert process.returncode == 0
    stats = json.loads(stderr.strip().splitlines()[-1])["stats"]
    assert stats["forwarded"] == 1


def test_the_command_line_injects_faults_at_its_rate(central, terminal):
    with socket.socket() as reserved:
        reserved.bind(("127.0.0.1", 0))
        port = reserved.getsockname()[1]
    line, process = _run_cli(central, "--listen-port", str(port), "--fault-rate", "1",
                             "--faults", "http_503", "--seed", "3")
    try:
        assert line.strip() == f"fault proxy listening on http://127.0.0.1:{port}"
        answer = terminal.http.get(f"http://127.0.0.1:{port}/v1/time", timeout=TIMEOUT)
        assert answer.status_code == 503
    finally:
        stderr = _end(process)
    assert "fault http_503 on GET /v1/time" in stderr
