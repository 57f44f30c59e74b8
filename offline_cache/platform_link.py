"""The terminal's link to the central platform, and what it last synced.

The link is what enrollment gave: the platform's address, this terminal's id and bearer
token, and the public key that verifies catalogue signatures. It is kept in the key
directory (keys.py), apart from the database, so a damaged database never costs the
enrollment. The sync state is a small key/value table in the database (the catalogue
revision, its cursor and ETag, the server's clock), so a restart carries on where the last
sync stopped.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from offline_cache.outbox import utc_now
from offline_cache.writer import Writer

if TYPE_CHECKING:
    from offline_cache.keys import KeyDirectory


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
    def __init__(self, writer: Writer, keys: KeyDirectory):
        self._writer = writer
        self._keys = keys

    def save(self, link: PlatformLink, signing_key: bytes | None = None) -> None:
        """Replace the link (a new enrollment, with the signing key made for it); what was
        synced before no longer applies."""
        if signing_key is not None:
            self._keys.save_signing_key(signing_key)
        self._keys.save_link(replace(link, enrolled_at=link.enrolled_at or utc_now()))
        with self._writer.transaction("clearing the sync state") as conn:
            conn.execute("DELETE FROM sync_state")

    def move(self, url: str) -> None:
        """The same platform at a new address: the link and the sync state stay."""
        link = self.load()
        if link is not None:
            self._keys.save_link(replace(link, url=url.rstrip("/")))

    def load(self) -> PlatformLink | None:
        return self._keys.load_link()

    def signing_key(self) -> bytes | None:
        """The terminal's Ed25519 private key (keys.py), or None before it has one."""
        return self._keys.signing_key()

    def save_signing_key(self, key: bytes) -> None:
        self._keys.save_signing_key(key)

    def get(self, key: str, default: bytes | str | None = None):
        row = self._writer.reader().execute(
            "SELECT value FROM sync_state WHERE key = ?", (key,)).fetchone()
        return default if row is None else row[0]

    def put(self, values: dict[str, bytes | str | int | None]) -> None:
        """Set several keys in one transaction (None removes a key)."""
        with self._writer.transaction("saving the sync state") as conn:
            put_sync_state(conn, values)


def put_sync_state(conn, values: dict[str, bytes | str | int | None]) -> None:
    """Set sync state keys within the caller's transaction (None removes a key)."""
    for key, value in values.items():
        if value is None:
            conn.execute("DELETE FROM sync_state WHERE key = ?", (key,))
        else:
            conn.execute(
                "INSERT INTO sync_state (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value))
