"""Telling the platform that this terminal's storage cannot be used, when nothing else can.

A terminal whose data directory is full or read-only at start has no store, so no sync
engine; it still has its enrollment (kept in the key directory, apart from the data), so
it sends one heartbeat that shows the storage as a failed device and the terminal out of
service. The operators see it on their side before a resident phones the hotline.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
from pathlib import Path

from kiosk.config import KioskConfig
from kiosk.storage import key_dir_for
from offline_cache.keys import KeyMissing, read_link

log = logging.getLogger(__name__)


def tell_platform_storage_unusable(config: KioskConfig, data_dir: Path, problem: str) -> bool:
    """One heartbeat saying so; False when it could not be sent (not enrolled, offline)."""
    from kiosk.sync.client import PlatformClient, PlatformError  # requests: only when needed
    from kiosk.sync.engine import KIOSK_VERSION

    try:
        link = read_link(key_dir_for(config, data_dir))
    except KeyMissing as exc:
        log.error("cannot tell the platform the storage is unusable: %s", exc)
        return False
    if link is None:
        return False
    free = _disk(Path(data_dir))
    body = {
        "devices": {"storage": {"state": "fault", "detail": problem[:500]}},
        "queue": {"depth": 0},
        "disk": {"free_bytes": free[0], "total_bytes": free[1]},
        "versions": {"kiosk": KIOSK_VERSION},
        "sent_at": dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds"),
        "out_of_service": {"by": "terminal", "reason": "storage_unusable"},
    }
    client = PlatformClient(config.platform.url or link.url, token=link.token,
                            ca_file=config.platform.ca_file,
                            connect_timeout_s=config.platform.connect_timeout_s,
                            read_timeout_s=config.platform.read_timeout_s)
    try:
        client.call("POST", "/v1/heartbeats", json_body=body)
    except PlatformError as exc:
        log.warning("could not tell the platform the storage is unusable: %s", exc)
        return False
    finally:
        client.close()
    return True


def _disk(path: Path) -> tuple[int, int | None]:
    """Free and total bytes where the data directory is (or would be)."""
    for candidate in (path, *path.parents):
        try:
            usage = shutil.disk_usage(candidate)
            return usage.free, usage.total
        except OSError:
            continue
    return 0, None
