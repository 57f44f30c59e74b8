"""A damaged database on the terminal costs no resident's application that can still be
read: the queued items are salvaged into a fresh store and sent under their tracking
numbers, the enrollment is untouched, and the platform hears what was lost."""

import json

from kiosk.config import KioskConfig
from kiosk.sync.commands import enroll_command
from offline_cache.store import Store
from tests.store_damage import zero_the_page_holding
from tests.sync.conftest import application, engine_for, enrolled, platform_submissions

ITEMS = 40


def test_queued_applications_in_a_damaged_store_are_salvaged_and_sent_once(central, tmp_path):
    data = tmp_path / "kiosk"
    with Store.open(data) as store:
        platform = enrolled(store, central)
        terminal_id = store.platform.load().terminal_id
        records = [application(n, attachments=1, size=400, terminal=terminal_id)
                   for n in range(1, ITEMS + 1)]
        for record in records[:5]:
            store.outbox.submit(record)
    # Five reach the platform, but the terminal never hears it did (its confirmations are
    # lost with the disk): the database goes back to before they were sent.
    before = {p.name: p.read_bytes() for p in data.glob("kiosk.db*")}
    with Store.open(data) as store:
        engine_for(store, platform).run_once(tasks=("uploads",))
        assert store.outbox.pending() == []
    for name, content in before.items():
        (data / name).write_bytes(content)
    with Store.open(data) as store:
        assert len(store.outbox.pending()) == 5
        for record in records[5:]:
            store.outbox.submit(record)
        for record in records:
            store.receipts.save(record.tracking_number, record.client_id, "JY-0001",
                                f"受理编号：{record.tracking_number}")
    zero_the_page_holding(data / "kiosk.db", records[20].tracking_number)

    with Store.open(data) as store:
        assert store.set_aside is not None
        report = store.salvage_reports()[0]
        assert report.recovered + report.unrecovered == ITEMS
        assert 0 < report.unrecovered < ITEMS // 2
        # Every lost one is named by the tracking number its resident holds.
        assert records[20].tracking_number in report.unrecovered_numbers
        assert len(report.unrecovered_numbers) == report.unrecovered
        assert "apply again" in report.problem
        assert store.platform.load().terminal_id == terminal_id  # no enrolling again
        engine = engine_for(store, platform)
        engine.run_once()
        assert store.outbox.pending() == []
    sent = {s["tracking_number"]: s for s in platform_submissions(central)}
    salvaged = [r for r in records if r.tracking_number not in report.unrecovered_numbers]
    assert len(salvaged) == report.recovered
    for record in salvaged:  # under their own numbers, with their answers, once each
        assert sent[record.tracking_number]["payload"] == record.payload
    assert len(sent) == report.recovered + sum(  # the five lost ones were sent before
        r.tracking_number in report.unrecovered_numbers for r in records[:5])
    assert central.report()["submissions"] == len(sent)  # none filed twice
    seen = next(t for t in central.report()["terminals"] if t["terminal_id"] == terminal_id)
    heard = json.dumps(seen)
    assert f'"unrecovered": {report.unrecovered}' in heard
    assert records[20].tracking_number in heard


def test_re_enrolling_with_a_code_for_this_terminal_keeps_its_id_and_files_nothing_twice(
        central, tmp_path):
    data = tmp_path / "kiosk"
    with Store.open(data) as store:
        platform = enrolled(store, central)
        terminal_id = store.platform.load().terminal_id
        records = [application(n, attachments=1, size=400, terminal=terminal_id)
                   for n in range(1, 4)]
        for record in records:
            store.outbox.submit(record)
    # The platform files all three, but the terminal never hears it did.
    before = {p.name: p.read_bytes() for p in data.glob("kiosk.db*")}
    with Store.open(data) as store:
        engine_for(store, platform).run_once(tasks=("uploads",))
    for name, content in before.items():
        (data / name).write_bytes(content)
    # The operators revoke the old credential (a technician's laptop was stolen, say) and
    # make a code for this terminal; the technician enrolls it again with that code.
    assert central.admin("revoke", "--terminal", terminal_id).returncode == 0
    config = KioskConfig(platform=platform)
    code = central.enroll_code(terminal=terminal_id)
    assert enroll_command(config, data, central.url, code, "village office") == 0
    with Store.open(data) as store:
        assert store.platform.load().terminal_id == terminal_id
        assert len(store.outbox.pending()) == 3
        report = engine_for(store, platform).run_once(tasks=("uploads",))
        assert store.outbox.pending() == [], (report, store.outbox.queue_rows())
    # Replayed, not filed again (the module's other tests file under their own ids).
    assert sorted(s["tracking_number"] for s in platform_submissions(central)
                  if s["tracking_number"].startswith(f"{terminal_id}-")) == sorted(
        r.tracking_number for r in records)


def test_a_code_for_a_terminal_the_platform_does_not_know_is_refused(central):
    result = central.admin("enroll-code", "--terminal", "TNOTKNOWN", check=False)
    assert result.returncode == 2 and "no terminal TNOTKNOWN" in result.stderr


def test_a_terminal_whose_storage_is_unusable_still_tells_the_platform(central, tmp_path):
    from kiosk.sync.storage_alarm import tell_platform_storage_unusable

    data = tmp_path / "kiosk"
    with Store.open(data) as store:
        platform = enrolled(store, central)
        terminal_id = store.platform.load().terminal_id
    config = KioskConfig(platform=platform)
    assert tell_platform_storage_unusable(config, data, "write_failed: read-only file system")
    seen = json.dumps(next(t for t in central.report()["terminals"]
                           if t["terminal_id"] == terminal_id), ensure_ascii=False)
    assert "read-only file system" in seen and "storage_unusable" in seen
    # Not enrolled (a new terminal): nothing to tell, and no error.
    assert not tell_platform_storage_unusable(config, tmp_path / "other", "disk_full")
