"""A terminal stand-in for the SIGKILL test: files submissions and syncs them, over and
over, until it is killed. Run as `python sync_child.py DATA_DIR URL`.

Each submission is filed the way the journeys file it (durably, then confirmed: the
child prints "CONFIRMED <client_id>" only after the outbox has it on disk), then a sync
round runs on a thread of its own, so a kill can strike in the middle of either.
"""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from kiosk.sync.engine import SyncEngine  # noqa: E402
from offline_cache.store import Store  # noqa: E402
from tests.sync.conftest import application, fast_platform_config  # noqa: E402

SEED = 7
FILING_PAUSE_S = 0.03  # residents file one after another, not all at once


def record_for(number: int, terminal: str):
    """The `number`th resident's application (each resident their own ID number)."""
    return application(number, seed=SEED, id_number=str(110101195800000000 + number),
                       attachments=2, size=20_000, terminal=terminal)


def main(data_dir: str, url: str) -> None:
    store = Store.open(Path(data_dir))
    platform = fast_platform_config(url=url, backoff_max_s=0.2)
    engine = SyncEngine(store, platform, retention_days=7)

    def sync_forever() -> None:
        while True:
            engine.run_once()

    threading.Thread(target=sync_forever, daemon=True).start()
    number = store.outbox.count()
    terminal = store.platform.load().terminal_id
    while True:
        store.outbox.submit(record_for(number, terminal))
        print(f"CONFIRMED {record_for(number, terminal).client_id}", flush=True)
        number += 1
        time.sleep(FILING_PAUSE_S)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
