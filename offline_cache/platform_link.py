"""The terminal's link to the central platform, and what it last synced, kept in the store.

The link is what enrollment gave: the platform's address, this terminal's id and bearer
token, and the public key that verifies catalogue signatures. The sync state is a small
key/value table (the catalogue revision, its cursor and ETag, the server's clock), so a
restart carries on where the last sync stopped.
"""

from __future__ import annotations

from dataclasses import dataclass

from offline_cache.outbox import utc_now
from offline_cache.writer import Writer


@dataclass(frozen=True)
class PlatformLink:
    url: str
    terminal_id: str
    token: str  # a secret: never logged, never shown
    catalogue_public_key: str  # Ed25519, 32 raw bytes in base64
    catalogue_key_id: str
    enrolled_at: str = ""

    def __repr__(self) -> str:  # keeps the token out of logs and tracebacks
        return (f"PlatformLink(url={self.url!r}, terminal_id={self.terminal_id!r}, "
                f"key_id={self.catalogue_key_id!r})")


class PlatformLinkStore:
    def __init__(self, writer: Writer):
        self._writer = writer

    def save(self, link: PlatformLink) -> None:
        """Replace the link (a new enrollment); what was synced before no longer applies."""
        with self._writer.transaction("saving the platform link") as conn:
            conn.execute("DELETE FROM platform_link")
            conn.execute(
                "INSERT INTO platform_link (id, url, terminal_id, token, catalogue_public_key,"
                " catalogue_key_id, enrolled_at) VALUES (1, ?, ?, ?, ?, ?, ?)",
                (link.url, link.terminal_id, link.token, link.catalogue_public_key,
                 link.catalogue_key_id, link.enrolled_at or utc_now()),
            )
            conn.execute("DELETE FROM sync_state")

    def move(self, url: str) -> None:
        """The same platform at a new address: the link and the sync state stay."""
        with self._writer.transaction("moving the platform link") as conn:
            conn.execute("UPDATE platform_link SET url = ? WHERE id = 1", (url.rstrip("/"),))

    def load(self) -> PlatformLink | None:
        row = self._writer.reader().execute(
            "SELECT url, terminal_id, token, catalogue_public_key, catalogue_key_id,"
            " enrolled_at FROM platform_link WHERE id = 1"
        ).fetchone()
        return None if row is None else PlatformLink(*row)

    def get(self, key: str, default: bytes | str | None = None):
        row = self._writer.reader().execute(
            "SELECT value FROM sync_state WHERE key = ?", (key,)).fetchone()
        return default if row is None else row[0]

    def put(self, values: dict[str, bytes | str | int | None]) -> None:
        """Set several keys in one transaction (None removes a key)."""
        with self._writer.transaction("saving the sync state") as conn:
            for key, value in values.items():
                if value is None:
                    conn.execute("DELETE FROM sync_state WHERE key = ?", (key,))
                else:
                    conn.execute(
                        "INSERT INTO sync_state (key, value) VALUES (?, ?)"
                        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                        (key, value))
