"""A resident's whole visit while the platform is down, and what happens when it is back:
the application gets there without anyone touching the terminal, once, and its tracking
number (the paper receipt's) finds the case on the platform."""

from __future__ import annotations

import time

from kiosk.app import Kiosk
from kiosk.config import KioskConfig
from kiosk.journeys import Rating
from tests.central.harness import CentralServer
from tests.e2e.conftest import FIXED_NOW, lift_id_card
from tests.e2e.test_journeys import apply_item, run_application
from tests.sync.conftest import enrolled, fast_platform_config, free_port, platform_submissions

WAIT_LIMIT_S = 60  # a safety net for a broken engine, not a performance figure


def wait_until(condition, limit=WAIT_LIMIT_S) -> bool:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_a_visit_while_the_platform_is_down_reaches_it_when_it_is_back(tmp_path):
    port = free_port()
    central = CentralServer(db=tmp_path / "central.sqlite3", log=tmp_path / "central.log",
                            extra_args=["--port", str(port)]).start()
    config = KioskConfig(platform=fast_platform_config())
    kiosk = Kiosk(config, tmp_path / "kiosk", now=lambda: FIXED_NOW)
    try:
        enrolled(kiosk.store, central)
        kiosk.relink()
        kiosk.start_sync()
        assert wait_until(lambda: kiosk.sync_status().online is True)
        central.stop()

        journey, _ = run_application(kiosk, apply_item(kiosk))
        confirmation = journey.submit()  # confirmed: it is on this terminal's disk
        journey.next()
        journey.rate(Rating(level=5, reasons=("办事效率高",)))
        kiosk.finish()
        assert lift_id_card(kiosk)
        assert wait_until(lambda: kiosk.sync_status().online is False)
        assert kiosk.sync_status().queued == 2  # the application and its rating

        central.start()  # back, on the same address, nobody touches the terminal
        assert wait_until(lambda: kiosk.sync_status().queued == 0), kiosk.sync_status()
        entry = kiosk.store.outbox.get(journey.client_id)
        assert entry.state == "delivered" and entry.case_number

        # As the platform's operators see it (a terminal sees a case only with the
        # resident's proof from a visit).
        [case] = [s for s in platform_submissions(central)
                  if s["tracking_number"] == confirmation.tracking_number]
        assert case["case_number"] == entry.case_number
        report = central.report()
        assert report["submissions"] == 1 + 1 and report["ratings"] == 1
    finally:
        kiosk.close()
        central.stop()
