"""How many times residents opened each service on this terminal, in daily buckets.

A row is a service code, a local date (YYYY-MM-DD) and a count; nothing that could say
who opened a service, in which visit, or at what time of day. Days older than the
window the caller keeps are deleted as new counts come in, so a use leaves the terminal
entirely once it no longer counts.

Counts are committed without an fsync of their own, like the audit trail: a count lost
to a power cut changes nothing a resident relies on, and the next durable commit carries
it to disk anyway.
"""

from __future__ import annotations

from offline_cache.writer import Writer


class ItemUse:
    def __init__(self, writer: Writer):
        self._writer = writer

    def add(self, uses: dict[tuple[str, str], int], *, keep_from: str) -> None:
        """Add {(service code, day): count} in one transaction, and delete every day
        before `keep_from`. Raises StorageUnavailable when the store cannot write."""
        with self._writer.transaction("counting services opened", durable=False) as conn:
            conn.executemany(
                "INSERT INTO item_use (service_code, day, uses) VALUES (?, ?, ?)"
                " ON CONFLICT (service_code, day) DO UPDATE SET uses = uses + excluded.uses",
                [(code, day, count) for (code, day), count in uses.items() if count > 0],
            )
            conn.execute("DELETE FROM item_use WHERE day < ?", (keep_from,))

    def since(self, day: str) -> list[tuple[str, str, int]]:
        """(service code, day, count) for every day from `day` on."""
        return self._writer.reader().execute(
            "SELECT service_code, day, uses FROM item_use WHERE day >= ?"
            " ORDER BY service_code, day",
            (day,),
        ).fetchall()
