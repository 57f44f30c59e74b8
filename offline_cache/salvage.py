"""Salvage: what can still be read of a damaged database goes into the fresh one.

A damaged database is set aside at open (store.py), never deleted: it holds residents'
queued applications whose receipts were already printed. This recovers its items into the
store now in use, keeping their tracking numbers, client ids (the platform's idempotency
key: an item it already has is not filed twice) and states, with their attachment files
from the folder set aside beside it. The damaged file itself is left as it was.

Reading is row by row: each item is looked up by its id (ids are never reused and items
never deleted, so 1 to the highest id given are every item there was), from a copy of the
damaged file, so a damaged page costs only the rows on it. (SQLite's own `.recover` would
read more of a damaged page, but Debian 12's sqlite3 tool is built without the page
access it needs and fails on every file.) Every item read is checked (its answers open
with the key they were sealed under, its files match their digests) before it counts as
recovered. Items known to have been there that could not be read (a row that does not
open or cannot be read, a printed receipt with no item) are counted, with their tracking
numbers where known, and the report is kept in the store for the technician (maintenance
view, `kiosk devices check`, the heartbeat).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import re
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from offline_cache.attachments import AttachmentFiles
from offline_cache.keys import KeyDirectory, KeyMissing
from offline_cache.outbox import (
    KINDS,
    STATES,
    attachment_place,
    payload_place,
    person_key,
    utc_now,
)
from offline_cache.private_files import private_file
from offline_cache.receipts import receipt_place
from offline_cache.sealing import FILE_MAGIC, Sealer, Unreadable, is_sealed_text
from offline_cache.writer import Writer

log = logging.getLogger(__name__)

_TRACKING = re.compile(r".+-(\d{8})-(\d{5,})")
_ITEM_COLUMNS = ("id", "client_id", "kind", "service_code", "tracking_number", "state",
                 "created_at", "attempts", "last_error", "test_traffic", "payload",
                 "case_number", "delivered_at", "purged_at")


@dataclass(frozen=True)
class SalvageReport:
    at: str
    source: str  # the damaged file's name (in the data directory)
    why: str  # what was wrong with it
    recovered: int  # items now in this store, with their tracking numbers
    unrecovered: int  # items known to have been there that could not be read
    unrecovered_numbers: tuple[str, ...]  # their tracking numbers, where known
    problem: str  # why items could not be read, and what to do; "" when none were lost

    def as_dict(self) -> dict:
        return {"at": self.at, "source": self.source, "why": self.why,
                "recovered": self.recovered, "unrecovered": self.unrecovered,
                "unrecovered_numbers": list(self.unrecovered_numbers),
                "problem": self.problem}


class _CannotRead(Exception):
    """The damaged file could not be read at all; the message says why and what to do."""


def salvage(damaged: Path, writer: Writer, keys: KeyDirectory, sealer: Sealer,
            files: AttachmentFiles, *, why: str) -> SalvageReport:
    damaged = Path(damaged).resolve()
    source_files = damaged.with_name(damaged.name + "-attachments")
    try:
        with _readable_copy(damaged, files.data_dir) as source:
            found = _Items(source, keys, sealer, source_files)
            recovered, unrecovered, numbers = found.copy_into(writer, sealer, files)
            problem = found.problem(damaged)
    except _CannotRead as exc:
        recovered, unrecovered, numbers, problem = 0, 0, [], str(exc)
    report = SalvageReport(utc_now(), damaged.name, why, recovered, unrecovered,
                           tuple(numbers), problem)
    with writer.transaction("keeping the salvage report") as conn:
        conn.execute(
            "INSERT INTO salvage (at, source, why, recovered, unrecovered, unrecovered_numbers,"
            " problem) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (report.at, report.source, report.why, report.recovered, report.unrecovered,
             json.dumps(list(report.unrecovered_numbers)), report.problem))
    (log.error if unrecovered or problem else log.warning)(
        "salvaged %s: %d item(s) recovered, %d could not be%s", damaged.name, recovered,
        unrecovered, f" ({problem})" if problem else "")
    return report


def salvage_reports(conn: sqlite3.Connection) -> list[SalvageReport]:
    rows = conn.execute(
        "SELECT at, source, why, recovered, unrecovered, unrecovered_numbers, problem"
        " FROM salvage ORDER BY id DESC").fetchall()
    return [SalvageReport(at, source, why, recovered, unrecovered, tuple(json.loads(numbers)),
                          problem)
            for at, source, why, recovered, unrecovered, numbers, problem in rows]


def last_salvage(db_path: Path) -> SalvageReport | None:
    """The latest salvage kept in the database at `db_path`, read without writing to it
    (beside a running kiosk), or None."""
    if not db_path.is_file():
        return None
    try:
        conn = sqlite3.connect(f"{db_path.as_uri()}?mode=ro", uri=True)
        try:
            reports = salvage_reports(conn)
        finally:
            conn.close()
    except sqlite3.Error:  # no such table (an older store), or unreadable: nothing to say
        return None
    return reports[0] if reports else None


@contextlib.contextmanager
def _readable_copy(damaged: Path, data_dir: Path):
    """A connection to a copy of the damaged file (and its -wal): the damaged file itself
    is never opened, so nothing writes to it."""
    if not damaged.is_file():
        raise _CannotRead(f"{damaged} is not a file")
    work = data_dir / ".salvage"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(mode=0o700)
    try:
        copy = work / "damaged.db"
        for suffix in ("", "-wal"):
            original = damaged.with_name(damaged.name + suffix)
            if original.exists():
                private_file(copy.with_name(copy.name + suffix))
                shutil.copyfile(original, copy.with_name(copy.name + suffix))
        conn = sqlite3.connect(copy, isolation_level=None)
        # Tolerate a schema that names pages that are gone (an index's, past a truncation):
        # the tables' rows may still be there.
        conn.execute("PRAGMA writable_schema = ON")
        try:
            try:
                conn.execute("SELECT name FROM sqlite_master").fetchall()
            except sqlite3.Error as exc:
                raise _CannotRead(f"{damaged.name} cannot be read at all ({exc}); keep it for "
                                  "the platform's operators") from None
            yield conn
        finally:
            conn.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _rows_by_rowid(conn: sqlite3.Connection, table: str, columns: tuple[str, ...],
                   highest: int | None = None) -> tuple[list[tuple], int]:
    """(rows read, rowids that could not be read), looking each row up by rowid."""
    if highest is None:
        try:
            highest = conn.execute(f"SELECT max(rowid) FROM {table}").fetchone()[0] or 0
        except sqlite3.Error:
            highest = 0
    rows, unreadable = [], 0
    select = f"SELECT {', '.join(columns)} FROM {table} WHERE rowid = ?"
    for rowid in range(1, highest + 1):
        try:
            row = conn.execute(select, (rowid,)).fetchone()
        except sqlite3.Error:
            unreadable += 1
            continue
        if row is not None:
            rows.append(row)
    return rows, unreadable


class _Items:
    """The items of the readable copy, checked one by one."""

    def __init__(self, source: sqlite3.Connection, keys: KeyDirectory, sealer: Sealer,
                 files: Path):
        self.source = source
        self.files = files
        self.tables = {name for (name,) in source.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        self.key_problem = ""
        self.damaged_rows = 0  # items read, but whose answers or files do not open
        self.unread_rows = 0  # items known to have been there, not read at all
        self.opener: Sealer | None = None  # None: a store from before sealing
        key_id = self._one("store_meta", "SELECT value FROM store_meta WHERE key = 'key_id'")
        if key_id is not None:
            try:
                self.opener = sealer if key_id == sealer.key_id else Sealer(
                    keys.store_key(key_id), key_id)
            except KeyMissing as exc:
                self.key_problem = str(exc)

    def _one(self, table: str, sql: str):
        if table not in self.tables:
            return None
        try:
            row = self.source.execute(sql).fetchone()
        except sqlite3.Error:
            return None
        return None if row is None else row[0]

    def _rows(self, table: str, columns: tuple[str, ...]) -> list[tuple]:
        if table not in self.tables:
            return []
        return _rows_by_rowid(self.source, table, columns)[0]

    def copy_into(self, writer: Writer, sealer: Sealer,
                  files: AttachmentFiles) -> tuple[int, int, list[str]]:
        # Items are never deleted, so every id up to the highest ever given was an item.
        highest = max(self._one("sqlite_sequence",
                                "SELECT seq FROM sqlite_sequence WHERE name = 'outbox'") or 0,
                      self._one("outbox", "SELECT max(id) FROM outbox") or 0)
        items, unreadable = ([], 0) if "outbox" not in self.tables else _rows_by_rowid(
            self.source, "outbox", _ITEM_COLUMNS, highest)
        recovered, lost_numbers, lost = set(), [], 0
        for row in items:
            item = dict(zip(_ITEM_COLUMNS, row, strict=True))
            outcome = self._copy_item(item, writer, sealer, files)
            if outcome:
                recovered.add(item["tracking_number"])
            else:
                lost += 1
                if isinstance(item["tracking_number"], str):
                    lost_numbers.append(item["tracking_number"])
        receipts = self._rows("receipt", ("tracking_number", "text"))
        printed_but_gone = [number for number, _ in receipts if isinstance(number, str)
                            and number not in recovered and number not in lost_numbers]
        self.unread_rows = max(unreadable, len(printed_but_gone))
        lost += self.unread_rows
        lost_numbers += printed_but_gone
        self._copy_receipts(receipts, recovered, writer, sealer)
        self._copy_sequences(recovered | set(lost_numbers), writer)
        return len(recovered), lost, sorted(lost_numbers)

    def _copy_item(self, item: dict, writer: Writer, sealer: Sealer,
                   files: AttachmentFiles) -> bool:
        client_id, number = item["client_id"], item["tracking_number"]
        if not (isinstance(client_id, str) and isinstance(number, str)
                and item["kind"] in KINDS and item["state"] in STATES
                and isinstance(item["payload"], str)):
            self.damaged_rows += 1
            return False
        try:
            answers = self._open_text(item["payload"], payload_place(client_id))
            payload = json.loads(answers)
            scans = [] if item["purged_at"] else self._attachments(client_id)
        except (Unreadable, ValueError, OSError, sqlite3.Error):
            self.damaged_rows += 1
            return False
        with writer.exclusive():
            with writer.transaction("salvaging an item") as conn:
                if conn.execute("SELECT 1 FROM outbox WHERE client_id = ? OR tracking_number = ?",
                                (client_id, number)).fetchone():
                    return True  # salvaged before (the command run twice)
                stored = files.write(client_id, [
                    (name, sealer.seal_file_content(content, attachment_place(client_id, pos)))
                    for pos, name, _, content, _ in scans])
                sealed = answers if answers == "{}" else sealer.seal_text(
                    answers, payload_place(client_id))
                state = "queued" if item["state"] == "sending" else item["state"]
                conn.execute(
                    "INSERT INTO outbox (client_id, kind, service_code, tracking_number, state,"
                    " created_at, attempts, last_error, test_traffic, payload, person_key,"
                    " case_number, delivered_at, purged_at) VALUES"
                    " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (client_id, item["kind"], item["service_code"] or "", number, state,
                     item["created_at"] or utc_now(), item["attempts"] or 0,
                     item["last_error"], int(bool(item["test_traffic"])), sealed,
                     person_key(sealer, payload), item["case_number"], item["delivered_at"],
                     item["purged_at"]))
                conn.executemany(
                    "INSERT INTO outbox_attachment (client_id, position, name, media_type,"
                    " path, size, sha256) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [(client_id, pos, name, media_type, f.relative_path, len(content), digest)
                     for (pos, name, media_type, content, digest), f
                     in zip(scans, stored, strict=True)])
        return True

    def _open_text(self, value: str, place: str) -> str:
        if value == "{}" or not is_sealed_text(value):
            if self.opener is not None and value != "{}":
                raise Unreadable("a clear value in a sealed store")
            return value
        if self.opener is None:
            raise Unreadable(self.key_problem or "sealed, but the store names no key")
        return self.opener.open_text(value, place)

    def _attachments(self, client_id: str) -> list[tuple[int, str, str, bytes, str]]:
        rows = self.source.execute(
            "SELECT position, name, media_type, path, sha256 FROM outbox_attachment"
            " WHERE client_id = ? ORDER BY position", (client_id,)).fetchall() \
            if "outbox_attachment" in self.tables else []  # sqlite3.Error: item unreadable
        scans = []
        for position, name, media_type, path, digest in rows:
            file = self.files / Path(path).relative_to("attachments")
            content = file.read_bytes()
            if content.startswith(FILE_MAGIC):
                if self.opener is None:
                    raise Unreadable(self.key_problem or "a sealed file in a clear store")
                content = self.opener.open_file_content(
                    content, attachment_place(client_id, position))
            if hashlib.sha256(content).hexdigest() != digest:
                raise Unreadable("an attachment is not what was filed")
            scans.append((position, name, media_type, content, digest))
        return scans

    def _copy_receipts(self, receipts: list[tuple], recovered: set[str], writer: Writer,
                       sealer: Sealer) -> None:
        for number, text in receipts:
            if number not in recovered or not isinstance(text, str):
                continue
            try:
                clear = self._open_text(text, receipt_place(number))
            except Unreadable:
                continue  # only the reprint is lost; the item itself is recovered
            with writer.transaction("salvaging a receipt copy") as conn:
                conn.execute(
                    "INSERT OR IGNORE INTO receipt (tracking_number, client_id, service_code,"
                    " text, saved_at) SELECT tracking_number, client_id, service_code, ?, ?"
                    " FROM outbox WHERE tracking_number = ?",
                    (sealer.seal_text(clear, receipt_place(number)), utc_now(), number))

    def _copy_sequences(self, numbers: set[str], writer: Writer) -> None:
        """Never hand out a tracking number the damaged store gave already."""
        last: dict[str, int] = {}
        for scope, value in self._rows("sequence", ("scope", "last")):
            if isinstance(scope, str) and isinstance(value, int):
                last[scope] = max(last.get(scope, 0), value)
        for number in numbers:
            match = _TRACKING.fullmatch(number)
            if match:
                last[match[1]] = max(last.get(match[1], 0), int(match[2]))
        with writer.transaction("salvaging the tracking number counters") as conn:
            conn.executemany(
                "INSERT INTO sequence (scope, last) VALUES (?, ?) ON CONFLICT (scope)"
                " DO UPDATE SET last = max(last, excluded.last)", sorted(last.items()))

    def problem(self, damaged: Path) -> str:
        if self.key_problem:
            return (f"{self.key_problem}: put the key back, then run "
                    f"kiosk store salvage {damaged}")
        damage = [f"{count} item(s) {what}" for count, what in (
            (self.damaged_rows, "read, but their answers or files are damaged"),
            (self.unread_rows, "in parts of the file beyond repair")) if count]
        if damage:
            return "; ".join(damage) + ": the residents holding their receipts must be " \
                   "asked to apply again (at the counter)"
        return ""
