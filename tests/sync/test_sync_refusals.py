"""An item the platform refuses for good is set aside with its reason, alerted, shown with
what its resident should do, and not sent again; the rest of the queue goes on."""

from __future__ import annotations

import uuid

import requests

from kiosk.config import KioskConfig
from kiosk.sync.commands import enroll_command, outbox_command, send_again_command
from offline_cache.store import Store
from tests.sync.conftest import application, engine_for, enrolled


def file_directly(central, token: str, tracking_number: str) -> None:
    """The platform files another submission under this number first (the terminal's
    store was replaced, say, and numbers its day again from 1)."""
    answer = requests.post(
        central.url + "/v1/submissions",
        json={"kind": "application", "service_code": "JY-0001", "test": True,
              "tracking_number": tracking_number, "payload": {"n": "other"}},
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": uuid.uuid4().hex},
        timeout=30)
    assert answer.status_code == 201, answer.text


def test_a_tracking_number_taken_on_the_platform_is_set_aside_alerted_and_not_retried(
        central, tmp_path, capsys):
    data = tmp_path / "kiosk"
    with Store.open(data) as store:
        platform = enrolled(store, central)
        link = store.platform.load()
        taken = application(1, seed=60, terminal=store)
        fine = application(2, seed=60, terminal=store, id_number="110101195803150036")
        store.outbox.submit(taken)
        store.outbox.submit(fine)
        file_directly(central, link.token, taken.tracking_number)
        engine = engine_for(store, platform)
        report = engine.run_once()
        assert report.rejected == 1 and report.delivered == 1
        row = store.outbox.get(taken.client_id)
        assert row.state == "rejected"
        assert "another submission under this tracking number" in row.last_error
        status = engine.status()
        assert status.rejected == 1 and status.alert and status.online
        attempts = row.attempts
        for _ in range(3):
            engine.run_once()
        assert store.outbox.get(taken.client_id).attempts == attempts  # never sent again
        seen = next(t for t in central.report()["terminals"]
                    if t["terminal_id"] == link.terminal_id)
        assert '"set_aside": 1' in str(seen).replace("'", '"')
        engine.stop()
    assert outbox_command(KioskConfig(), data, as_json=False, include_done=False) == 0
    out = capsys.readouterr().out
    assert "1 set aside" in out and "ALERT: items set aside" in out
    assert f"tell the resident holding receipt {taken.tracking_number}" in out
    assert "another submission under this tracking number" in out


def test_an_item_numbered_under_an_earlier_enrollment_is_set_aside_with_that_reason(
        central, store):
    enrolled(store, central)
    old = application(1, seed=61, terminal=store)
    store.outbox.submit(old)
    platform = enrolled(store, central)  # a new code, a new terminal id
    assert store.platform.load().terminal_id not in old.tracking_number
    engine = engine_for(store, platform)
    assert engine.run_once().rejected == 1
    row = store.outbox.get(old.client_id)
    assert row.state == "rejected"
    assert row.last_error.startswith("number_not_this_terminals:")
    assert engine.status().alert


def test_a_technician_sends_an_item_again_once_the_terminal_has_its_old_id_back(
        central, tmp_path):
    """Enrolled anew with a plain code, the terminal set aside what it numbered under its
    old id; re-enrolled under the old id, a technician sends it again and it is filed."""
    data = tmp_path / "kiosk"
    with Store.open(data) as store:
        enrolled(store, central)
        old_id = store.platform.load().terminal_id
        old = application(1, seed=62, terminal=store)
        store.outbox.submit(old)
        platform = enrolled(store, central)  # a plain code: a new id
        engine_for(store, platform).run_once()
        assert store.outbox.get(old.client_id).state == "rejected"
    config = KioskConfig(platform=platform)
    assert send_again_command(config, data, "NO-SUCH-NUMBER") == 1
    code = central.enroll_code(terminal=old_id)
    assert enroll_command(config, data, central.url, code, "") == 0
    assert send_again_command(config, data, old.tracking_number) == 0
    with Store.open(data) as store:
        report = engine_for(store, platform).run_once()
        assert report.delivered == 1, (report, store.outbox.get(old.client_id).last_error)
        assert store.outbox.get(old.client_id).state == "delivered"
        assert any(event["event"] == "technician_send_again"
                   for event in store.audit.for_session("-"))
