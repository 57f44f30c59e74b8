"""Whether the data directory can keep anything now, and if not, why, in the technician's words.

SQLite says "unable to open database file" for a read-only disk, a missing folder and a
file in the folder's place alike. This looks at the directory itself: made if missing,
on a filesystem mounted writable, taking a small file to disk, with enough free space.
The store asks it when opening fails (to name the cause); `kiosk devices check` asks it
without opening the database, so it is safe beside a running kiosk.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from offline_cache.errors import StorageUnavailable, unavailable
from offline_cache.outbox import disk_free_bytes

MB = 1024 * 1024
_PROBE_BYTES = 4096  # one page: a disk that cannot take this cannot take a commit


def data_dir_problem(data_dir: Path, *, min_free_bytes: int = 0) -> StorageUnavailable | None:
    """Why nothing can be kept in `data_dir` now, or None when it can."""
    data_dir = Path(data_dir)
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return unavailable("making the data directory", exc)
    try:
        read_only = bool(os.statvfs(data_dir).f_flag & os.ST_RDONLY)
    except OSError as exc:
        return unavailable("looking at the data directory's filesystem", exc)
    if read_only:
        return StorageUnavailable("read_only", "the data directory's filesystem is mounted "
                                               "read-only")
    try:
        fd, probe = tempfile.mkstemp(prefix=".write-test-", dir=data_dir)
        try:
            os.write(fd, bytes(_PROBE_BYTES))
            os.fsync(fd)
        finally:
            os.close(fd)
            os.unlink(probe)
    except OSError as exc:
        return unavailable("writing a test file in the data directory", exc)
    free = disk_free_bytes(data_dir)
    if free < min_free_bytes:
        return StorageUnavailable("disk_full", f"{free // MB} MB free, below the configured "
                                               f"minimum of {min_free_bytes // MB} MB")
    return None
