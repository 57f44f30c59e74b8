"""A store from a release before sealing: seal what it holds in the clear, once.

Run at open, after the store's key is recorded (so a power cut half-way leaves files and
rows sealed under the recorded key, and the next open finishes the job). Files first
(each replaced whole), then the rows in one transaction; then the enrollment moves to the
key directory, and the database is vacuumed so the clear copies leave its free pages too.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from pathlib import Path

from offline_cache.keys import KeyDirectory
from offline_cache.outbox import attachment_place, payload_place, person_key
from offline_cache.platform_link import PlatformLink
from offline_cache.private_files import write_private_file
from offline_cache.receipts import receipt_place
from offline_cache.sealing import FILE_MAGIC, TEXT_PREFIX, Sealer

log = logging.getLogger(__name__)

_DONE = "sealed_all"


def seal_unsealed(conn: sqlite3.Connection, sealer: Sealer, keys: KeyDirectory,
                  data_dir: Path) -> None:
    if conn.execute("SELECT 1 FROM store_meta WHERE key = ?", (_DONE,)).fetchone():
        return
    link = conn.execute(
        "SELECT url, terminal_id, token, catalogue_public_key, catalogue_key_id, enrolled_at"
        " FROM platform_link WHERE id = 1").fetchone()
    if link is not None and keys.load_link() is None:
        keys.save_link(PlatformLink(*link))
    files = 0
    for client_id, position, path in conn.execute(
            "SELECT client_id, position, path FROM outbox_attachment").fetchall():
        file = data_dir / path
        try:
            content = file.read_bytes()
        except FileNotFoundError:
            continue  # the upload will say it is missing
        if not content.startswith(FILE_MAGIC):
            write_private_file(file, sealer.seal_file_content(
                content, attachment_place(client_id, position)))
            files += 1
    conn.execute("BEGIN IMMEDIATE")
    try:
        payloads = conn.execute(
            "SELECT client_id, payload FROM outbox WHERE payload NOT LIKE ? AND payload != '{}'",
            (TEXT_PREFIX + "%",)).fetchall()
        for client_id, payload in payloads:
            conn.execute(
                "UPDATE outbox SET payload = ?, person_key = ? WHERE client_id = ?",
                (sealer.seal_text(payload, payload_place(client_id)),
                 person_key(sealer, json.loads(payload)), client_id))
        receipts = conn.execute("SELECT tracking_number, text FROM receipt WHERE text NOT LIKE ?",
                                (TEXT_PREFIX + "%",)).fetchall()
        for tracking_number, text in receipts:
            conn.execute("UPDATE receipt SET text = ? WHERE tracking_number = ?",
                         (sealer.seal_text(text, receipt_place(tracking_number)),
                          tracking_number))
        conn.execute("DELETE FROM platform_link")
        conn.execute("INSERT INTO store_meta (key, value) VALUES (?, '1')", (_DONE,))
        conn.execute("COMMIT")
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
    if payloads or receipts or files or link is not None:
        conn.execute("VACUUM")  # the clear copies are in free pages and the WAL until now
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        log.info("sealed %d application(s), %d receipt cop(ies) and %d file(s) kept in the "
                 "clear by an earlier release", len(payloads), len(receipts), files)
