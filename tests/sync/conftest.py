"""The kiosk's sync engine against the real reference platform on a loopback port.

A central server per test module (tests enroll terminals of their own); each terminal is
a real store in a temporary directory, enrolled with a one-time code the way a
technician does it. Intervals and backoff are configuration, so they are short here.
"""

from __future__ import annotations

import hashlib
import json
import random
import socket
import uuid
from collections.abc import Iterator

import pytest

from kiosk.config import PlatformConfig
from kiosk.sync.engine import SyncEngine
from kiosk.sync.enrollment import enroll
from offline_cache.platform_link import PlatformLink
from offline_cache.store import AttachmentData, Store, SubmissionRecord
from tests.central.conftest import central, engine  # noqa: F401 - the same fixtures here
from tests.central.harness import CentralServer


def fast_platform_config(**overrides) -> PlatformConfig:
    values = dict(connect_timeout_s=1.0, read_timeout_s=2.0, upload_interval_s=0.2,
                  catalogue_interval_s=0.5, heartbeat_interval_s=0.5, backoff_initial_s=0.05,
                  backoff_max_s=0.4, alert_after_s=3600.0, chunk_kib=64)
    values.update(overrides)
    return PlatformConfig(**values)




def free_port() -> int:
    """A loopback port free now (for a platform that must keep its port across a restart)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def own_central(tmp_path):
    """A platform of this test's own, on a port that stays the same across a restart."""
    server = CentralServer(db=tmp_path / "central.sqlite3", log=tmp_path / "central.log",
                           extra_args=["--port", str(free_port())]).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def store(tmp_path) -> Iterator[Store]:
    with Store.open(tmp_path / "kiosk") as opened:
        yield opened


def enrolled(store: Store, server: CentralServer, url: str | None = None, **config):
    """Enroll `store` with a fresh code from `server` (through `url` when given);
    returns the platform configuration the engine should use."""
    platform = fast_platform_config(**config)
    enroll(store, url or server.url, server.enroll_code(), platform)
    return platform


def link_to_nowhere(store: Store) -> None:
    """Enrolled, with a platform that is not there (nothing listens on port 9)."""
    store.platform.save(PlatformLink("http://127.0.0.1:9", "T0000TEST", "token",
                                     "A" * 43 + "=", "k1"))


def engine_for(store: Store, platform: PlatformConfig, *, retention_days: int = 7,
               seed: int = 1) -> SyncEngine:
    return SyncEngine(store, platform, retention_days=retention_days, rng=random.Random(seed))


RESIDENT_ID = "110101195803150028"  # fictional (the emulators' sample card)


def application(number: int, *, id_number: str = RESIDENT_ID, attachments: int = 1,
                size: int = 3000, seed: int = 0, terminal: Store | str | None = None
                ) -> SubmissionRecord:
    """A resident's application as the journeys file it, with scanned pages, numbered
    under `terminal`'s id (an enrolled store, or an id) as the platform requires."""
    if isinstance(terminal, Store):
        terminal = terminal.platform.load().terminal_id
    rng = random.Random(f"{seed}-{number}")
    files = tuple(
        AttachmentData(f"材料{n + 1}.jpg", "image/jpeg", rng.randbytes(size))
        for n in range(attachments))
    return SubmissionRecord(
        client_id=uuid.UUID(int=rng.getrandbits(128)).hex,
        kind="application",
        service_code="JY-0001",
        tracking_number=f"{terminal or f'T{seed:02d}'}-20261201-{number:05d}",
        payload={"applicant": {"name": "王秀兰", "id_number": id_number},
                 "answers": {"phone": "13800138000", "n": str(number)}},
        attachments=files,
        test_traffic=True,
    )


def digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def platform_submissions(server: CentralServer) -> list[dict]:
    """Every distinct submission the platform holds, as its admin export lists them."""
    return json.loads(server.admin("submissions", "--json").stdout)
