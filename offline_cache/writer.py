"""The one writer: every change to the database goes through one lock-serialised connection.

SQLite allows one writer at a time anyway; serialising in-process first means threads
queue on a Python lock (cheap, fair enough) instead of spinning on SQLITE_BUSY, and a
multi-step write (files first, then the row naming them) stays one critical section.
Readers get their own connection per thread: in WAL mode they never wait for the writer.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from offline_cache.errors import StorageUnavailable, unavailable

# How long a write failure (other than a busy lock) keeps the store "not accepting":
# long enough that the next resident is not led into the same failure, short enough
# that a passing fault does not close the terminal for the night.
FAILURE_HOLD_S = 60.0


def connect(path: Path, busy_timeout_s: float) -> sqlite3.Connection:
    """A connection in autocommit mode: transactions are opened explicitly."""
    conn = sqlite3.connect(
        path, timeout=busy_timeout_s, isolation_level=None, check_same_thread=False
    )
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


class Writer:
    def __init__(self, conn: sqlite3.Connection, path: Path, busy_timeout_s: float):
        self._conn = conn
        self._path = path
        self._busy_timeout_s = busy_timeout_s
        # Re-entrant so that a caller can hold it across a transaction and its clean-up.
        self._lock = threading.RLock()
        self._readers: list[sqlite3.Connection] = []
        self._readers_lock = threading.Lock()
        self._local = threading.local()
        self._failure: tuple[str, float] | None = None
        self._closed = False

    # -- writing ----------------------------------------------------------------------

    @contextlib.contextmanager
    def exclusive(self) -> Iterator[None]:
        """Hold the writer for a multi-step change; waits at most the busy timeout."""
        if not self._lock.acquire(timeout=self._busy_timeout_s):
            raise StorageUnavailable(
                "busy", f"another write held the store for over {self._busy_timeout_s:g} s"
            )
        try:
            if self._closed:
                raise StorageUnavailable("write_failed", "the store is closed")
            yield
        finally:
            self._lock.release()

    @contextlib.contextmanager
    def transaction(self, doing: str, *, durable: bool = True) -> Iterator[sqlite3.Connection]:
        """One write transaction. `durable=False` skips the fsync at commit (audit trail):
        the change survives the process dying, but maybe not a power cut."""
        with self.exclusive():
            conn = self._conn
            try:
                if not durable:
                    conn.execute("PRAGMA synchronous = NORMAL")
                try:
                    conn.execute("BEGIN IMMEDIATE")
                    yield conn
                    conn.execute("COMMIT")
                finally:
                    if conn.in_transaction:
                        with contextlib.suppress(sqlite3.Error):
                            conn.execute("ROLLBACK")
                    if not durable:
                        conn.execute("PRAGMA synchronous = FULL")
            except (sqlite3.Error, OSError) as exc:
                error = unavailable(doing, exc)
                self.note_failure(error)
                raise error from exc
            except StorageUnavailable as exc:
                self.note_failure(exc)
                raise
        self._failure = None

    def note_failure(self, error: StorageUnavailable) -> None:
        # A held lock is someone else's write, not a sick disk: it says nothing lasting.
        if error.reason != "busy":
            self._failure = (error.reason, time.monotonic())

    def recent_failure(self) -> str | None:
        """The reason of a write failure that should still keep submissions closed."""
        if self._failure is None:
            return None
        reason, at = self._failure
        if reason == "corrupt" or time.monotonic() - at < FAILURE_HOLD_S:
            return reason
        return None

    def limit_pages(self, max_pages: int) -> int:
        """Cap the database size on the writer connection (PRAGMA max_page_count).

        For tests that need a database that fills up, without filling a real disk.
        Returns the cap SQLite applied (never below the current size)."""
        with self.exclusive():
            return self._conn.execute(f"PRAGMA max_page_count = {int(max_pages)}").fetchone()[0]

    def page_count(self) -> int:
        with self.exclusive():
            return self._conn.execute("PRAGMA page_count").fetchone()[0]

    # -- reading ----------------------------------------------------------------------

    def reader(self) -> sqlite3.Connection:
        """This thread's read connection, opened on first use."""
        if self._closed:
            raise StorageUnavailable("write_failed", "the store is closed")
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = connect(self._path, self._busy_timeout_s)
            conn.execute("PRAGMA query_only = ON")
            with self._readers_lock:
                self._readers.append(conn)
            self._local.conn = conn
        return conn

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            with self._readers_lock:
                for conn in self._readers:
                    conn.close()
                self._readers.clear()
            self._conn.close()
