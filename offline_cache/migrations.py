"""The database schema as a list of versioned steps; `PRAGMA user_version` says which ran.

A terminal in the field may be several releases behind, so every step is kept forever and
applied in order, each inside one transaction with the version bump: a power cut during
an upgrade leaves the database at the previous version, never half-way. Never edit a
shipped step; add a new one.
"""

from __future__ import annotations

import sqlite3

from offline_cache.errors import SchemaTooNew

# Version 1: the outbox and its attachments, and the per-day tracking number counters.
_V1 = (
    """CREATE TABLE outbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        client_id TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        service_code TEXT NOT NULL,
        tracking_number TEXT NOT NULL UNIQUE,
        state TEXT NOT NULL DEFAULT 'queued',
        created_at TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        test_traffic INTEGER NOT NULL DEFAULT 0,
        payload TEXT NOT NULL
    )""",
    """CREATE TABLE outbox_attachment (
        client_id TEXT NOT NULL REFERENCES outbox (client_id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        name TEXT NOT NULL,
        media_type TEXT NOT NULL,
        path TEXT NOT NULL,
        size INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        PRIMARY KEY (client_id, position)
    )""",
    """CREATE TABLE sequence (
        scope TEXT PRIMARY KEY,
        last INTEGER NOT NULL
    )""",
)

# Version 2: printed receipts for reprints, the session audit trail, the catalogue cache,
# and an index so the sync engine finds what is still to send without a full scan.
_V2 = (
    """CREATE TABLE receipt (
        tracking_number TEXT PRIMARY KEY,
        client_id TEXT NOT NULL,
        service_code TEXT NOT NULL,
        text TEXT NOT NULL,
        saved_at TEXT NOT NULL
    )""",
    """CREATE TABLE audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        session_id TEXT NOT NULL,
        at TEXT NOT NULL,
        event TEXT NOT NULL,
        detail TEXT NOT NULL
    )""",
    "CREATE INDEX audit_by_session ON audit (session_id, id)",
    """CREATE TABLE catalogue_cache (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        version TEXT NOT NULL UNIQUE,
        saved_at TEXT NOT NULL,
        catalogue_json BLOB NOT NULL,
        search_index BLOB NOT NULL
    )""",
    "CREATE INDEX outbox_by_state ON outbox (state, id)",
)

# Version 3: the link to the central platform (enrollment, what was last synced) and what
# the sync engine keeps per submission: when to try next, the platform's case number,
# when the platform confirmed it, when its personal data was purged, and per attachment
# the platform's upload id (so an upload resumes, and a retried submission names the
# same files).
_V3 = (
    """CREATE TABLE platform_link (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        url TEXT NOT NULL,
        terminal_id TEXT NOT NULL,
        token TEXT NOT NULL,
        catalogue_public_key TEXT NOT NULL,
        catalogue_key_id TEXT NOT NULL,
        enrolled_at TEXT NOT NULL
    )""",
    """CREATE TABLE sync_state (
        key TEXT PRIMARY KEY,
        value BLOB NOT NULL
    )""",
    "ALTER TABLE outbox ADD COLUMN person_key TEXT",
    "ALTER TABLE outbox ADD COLUMN next_attempt_at REAL NOT NULL DEFAULT 0",
    "ALTER TABLE outbox ADD COLUMN case_number TEXT",
    "ALTER TABLE outbox ADD COLUMN delivered_at TEXT",
    "ALTER TABLE outbox ADD COLUMN purged_at TEXT",
    "ALTER TABLE outbox_attachment ADD COLUMN remote_id TEXT",
    "ALTER TABLE outbox_attachment ADD COLUMN uploaded INTEGER NOT NULL DEFAULT 0",
    "CREATE INDEX outbox_by_person ON outbox (person_key, id)",
)

# Version 4: how often residents open each service on this terminal, per day, for the
# home screen's most used items. A service code, a local date and a count: nothing about
# who opened it, nor when within the day (see offline_cache/item_use.py).
_V4 = (
    """CREATE TABLE item_use (
        service_code TEXT NOT NULL,
        day TEXT NOT NULL,
        uses INTEGER NOT NULL CHECK (uses > 0),
        PRIMARY KEY (service_code, day)
    ) WITHOUT ROWID""",
)

# Version 5: personal data is sealed (sealing.py) and the enrollment moved to the key
# directory (keys.py). `store_meta` names the key the data is sealed with; `salvage` keeps
# what was recovered from a damaged database set aside (salvage.py), for the technician.
# The platform_link table stays, emptied at open: a shipped step is never edited.
_V5 = (
    """CREATE TABLE store_meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )""",
    """CREATE TABLE salvage (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        source TEXT NOT NULL,
        why TEXT NOT NULL,
        recovered INTEGER NOT NULL,
        unrecovered INTEGER NOT NULL,
        unrecovered_numbers TEXT NOT NULL,
        problem TEXT NOT NULL
    )""",
)

# Version 6: one stored copy of the catalogue, an item a row, so a change of ten items
# writes ten rows. Items the checks refused stay, with the reason (`skipped`), so a later
# change can let an event item back in; `search_entry` holds an item's search texts while
# the stored index predates the item (`catalogue_state.changes_since_index` counts them).
# The latest cached catalogue moves over (JSON1, built into SQLite); its search index is
# of an older format and is rebuilt on first open. The platform's merged document, kept
# beside the cache until now, goes: the rows are what the next change applies to.
_V6 = (
    """CREATE TABLE catalogue_item (
        code TEXT PRIMARY KEY,
        position INTEGER NOT NULL,
        item TEXT NOT NULL,
        skipped TEXT,
        search_entry TEXT
    ) WITHOUT ROWID""",
    """CREATE TABLE catalogue_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        version TEXT NOT NULL,
        saved_at TEXT NOT NULL,
        header TEXT NOT NULL,
        changes_since_index INTEGER NOT NULL DEFAULT 0
    )""",
    # A row of its own: SQLite rewrites a whole row to change one column of it, and the
    # index of a city's catalogue is megabytes.
    """CREATE TABLE catalogue_index (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        search_index BLOB NOT NULL
    )""",
    """INSERT OR IGNORE INTO catalogue_item (code, position, item)
        SELECT json_extract(entry.value, '$.code'), entry.key, entry.value
        FROM (SELECT catalogue_json FROM catalogue_cache ORDER BY id DESC LIMIT 1) AS latest,
             json_each(CAST(latest.catalogue_json AS TEXT), '$.items') AS entry
        WHERE json_valid(CAST(latest.catalogue_json AS TEXT))
          AND json_type(entry.value) = 'object'
          AND json_type(entry.value, '$.code') = 'text'""",
    """INSERT INTO catalogue_state (id, version, saved_at, header)
        SELECT 1, version, saved_at,
               json_object('schema_version', json_extract(doc, '$.schema_version'),
                           'catalogue_version', json_extract(doc, '$.catalogue_version'),
                           'issued_at', json_extract(doc, '$.issued_at'))
        FROM (SELECT version, saved_at, CAST(catalogue_json AS TEXT) AS doc
              FROM catalogue_cache ORDER BY id DESC LIMIT 1)
        WHERE json_valid(doc)""",
    """INSERT INTO catalogue_index (id, search_index)
        SELECT 1, search_index FROM catalogue_cache
        WHERE EXISTS (SELECT 1 FROM catalogue_state) ORDER BY id DESC LIMIT 1""",
    "DELETE FROM catalogue_item WHERE NOT EXISTS (SELECT 1 FROM catalogue_state)",
    "DROP TABLE catalogue_cache",
    "DELETE FROM sync_state WHERE key = 'catalogue.document'",
)

# Version 7: catalogue items in a table with row ids. An item is a kilobyte or two of
# JSON, more than a WITHOUT ROWID table keeps in its b-tree's pages: every item spilled to
# a page of its own, and storing a city's catalogue wrote twice the pages it needs.
_V7 = (
    """CREATE TABLE catalogue_item_v7 (
        code TEXT PRIMARY KEY,
        position INTEGER NOT NULL,
        item TEXT NOT NULL,
        skipped TEXT,
        search_entry TEXT
    )""",
    """INSERT INTO catalogue_item_v7 (code, position, item, skipped, search_entry)
        SELECT code, position, item, skipped, search_entry FROM catalogue_item""",
    "DROP TABLE catalogue_item",
    "ALTER TABLE catalogue_item_v7 RENAME TO catalogue_item",
)

MIGRATIONS: tuple[tuple[str, ...], ...] = (_V1, _V2, _V3, _V4, _V5, _V6, _V7)
LATEST = len(MIGRATIONS)


def schema_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(conn: sqlite3.Connection) -> list[int]:
    """Bring the database to LATEST; returns the versions applied (empty if current).

    `conn` must be in autocommit mode (isolation_level=None) so that BEGIN here is the
    only transaction; executescript() is avoided because it commits on its own."""
    applied = []
    if schema_version(conn) == LATEST:
        return applied  # the usual case: no write lock taken, so open never waits for one
    while True:
        conn.execute("BEGIN IMMEDIATE")
        try:
            current = schema_version(conn)
            if current > LATEST:
                raise SchemaTooNew(
                    f"database schema version {current} is newer than this release ({LATEST})"
                )
            if current == LATEST:
                conn.execute("COMMIT")
                return applied
            for statement in MIGRATIONS[current]:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {current + 1}")
            conn.execute("COMMIT")
            applied.append(current + 1)
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
