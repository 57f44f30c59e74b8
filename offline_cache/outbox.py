"""The outbox: submissions kept durably on this terminal until the platform has them.

A submission is confirmed to the resident only after `Outbox.submit` returns, and by then
its attachment files and its row are on disk. The client id, minted when the resident
starts the journey, makes a submission idempotent: a double tap, a retried screen or two
threads at once still make one row, here and (as the Idempotency-Key) on the platform.

An application's answers and its scans are personal data: they are kept sealed under the
store's key (sealing.py), and who filed an item is kept only as a keyed digest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from offline_cache.attachments import AttachmentFiles
from offline_cache.errors import StorageUnavailable, unavailable
from offline_cache.sealing import Sealer, Unreadable, is_sealed_text
from offline_cache.writer import Writer

KINDS = ("application", "rating", "complaint", "correction")
STATES = ("queued", "sending", "delivered", "rejected")
PENDING_STATES = ("queued", "sending")

# The client id names a directory, so it is held to a safe alphabet (uuid4().hex fits).
_CLIENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,127}")

# Where each kind of submission carries the resident's ID number (for its person digest).
_PERSON_PATHS = ("$.applicant.id_number", "$.complainant.id_number", "$.rater_id_number")


@dataclass(frozen=True)
class AttachmentData:
    name: str  # e.g. "户口簿首页.jpg" (a material name; not personal)
    media_type: str  # "image/jpeg", "image/png", "application/octet-stream"
    content: bytes


@dataclass(frozen=True)
class SubmissionRecord:
    client_id: str  # minted when the resident STARTS the journey; idempotency key
    kind: str  # "application" | "rating" | "complaint"
    service_code: str
    tracking_number: str
    payload: dict  # JSON-serialisable; may hold personal data (it is the application)
    attachments: tuple[AttachmentData, ...] = ()
    test_traffic: bool = False  # burn-in traffic, marked as such


@dataclass(frozen=True)
class OutboxEntry:
    client_id: str
    kind: str
    service_code: str
    tracking_number: str
    state: str  # "queued", "sending", "delivered", "rejected"
    created_at: str  # ISO 8601 UTC
    attempts: int
    last_error: str | None
    test_traffic: bool
    attachments: tuple[Path, ...]  # absolute paths of the stored files
    payload: dict
    case_number: str | None = None  # the platform's, once delivered
    delivered_at: str | None = None  # the platform's clock


@dataclass(frozen=True)
class StoredAttachment:
    """What the sync engine needs to upload one file and check it arrived whole."""

    name: str
    media_type: str
    path: Path
    size: int
    sha256: str
    position: int = 0
    remote_id: str | None = None  # the platform's upload id, once announced
    uploaded: bool = False  # the platform has every byte and checked the digest


@dataclass(frozen=True)
class QueueRow:
    """One outbox row as a technician sees it: no answers, no names, no ID numbers."""

    tracking_number: str
    kind: str
    service_code: str
    state: str
    created_at: str
    attempts: int
    last_error: str | None
    test_traffic: bool
    attachments: int
    case_number: str | None
    delivered_at: str | None
    purged: bool


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


_COLUMNS = (
    "client_id, kind, service_code, tracking_number, state, created_at, attempts, "
    "last_error, test_traffic, payload"
)
_READ_COLUMNS = f"{_COLUMNS}, case_number, delivered_at"


class Outbox:
    def __init__(
        self,
        writer: Writer,
        files: AttachmentFiles,
        *,
        min_free_bytes: int,
        free_bytes: Callable[[], int],
        sealer: Sealer,
    ):
        self._writer = writer
        self._files = files
        self._sealer = sealer
        self._min_free_bytes = min_free_bytes
        self._free_bytes = free_bytes

    # -- filing -----------------------------------------------------------------------

    def submit(self, record: SubmissionRecord) -> OutboxEntry:
        """Durably queue `record`; idempotent on its client id. Raises StorageUnavailable
        (leaving no row and no files) when it could not be kept."""
        payload_json = _checked(record)
        existing = self.get(record.client_id)
        if existing is not None:
            return existing
        needed = sum(len(a.content) for a in record.attachments) + len(payload_json)
        if self._free_bytes() - needed < self._min_free_bytes:
            raise StorageUnavailable("disk_full", "free disk space is below the configured minimum")
        # Files are written inside the database write transaction: whoever holds the write
        # lock is the only one who can be writing a submission's files, in any process.
        with self._writer.exclusive():
            writing_files = False
            try:
                with self._writer.transaction("filing a submission") as conn:
                    # Checked again under the write lock: another thread or process may
                    # have filed the same client id since the look-up above.
                    if _exists(conn, record.client_id):
                        return self._entry(conn, record.client_id)
                    if conn.execute("SELECT 1 FROM outbox WHERE tracking_number = ?",
                                    (record.tracking_number,)).fetchone():
                        raise ValueError("tracking number already used by another submission")
                    writing_files = True
                    self._insert(conn, record, payload_json)
            except BaseException:
                if writing_files:
                    self._discard_unconfirmed_files(record.client_id)
                raise
            return self._entry(self._writer.reader(), record.client_id)

    def submit_together(self, records: list[SubmissionRecord]) -> list[OutboxEntry]:
        """Durably queue `records` all in one transaction, or none of them: the links of
        one life event. Idempotent as `submit`: when the first is filed already (a double
        tap), the entries filed are returned."""
        payloads = [_checked(record) for record in records]
        filed = [self.get(record.client_id) for record in records]
        if all(filed):
            return filed
        needed = sum(len(a.content) for r in records for a in r.attachments) + sum(
            map(len, payloads))
        if self._free_bytes() - needed < self._min_free_bytes:
            raise StorageUnavailable("disk_full", "free disk space is below the configured minimum")
        with self._writer.exclusive():
            written: list[str] = []
            try:
                with self._writer.transaction("filing submissions together") as conn:
                    if _exists(conn, records[0].client_id):
                        return [self._entry(conn, r.client_id) for r in records]
                    for record, payload in zip(records, payloads, strict=True):
                        if conn.execute("SELECT 1 FROM outbox WHERE tracking_number = ?",
                                        (record.tracking_number,)).fetchone():
                            raise ValueError("tracking number already used by another submission")
                        written.append(record.client_id)
                        self._insert(conn, record, payload)
            except BaseException:
                for client_id in written:
                    self._discard_unconfirmed_files(client_id)
                raise
            reader = self._writer.reader()
            return [self._entry(reader, r.client_id) for r in records]

    def _insert(self, conn: sqlite3.Connection, record: SubmissionRecord, payload: str) -> None:
        try:
            stored = self._files.write(record.client_id, [
                (a.name, self._sealer.seal_file_content(
                    a.content, attachment_place(record.client_id, position)))
                for position, a in enumerate(record.attachments, start=1)
            ])
        except OSError as exc:
            raise unavailable("writing attachment files", exc) from exc
        conn.execute(
            f"INSERT INTO outbox ({_COLUMNS}, person_key) "
            "VALUES (?, ?, ?, ?, 'queued', ?, 0, NULL, ?, ?, ?)",
            (record.client_id, record.kind, record.service_code, record.tracking_number,
             utc_now(), int(record.test_traffic),
             self._sealer.seal_text(payload, payload_place(record.client_id)),
             person_key(self._sealer, record.payload)),
        )
        conn.executemany(
            "INSERT INTO outbox_attachment (client_id, position, name, media_type, path, "
            "size, sha256) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (record.client_id, position, a.name, a.media_type, f.relative_path,
                 len(a.content), hashlib.sha256(a.content).hexdigest())
                for position, (a, f) in enumerate(zip(record.attachments, stored,
                                                      strict=True), start=1)
            ],
        )

    def _discard_unconfirmed_files(self, client_id: str) -> None:
        """After a failed submit: remove the files, unless the row did commit after all
        (an error reported after COMMIT reached the disk) - then they are the record."""
        try:
            if _exists(self._writer.reader(), client_id):
                return
        except (sqlite3.Error, StorageUnavailable):
            pass  # cannot tell; the files are unconfirmed either way and nothing names them
        self._files.remove(client_id)

    # -- the sync engine's bookkeeping --------------------------------------------------

    def mark_sending(self, client_id: str) -> None:
        """An upload attempt starts: counted, so a technician sees how often it was tried."""
        self._transition(client_id, "sending", attempts_delta=1)

    def requeue(self, client_id: str, error: str, *, not_before: float = 0.0) -> None:
        """The attempt failed for a passing reason; `error` is plain English, no data.
        `not_before` (time.time()) holds it back from `deliverable` until then."""
        self._update(client_id, "scheduling a retry", state="queued", last_error=error,
                     next_attempt_at=not_before)

    def send_again(self, tracking_number: str) -> bool:
        """A technician queues a set-aside item again (what refused it is resolved); False
        when no set-aside item has that number. Its files are announced afresh: uploads
        made before (under another enrollment, perhaps) may not be this terminal's."""
        with self._writer.transaction("queueing a set-aside item again") as conn:
            row = conn.execute("SELECT client_id FROM outbox WHERE tracking_number = ?"
                               " AND state = 'rejected'", (tracking_number,)).fetchone()
            if row is None:
                return False
            conn.execute("UPDATE outbox SET state = 'queued', next_attempt_at = 0"
                         " WHERE client_id = ?", row)
            conn.execute("UPDATE outbox_attachment SET remote_id = NULL, uploaded = 0"
                         " WHERE client_id = ?", row)
            return True

    def mark_delivered(self, client_id: str, *, case_number: str | None = None,
                       delivered_at: str | None = None) -> None:
        """The platform confirmed it (`delivered_at` is the platform's clock)."""
        self._update(client_id, "recording a delivery", state="delivered", last_error=None,
                     case_number=case_number, delivered_at=delivered_at or utc_now())

    def _update(self, client_id: str, doing: str, **columns) -> None:
        assignments = ", ".join(f"{name} = ?" for name in columns)
        with self._writer.transaction(doing) as conn:
            changed = conn.execute(f"UPDATE outbox SET {assignments} WHERE client_id = ?",
                                   (*columns.values(), client_id)).rowcount
        if not changed:
            raise KeyError(client_id)

    def record_upload(self, client_id: str, position: int, remote_id: str | None,
                      uploaded: bool) -> None:
        """Where an attachment's upload stands on the platform (None: start it again)."""
        with self._writer.transaction("recording an upload") as conn:
            changed = conn.execute(
                "UPDATE outbox_attachment SET remote_id = ?, uploaded = ?"
                " WHERE client_id = ? AND position = ?",
                (remote_id, int(uploaded), client_id, position)).rowcount
        if not changed:
            raise KeyError((client_id, position))

    def purge_delivered(self, delivered_before: str) -> int:
        """Forget the personal data of items the platform confirmed before
        `delivered_before` (ISO 8601 UTC): answers, attachment files, the receipt copy.
        The row stays, without them, so the tracking number keeps its case number."""
        with self._writer.exclusive():
            with self._writer.transaction("purging delivered submissions") as conn:
                ids = [row[0] for row in conn.execute(
                    "SELECT client_id FROM outbox WHERE state = 'delivered'"
                    " AND purged_at IS NULL AND delivered_at < ?", (delivered_before,))]
                now = utc_now()
                for client_id in ids:
                    conn.execute(
                        "UPDATE outbox SET payload = '{}', person_key = NULL, purged_at = ?"
                        " WHERE client_id = ?", (now, client_id))
                    conn.execute("DELETE FROM outbox_attachment WHERE client_id = ?",
                                 (client_id,))
                    conn.execute("DELETE FROM receipt WHERE client_id = ?", (client_id,))
            for client_id in ids:  # after the commit: a crash in between leaves orphans
                self._files.remove(client_id)  # that the next start sweeps away
        return len(ids)

    def mark_rejected(self, client_id: str, error: str) -> None:
        """The platform refused it as invalid: it stays for a technician, not retried."""
        self._transition(client_id, "rejected", last_error=error)

    _KEEP = object()

    def _transition(self, client_id: str, state: str, *, attempts_delta: int = 0,
                    last_error: str | None | object = _KEEP) -> None:
        with self._writer.transaction(f"marking a submission {state}") as conn:
            if last_error is Outbox._KEEP:
                changed = conn.execute(
                    "UPDATE outbox SET state = ?, attempts = attempts + ? WHERE client_id = ?",
                    (state, attempts_delta, client_id),
                ).rowcount
            else:
                changed = conn.execute(
                    "UPDATE outbox SET state = ?, attempts = attempts + ?, last_error = ? "
                    "WHERE client_id = ?",
                    (state, attempts_delta, last_error, client_id),
                ).rowcount
        if not changed:
            raise KeyError(client_id)

    # -- reading ----------------------------------------------------------------------

    def get(self, client_id: str) -> OutboxEntry | None:
        conn = self._writer.reader()
        if not _exists(conn, client_id):
            return None
        return self._entry(conn, client_id)

    def find_by_tracking(self, tracking_number: str) -> OutboxEntry | None:
        conn = self._writer.reader()
        row = conn.execute(
            "SELECT client_id FROM outbox WHERE tracking_number = ?", (tracking_number,)
        ).fetchone()
        return None if row is None else self._entry(conn, row[0])

    def pending(self, limit: int = 100) -> list[OutboxEntry]:
        """Not yet delivered (nor rejected), oldest first: the order the sync engine sends."""
        conn = self._writer.reader()
        rows = conn.execute(
            "SELECT client_id FROM outbox WHERE state IN (?, ?) ORDER BY id LIMIT ?",
            (*PENDING_STATES, limit),
        ).fetchall()
        return [self._entry(conn, client_id) for (client_id,) in rows]

    def deliverable(self, now: float, limit: int = 50, *,
                    horizon: float = math.inf) -> list[OutboxEntry]:
        """What the sync engine may send now, oldest first: not delivered or rejected,
        not held back by a retry time, and no older item of the same resident still
        waiting (a rating after its application). Other residents' items pass a stuck one.
        A retry time more than `horizon` seconds after `now` (wall time) was set before the
        clock stepped back: it holds nothing back."""
        conn = self._writer.reader()
        rows = conn.execute(
            "SELECT client_id FROM outbox AS o WHERE state IN (?, ?)"
            " AND (next_attempt_at <= ? OR next_attempt_at > ?)"
            " AND NOT (o.person_key IS NOT NULL AND EXISTS (SELECT 1 FROM outbox AS e"
            " WHERE e.person_key = o.person_key AND e.id < o.id AND e.state IN (?, ?)))"
            " ORDER BY id LIMIT ?",
            (*PENDING_STATES, now, now + horizon, *PENDING_STATES, limit),
        ).fetchall()
        return [self._entry(conn, client_id) for (client_id,) in rows]

    def next_attempt_at(self, now: float, horizon: float = math.inf) -> float | None:
        """The earliest retry time among waiting items (time.time()), or None if none wait;
        `now` for one further ahead than `horizon` (see `deliverable`)."""
        earliest, latest = self._writer.reader().execute(
            "SELECT min(next_attempt_at), max(next_attempt_at) FROM outbox"
            " WHERE state IN (?, ?)", PENDING_STATES
        ).fetchone()
        if latest is not None and latest > now + horizon:
            return now
        return earliest

    def queue_rows(self, limit: int = 1000, *, include_done: bool = False) -> list[QueueRow]:
        """The technician's view of the queue, newest first."""
        states = STATES if include_done else (*PENDING_STATES, "rejected")
        marks = ", ".join("?" * len(states))
        rows = self._writer.reader().execute(
            "SELECT tracking_number, kind, service_code, state, created_at, attempts,"
            " last_error, test_traffic, (SELECT count(*) FROM outbox_attachment AS a"
            " WHERE a.client_id = o.client_id), case_number, delivered_at, purged_at"
            f" FROM outbox AS o WHERE state IN ({marks}) ORDER BY id DESC LIMIT ?",
            (*states, limit),
        ).fetchall()
        return [QueueRow(*row[:7], bool(row[7]), row[8], row[9], row[10], row[11] is not None)
                for row in rows]

    def count_in_state(self, state: str) -> int:
        return self._writer.reader().execute(
            "SELECT count(*) FROM outbox WHERE state = ?", (state,)).fetchone()[0]

    def state_counts(self) -> dict[str, int]:
        rows = self._writer.reader().execute(
            "SELECT state, count(*) FROM outbox GROUP BY state").fetchall()
        return {state: 0 for state in STATES} | dict(rows)

    def for_person(self, id_number: str) -> list[OutboxEntry]:
        """What this resident submitted on this terminal (still held here), oldest first."""
        conn = self._writer.reader()
        rows = conn.execute(
            "SELECT client_id FROM outbox WHERE person_key = ? ORDER BY id",
            (self._sealer.person_digest(id_number),),
        ).fetchall()
        return [self._entry(conn, client_id) for (client_id,) in rows]

    def count(self) -> int:
        return self._writer.reader().execute("SELECT count(*) FROM outbox").fetchone()[0]

    def queue_summary(self) -> tuple[int, str | None]:
        """(rows not yet delivered, created_at of the oldest of them)."""
        row = self._writer.reader().execute(
            "SELECT count(*), min(created_at) FROM outbox WHERE state IN (?, ?)",
            PENDING_STATES,
        ).fetchone()
        return row[0], row[1]

    def stored_attachments(self, client_id: str) -> list[StoredAttachment]:
        rows = self._writer.reader().execute(
            "SELECT name, media_type, path, size, sha256, position, remote_id, uploaded"
            " FROM outbox_attachment WHERE client_id = ? ORDER BY position",
            (client_id,),
        ).fetchall()
        return [
            StoredAttachment(name, media_type, self._files.data_dir / path, size, digest,
                             position, remote_id, bool(uploaded))
            for name, media_type, path, size, digest, position, remote_id, uploaded in rows
        ]

    def _entry(self, conn: sqlite3.Connection, client_id: str) -> OutboxEntry:
        row = conn.execute(
            f"SELECT {_READ_COLUMNS} FROM outbox WHERE client_id = ?", (client_id,)
        ).fetchone()
        paths = conn.execute(
            "SELECT path FROM outbox_attachment WHERE client_id = ? ORDER BY position",
            (client_id,),
        ).fetchall()
        (client_id, kind, service_code, tracking_number, state, created_at, attempts,
         last_error, test_traffic, payload, case_number, delivered_at) = row
        return OutboxEntry(
            client_id=client_id,
            kind=kind,
            service_code=service_code,
            tracking_number=tracking_number,
            state=state,
            created_at=created_at,
            attempts=attempts,
            last_error=last_error,
            test_traffic=bool(test_traffic),
            attachments=tuple(self._files.data_dir / p for (p,) in paths),
            payload=self._opened_payload(client_id, payload),
            case_number=case_number,
            delivered_at=delivered_at,
        )


    def _opened_payload(self, client_id: str, stored: str) -> dict:
        if not is_sealed_text(stored):
            return json.loads(stored)  # '{}': purged, nothing personal left to seal
        try:
            return json.loads(self._sealer.open_text(stored, payload_place(client_id)))
        except Unreadable as exc:
            raise StorageUnavailable("corrupt", f"an outbox item's answers: {exc}") from None

    def attachment_content(self, client_id: str, attachment: StoredAttachment) -> bytes:
        """A stored scan as it was filed. OSError when the file cannot be read; Unreadable
        when it is damaged (it does not open with the store's key)."""
        return self._sealer.open_file_content(
            attachment.path.read_bytes(), attachment_place(client_id, attachment.position))


def payload_place(client_id: str) -> str:
    return f"outbox.payload:{client_id}"


def attachment_place(client_id: str, position: int) -> str:
    return f"attachment:{client_id}:{position}"


def _exists(conn: sqlite3.Connection, client_id: str) -> bool:
    return conn.execute(
        "SELECT 1 FROM outbox WHERE client_id = ?", (client_id,)
    ).fetchone() is not None


def person_key(sealer: Sealer, payload: dict) -> str | None:
    """Who filed it, as a keyed digest (the ID number itself stays in the sealed payload
    only), so one resident's items are sent in order; None when the payload names nobody."""
    for path in _PERSON_PATHS:
        value: object = payload
        for part in path.removeprefix("$.").split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if isinstance(value, str) and value:
            return sealer.person_digest(value)
    return None


def _checked(record: SubmissionRecord) -> str:
    """Reject a malformed record before anything is written; returns the payload JSON."""
    if not _CLIENT_ID.fullmatch(record.client_id):
        raise ValueError("client_id must be 1-128 letters, digits, '-' or '_'")
    if record.kind not in KINDS:
        raise ValueError(f"unknown submission kind {record.kind!r}")
    if not record.tracking_number or not record.service_code:
        raise ValueError("a submission needs a tracking number and a service code")
    return json.dumps(record.payload, ensure_ascii=False, separators=(",", ":"))


def disk_free_bytes(path: Path) -> int:
    return shutil.disk_usage(path).free
