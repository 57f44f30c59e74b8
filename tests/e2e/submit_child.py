"""A kiosk stand-in for the durability tests: files submissions, says so, and waits to be
killed. Run as `python submit_child.py DATA_DIR MODE CLIENT_ID [FSIZE_LIMIT]`.

MODE "confirm": one submission, then "CONFIRMED <client_id>" and sleep.
MODE "stream":  submissions CLIENT_ID-1, -2, ... each followed by its CONFIRMED line.
MODE "fsize":   a file size limit of FSIZE_LIMIT bytes first (SIGXFSZ ignored, so writes
                fail with EFBIG instead of killing us), then one submission: prints
                "REFUSED <reason>" or "CONFIRMED <client_id>".
"""

from __future__ import annotations

import random
import resource
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from offline_cache.store import (  # noqa: E402
    AttachmentData,
    StorageUnavailable,
    Store,
    SubmissionRecord,
)

ATTACHMENT_BYTES = 200_000


def attachment_contents(client_id: str) -> tuple[bytes, bytes]:
    """The two scans a submission carries: derived from its client id, so the parent
    knows what must be on disk without being told by the child."""
    rng = random.Random(client_id)
    return rng.randbytes(ATTACHMENT_BYTES), rng.randbytes(ATTACHMENT_BYTES)


def record(client_id: str, sequence: int) -> SubmissionRecord:
    first, second = attachment_contents(client_id)
    return SubmissionRecord(
        client_id=client_id,
        kind="application",
        service_code="11370100MB28526386-001",
        tracking_number=f"TEST01-20261129-{sequence:05d}",
        payload={"applicant": {"id_number": "11010519491231002X", "name": "测试"},
                 "answers": {"reason": "durability test"}},
        attachments=(AttachmentData("户口簿首页.jpg", "image/jpeg", first),
                     AttachmentData("结婚证.jpg", "image/jpeg", second)),
        test_traffic=True,
    )


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main(argv: list[str]) -> int:
    data_dir, mode, client_id = Path(argv[1]), argv[2], argv[3]
    store = Store.open(data_dir, min_free_bytes=0)
    if mode == "fsize":
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        limit = int(argv[4])
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    if mode == "stream":
        for n in range(1, 100_000):
            entry = store.outbox.submit(record(f"{client_id}-{n}", store.allocate_sequence("s")))
            say(f"CONFIRMED {entry.client_id}")
        return 0
    try:
        entry = store.outbox.submit(record(client_id, store.allocate_sequence("s")))
    except StorageUnavailable as exc:
        say(f"REFUSED {exc.reason}")
        store.close()
        return 0
    say(f"CONFIRMED {entry.client_id}")
    if mode == "confirm":
        time.sleep(600)  # the parent kills us before this ends
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
