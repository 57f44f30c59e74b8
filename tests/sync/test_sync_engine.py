"""One terminal against the reference platform: enrollment, delivery, catalogue,
credentials, purging, order per resident, and a platform that is not there."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import time

import pytest

from kiosk.app import Kiosk
from kiosk.config import KioskConfig
from kiosk.sync.engine import SyncEngine
from kiosk.sync.enrollment import EnrollmentFailed, enroll
from kiosk.technician import hash_pin
from offline_cache.store import Store
from tests.sync.conftest import (
    RESIDENT_ID,
    application,
    digest,
    engine_for,
    enrolled,
    fast_platform_config,
    link_to_nowhere,
    platform_submissions,
)


def test_enroll_command_links_the_terminal_and_a_used_code_is_refused(central, tmp_path):
    code = central.enroll_code()
    command = [sys.executable, "-m", "kiosk", "enroll", "--platform", central.url,
               "--code", code, "--data-dir", str(tmp_path / "k")]
    first = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("enrolled as terminal T")
    again = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert again.returncode == 1
    assert "was used already" in again.stderr and "Traceback" not in again.stderr


@pytest.mark.parametrize("url", ["http://platform.gov.example", "http://192.0.2.10:8080"])
def test_enrolling_over_plain_http_off_this_machine_is_refused(tmp_path, url):
    """The one-time code and the credential it buys would cross the network in the
    clear: refused before anything is sent, with the reason on one line."""
    command = [sys.executable, "-m", "kiosk", "enroll", "--platform", url,
               "--code", "ABCD-EFGH", "--data-dir", str(tmp_path / "k")]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert "must be https://" in done.stderr and "loopback" in done.stderr
    with Store.open(tmp_path / "k") as store:
        assert store.platform.load() is None


def test_a_wrong_code_says_so(central, store):
    with pytest.raises(EnrollmentFailed, match="does not know this enrollment code"):
        enroll(store, central.url, "NOT-A-CODE", fast_platform_config())
    assert store.platform.load() is None


def test_queued_applications_reach_the_platform_once_with_their_files(central, store):
    platform = enrolled(store, central)
    records = [application(n, seed=1, attachments=2, terminal=store) for n in range(3)]
    for record in records:
        store.outbox.submit(record)
    engine = engine_for(store, platform)
    report = engine.run_once()
    assert report.delivered == 3 and report.errors == [], report
    exported = {s["idempotency_key"]: s for s in platform_submissions(central)}
    for record in records:
        got = exported[record.client_id]
        assert got["tracking_number"] == record.tracking_number
        assert got["payload"] == record.payload
        assert [a["sha256"] for a in got["attachments"]] == [
            digest(a.content) for a in record.attachments]
        row = store.outbox.get(record.client_id)
        assert row.state == "delivered"
    assert engine.run_once().delivered == 0  # nothing twice
    assert engine.status().queued == 0 and engine.status().online is True


def test_the_enrolled_terminal_id_goes_into_new_tracking_numbers(central, tmp_path):
    data = tmp_path / "k"
    kiosk = Kiosk(KioskConfig(), data)
    enrolled(kiosk.store, central)
    terminal_id = kiosk.store.platform.load().terminal_id
    kiosk.close()
    kiosk = Kiosk(KioskConfig(), data)
    try:
        assert kiosk.context.terminal.id == terminal_id
    finally:
        kiosk.close()


def test_a_revoked_terminal_is_refused_and_says_so(central, store):
    platform = enrolled(store, central)
    store.outbox.submit(application(1, seed=2, terminal=store))
    central.admin("revoke", "--terminal", store.platform.load().terminal_id)
    engine = engine_for(store, platform)
    report = engine.run_once()
    status = engine.status()
    assert report.delivered == 0
    assert status.credential_refused and "revoked" in status.last_error
    assert store.outbox.pending()[0].state == "queued"  # kept, to send after re-enrolling


def test_a_platform_that_is_not_there_keeps_everything_queued_and_backs_off(store):
    link_to_nowhere(store)
    store.outbox.submit(application(1, seed=3, terminal=store))
    engine = engine_for(store, fast_platform_config())
    report = engine.run_once()
    status = engine.status()
    assert report.delivered == 0 and "connection refused" in report.errors[0]
    assert status.online is False and status.next_retry_in_s > 0
    entry = store.outbox.pending()[0]
    assert entry.state == "queued" and entry.attempts == 1
    assert "connection refused" in entry.last_error


def test_an_item_the_platform_refuses_is_set_aside_and_the_rest_goes_on(central, store):
    platform = enrolled(store, central)
    bad = dataclasses.replace(application(1, seed=4, attachments=0, terminal=store),
                              service_code="NO-SUCH-SERVICE-CODE-" + "X" * 60)  # too long
    store.outbox.submit(bad)
    good = application(2, seed=4, id_number="110101195803150036", terminal=store)
    store.outbox.submit(good)
    report = engine_for(store, platform).run_once()
    assert report.rejected == 1 and report.delivered == 1
    refused = store.outbox.get(bad.client_id)
    assert refused.state == "rejected" and "refused by the platform" in refused.last_error
    assert store.outbox.get(good.client_id).state == "delivered"


def test_one_residents_items_go_in_order(central, store):
    platform = enrolled(store, central, backoff_max_s=600.0)
    first, second = application(1, seed=5, terminal=store), application(2, seed=5, terminal=store)
    other = application(3, seed=5, id_number="110101195803150036", terminal=store)
    for record in (first, second, other):
        store.outbox.submit(record)
    # Held back by a retry time within the longest backoff (one further ahead than that
    # was set before the clock stepped back, and is due).
    store.outbox.requeue(first.client_id, "held back by the test", not_before=time.time() + 300)
    ready = [e.client_id for e in store.outbox.deliverable(now=time.time(), horizon=600.0)]
    assert ready == [other.client_id]  # the second waits for the first; others pass
    report = engine_for(store, platform).run_once()
    assert report.delivered == 1


def test_delivered_items_lose_their_personal_data_after_the_retention(central, store):
    platform = enrolled(store, central)
    record = application(1, seed=6, attachments=2, terminal=store)
    entry = store.outbox.submit(record)
    store.receipts.save(record.tracking_number, record.client_id, record.service_code,
                        "申请人：王*兰")
    engine_for(store, platform, retention_days=7).run_once()
    assert store.outbox.get(record.client_id).payload == record.payload  # kept a while
    report = engine_for(store, platform, retention_days=0).run_once()
    assert report.purged == 1
    purged = store.outbox.get(record.client_id)
    assert purged.state == "delivered" and purged.payload == {}
    assert not any(path.exists() for path in entry.attachments)
    assert store.receipts.get(record.tracking_number) is None
    assert store.outbox.for_person(RESIDENT_ID) == []


def test_the_catalogue_comes_signed_and_then_only_its_changes(central, store, tmp_path):
    platform = enrolled(store, central)
    engine = engine_for(store, platform)
    first = engine.run_once()
    assert first.catalogue.startswith("revision "), first
    revision = engine.status().catalogue_revision
    document = [json.loads(item) for item in store.catalogue.load().items]
    item = dict(document[0], name=document[0]["name"] + "（新）")
    update = tmp_path / "update.json"
    update.write_text(json.dumps({"upsert": [item], "remove": [document[1]["code"]]},
                                 ensure_ascii=False), encoding="utf-8")
    central.admin("catalogue-update", "--file", str(update))
    second = engine.run_once()
    assert second.catalogue.startswith(f"revision {revision + 1}"), second
    assert second.catalogue.endswith("(changes only)")  # a delta, not the whole again
    assert engine.run_once().catalogue.startswith("unchanged")
    kiosk = Kiosk(KioskConfig(), store.data_dir)  # a restart serves the platform's
    try:
        assert kiosk.catalogue.item(item["code"]).name == item["name"]
        assert kiosk.catalogue.item(document[1]["code"]) is None
    finally:
        kiosk.close()


def test_a_kiosk_updated_to_read_records_downloads_the_whole_catalogue_once(central, store):
    platform = enrolled(store, central)
    engine = engine_for(store, platform)
    engine.run_once()
    # As a kiosk of the release before kept it: items of version 2, no record of asking.
    store.platform.put({"catalogue.item_schema": "2"})
    assert engine.run_once().catalogue.endswith("(in full)")
    kiosk = Kiosk(KioskConfig(), store.data_dir)
    try:
        assert kiosk.catalogue.item("SB-0017").record.proof == "insurance"
    finally:
        kiosk.close()
    assert engine.run_once().catalogue.startswith("unchanged")


def test_heartbeats_report_health_and_carry_each_remote_command_once(central, store):
    platform = enrolled(store, central)
    terminal_id = store.platform.load().terminal_id
    store.outbox.submit(application(1, seed=8, terminal=store))
    engine = SyncEngine(store, platform, retention_days=7,
                        health=lambda: {"printer": {"state": "paper_out"}})
    central.admin("command", "--terminal", terminal_id, "--command", "out_of_service")
    report = engine.run_once()
    assert report.commands == ["out_of_service"]
    assert engine.status().out_of_service
    assert engine.run_once().commands == []  # acknowledged: not run twice
    assert engine.run_once().commands == []
    central.admin("command", "--terminal", terminal_id, "--command", "back_in_service")
    assert engine.run_once().commands == ["back_in_service"]
    assert not engine.status().out_of_service
    seen = next(t for t in central.report()["terminals"] if t["terminal_id"] == terminal_id)
    assert seen["last_heartbeat"] is not None
    assert "paper_out" in json.dumps(seen, ensure_ascii=False)


def test_an_item_whose_file_is_damaged_here_is_set_aside_and_the_rest_goes_on(central, store):
    platform = enrolled(store, central)
    damaged = store.outbox.submit(application(1, seed=9, terminal=store))
    damaged.attachments[0].write_bytes(b"not the scan")
    fine = application(2, seed=9, id_number="110101195803150036", terminal=store)
    store.outbox.submit(fine)
    report = engine_for(store, platform).run_once()
    assert report.delivered == 1 and report.rejected == 1
    row = store.outbox.get(damaged.client_id)
    assert row.state == "rejected" and "damaged on this terminal" in row.last_error


def test_the_oldest_item_waiting_too_long_raises_the_technicians_alert(store, caplog):
    link_to_nowhere(store)
    store.outbox.submit(application(1, seed=10, terminal=store))
    engine = engine_for(store, fast_platform_config(alert_after_s=0.05))
    assert not engine.status().alert
    time.sleep(0.1)
    engine.run_once()
    assert engine.status().alert
    assert "the oldest queued item has waited" in caplog.text


def test_kiosk_sync_once_reports_what_it_did_as_json(central, tmp_path):
    data = tmp_path / "k"
    with Store.open(data) as store:
        enrolled(store, central)
        store.outbox.submit(application(1, seed=11, terminal=store))
    result = subprocess.run([sys.executable, "-m", "kiosk", "sync", "--once", "--json",
                             "--data-dir", str(data)], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    done = json.loads(result.stdout)
    assert done["report"]["delivered"] == 1 and done["status"]["queued"] == 0
    assert done["report"]["catalogue"].startswith("revision ")
    listing = subprocess.run([sys.executable, "-m", "kiosk", "outbox", "--all", "--json",
                              "--data-dir", str(data)], capture_output=True, text=True,
                             timeout=120)
    rows = json.loads(listing.stdout)["items"]
    assert [r["state"] for r in rows] == ["delivered"] and rows[0]["case_number"]
    assert RESIDENT_ID not in listing.stdout + result.stdout
    assert "王秀兰" not in listing.stdout + result.stdout


def test_kiosk_sync_once_without_enrollment_says_how_to_enroll(tmp_path):
    result = subprocess.run([sys.executable, "-m", "kiosk", "sync", "--once",
                             "--data-dir", str(tmp_path / "k")], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 2
    assert "kiosk enroll --platform URL --code CODE" in result.stdout


def test_the_demo_platform_starts_and_enrolls_the_terminal(tmp_path):
    from kiosk.sync.demo_platform import DemoPlatform

    kiosk = Kiosk(KioskConfig(platform=fast_platform_config()), tmp_path / "k")
    platform = DemoPlatform(tmp_path / "k" / "demo-platform")
    try:
        platform.start_and_enroll(kiosk)
        assert platform.wait_enrolled()
        terminal_id = kiosk.store.platform.load().terminal_id
        assert kiosk.context.terminal.id == terminal_id  # new tracking numbers carry it
        kiosk.store.outbox.submit(application(1, seed=12, terminal=kiosk.store))
        kiosk.sync.wake()
        deadline = time.monotonic() + 60
        while kiosk.sync_status().queued and time.monotonic() < deadline:
            time.sleep(0.1)
        assert kiosk.sync_status().queued == 0 and kiosk.sync_status().online
    finally:
        kiosk.close()
        platform.stop()


def test_the_heartbeat_tells_the_platform_someone_is_guessing_the_technician_pin(central, tmp_path):
    data = tmp_path / "kiosk"
    with Store.open(data) as store:
        platform = enrolled(store, central)
        terminal_id = store.platform.load().terminal_id
    pin = "482915"
    config = KioskConfig(platform=platform, technician=dataclasses.replace(
        KioskConfig().technician, pin_hash=hash_pin(pin)))
    kiosk = Kiosk(config, data)
    try:
        for guess in ("111111", "222222", "333333", "444444", "555555", "666666"):
            assert not kiosk.technician_gate.check(guess).accepted
        kiosk.sync.run_once()
    finally:
        kiosk.close()
    seen = next(t for t in central.report()["terminals"] if t["terminal_id"] == terminal_id)
    assert '"pin_refused": 5' in json.dumps(seen)  # the sixth met the lock, not the PIN
    assert '"pin_locks": 1' in json.dumps(seen) and '"pin_set": true' in json.dumps(seen)
