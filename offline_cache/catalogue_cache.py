"""The last catalogue (and its search index) the terminal received, so it serves offline
and starts without the network. The previous version is kept too, as a fallback a
technician can return to; older ones are dropped."""

from __future__ import annotations

from offline_cache.outbox import utc_now
from offline_cache.writer import Writer

VERSIONS_KEPT = 2


class CatalogueCache:
    def __init__(self, writer: Writer):
        self._writer = writer

    def save(self, version: str, catalogue_json: bytes, search_index: bytes) -> None:
        """Store `version` as the latest (saving the same version again moves it to the top)."""
        with self._writer.transaction("saving the catalogue") as conn:
            conn.execute("DELETE FROM catalogue_cache WHERE version = ?", (version,))
            conn.execute(
                "INSERT INTO catalogue_cache (version, saved_at, catalogue_json, search_index)"
                " VALUES (?, ?, ?, ?)",
                (version, utc_now(), bytes(catalogue_json), bytes(search_index)),
            )
            conn.execute(
                "DELETE FROM catalogue_cache WHERE id NOT IN"
                " (SELECT id FROM catalogue_cache ORDER BY id DESC LIMIT ?)",
                (VERSIONS_KEPT,),
            )

    def load(self) -> tuple[str, bytes, bytes] | None:
        """The latest (version, catalogue JSON, search index), or None before the first."""
        row = self._writer.reader().execute(
            "SELECT version, catalogue_json, search_index FROM catalogue_cache"
            " ORDER BY id DESC LIMIT 1"
        ).fetchone()
        if row is None:
            return None
        version, catalogue_json, search_index = row
        return version, bytes(catalogue_json), bytes(search_index)
