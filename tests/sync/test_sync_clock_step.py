"""The terminal's wall clock steps back (a time server correcting it after a boot with a
wrong clock, a technician setting it): syncing goes on as before, it does not wait for
the clock to catch up with the time it was at."""

from __future__ import annotations

import random
import time

from kiosk.sync.engine import SyncEngine
from tests.sync.conftest import application, enrolled
from tests.sync.test_offline_journey import wait_until

DAY_S = 24 * 3600.0
WAIT_LIMIT_S = 20  # a safety net for a broken engine, not a performance figure


class WallClock:
    """The terminal's wall clock (time.time) that a test can step."""

    def __init__(self) -> None:
        self.step_s = 0.0

    def __call__(self) -> float:
        return time.time() + self.step_s


def test_an_item_waiting_for_its_retry_time_goes_on_the_next_round_after_a_step_back(
        central, store):
    platform = enrolled(store, central)  # the longest backoff is 0.4 s here
    wall = WallClock()
    engine = SyncEngine(store, platform, retention_days=7, clock=wall,
                        rng=random.Random(1))
    waiting = application(1, seed=30, terminal=store)
    held = application(2, seed=31, terminal=store)
    for record in (waiting, held):
        store.outbox.submit(record)
    # Both failed once on the platform's side; each waits its own backoff (as the engine
    # stores it after a 503 on that item), in wall time.
    store.outbox.requeue(waiting.client_id, "HTTP 503", not_before=wall() + 0.3)
    store.outbox.requeue(held.client_id, "HTTP 503", not_before=wall() + 0.3)
    assert engine.run_once(("uploads",)).delivered == 0  # a retry time holds an item back

    wall.step_s = -DAY_S  # the clock goes back a day, while the first one still waits
    store.outbox.requeue(held.client_id, "HTTP 503", not_before=wall() + 0.3)
    report = engine.run_once(("uploads",))

    assert report.delivered == 1, report  # the next round sends it, not tomorrow
    assert store.outbox.get(waiting.client_id).state == "delivered"
    assert store.outbox.get(held.client_id).state == "queued"  # a retry time set since holds


def test_a_backward_clock_step_while_offline_does_not_hold_syncing_back(own_central, store):
    platform = enrolled(store, own_central)
    wall = WallClock()
    engine = SyncEngine(store, platform, retention_days=7, clock=wall,
                        rng=random.Random(2))
    own_central.stop()
    engine.start()
    try:
        assert wait_until(lambda: engine.status().online is False, WAIT_LIMIT_S)
        wall.step_s = -DAY_S  # the time server corrects the clock while the link is down
        own_central.start()
        record = application(1, seed=32, terminal=store)
        store.outbox.submit(record)
        engine.wake()  # as a journey does when it files
        assert wait_until(lambda: engine.status().queued == 0, WAIT_LIMIT_S), engine.status()
        assert store.outbox.get(record.client_id).state == "delivered"
        assert engine.status().online is True
    finally:
        engine.stop()
