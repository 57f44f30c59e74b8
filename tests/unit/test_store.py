"""The local store on real SQLite files: schema upgrades, counters, receipts, audit,
catalogue cache, and what happens to a damaged database."""

import logging
import sqlite3

import pytest

from offline_cache.catalogue_cache import ItemRow
from offline_cache.migrations import LATEST, MIGRATIONS
from offline_cache.store import Store, StoreStatus

# A published sample ID number (GB 11643), not a real resident's.
SAMPLE_ID = "11010519491231002X"


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "data", min_free_bytes=0)
    yield s
    s.close()


def pragma(db_path, name):
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(f"PRAGMA {name}").fetchone()[0]
    finally:
        conn.close()


# -- opening and migrations ------------------------------------------------------------


def test_open_creates_the_database_in_wal_mode_at_the_latest_schema(tmp_path):
    data = tmp_path / "new" / "data"
    with Store.open(data, min_free_bytes=0) as store:
        assert store.set_aside is None
        assert (data / "attachments").is_dir()
    assert pragma(data / "kiosk.db", "journal_mode") == "wal"
    assert pragma(data / "kiosk.db", "user_version") == LATEST
    assert LATEST >= 2  # so that the upgrade below upgrades something


def test_a_version_1_database_made_by_an_older_release_is_upgraded_and_keeps_its_rows(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    conn = sqlite3.connect(data / "kiosk.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    for statement in MIGRATIONS[0]:
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.execute(
        "INSERT INTO outbox (client_id, kind, service_code, tracking_number, state, created_at,"
        " attempts, last_error, test_traffic, payload) VALUES ('old1', 'application', 'S-1',"
        " 'T01-20261128-00007', 'queued', '2026-11-28T10:00:00.000+00:00', 2, 'no network',"
        " 0, '{\"answers\": {\"reason\": \"搬家\"}}')"
    )
    conn.execute("INSERT INTO sequence (scope, last) VALUES ('20261128', 7)")
    conn.close()

    with Store.open(data, min_free_bytes=0) as store:
        old = store.outbox.get("old1")
        assert old.tracking_number == "T01-20261128-00007"
        assert old.payload == {"answers": {"reason": "搬家"}}
        assert (old.attempts, old.last_error) == (2, "no network")
        assert store.allocate_sequence("20261128") == 8
        # Tables version 2 added work.
        store.receipts.save("T01-20261128-00007", "old1", "S-1", "受理编号：T01-20261128-00007")
        assert store.receipts.get("T01-20261128-00007")["client_id"] == "old1"
    assert pragma(data / "kiosk.db", "user_version") == LATEST


def test_reopening_a_current_database_changes_nothing(tmp_path):
    data = tmp_path / "data"
    with Store.open(data, min_free_bytes=0) as store:
        store.allocate_sequence("x")
    with Store.open(data, min_free_bytes=0) as store:
        assert store.set_aside is None
        assert store.allocate_sequence("x") == 2


def test_a_database_from_a_newer_release_is_refused_not_set_aside(tmp_path):
    from offline_cache.errors import SchemaTooNew

    data = tmp_path / "data"
    Store.open(data, min_free_bytes=0).close()
    conn = sqlite3.connect(data / "kiosk.db")
    conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    conn.commit()
    conn.close()
    with pytest.raises(SchemaTooNew):
        Store.open(data, min_free_bytes=0)
    assert (data / "kiosk.db").exists()
    assert not list(data.glob("*.corrupt-*"))


# -- damaged databases -------------------------------------------------------------------


def assert_set_aside_and_fresh(data, store, original: bytes, caplog):
    assert store.set_aside is not None
    assert store.set_aside.parent == data
    assert store.set_aside.name.startswith("kiosk.db.corrupt-")
    assert store.set_aside.read_bytes() == original  # moved, not rewritten or deleted
    errors = [r for r in caplog.records if r.levelno == logging.ERROR
              and r.name == "offline_cache.store"]
    assert len(errors) == 1
    assert store.set_aside.name in errors[0].getMessage()
    # The fresh store works, and says what it salvaged from the damaged one.
    assert store.salvage_reports()[0].source == store.set_aside.name
    assert store.status().accepting_submissions


def test_garbage_in_the_database_file_is_set_aside_with_its_name_logged(tmp_path, caplog):
    data = tmp_path / "data"
    data.mkdir()
    garbage = b"this is not an SQLite database, it is what a bad SD card returned\n" * 200
    (data / "kiosk.db").write_bytes(garbage)
    with caplog.at_level(logging.ERROR, logger="offline_cache"):
        with Store.open(data, min_free_bytes=0) as store:
            assert_set_aside_and_fresh(data, store, garbage, caplog)
            assert store.outbox.count() == 0
            assert store.allocate_sequence("20261129") == 1
            report = store.salvage_reports()[0]
            assert (report.recovered, report.unrecovered) == (0, 0)
            assert "cannot be read at all" in report.problem


def test_a_database_truncated_mid_page_is_set_aside_with_its_attachments(tmp_path, caplog):
    from offline_cache.store import AttachmentData, SubmissionRecord

    data = tmp_path / "data"
    with Store.open(data, min_free_bytes=0) as store:
        store.catalogue.save("v1", {}, [ItemRow(f"A-{n}", '{"items": []}' * 20)
                                        for n in range(1000)], b"index" * 20000)
        store.outbox.submit(SubmissionRecord(
            "c1", "application", "S-1", "T-1", {"answers": {}},
            (AttachmentData("户口簿首页.jpg", "image/jpeg", b"scan" * 1000),)))
    db = data / "kiosk.db"
    size = db.stat().st_size
    assert size > 8 * 4096
    with db.open("r+b") as f:
        f.truncate(size // 2 + 1000)  # not on a page boundary
    truncated = db.read_bytes()

    with caplog.at_level(logging.ERROR, logger="offline_cache"):
        with Store.open(data, min_free_bytes=0) as store:
            assert_set_aside_and_fresh(data, store, truncated, caplog)
            assert store.catalogue.load() is None
            # The item was salvaged, scan and all, or counted as lost: never silently gone.
            report = store.salvage_reports()[0]
            assert (report.recovered, report.unrecovered) in ((1, 0), (0, 1))
            if report.recovered:
                kept = store.outbox.stored_attachments("c1")
                assert [store.outbox.attachment_content("c1", a) for a in kept] == [
                    b"scan" * 1000]
    # The scan the damaged rows named is kept beside the damaged database as well.
    assert len(list(data.glob("kiosk.db.corrupt-*-attachments/c1/*"))) == 1


# -- counters and status -------------------------------------------------------------


def test_sequences_count_up_per_scope_and_survive_a_reopen(tmp_path):
    data = tmp_path / "data"
    with Store.open(data, min_free_bytes=0) as store:
        assert [store.allocate_sequence("20261129") for _ in range(3)] == [1, 2, 3]
        assert store.allocate_sequence("20261130") == 1
    with Store.open(data, min_free_bytes=0) as store:
        assert store.allocate_sequence("20261129") == 4
        assert store.allocate_sequence("20261130") == 2


def test_sequences_never_repeat_across_threads(store):
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(8) as pool:
        numbers = list(pool.map(lambda _: store.allocate_sequence("day"), range(80)))
    assert sorted(numbers) == list(range(1, 81))


def test_status_of_an_empty_store(store):
    status = store.status()
    assert isinstance(status, StoreStatus)
    assert status.accepting_submissions and status.reason is None
    assert status.free_bytes > 0
    assert (status.queued, status.oldest_queued_at) == (0, None)


def test_status_says_disk_full_when_free_space_is_below_the_minimum(tmp_path):
    with Store.open(tmp_path / "data", min_free_bytes=1 << 62) as store:
        status = store.status()
        assert not status.accepting_submissions
        assert status.reason == "disk_full"


# -- receipts ------------------------------------------------------------------------


def test_a_receipt_round_trips_and_a_reprint_replaces_it(store):
    text = "受理编号：DEMO01-20261129-00042\n申请人：王*兰\n身份证：1101**********002X"
    store.receipts.save("DEMO01-20261129-00042", "c1", "S-1", text)
    saved = store.receipts.get("DEMO01-20261129-00042")
    assert (saved["text"], saved["client_id"], saved["service_code"]) == (text, "c1", "S-1")
    store.receipts.save("DEMO01-20261129-00042", "c1", "S-1", text + "\n（补打）")
    assert store.receipts.get("DEMO01-20261129-00042")["text"].endswith("（补打）")
    assert store.receipts.get("DEMO01-20261129-00043") is None


def test_a_receipt_with_an_unmasked_id_number_is_refused(store):
    with pytest.raises(ValueError):
        store.receipts.save("T-1", "c1", "S-1", f"身份证：{SAMPLE_ID}")
    assert store.receipts.get("T-1") is None


# -- audit ---------------------------------------------------------------------------


def test_audit_events_come_back_in_order_per_session(store):
    store.audit.record("s1", "session_started")
    store.audit.record("s2", "session_started")
    store.audit.record("s1", "journey_started", journey="apply", service="S-1")
    store.audit.record("s1", "identified", proof="id_card", elder_mode=True, seconds=3.5)
    events = store.audit.for_session("s1")
    assert [e["event"] for e in events] == ["session_started", "journey_started", "identified"]
    assert events[1]["detail"] == {"journey": "apply", "service": "S-1"}
    assert events[2]["detail"] == {"proof": "id_card", "elder_mode": True, "seconds": 3.5}
    assert all(e["at"].endswith("+00:00") for e in events)
    assert len(store.audit.for_session("s2")) == 1
    assert store.audit.for_session("nobody") == []


@pytest.mark.parametrize(
    "detail",
    [
        {"id_number": SAMPLE_ID},
        {"note": f"card {SAMPLE_ID} read"},  # under any key
        {"id_number": SAMPLE_ID.lower()},
        {"name": "王秀兰"},
        {"address": "北京市东城区景山前街4号"},
        {"phone": "13812345678"},
        {"caller": "13812345678"},
    ],
)
def test_audit_refuses_personal_data(store, detail):
    with pytest.raises(ValueError):
        store.audit.record("s1", "identified", **detail)
    assert store.audit.for_session("s1") == []


def test_audit_keeps_masked_numbers_and_code_words_under_sensitive_keys(store):
    store.audit.record("s1", "field_checked", name="applicant_name", phone="138****5678",
                       id_number="1101**********002X")
    assert store.audit.for_session("s1")[0]["detail"]["phone"] == "138****5678"
    # Even a masked Chinese name keeps a surname: the audit trail has no use for it.
    with pytest.raises(ValueError):
        store.audit.record("s1", "receipt_printed", name="王*兰")


def test_audit_refuses_values_that_are_not_plain(store):
    with pytest.raises(TypeError):
        store.audit.record("s1", "x", answers={"a": 1})


# -- catalogue cache -----------------------------------------------------------------


def test_catalogue_cache_round_trips_the_latest_version(tmp_path):
    data = tmp_path / "data"
    header = {"schema_version": 2, "catalogue_version": "二", "issued_at": "2026-11-29"}
    with Store.open(data, min_free_bytes=0) as store:
        assert store.catalogue.load() is None
        store.catalogue.save("2026-11-01", header, [ItemRow("A-1", '{"code":"A-1"}')],
                             b"\x00index1")
        store.catalogue.save("2026-11-29", header, [
            ItemRow("B-2", '{"code":"B-2","name":"二"}', position=1),
            ItemRow("B-1", '{"code":"B-1"}', position=2),
            ItemRow("B-0", '{"code":"B-0"}', skipped="name: is required but missing")],
            b"\x00index2\xff")
    with Store.open(data, min_free_bytes=0) as store:
        stored = store.catalogue.load()
        assert (stored.version, stored.header, stored.search_index) == (
            "2026-11-29", header, b"\x00index2\xff")
        assert stored.items == ['{"code":"B-2","name":"二"}', '{"code":"B-1"}']  # A-1 gone
        assert store.catalogue.skipped() == [
            ("B-0", '{"code":"B-0"}', "name: is required but missing")]
        store.catalogue.save("2026-11-01", header, [ItemRow("A-1", '{"code":"A-1"}')],
                             b"\x00index1")  # rolled back to
        assert store.catalogue.load().version == "2026-11-01"


def test_a_catalogue_change_writes_its_rows_and_keeps_their_search_texts(tmp_path):
    header = {"schema_version": 2, "catalogue_version": "1", "issued_at": "2026-11-29"}
    with Store.open(tmp_path / "data", min_free_bytes=0) as store:
        store.catalogue.save("r1", header, [ItemRow("A-1", '{"code":"A-1"}'),
                                            ItemRow("A-2", '{"code":"A-2"}'),
                                            ItemRow("A-3", '{"code":"A-3"}')], b"index1")
        store.catalogue.apply("r2", dict(header, catalogue_version="2"), [
            ItemRow("A-0", '{"code":"A-0"}', search_entry="texts of A-0"),
            ItemRow("A-3", None, skipped="chain.links[0].item: gone")], removed=["A-2"])
        stored = store.catalogue.load()
        assert stored.version == "r2" and stored.header["catalogue_version"] == "2"
        assert stored.items == ['{"code":"A-0"}', '{"code":"A-1"}']
        assert stored.search_index == b"index1" and stored.search_entries == ["texts of A-0"]
        assert stored.changes_since_index == 3
        assert store.catalogue.skipped() == [("A-3", '{"code":"A-3"}', "chain.links[0].item: gone")]
        store.catalogue.apply("r3", header, [ItemRow("A-3", None)], removed=[],
                              search_index=b"index3")
        stored = store.catalogue.load()
        assert stored.items == ['{"code":"A-0"}', '{"code":"A-1"}', '{"code":"A-3"}']
        assert (stored.search_index, stored.search_entries, stored.changes_since_index) == (
            b"index3", [], 0)
