"""Catalogue sync: download (in full, or the changes since the last cursor), verify the
platform's signature, refuse a rollback, check every item, and only then serve it.

A catalogue that fails any check stays out and the last good one keeps serving. The
platform's document is kept in the sync state as it was merged, so the next delta
applies to exactly what the platform thinks this terminal has.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.catalogue.loader import (
    ITEM_SCHEMA,
    CatalogueError,
    load_catalogue,
    only_loaded_items,
)
from kiosk.catalogue.repository import Catalogue, platform_catalogue_key
from kiosk.catalogue.search import SearchIndex
from kiosk.catalogue.search.pinyin_forms import ReadingCache
from kiosk.sync.errors import GONE, PlatformError
from offline_cache.platform_link import PlatformLink

# The one large answer: the demo's 211 items are under half a megabyte, decoded. Past
# this the answer is not read further (a small gzip answer can inflate to gigabytes).
CATALOGUE_LIMIT_BYTES = 64 * 1024 * 1024

log = logging.getLogger(__name__)

REVISION, CURSOR, ETAG, DOCUMENT = ("catalogue.revision", "catalogue.cursor",
                                    "catalogue.etag", "catalogue.document")
# The item schema the stored document was asked in. A kiosk updated to read a newer one
# downloads the whole catalogue again: its stored items lack the newer keys.
ASKED_ITEM_SCHEMA = "catalogue.item_schema"


class CatalogueRefused(Exception):
    """The platform's answer is not a catalogue this terminal may serve; says why."""


@dataclass(frozen=True)
class CatalogueOutcome:
    changed: bool
    revision: int | None
    items: int = 0  # served now (after a change)
    skipped: int = 0
    wire_bytes: int = 0  # the body as it came, compressed or not
    full: bool = False


def signature_is_valid(public_key_b64: str, body: bytes, signature_b64: str | None) -> bool:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    if not signature_b64:
        return False
    try:
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key_b64, validate=True))
        key.verify(base64.b64decode(signature_b64, validate=True), body)
        return True
    except (InvalidSignature, ValueError, binascii.Error):
        return False


class CatalogueSync:
    """Kept from one sync to the next (in memory only): what the last catalogue's items
    looked like when they passed their checks, and their pinyin readings, so a change
    of ten items checks and reads ten items, not the whole catalogue again."""

    def __init__(self, store, client, link: PlatformLink,
                 on_new_catalogue: Callable[[Catalogue], None] = lambda catalogue: None):
        self._store = store
        self._client = client
        self._link = link
        self._on_new = on_new_catalogue
        self._passed: set[str] = set()  # digests of items that passed their checks
        self._readings = ReadingCache()

    def revision(self) -> int | None:
        value = self._store.platform.get(REVISION)
        return None if value is None else int(value)

    def run(self) -> CatalogueOutcome:
        """One sync. Raises PlatformError (no good answer) or CatalogueRefused."""
        try:
            return self._fetch(delta=True)
        except PlatformError as exc:
            if exc.kind == GONE and exc.code == "cursor_rejected":
                log.warning("platform refused the catalogue cursor; downloading in full")
                self._store.platform.put({CURSOR: None, ETAG: None})
                return self._fetch(delta=False)
            raise

    def _fetch(self, *, delta: bool) -> CatalogueOutcome:
        platform = self._store.platform
        base = platform.get(DOCUMENT)
        if platform.get(ASKED_ITEM_SCHEMA) != str(ITEM_SCHEMA):
            base = None
        cursor = platform.get(CURSOR) if delta and base is not None else None
        headers = {"Accept-Encoding": "gzip"}
        etag = platform.get(ETAG)
        if etag and base is not None:
            headers["If-None-Match"] = etag
        params = {"item_schema": ITEM_SCHEMA} | ({"cursor": cursor} if cursor else {})
        answer = self._client.call("GET", "/v1/catalogue", expect=(200, 304), headers=headers,
                                   params=params,
                                   want_json=False, limit_bytes=CATALOGUE_LIMIT_BYTES)
        wire = int(answer.header("Content-Length") or len(answer.content))
        if answer.status == 304:
            return CatalogueOutcome(False, self.revision(), wire_bytes=wire)
        if not signature_is_valid(self._link.catalogue_public_key, answer.content,
                                  answer.header("Catalogue-Signature")):
            raise CatalogueRefused("the catalogue's signature does not match the platform's key")
        document = _parse(answer.content)
        revision = document["catalogue_revision"]
        current = self.revision()
        if current is not None and revision < current:
            raise CatalogueRefused(
                f"the platform sent revision {revision}, older than revision {current} "
                "already serving (a replayed catalogue?)")
        if current is not None and revision == current and base is not None:
            platform.put({ETAG: answer.header("ETag"), CURSOR: document.get("cursor")})
            return CatalogueOutcome(False, revision, wire_bytes=wire)
        full = document["kind"] == "full"
        if not full and (base is None or document.get("since_revision") != current):
            raise CatalogueRefused("a change list for another revision than this terminal's")
        merged = document["items"] if full else _merge(json.loads(base), document)
        servable = {
            "schema_version": document["schema_version"],
            "catalogue_version": document["catalogue_version"],
            "issued_at": document["issued_at"],
            "items": merged,
        }
        digests = {id(item): _digest(item) for item in merged if isinstance(item, dict)}
        try:
            loaded = load_catalogue(servable,
                                    passed=lambda item: digests.get(id(item)) in self._passed)
        except CatalogueError as exc:
            raise CatalogueRefused(f"the catalogue cannot be used: {exc}") from None
        if not loaded.items:
            raise CatalogueRefused("every item of the catalogue failed its check")
        skipped = {s.position for s in loaded.skipped}
        self._passed = {digests[id(item)] for n, item in enumerate(merged)
                        if n not in skipped and id(item) in digests}
        index = SearchIndex.build(loaded.items, self._readings)
        key = platform_catalogue_key(revision)
        # The cache first: a crash before the state below only means the same change is
        # downloaded again, never a state that claims a catalogue the cache does not hold.
        self._store.catalogue.save(key, only_loaded_items(servable, loaded), index.to_bytes())
        platform.put({
            REVISION: str(revision),
            CURSOR: document.get("cursor"),
            ETAG: answer.header("ETag"),
            DOCUMENT: json.dumps(merged, ensure_ascii=False, separators=(",", ":")).encode(),
            ASKED_ITEM_SCHEMA: str(ITEM_SCHEMA),
        })
        log.info("catalogue revision %d from the platform (%s): %d items served, %d skipped",
                 revision, "full" if full else "changes", len(loaded.items), len(loaded.skipped))
        self._on_new(Catalogue(loaded, index, key))
        return CatalogueOutcome(True, revision, len(loaded.items), len(loaded.skipped),
                                wire, full)


def _parse(content: bytes) -> dict:
    try:
        document = json.loads(content)
    except (ValueError, UnicodeDecodeError):
        raise CatalogueRefused("the catalogue is not valid JSON") from None
    if not isinstance(document, dict):
        raise CatalogueRefused("the catalogue is not a JSON object")
    revision = document.get("catalogue_revision")
    if not isinstance(revision, int) or isinstance(revision, bool) or revision < 1:
        raise CatalogueRefused("the catalogue has no revision number")
    if document.get("kind") not in ("full", "delta") or not isinstance(document.get("items"), list):
        raise CatalogueRefused("the catalogue is neither a full document nor a change list")
    if not isinstance(document.get("tombstones", []), list):
        raise CatalogueRefused("the catalogue's removals are not a list")
    return document


def _digest(item: dict) -> str:
    canonical = json.dumps(item, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _merge(base: list, delta: dict) -> list:
    """The base items with the delta's items put in (by code) and its tombstones taken out."""
    by_code = {item.get("code"): item for item in base if isinstance(item, dict)}
    for item in delta["items"]:
        if isinstance(item, dict):
            by_code[item.get("code")] = item
    for tombstone in delta.get("tombstones", []):
        if isinstance(tombstone, dict):
            by_code.pop(tombstone.get("code"), None)
    return [by_code[code] for code in sorted(by_code, key=str)]
