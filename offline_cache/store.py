"""The terminal's local store: one SQLite database plus attachment files in a data directory.

SQLite in WAL mode with synchronous=FULL: a commit is on disk when it returns, and readers
never wait for the writer. All writes go through one lock-serialised writer connection
(see writer.py). The schema is migrated in versioned steps at open (see migrations.py).

The data directory and every file in it are the kiosk user's alone (0700/0600, see
private_files.py); residents' personal data in it is sealed under a key kept in the key
directory, with the terminal's enrollment (keys.py, sealing.py).

A database that is damaged (not a database, malformed, failing its integrity check, or
sealed under a key that is missing) is renamed aside, never deleted, and the terminal
starts with a fresh one so it keeps serving; what can be read of the damaged one is
salvaged into the fresh one at once (salvage.py) and the counts are kept for the
technician.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from offline_cache.attachments import AttachmentFiles, fsync_directory
from offline_cache.audit import Audit
from offline_cache.catalogue_cache import CatalogueCache
from offline_cache.data_dir import data_dir_problem
from offline_cache.errors import SchemaTooNew, StorageUnavailable, failure_reason, unavailable
from offline_cache.item_use import ItemUse
from offline_cache.keys import KeyDirectory, KeyMissing, default_key_dir
from offline_cache.legacy import seal_unsealed
from offline_cache.migrations import migrate
from offline_cache.outbox import (
    AttachmentData,
    Outbox,
    OutboxEntry,
    StoredAttachment,
    SubmissionRecord,
    disk_free_bytes,
)
from offline_cache.platform_link import PlatformLink, PlatformLinkStore
from offline_cache.private_files import private_directory, private_file, tighten
from offline_cache.receipts import Receipts
from offline_cache.salvage import SalvageReport, salvage, salvage_reports
from offline_cache.sealing import Sealer
from offline_cache.writer import Writer, connect

__all__ = [
    "AttachmentData",
    "Outbox",
    "OutboxEntry",
    "PlatformLink",
    "SchemaTooNew",
    "StorageUnavailable",
    "Store",
    "StoreStatus",
    "StoredAttachment",
    "SubmissionRecord",
]

log = logging.getLogger(__name__)

DB_NAME = "kiosk.db"
ATTACHMENTS_DIR = "attachments"


@dataclass(frozen=True)
class StoreStatus:
    accepting_submissions: bool
    reason: str | None  # "disk_full", "write_failed", ... when not accepting
    free_bytes: int
    queued: int  # outbox rows not yet delivered
    oldest_queued_at: str | None


class _Damaged(Exception):
    """The database file is not usable as it is; `why` says how, without data."""

    def __init__(self, why: str):
        super().__init__(why)
        self.why = why


class Store:
    outbox: Outbox
    receipts: Receipts
    audit: Audit
    catalogue: CatalogueCache
    platform: PlatformLinkStore
    item_use: ItemUse

    def __init__(self, data_dir: Path, writer: Writer, keys: KeyDirectory, sealer: Sealer, *,
                 min_free_bytes: int, set_aside: Path | None):
        self.data_dir = data_dir
        self.keys = keys
        self.set_aside = set_aside  # where a damaged database was moved at open, if any
        self._writer = writer
        self._sealer = sealer
        self._min_free_bytes = min_free_bytes
        files = AttachmentFiles(data_dir, data_dir / ATTACHMENTS_DIR)
        self.outbox = Outbox(writer, files, min_free_bytes=min_free_bytes,
                             free_bytes=lambda: disk_free_bytes(data_dir), sealer=sealer)
        self.receipts = Receipts(writer, sealer)
        self.audit = Audit(writer)
        self.catalogue = CatalogueCache(writer)
        self.platform = PlatformLinkStore(writer, keys)
        self.item_use = ItemUse(writer)
        self._files = files

    @classmethod
    def open(cls, data_dir: Path, *, key_dir: Path | None = None,
             min_free_bytes: int = 200 * 1024 * 1024, busy_timeout_s: float = 2.0) -> Store:
        """Open (creating if new) the store in `data_dir`, its keys in `key_dir` (default:
        beside it, see keys.py). Raises NotOurs for another user's directory, and
        StorageUnavailable (nothing left open) when it cannot be used, with the cause the
        directory shows (read-only, full, not a folder)."""
        data_dir = Path(data_dir)
        try:
            return cls._open(data_dir, key_dir, min_free_bytes, busy_timeout_s)
        except (StorageUnavailable, OSError) as exc:
            raise data_dir_problem(data_dir) or unavailable("opening the store", exc) from exc

    @classmethod
    def _open(cls, data_dir: Path, key_dir: Path | None, min_free_bytes: int,
              busy_timeout_s: float) -> Store:
        # Resolved: entries hand out absolute attachment paths.
        data_dir = private_directory(data_dir, "data directory")
        keys = KeyDirectory(key_dir if key_dir is not None else default_key_dir(data_dir))
        tighten(data_dir)
        db_path = data_dir / DB_NAME
        set_aside = why = None
        try:
            conn, sealer = _open_sealed(db_path, keys, busy_timeout_s)
        except _Damaged as damage:
            set_aside, why = _set_aside(data_dir, damage.why), damage.why
            conn, sealer = _open_sealed(db_path, keys, busy_timeout_s)
        try:
            (data_dir / ATTACHMENTS_DIR).mkdir(mode=0o700, exist_ok=True)
        except BaseException:
            conn.close()
            raise
        store = cls(data_dir, Writer(conn, db_path, busy_timeout_s), keys, sealer,
                    min_free_bytes=min_free_bytes, set_aside=set_aside)
        store._sweep_orphan_files()
        if set_aside is not None:
            try:
                store.salvage(set_aside, why=why)
            except BaseException:
                store.close()  # the damaged file stays set aside for `kiosk store salvage`
                raise
        return store

    def salvage(self, damaged: Path, *, why: str = "set aside earlier") -> SalvageReport:
        """Recover what can be read of a damaged database file (and the attachments set
        aside beside it) into this store; kept for the technician (`salvage_reports`)."""
        return salvage(damaged, self._writer, self.keys, self._sealer, self._files, why=why)

    def salvage_reports(self) -> list[SalvageReport]:
        """Every salvage of a damaged store into this one, newest first."""
        return salvage_reports(self._writer.reader())

    def close(self) -> None:
        self._writer.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def status(self) -> StoreStatus:
        """Whether a submission can be taken now, and the queue depth, for the screens
        (close services that need a submission) and the technician's view."""
        free = disk_free_bytes(self.data_dir)
        reason = "disk_full" if free < self._min_free_bytes else self._writer.recent_failure()
        try:
            queued, oldest = self.outbox.queue_summary()
        except sqlite3.Error as exc:
            queued, oldest = 0, None
            reason = reason or failure_reason(exc)
        return StoreStatus(reason is None, reason, free, queued, oldest)

    def allocate_sequence(self, scope: str) -> int:
        """The next number in `scope` (e.g. a day, "20261129"): 1, 2, 3 ... never repeated
        for anything confirmed, also across restarts and power cuts.

        The commit skips its own fsync: a number is only ever shown after a later durable
        commit (the outbox row), and that commit's WAL sync carries this one to disk too.
        A number lost to a power cut before then was never shown, so handing it out again
        is harmless. This halves the disk flushes of a Submit tap."""
        with self._writer.transaction("allocating a sequence number", durable=False) as conn:
            return conn.execute(
                "INSERT INTO sequence (scope, last) VALUES (?, 1) ON CONFLICT (scope)"
                " DO UPDATE SET last = last + 1 RETURNING last",
                (scope,),
            ).fetchone()[0]

    def limit_database_growth(self, extra_pages: int) -> None:
        """Let the database grow by at most `extra_pages` pages from its size now.

        A test hook: it makes a database that fills up (SQLITE_FULL) without filling the
        disk. It applies to this store's writer connection only, until close."""
        self._writer.limit_pages(self._writer.page_count() + extra_pages)

    def _sweep_orphan_files(self) -> None:
        """Remove attachment folders that no row names (a submit that died before its
        commit). Skipped, not waited for, if another process is writing right now."""
        try:
            with self._writer.transaction("removing unconfirmed attachment files") as conn:
                known = {row[0] for row in conn.execute("SELECT client_id FROM outbox")}
                removed = self._files.sweep_orphans(known)
        except StorageUnavailable as exc:
            log.warning("left unconfirmed attachment files for later: %s", exc)
            return
        if removed:
            log.warning("removed %d unconfirmed attachment folder(s) left by an interrupted "
                        "submission", removed)


def _open_sealed(db_path: Path, keys: KeyDirectory,
                 busy_timeout_s: float) -> tuple[sqlite3.Connection, Sealer]:
    """The checked database and the sealer of its personal data. A database sealed under a
    key that is missing is _Damaged: its data is never mixed with a new key's."""
    private_file(db_path)
    conn = _open_checked(db_path, busy_timeout_s)
    try:
        row = conn.execute("SELECT value FROM store_meta WHERE key = 'key_id'").fetchone()
        if row is None:
            key_id, key = keys.create_store_key()
            conn.execute("INSERT INTO store_meta (key, value) VALUES ('key_id', ?)", (key_id,))
        else:
            key_id = row[0]
            try:
                key = keys.store_key(key_id)
            except KeyMissing as exc:
                raise _Damaged(str(exc)) from None
        sealer = Sealer(key, key_id)
        seal_unsealed(conn, sealer, keys, db_path.parent)
        return conn, sealer
    except sqlite3.Error as exc:
        conn.close()
        raise unavailable("sealing the store", exc) from exc
    except BaseException:
        conn.close()
        raise


def _open_checked(db_path: Path, busy_timeout_s: float) -> sqlite3.Connection:
    """Open, configure, check and migrate the database; _Damaged if it is not usable."""
    try:
        conn = connect(db_path, busy_timeout_s)
    except sqlite3.Error as exc:
        raise unavailable("opening the database", exc) from exc
    try:
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode.lower() != "wal":
            raise StorageUnavailable("write_failed", f"could not use WAL mode (got {mode})")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA secure_delete = ON")  # purged answers are overwritten, not freed
        problems = [row[0] for row in conn.execute("PRAGMA integrity_check(5)").fetchall()]
        if problems != ["ok"]:
            raise _Damaged(f"integrity check failed: {problems[0]}")
        migrate(conn)
        return conn
    except sqlite3.Error as exc:
        conn.close()
        if failure_reason(exc) == "corrupt":
            raise _Damaged(str(exc.args[0]) if exc.args else "malformed") from exc
        raise unavailable("opening the database", exc) from exc
    except BaseException:
        conn.close()
        raise


def _set_aside(data_dir: Path, why: str) -> Path:
    """Rename the damaged database, its -wal/-shm and the attachments its rows name."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    target = data_dir / f"{DB_NAME}.corrupt-{stamp}"
    n = 1
    while target.exists():  # two set-asides in one second: keep both
        n += 1
        target = data_dir / f"{DB_NAME}.corrupt-{stamp}-{n}"
    try:
        (data_dir / DB_NAME).rename(target)
        for suffix in ("-wal", "-shm"):
            companion = data_dir / f"{DB_NAME}{suffix}"
            if companion.exists():
                companion.rename(target.with_name(target.name + suffix))
        attachments = data_dir / ATTACHMENTS_DIR
        moved_files = ""
        if attachments.exists() and any(attachments.iterdir()):
            attachments.rename(target.with_name(target.name + "-" + ATTACHMENTS_DIR))
            moved_files = f" (its attachment files moved beside it, to {target.name}-attachments)"
    except OSError as exc:
        raise unavailable("setting aside a damaged database", exc) from exc
    with contextlib.suppress(OSError):
        fsync_directory(data_dir)
    log.error(
        "local database was damaged (%s): set aside as %s%s; starting a fresh, empty one",
        why, target, moved_files,
    )
    return target
