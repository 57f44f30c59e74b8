"""The terminal killed (SIGKILL) at random moments, 50 times, while it files and syncs:
after each restart it carries on, and in the end the platform holds every confirmed
submission exactly once, with the files the resident's scans made."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk.sync.engine import SyncEngine
from offline_cache.store import Store
from tests.sync.conftest import (
    digest,
    enrolled,
    fast_platform_config,
    platform_submissions,
)
from tests.sync.sync_child import record_for

CHILD = Path(__file__).with_name("sync_child.py")
KILLS = 50


@pytest.mark.slow
def test_fifty_kills_during_filing_and_sync_lose_nothing_and_double_nothing(central, tmp_path):
    data = tmp_path / "kiosk"
    with Store.open(data) as store:
        enrolled(store, central)
        terminal = store.platform.load().terminal_id
    rng = random.Random(2026)
    confirmed: set[str] = set()
    for _ in range(KILLS):
        child = subprocess.Popen([sys.executable, str(CHILD), str(data), central.url],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        first = child.stdout.readline()  # started: the store is open, filing has begun
        assert first.startswith("CONFIRMED "), child.stderr.read()[-2000:]
        confirmed.add(first.split()[1])
        time.sleep(rng.uniform(0.0, 0.4))
        child.send_signal(signal.SIGKILL)
        out, err = child.communicate(timeout=30)
        assert "Traceback" not in err, err[-3000:]
        confirmed |= {line.split()[1] for line in out.splitlines()
                      if line.startswith("CONFIRMED ") and len(line.split()) == 2}

    with Store.open(data) as store:
        engine = SyncEngine(store, fast_platform_config(), retention_days=7)
        for _ in range(20):
            if not store.outbox.pending():
                break
            engine.run_once()
        pending = store.outbox.pending()
        total = store.outbox.count()
        assert pending == [], [(e.state, e.last_error) for e in pending[:5]]
        exported = platform_submissions(central)
    keys = [s["idempotency_key"] for s in exported]
    assert len(keys) == len(set(keys)) == total  # everything filed arrived, once
    assert confirmed <= set(keys)  # nothing a resident was told is lost
    tracking = [s["tracking_number"] for s in exported]
    assert len(tracking) == len(set(tracking))
    by_key = {s["idempotency_key"]: s for s in exported}
    for number in range(total):
        record = record_for(number, terminal)
        got = by_key[record.client_id]
        assert got["payload"] == record.payload
        assert [a["sha256"] for a in got["attachments"]] == [
            digest(a.content) for a in record.attachments]
