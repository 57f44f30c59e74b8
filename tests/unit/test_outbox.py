"""The outbox on real SQLite files: what a submission leaves on disk, and that a double tap
(or eight threads) makes one row."""

import hashlib
import os
import sqlite3
import threading

import pytest

from offline_cache.store import (
    AttachmentData,
    OutboxEntry,
    StorageUnavailable,
    Store,
    SubmissionRecord,
)

SAMPLE_ID = "11010519491231002X"  # GB 11643 sample number, not a real resident's
OTHER_ID = "110101199003074477"


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "data", min_free_bytes=0)
    yield s
    s.close()


def application(client_id="c0001", number="DEMO01-20261129-00001", id_number=SAMPLE_ID,
                attachments=None, **overrides):
    if attachments is None:
        attachments = (
            AttachmentData("户口簿首页.jpg", "image/jpeg", os.urandom(50_000)),
            AttachmentData("结婚证.png", "image/png", os.urandom(30_000)),
        )
    fields = dict(
        client_id=client_id,
        kind="application",
        service_code="11370100MB28526386-001",
        tracking_number=number,
        payload={"applicant": {"id_number": id_number, "name": "王秀兰"},
                 "answers": {"reason": "工作调动", "count": 2}},
        attachments=attachments,
    )
    fields.update(overrides)
    return SubmissionRecord(**fields)


def attachment_dirs(store):
    return sorted(p.name for p in (store.data_dir / "attachments").iterdir())


def test_a_submission_is_queued_with_its_attachments_byte_for_byte(store):
    record = application()
    entry = store.outbox.submit(record)
    assert isinstance(entry, OutboxEntry)
    assert (entry.client_id, entry.kind, entry.tracking_number) == (
        "c0001", "application", "DEMO01-20261129-00001")
    assert entry.state == "queued" and entry.attempts == 0 and entry.last_error is None
    assert entry.created_at.endswith("+00:00")
    assert entry.payload == record.payload
    assert entry.test_traffic is False
    assert len(entry.attachments) == 2
    stored = store.outbox.stored_attachments("c0001")
    for path, kept, sent in zip(entry.attachments, stored, record.attachments, strict=True):
        assert path.is_absolute() and path == kept.path
        assert store.outbox.attachment_content("c0001", kept) == sent.content
        assert sent.content not in path.read_bytes()  # sealed on disk
    assert [(a.name, a.media_type) for a in stored] == [
        ("户口簿首页.jpg", "image/jpeg"), ("结婚证.png", "image/png")]
    assert stored[0].sha256 == hashlib.sha256(record.attachments[0].content).hexdigest()
    assert store.outbox.get("c0001") == entry
    assert store.outbox.find_by_tracking("DEMO01-20261129-00001") == entry


def test_a_submission_survives_closing_and_reopening(tmp_path):
    record = application(test_traffic=True)
    with Store.open(tmp_path / "data", min_free_bytes=0) as store:
        first = store.outbox.submit(record)
    with Store.open(tmp_path / "data", min_free_bytes=0) as store:
        again = store.outbox.get(record.client_id)
    assert again == first
    assert again.test_traffic is True


def test_a_second_submit_with_the_same_client_id_returns_the_first_and_writes_nothing(store):
    first = store.outbox.submit(application())
    files_before = {p: p.stat().st_mtime_ns for p in first.attachments}
    # A retried screen might even carry a new tracking number; the first one stands.
    second = store.outbox.submit(application(number="DEMO01-20261129-00002"))
    assert second == first
    assert store.outbox.count() == 1
    assert {p: p.stat().st_mtime_ns for p in first.attachments} == files_before
    assert attachment_dirs(store) == ["c0001"]


def test_eight_threads_submitting_the_same_client_id_make_one_row(store):
    record = application()
    start = threading.Barrier(8)
    results, errors = [], []

    def tap():
        start.wait()
        try:
            results.append(store.outbox.submit(record))
        except Exception as exc:  # pragma: no cover - reported by the assert below
            errors.append(exc)

    threads = [threading.Thread(target=tap) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(results) == 8 and all(r == results[0] for r in results)
    assert store.outbox.count() == 1
    assert [store.outbox.attachment_content("c0001", a)
            for a in store.outbox.stored_attachments("c0001")] == [
        a.content for a in record.attachments]
    assert len(list((store.data_dir / "attachments" / "c0001").iterdir())) == 2


def test_pending_is_oldest_first_and_status_counts_the_queue(store):
    for n in range(1, 4):
        store.outbox.submit(application(f"c{n}", f"T-{n}", attachments=()))
    assert [e.client_id for e in store.outbox.pending()] == ["c1", "c2", "c3"]
    assert [e.client_id for e in store.outbox.pending(limit=2)] == ["c1", "c2"]
    status = store.status()
    assert status.queued == 3
    assert status.oldest_queued_at == store.outbox.get("c1").created_at

    store.outbox.mark_sending("c1")
    store.outbox.mark_delivered("c1")
    store.outbox.mark_sending("c2")
    store.outbox.mark_rejected("c2", "rejected by the platform: form version retired")
    assert [e.client_id for e in store.outbox.pending()] == ["c3"]
    assert store.status().queued == 1
    assert store.status().oldest_queued_at == store.outbox.get("c3").created_at
    assert store.outbox.count() == 3


def test_a_failed_attempt_is_counted_and_requeued_with_its_reason(store):
    store.outbox.submit(application(attachments=()))
    store.outbox.mark_sending("c0001")
    store.outbox.requeue("c0001", "no network")
    store.outbox.mark_sending("c0001")
    entry = store.outbox.get("c0001")
    assert (entry.state, entry.attempts, entry.last_error) == ("sending", 2, "no network")
    with pytest.raises(KeyError):
        store.outbox.mark_delivered("no-such-id")


def test_for_person_finds_what_that_resident_submitted_of_every_kind(store):
    store.outbox.submit(application("a1", "T-1", attachments=()))
    store.outbox.submit(application("a2", "T-2", id_number=OTHER_ID, attachments=()))
    store.outbox.submit(SubmissionRecord(
        "r1", "rating", "S-1", "T-3",
        {"case_tracking_number": "T-1", "level": 5, "rater_id_number": SAMPLE_ID}))
    store.outbox.submit(SubmissionRecord(
        "k1", "complaint", "COMPLAINT", "T-4",
        {"complainant": {"id_number": SAMPLE_ID, "name": "王秀兰"}, "text": "排队太久"}))
    assert [e.client_id for e in store.outbox.for_person(SAMPLE_ID)] == ["a1", "r1", "k1"]
    assert [e.client_id for e in store.outbox.for_person(OTHER_ID)] == ["a2"]
    assert store.outbox.for_person("110101200001010011") == []


def test_unknown_client_id_and_tracking_number_give_none(store):
    assert store.outbox.get("nope") is None
    assert store.outbox.find_by_tracking("DEMO01-20261129-99999") is None


@pytest.mark.parametrize(
    "overrides",
    [
        {"client_id": "../../etc"},
        {"client_id": ""},
        {"kind": "petition"},
        {"tracking_number": ""},
        {"payload": {"photo": object()}},
    ],
)
def test_a_malformed_record_is_refused_before_anything_is_written(store, overrides):
    with pytest.raises((ValueError, TypeError)):
        store.outbox.submit(application(**overrides))
    assert store.outbox.count() == 0
    assert attachment_dirs(store) == []


def test_a_tracking_number_used_twice_is_refused_and_leaves_no_files(store):
    store.outbox.submit(application("c1", "T-1"))
    with pytest.raises(ValueError):
        store.outbox.submit(application("c2", "T-1"))
    assert store.outbox.count() == 1
    assert attachment_dirs(store) == ["c1"]


def test_too_little_free_space_refuses_before_writing(tmp_path):
    with Store.open(tmp_path / "data", min_free_bytes=1 << 62) as store:
        with pytest.raises(StorageUnavailable) as caught:
            store.outbox.submit(application())
        assert caught.value.reason == "disk_full"
        assert store.outbox.count() == 0
        assert attachment_dirs(store) == []


def test_attachment_folders_left_by_an_interrupted_submit_are_removed_at_open(tmp_path):
    data = tmp_path / "data"
    with Store.open(data, min_free_bytes=0) as store:
        store.outbox.submit(application("kept"))
    orphan = data / "attachments" / "died-before-commit"
    orphan.mkdir()
    (orphan / "01-scan.jpg").write_bytes(b"partial")
    with Store.open(data, min_free_bytes=0) as store:
        assert attachment_dirs(store) == ["kept"]
        assert all(p.exists() for p in store.outbox.get("kept").attachments)


def test_open_leaves_attachment_folders_alone_while_another_process_is_writing(tmp_path):
    data = tmp_path / "data"
    Store.open(data, min_free_bytes=0).close()
    in_flight = data / "attachments" / "being-committed"
    in_flight.mkdir()
    other = sqlite3.connect(data / "kiosk.db", isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # as a kiosk does while it writes a submission
    try:
        # e.g. a technician's `kiosk outbox` while the kiosk is filing a submission
        with Store.open(data, min_free_bytes=0, busy_timeout_s=0.1) as store:
            assert store.outbox.count() == 0
            assert attachment_dirs(store) == ["being-committed"]
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_a_client_id_whose_earlier_attempt_left_files_gets_exactly_its_own(store):
    leftover = store.data_dir / "attachments" / "c0001"
    leftover.mkdir()
    (leftover / "01-stale.jpg").write_bytes(b"from a process that died before commit")
    entry = store.outbox.submit(application())
    assert sorted(p.name for p in leftover.iterdir()) == sorted(
        p.name for p in entry.attachments)


def test_submissions_filed_together_are_all_kept_or_none(store):
    """A life event's links: the third one's number is taken, so none of the three is
    kept, and no attachment file is left behind; then all three, in one go."""
    store.outbox.submit(application("other", "DEMO01-20261129-00003", attachments=()))
    links = [application(f"event-{n}", f"DEMO01-20261129-0001{n}") for n in range(3)]
    links[2] = application("event-2", "DEMO01-20261129-00003")
    files_before = attachment_dirs(store)
    with pytest.raises(ValueError):
        store.outbox.submit_together(links)
    assert [store.outbox.get(f"event-{n}") for n in range(3)] == [None, None, None]
    assert attachment_dirs(store) == files_before

    links[2] = application("event-2", "DEMO01-20261129-00012")
    filed = store.outbox.submit_together(links)
    assert [e.tracking_number for e in filed] == [f"DEMO01-20261129-0001{n}" for n in range(3)]
    again = store.outbox.submit_together(links)  # a double tap
    assert [e.client_id for e in again] == [e.client_id for e in filed]
    assert store.outbox.count() == 4
