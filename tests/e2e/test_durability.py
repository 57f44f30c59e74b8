"""What a resident was told is kept, is kept; what could not be kept is never confirmed.

A child process plays the kiosk (submit_child.py). The parent kills it with SIGKILL the
moment it says CONFIRMED, then reopens the store the way a restarted kiosk would. Then the
ways a write can be refused: a lock held elsewhere, a full database, a file size limit,
too little free disk. Each must leave no row and no stray attachment files.

A SIGKILL does not drop the page cache, so these runs prove the order of writes (files,
then the row) and the commit-before-confirm rule, not the fsyncs themselves; those are
asserted by reading the code path, and bench/submit.py shows what they cost.
"""

from __future__ import annotations

import hashlib
import importlib.util
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from offline_cache.store import AttachmentData, StorageUnavailable, Store, SubmissionRecord

pytestmark = pytest.mark.slow

CHILD = Path(__file__).with_name("submit_child.py")
ROOT = Path(__file__).resolve().parents[2]

_spec = importlib.util.spec_from_file_location("submit_child", CHILD)
submit_child = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(submit_child)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def start_child(data_dir: Path, mode: str, client_id: str, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(CHILD), str(data_dir), mode, client_id, *extra],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def kill(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    proc.stderr.close()


def assert_kept_intact(store: Store, client_id: str) -> None:
    entry = store.outbox.get(client_id)
    assert entry is not None, f"{client_id} was confirmed but is not in the outbox"
    expected = submit_child.attachment_contents(client_id)
    assert [sha256(store.outbox.attachment_content(client_id, a))
            for a in store.outbox.stored_attachments(client_id)] == [sha256(c) for c in expected]


def assert_nothing_left_for(store: Store, client_id: str) -> None:
    assert store.outbox.get(client_id) is None
    assert not (store.data_dir / "attachments" / client_id).exists()


# -- killed right after confirming ----------------------------------------------------


def test_a_confirmed_submission_survives_sigkill_right_after_confirmation(tmp_path):
    data = tmp_path / "data"
    confirmed = []
    for attempt in range(5):
        client_id = f"kill{attempt}"
        proc = start_child(data, "confirm", client_id)
        line = proc.stdout.readline().strip()
        kill(proc)
        assert line == f"CONFIRMED {client_id}"
        confirmed.append(client_id)
        with Store.open(data, min_free_bytes=0) as store:
            assert store.set_aside is None
            for earlier in confirmed:
                assert_kept_intact(store, earlier)
            assert store.outbox.count() == len(confirmed)


def test_killed_mid_stream_every_row_has_whole_files_and_every_confirmation_a_row(tmp_path):
    data = tmp_path / "data"
    for round_number, lines_before_kill in enumerate((1, 3, 6)):
        proc = start_child(data, "stream", f"r{round_number}")
        confirmed = [proc.stdout.readline().strip() for _ in range(lines_before_kill)]
        kill(proc)  # somewhere inside the next submission, or between two
        assert all(line.startswith("CONFIRMED ") for line in confirmed)
        with Store.open(data, min_free_bytes=0) as store:
            for line in confirmed:
                assert_kept_intact(store, line.split()[1])
            for entry in store.outbox.pending(limit=1000):  # confirmed or not
                for stored in store.outbox.stored_attachments(entry.client_id):
                    content = store.outbox.attachment_content(entry.client_id, stored)
                    assert sha256(content) == stored.sha256


# -- refused writes: no confirmation, no row, no files ----------------------------------


def big_record(client_id: str) -> SubmissionRecord:
    first, second = submit_child.attachment_contents(client_id)
    return SubmissionRecord(
        client_id=client_id, kind="application", service_code="S-1",
        tracking_number=f"T-{client_id}",
        # Bigger than a page, so the row itself needs new pages.
        payload={"answers": {"statement": "情况说明" * 5000}},
        attachments=(AttachmentData("户口簿首页.jpg", "image/jpeg", first),
                     AttachmentData("结婚证.jpg", "image/jpeg", second)),
    )


def test_a_lock_held_by_another_connection_refuses_as_busy(tmp_path):
    data = tmp_path / "data"
    with Store.open(data, min_free_bytes=0, busy_timeout_s=0.2) as store:
        other = sqlite3.connect(data / "kiosk.db", isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")
        try:
            with pytest.raises(StorageUnavailable) as caught:
                store.outbox.submit(big_record("busy1"))
            assert caught.value.reason == "busy"
            assert_nothing_left_for(store, "busy1")
            # A held lock is passing: the terminal keeps offering submissions.
            assert store.status().accepting_submissions
        finally:
            other.execute("ROLLBACK")
            other.close()
        # Once the lock is gone, the same submission goes through.
        store.outbox.submit(big_record("busy1"))
        assert_kept_intact(store, "busy1")


def test_a_full_database_refuses_and_leaves_no_orphan_files(tmp_path):
    data = tmp_path / "data"
    with Store.open(data, min_free_bytes=0) as store:
        store.limit_database_growth(extra_pages=1)
        with pytest.raises(StorageUnavailable) as caught:
            store.outbox.submit(big_record("full1"))
        assert caught.value.reason == "disk_full"
        assert_nothing_left_for(store, "full1")
        assert list((data / "attachments").iterdir()) == []
        status = store.status()
        assert (status.accepting_submissions, status.reason) == (False, "disk_full")
        # Reads and the rest of the store still work.
        assert store.outbox.count() == 0
    with Store.open(data, min_free_bytes=0) as store:  # no cap after a restart
        assert store.set_aside is None
        store.outbox.submit(big_record("full1"))
        assert_kept_intact(store, "full1")


def test_a_file_size_limit_refuses_the_attachment_write(tmp_path):
    data = tmp_path / "data"
    Store.open(data, min_free_bytes=0).close()  # schema made before the limit applies
    limit = submit_child.ATTACHMENT_BYTES // 2
    proc = start_child(data, "fsize", "fsize1", str(limit))
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert out.strip() == "REFUSED write_failed"
    assert "CONFIRMED" not in out
    with Store.open(data, min_free_bytes=0) as store:
        assert_nothing_left_for(store, "fsize1")
        assert store.outbox.count() == 0


def test_less_free_disk_than_the_minimum_refuses_before_writing(tmp_path):
    data = tmp_path / "data"
    more_than_free = shutil.disk_usage(tmp_path).free + (1 << 30)
    with Store.open(data, min_free_bytes=more_than_free) as store:
        assert store.status().reason == "disk_full"
        with pytest.raises(StorageUnavailable) as caught:
            store.outbox.submit(big_record("nospace1"))
        assert caught.value.reason == "disk_full"
        assert_nothing_left_for(store, "nospace1")
