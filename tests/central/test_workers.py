"""The platform on PostgreSQL with several worker processes: what terminals do at once,
each request answered by whichever worker took its connection, still happens once."""

from __future__ import annotations

import base64
import json
import os
import signal
import threading
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import func, select

from central import admin, payments
from central.storage import CatalogueRevision, Database, PlatformSecret
from tests.central.harness import CentralServer, enroll, run_admin_in_process
from tests.central.issue_items import MEDICAL_FEE, load
from tests.processes import children_of

WORKERS = "3"
WANG = "110101196803120028"  # 王秀兰 in the demo records
# A safety net against a server that never notices; not a performance threshold.
EXIT_LIMIT_SECONDS = 30


@pytest.fixture(scope="module")
def platform(postgres_server, tmp_path_factory):
    work = tmp_path_factory.mktemp("workers")
    server = CentralServer(db=postgres_server.create_database("workers"),
                           log=work / "central.log", extra_args=["--workers", WORKERS]).start()
    load(server, work)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def terminal(platform):
    enrolled = enroll(platform)
    yield enrolled
    enrolled.http.close()  # an open keep-alive connection would hold up the server's stop


def at_once(count: int, call) -> list:
    """`call(i)` for i in range(count), from as many threads released together."""
    start = threading.Barrier(count)

    def run(i):
        start.wait()
        return call(i)

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(run, range(count)))


def fresh_session(terminal) -> requests.Session:
    """A session of its own (its own connections, so the kernel spreads them over the
    workers), with the terminal's credential."""
    http = requests.Session()
    http.trust_env = False
    http.headers["Authorization"] = f"Bearer {terminal.token}"
    return http


def test_concurrent_submissions_file_one_case_each_and_no_duplicate(platform, terminal):
    keys = [uuid.uuid4().hex for _ in range(12)]

    def send(i):
        key = keys[i % len(keys)]  # each submission sent three times at once
        body = {"kind": "application", "service_code": "SB-0006", "test": True,
                "tracking_number": f"{terminal.terminal_id}-20261201-{keys.index(key):05d}",
                "payload": {"answers": {"phone": "13800000000"}}}
        with fresh_session(terminal) as http:
            answer = http.post(terminal.url("/v1/submissions"), json=body,
                               headers={"Idempotency-Key": key}, timeout=60)
        assert answer.status_code == 201, answer.text
        return key, answer.json()["case_number"], answer.headers["Idempotent-Replayed"]

    answers = at_once(3 * len(keys), send)
    numbers = {key: {number for k, number, _ in answers if k == key} for key in keys}
    assert all(len(found) == 1 for found in numbers.values())
    assert len({number for found in numbers.values() for number in found}) == len(keys)
    assert Counter(replayed for _, _, replayed in answers) == {"false": 12, "true": 24}
    listed = json.loads(platform.admin("submissions", "--json", "--terminal",
                                       terminal.terminal_id).stdout)
    assert sorted(row["idempotency_key"] for row in listed) == sorted(keys)
    assert {row["attempts"] for row in listed} == {3}


def test_one_enrollment_code_enrolls_one_terminal_when_used_at_once(platform):
    code = platform.enroll_code()

    def use(_):
        return requests.post(platform.url + "/v1/enrollments", json={"code": code},
                             timeout=60)

    answers = at_once(6, use)
    assert sorted(a.status_code for a in answers) == [201, 409, 409, 409, 409, 409]
    assert {a.json()["code"] for a in answers if a.status_code == 409} == {
        "enrollment_code_used"}
    enrolled = next(a.json() for a in answers if a.status_code == 201)
    terminals = platform.report()["terminals"]
    assert [t["terminal_id"] for t in terminals].count(enrolled["terminal_id"]) == 1


def test_a_payment_order_is_created_once_and_paid_once(platform, terminal):
    request_id = uuid.uuid4().hex

    def create(_):
        body = {"request_id": request_id, "service_code": MEDICAL_FEE, "id_number": WANG,
                "proof": terminal.card_proof(WANG), "test": True}
        with fresh_session(terminal) as http:
            return http.post(terminal.url("/v1/payments"), json=body, timeout=60)

    created = at_once(5, create)
    assert sorted(a.status_code for a in created) == [200, 200, 200, 200, 201]
    order_number = {a.json()["order_number"] for a in created}.pop()
    assert {a.json()["order_number"] for a in created} == {order_number}

    # The provider reports the payment several times at once, from as many processes.
    databases = [Database(platform.db, migrate=False) for _ in range(4)]
    try:
        outcomes = at_once(4, lambda i: payments.report_payment(databases[i],
                                                                order_number)[0])
    finally:
        for db in databases:
            db.close()
    assert sorted(outcomes) == ["already_paid", "already_paid", "already_paid", "paid"]
    with fresh_session(terminal) as http:
        assert http.get(terminal.url(f"/v1/payments/{order_number}")).json()["status"] == "paid"


def test_concurrent_catalogue_updates_take_distinct_revisions_under_one_signing_key(
        platform, terminal, tmp_path):
    public_key = Ed25519PublicKey.from_public_bytes(base64.b64decode(terminal.public_key))
    before = platform.report()["catalogue_revision"]
    template = json.loads(
        (Path(__file__).resolve().parents[2] / "kiosk/catalogue/demo/catalogue.json")
        .read_text(encoding="utf-8"))["items"][0]
    files = []
    for i in range(4):
        item = template | {"code": f"ZZ-{9100 + i}", "name": f"并发更新事项{i}"}
        files.append(tmp_path / f"update-{i}.json")
        files[-1].write_text(json.dumps({"upsert": [item]}, ensure_ascii=False),
                             encoding="utf-8")
    databases = [Database(platform.db, migrate=False) for _ in files]
    try:
        revisions = at_once(len(files), lambda i: admin.update_catalogue(databases[i], files[i]))
    finally:
        for db in databases:
            db.close()
    assert sorted(revisions) == list(range(before + 1, before + 5))

    def fetch(_):
        with fresh_session(terminal) as http:
            return http.get(terminal.url("/v1/catalogue"), timeout=60)

    for answer in at_once(6, fetch):  # from whichever workers took the connections
        assert answer.status_code == 200
        public_key.verify(base64.b64decode(answer.headers["Catalogue-Signature"]),
                          answer.content)
        document = answer.json()
        assert document["catalogue_revision"] == before + 4
        assert {f"ZZ-{9100 + i}" for i in range(4)} <= {i["code"] for i in document["items"]}


def test_servers_starting_together_on_a_new_database_do_the_first_start_work_once(
        postgres_server, tmp_path):
    url = postgres_server.create_database("first_start")
    servers = [CentralServer(db=url, log=tmp_path / f"central-{i}.log",
                             extra_args=["--workers", "2"]) for i in range(2)]
    try:
        at_once(len(servers), lambda i: servers[i].start())
        keys = set()
        for server in servers:
            code = server.enroll_code()
            answer = requests.post(server.url + "/v1/enrollments", json={"code": code},
                                   timeout=60)
            keys.add(answer.json()["catalogue_public_key"])
    finally:
        for server in servers:
            server.stop()
    assert len(keys) == 1
    db = Database(url, migrate=False)
    try:
        with db.session() as session:
            assert session.scalar(select(func.count()).select_from(PlatformSecret)) == 3
            assert session.scalar(select(func.count()).select_from(CatalogueRevision)) == 1
    finally:
        db.close()


def test_a_worker_that_dies_stops_the_server_with_a_reason(postgres_server, tmp_path):
    server = CentralServer(db=postgres_server.create_database("dying_worker"),
                           log=tmp_path / "central.log", extra_args=["--workers", "2"]).start()
    try:
        workers = children_of(server.process.pid)
        assert len(workers) == 2
        os.kill(workers[0], signal.SIGKILL)
        assert server.process.wait(timeout=EXIT_LIMIT_SECONDS) == 1
    finally:
        server.stop()
    log = server.log.read_text()
    assert f"worker 0 (pid {workers[0]}) was killed by signal 9 (SIGKILL)" in log
    assert all(not Path(f"/proc/{pid}").exists() for pid in workers)


def test_workers_are_refused_on_sqlite_in_one_line(tmp_path):
    db = tmp_path / "central.sqlite3"
    refused = run_admin_in_process(["serve", "--db", str(db), "--workers", "2"])
    assert refused.returncode == 2
    assert refused.stderr.strip().splitlines() == [
        "central: --workers needs a PostgreSQL --db (SQLite takes one writer at a time); "
        "serve SQLite with one worker"]
    assert not db.exists()

