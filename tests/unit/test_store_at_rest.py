"""What a resident gave the terminal, at rest on its disk: readable by the kiosk's user
alone, sealed under a key kept outside the data directory, and never opened with a key
made up over data sealed with another."""

import json
import os
import sqlite3
import stat

import pytest

from offline_cache.keys import KeyMissing, default_key_dir
from offline_cache.migrations import MIGRATIONS
from offline_cache.private_files import NotOurs
from offline_cache.store import AttachmentData, PlatformLink, Store, SubmissionRecord

# A published sample ID number (GB 11643) and made-up details, not a real resident's.
ID_NUMBER = "11010519491231002X"
NAME = "欧阳淑芬"
PHONE = "13912345678"
ADDRESS = "幸福村五组十七号"
SCAN = b"\x89PNG-the-scan-of-a-household-register" * 50
TOKEN = "ktk_the-terminals-bearer-credential"


def application(client_id="c1", number="T01-20261207-00001"):
    return SubmissionRecord(
        client_id, "application", "S-1", number,
        {"applicant": {"id_number": ID_NUMBER, "name": NAME, "phone": PHONE},
         "answers": {"address": ADDRESS}},
        (AttachmentData("户口簿首页.png", "image/png", SCAN),))


def link():
    return PlatformLink("https://platform.example", "T01", TOKEN, "a2V5" * 11, "k1")


def personal_needles():
    needles = [ID_NUMBER.encode(), PHONE.encode(), SCAN[:40], TOKEN.encode()]
    for text in (NAME, ADDRESS):
        needles += [text.encode("utf-8"), text.encode("utf-16-le"), text.encode("gbk")]
    return needles


def files_under(root):
    return [p for p in root.rglob("*") if p.is_file()]


def found_in(root):
    return sorted({f"{p.relative_to(root)}: {needle[:12]!r}"
                   for p in files_under(root) for needle in personal_needles()
                   if needle in p.read_bytes()})


@pytest.fixture
def umask_022():
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_data_and_key_directories_are_the_kiosk_users_alone_whatever_the_umask(
        tmp_path, umask_022):
    data = tmp_path / "data"
    with Store.open(data, min_free_bytes=0) as store:
        store.outbox.submit(application())
        store.platform.save(link())
        store.outbox.count()  # a reader connection: the -shm file exists now
        for root in (data, default_key_dir(data)):
            assert stat.S_IMODE(root.stat().st_mode) == 0o700, root
            kinds = {}
            for path in root.rglob("*"):
                kinds[path.name] = stat.S_IMODE(path.stat().st_mode)
                assert kinds[path.name] == (0o700 if path.is_dir() else 0o600), path
        assert {"kiosk.db", "kiosk.db-wal", "kiosk.db-shm", "attachments"} <= set(
            os.listdir(data))


def test_a_data_directory_left_open_by_an_older_release_is_closed_at_open(tmp_path, umask_022):
    data = tmp_path / "data"
    Store.open(data, min_free_bytes=0).close()
    data.chmod(0o755)
    (data / "kiosk.db").chmod(0o644)
    (data / "attachments").chmod(0o755)
    with Store.open(data, min_free_bytes=0):
        assert stat.S_IMODE(data.stat().st_mode) == 0o700
        assert stat.S_IMODE((data / "kiosk.db").stat().st_mode) == 0o600
        assert stat.S_IMODE((data / "attachments").stat().st_mode) == 0o700


def test_answers_scans_receipt_copies_and_the_credential_are_not_in_the_data_directory(tmp_path):
    data = tmp_path / "data"
    with Store.open(data, min_free_bytes=0) as store:
        entry = store.outbox.submit(application())
        store.receipts.save(entry.tracking_number, "c1", "S-1", f"受理人：{NAME}")
        store.platform.save(link())
        assert found_in(data) == []  # the -wal too: the store is still open
        # ... and the kiosk itself reads them all back.
        assert store.outbox.get("c1").payload["applicant"]["name"] == NAME
        assert store.outbox.for_person(ID_NUMBER)[0].client_id == "c1"
        [scan] = store.outbox.stored_attachments("c1")
        assert store.outbox.attachment_content("c1", scan) == SCAN
        assert store.receipts.get(entry.tracking_number)["text"] == f"受理人：{NAME}"
    assert found_in(data) == []
    keys = default_key_dir(data)
    assert TOKEN in (keys / "terminal.json").read_text()
    with Store.open(data, min_free_bytes=0) as store:
        assert store.platform.load().token == TOKEN


def test_the_enrollment_survives_a_database_that_is_damaged_beyond_reading(tmp_path):
    data = tmp_path / "data"
    with Store.open(data, min_free_bytes=0) as store:
        store.platform.save(link())
    (data / "kiosk.db").write_bytes(b"what a failing SD card returned" * 500)
    with Store.open(data, min_free_bytes=0) as store:
        assert store.set_aside is not None
        assert store.platform.load().terminal_id == "T01"


def test_the_terminals_signing_key_is_kept_with_the_enrollment_for_the_kiosk_alone(tmp_path):
    data = tmp_path / "data"
    signing_key = bytes(range(32))
    with Store.open(data, min_free_bytes=0) as store:
        assert store.platform.signing_key() is None  # not enrolled: no key yet
        store.platform.save(link(), signing_key=signing_key)
    key_file = default_key_dir(data) / "terminal-signing.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert not list(data.rglob("terminal-signing.key"))  # not in the data directory
    (data / "kiosk.db").write_bytes(b"what a failing SD card returned" * 500)
    with Store.open(data, min_free_bytes=0) as store:
        assert store.platform.signing_key() == signing_key  # a damaged store costs no key
    key_file.write_text("half a key")
    with Store.open(data, min_free_bytes=0) as store, pytest.raises(KeyMissing) as damaged:
        store.platform.signing_key()
    assert "enroll the terminal again" in str(damaged.value)


def test_a_missing_key_sets_the_store_aside_and_a_restored_key_salvages_it(tmp_path):
    data = tmp_path / "data"
    with Store.open(data, min_free_bytes=0) as store:
        for n in (1, 2, 3):
            store.outbox.submit(application(f"c{n}", f"T01-20261207-0000{n}"))
    [key_file] = default_key_dir(data).glob("store-*.key")
    key = key_file.read_bytes()
    key_file.unlink()

    with Store.open(data, min_free_bytes=0) as store:
        # Not a new key over the old data: the old database is set aside whole ...
        assert store.set_aside is not None and store.outbox.count() == 0
        report = store.salvage_reports()[0]
        assert (report.recovered, report.unrecovered) == (0, 3)
        assert key_file.name in report.problem and "kiosk store salvage" in report.problem
        set_aside = store.set_aside
        assert store.allocate_sequence("20261207") == 4  # no tracking number given twice

    key_file.write_bytes(key)  # the technician puts the key back
    with Store.open(data, min_free_bytes=0) as store:
        report = store.salvage(set_aside)
        assert (report.recovered, report.unrecovered, report.problem) == (3, 0, "")
        assert store.outbox.find_by_tracking("T01-20261207-00002").payload[
            "applicant"]["id_number"] == ID_NUMBER
        [scan] = store.outbox.stored_attachments("c2")
        assert store.outbox.attachment_content("c2", scan) == SCAN


def test_a_store_an_older_release_kept_in_the_clear_is_sealed_at_open(tmp_path):
    data = tmp_path / "data"
    (data / "attachments" / "old1").mkdir(parents=True)
    (data / "attachments" / "old1" / "01-scan.png").write_bytes(SCAN)
    conn = sqlite3.connect(data / "kiosk.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    for version, statements in enumerate(MIGRATIONS[:4], start=1):
        for statement in statements:
            conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {version}")
    payload = json.dumps(application().payload, ensure_ascii=False)
    conn.execute(
        "INSERT INTO outbox (client_id, kind, service_code, tracking_number, created_at,"
        " payload) VALUES ('old1', 'application', 'S-1', 'T01-20261128-00007',"
        " '2026-11-28T10:00:00.000+00:00', ?)", (payload,))
    conn.execute(
        "INSERT INTO outbox_attachment (client_id, position, name, media_type, path, size,"
        " sha256) VALUES ('old1', 1, 'scan.png', 'image/png', 'attachments/old1/01-scan.png',"
        " ?, ?)", (len(SCAN), __import__("hashlib").sha256(SCAN).hexdigest()))
    conn.execute("INSERT INTO receipt VALUES ('T01-20261128-00007', 'old1', 'S-1', ?, 'x')",
                 (f"受理人：{NAME}",))
    conn.execute("INSERT INTO platform_link VALUES (1, 'https://platform.example', 'T01', ?,"
                 " 'a2V5a2V5', 'k1', 'x')", (TOKEN,))
    conn.close()
    assert found_in(data) != []

    with Store.open(data, min_free_bytes=0) as store:
        old = store.outbox.get("old1")
        assert old.payload["applicant"]["name"] == NAME
        assert store.outbox.for_person(ID_NUMBER) == [old]
        [scan] = store.outbox.stored_attachments("old1")
        assert store.outbox.attachment_content("old1", scan) == SCAN
        assert store.platform.load().token == TOKEN
        assert found_in(data) == []


def test_another_users_data_directory_is_refused_with_one_line_saying_whose(tmp_path):
    if os.geteuid() != 0:
        pytest.fail("this test makes a directory another user's: it runs as root, as CI does")
    data = tmp_path / "data"
    data.mkdir()
    os.chown(data, 65534, 65534)
    with pytest.raises(NotOurs) as refused:
        Store.open(data, min_free_bytes=0)
    message = str(refused.value)
    assert "\n" not in message and "nobody" in message and str(data) in message
    assert os.listdir(data) == []  # nothing was written there
