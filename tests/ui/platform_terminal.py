"""A terminal enrolled in the real reference platform on a loopback port, for the UI
tests of screens the platform answers (records, proofs, e-licences)."""

from __future__ import annotations

import pytest

from kiosk.config import KioskConfig, PlatformConfig


@pytest.fixture
def platform(tmp_path):
    from tests.central.harness import CentralServer

    server = CentralServer(db=tmp_path / "central.sqlite3", log=tmp_path / "central.log")
    server.start()
    try:
        yield server
    finally:
        server.stop()


def enrolled_terminal(make_terminal, tmp_path, platform):
    from kiosk.sync.enrollment import enroll
    from offline_cache.store import Store

    config = KioskConfig()
    config.platform = PlatformConfig(connect_timeout_s=1.0, read_timeout_s=5.0)
    with Store.open(tmp_path / "data") as store:  # make_terminal's first data dir
        enroll(store, platform.url, platform.enroll_code(), config.platform)
    t = make_terminal(config=config, fake_clock=True)
    t.kiosk.sync.run_once(tasks=("heartbeat",))  # online, its signing key registered
    assert t.kiosk.sync_status().online is True
    return t
