"""The catalogue the terminal serves, stored once: an item a row, with the search index.

The terminal serves it offline and starts from it without the network. An item is kept
as the platform (or the catalogue file) wrote it; one the checks refused is kept with the
reason (`skipped`) and never served. A change of ten items writes ten rows: the stored
search index is rewritten only now and then, and meanwhile each item it predates keeps
its search texts beside it (`search_entry`), so a restart brings the index up to date
without reading pinyin again.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from offline_cache.outbox import utc_now
from offline_cache.platform_link import put_sync_state
from offline_cache.writer import Writer


@dataclass(frozen=True)
class ItemRow:
    code: str
    item: str | None  # the item's JSON; None keeps the stored one (only its state changes)
    skipped: str | None = None  # why it is not served; None when it is
    search_entry: str | None = None  # its search texts, while the stored index predates it
    position: int = 0  # order within the catalogue (then by code)


@dataclass(frozen=True)
class StoredCatalogue:
    version: str
    header: dict  # schema_version, catalogue_version, issued_at
    items: list[str]  # the JSON of each item served, in catalogue order
    search_index: bytes
    search_entries: list[str]  # of items served that the stored index predates
    changes_since_index: int  # items changed or removed since the index was stored


class CatalogueCache:
    def __init__(self, writer: Writer):
        self._writer = writer

    def save(self, version: str, header: dict, rows: Iterable[ItemRow],
             search_index: bytes, sync_state: dict | None = None) -> None:
        """Store a whole catalogue as `version`, in place of whatever was stored (and
        `sync_state`, the platform's revision it is, in the same transaction)."""
        with self._writer.transaction("saving the catalogue") as conn:
            put_sync_state(conn, sync_state or {})
            conn.execute("DELETE FROM catalogue_item")
            conn.executemany(
                "INSERT OR IGNORE INTO catalogue_item (code, position, item, skipped)"
                " VALUES (?, ?, ?, ?)",
                ((row.code, row.position, row.item, row.skipped) for row in rows))
            self._save_state(conn, version, header, search_index, 0)

    def apply(self, version: str, header: dict, rows: Iterable[ItemRow],
              removed: Iterable[str], search_index: bytes | None = None,
              sync_state: dict | None = None) -> None:
        """Store a change as `version`: `rows` written (put in or replaced), `removed`
        taken out, `sync_state` set, in one transaction (one wait for the disk). With
        `search_index`, that index (which holds the change) is stored and no item's
        search entry is kept any longer."""
        rows, removed = list(rows), list(removed)
        with self._writer.transaction("saving a catalogue change") as conn:
            put_sync_state(conn, sync_state or {})
            conn.executemany("DELETE FROM catalogue_item WHERE code = ?",
                             ((code,) for code in removed))
            conn.executemany(
                "INSERT INTO catalogue_item (code, position, item, skipped, search_entry)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (code) DO UPDATE SET"
                " position = excluded.position, item = excluded.item,"
                " skipped = excluded.skipped, search_entry = excluded.search_entry",
                ((r.code, r.position, r.item, r.skipped, r.search_entry)
                 for r in rows if r.item is not None))
            conn.executemany(
                "UPDATE catalogue_item SET skipped = ?, search_entry = ? WHERE code = ?",
                ((r.skipped, r.search_entry, r.code) for r in rows if r.item is None))
            if search_index is not None:
                conn.execute("UPDATE catalogue_item SET search_entry = NULL"
                             " WHERE search_entry IS NOT NULL")
                self._save_state(conn, version, header, search_index, 0)
            else:
                changes = conn.execute(
                    "SELECT changes_since_index FROM catalogue_state").fetchone()[0]
                conn.execute(
                    "UPDATE catalogue_state SET version = ?, saved_at = ?, header = ?,"
                    " changes_since_index = ?",
                    (version, utc_now(), _header_json(header),
                     changes + len(rows) + len(removed)))

    def save_index(self, version: str, search_index: bytes) -> None:
        """Store a search index built anew for the stored `version` (one of an older
        format, or damaged, was found): it holds every item, no entry is kept."""
        with self._writer.transaction("saving the search index") as conn:
            updated = conn.execute(
                "UPDATE catalogue_state SET changes_since_index = 0 WHERE version = ?",
                (version,)).rowcount
            if updated:
                conn.execute("UPDATE catalogue_index SET search_index = ?",
                             (bytes(search_index),))
                conn.execute("UPDATE catalogue_item SET search_entry = NULL"
                             " WHERE search_entry IS NOT NULL")

    def version(self) -> str | None:
        row = self._writer.reader().execute("SELECT version FROM catalogue_state").fetchone()
        return None if row is None else row[0]

    def load(self) -> StoredCatalogue | None:
        """The stored catalogue, or None before the first."""
        reader = self._writer.reader()
        reader.execute("BEGIN")  # one snapshot: the rows of the state read
        try:
            state = reader.execute(
                "SELECT version, header, search_index, changes_since_index"
                " FROM catalogue_state, catalogue_index").fetchone()
            if state is None:
                return None
            rows = reader.execute(
                "SELECT item, search_entry FROM catalogue_item WHERE skipped IS NULL"
                " ORDER BY position, code").fetchall()
        finally:
            reader.execute("COMMIT")
        version, header, search_index, changes = state
        return StoredCatalogue(version, json.loads(header), [item for item, _ in rows],
                               bytes(search_index),
                               [entry for _, entry in rows if entry is not None], changes)

    def skipped(self) -> list[tuple[str, str, str]]:
        """The items stored but not served: (code, item JSON, why)."""
        return self._writer.reader().execute(
            "SELECT code, item, skipped FROM catalogue_item WHERE skipped IS NOT NULL"
            " ORDER BY code").fetchall()

    @staticmethod
    def _save_state(conn, version: str, header: dict, search_index: bytes,
                    changes: int) -> None:
        conn.execute(
            "INSERT INTO catalogue_state (id, version, saved_at, header, changes_since_index)"
            " VALUES (1, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
            " version = excluded.version, saved_at = excluded.saved_at,"
            " header = excluded.header, changes_since_index = excluded.changes_since_index",
            (version, utc_now(), _header_json(header), changes))
        conn.execute("INSERT INTO catalogue_index (id, search_index) VALUES (1, ?)"
                     " ON CONFLICT (id) DO UPDATE SET search_index = excluded.search_index",
                     (bytes(search_index),))


def _header_json(header: dict) -> str:
    return json.dumps(header, ensure_ascii=False, separators=(",", ":"))
