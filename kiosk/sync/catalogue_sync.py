"""Catalogue sync: download (in full, or the changes since the last cursor), verify the
platform's signature, refuse a rollback, check the items that came, and only then serve.

A catalogue that fails any check stays out and the last good one keeps serving. A change
list costs what changed: its items are checked, read into the search index (which is
updated, not rebuilt) and written to the store's rows; the rest stays as it was. The
store holds the platform's items once, those refused too (with why), so the next change
applies to exactly what the platform thinks this terminal has. A whole catalogue of a
city is read, checked and indexed in a worker process (`catalogue_check`), so that the
screens keep the interpreter; here its items are built a batch at a time and stored.
"""

from __future__ import annotations

import base64
import binascii
import gc
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.catalogue.loader import (
    ITEM_SCHEMA,
    LoadedCatalogue,
    SkippedItem,
    build_item,
    chain_problem,
    item_problem,
)
from kiosk.catalogue.model import ServiceItem
from kiosk.catalogue.repository import (
    PLATFORM_PREFIX,
    Catalogue,
    item_json,
    platform_catalogue_key,
    stored_catalogue,
)
from kiosk.catalogue.search import SearchIndex
from kiosk.catalogue.search.index import ItemTexts
from kiosk.catalogue.search.pinyin_forms import ReadingCache
from kiosk.sync.catalogue_check import (
    WORKER_FROM_BYTES,
    WORKER_TIMEOUT_S,
    CatalogueRefused,
    CheckedWhole,
    Serving,
    check,
)
from kiosk.sync.errors import GONE, PlatformError
from offline_cache.catalogue_cache import ItemRow
from offline_cache.platform_link import PlatformLink

# The one large answer: the demo's 211 items are under half a megabyte, decoded. Past
# this the answer is not read further (a small gzip answer can inflate to gigabytes).
CATALOGUE_LIMIT_BYTES = 64 * 1024 * 1024

log = logging.getLogger(__name__)

REVISION, CURSOR, ETAG = "catalogue.revision", "catalogue.cursor", "catalogue.etag"
# The item schema the stored document was asked in. A kiosk updated to read a newer one
# downloads the whole catalogue again: its stored items lack the newer keys.
ASKED_ITEM_SCHEMA = "catalogue.item_schema"


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


@dataclass(frozen=True)
class _Held:
    """An item stored but not served: as sent (None when unchanged in the store), why,
    and its ServiceItem when only its life event's links keep it out."""

    data: dict | None
    reason: str
    item: ServiceItem | None = None


@dataclass(frozen=True)
class _Serving:
    """The platform's catalogue as this terminal holds it: what the next change applies to."""

    key: str
    header: dict
    items: dict[str, ServiceItem]  # served, by code
    held: dict[str, _Held]  # stored but not served
    index: SearchIndex
    changes_since_index: int


class CatalogueSync:
    """Kept from one sync to the next (in memory only): the catalogue as served, its
    search index and the pinyin of its texts, so that a change of ten items checks, reads
    and stores ten items, not the whole catalogue again."""

    def __init__(self, store, client, link: PlatformLink,
                 on_new_catalogue: Callable[[Catalogue], None] = lambda catalogue: None,
                 *, worker_from_bytes: int = WORKER_FROM_BYTES,
                 worker_timeout_s: float = WORKER_TIMEOUT_S):
        self._store = store
        self._worker_from_bytes = worker_from_bytes  # answers this large: checked apart
        self._worker_timeout_s = worker_timeout_s
        self._client = client
        self._link = link
        self._on_new = on_new_catalogue
        self._serving: _Serving | None = None
        self._readings = ReadingCache()

    def revision(self) -> int | None:
        value = self._store.platform.get(REVISION)
        return None if value is None else int(value)

    def run(self) -> CatalogueOutcome:
        """One sync. Raises PlatformError (no good answer), CatalogueRefused or
        CatalogueCheckFailed (its worker process died or hung)."""
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
        has_base = self._has_base()
        cursor = platform.get(CURSOR) if delta and has_base else None
        headers = {"Accept-Encoding": "gzip"}
        etag = platform.get(ETAG)
        if etag and has_base:
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
        current = self.revision()
        checked = check(answer.content, Serving(current, has_base),
                        worker_from_bytes=self._worker_from_bytes,
                        timeout_s=self._worker_timeout_s, readings=self._readings)
        try:
            return self._take(checked, answer, current, has_base, wire)
        finally:
            if checked.whole is not None:
                checked.whole.close()

    def _take(self, checked, answer, current: int | None, has_base: bool,
              wire: int) -> CatalogueOutcome:
        platform = self._store.platform
        facts = checked.facts
        revision = facts["catalogue_revision"]
        if current is not None and revision < current:
            raise CatalogueRefused(
                f"the platform sent revision {revision}, older than revision {current} "
                "already serving (a replayed catalogue?)")
        if current is not None and revision == current and has_base:
            platform.put({ETAG: answer.header("ETag"), CURSOR: facts["cursor"]})
            return CatalogueOutcome(False, revision, wire_bytes=wire)
        full = checked.whole is not None
        if not full and (not has_base or facts["since_revision"] != current):
            raise CatalogueRefused("a change list for another revision than this terminal's")
        header = {"schema_version": facts["schema_version"],
                  "catalogue_version": facts["catalogue_version"],
                  "issued_at": facts["issued_at"]}
        key = platform_catalogue_key(revision)
        # Stored with the catalogue, in its transaction: never a state that claims a
        # catalogue the store does not hold, nor a catalogue without its revision.
        state = {REVISION: str(revision), CURSOR: facts["cursor"],
                 ETAG: answer.header("ETag"), ASKED_ITEM_SCHEMA: str(ITEM_SCHEMA)}
        if full:
            loaded, index, skipped = self._take_whole(key, header, checked.whole, state)
        else:
            loaded, index, skipped = self._take_change(key, header, checked.change, state)
        log.info("catalogue revision %d from the platform (%s): %d items served, %d skipped",
                 revision, "full" if full else "changes", len(loaded.items), skipped)
        self._on_new(Catalogue(loaded, index, key))
        return CatalogueOutcome(True, revision, len(loaded.items), skipped, wire, full)

    def _has_base(self) -> bool:
        """Whether the store holds the platform's catalogue, asked in this kiosk's item
        schema, for a change list to apply to."""
        version = self._store.catalogue.version()
        return (version is not None and version.startswith(PLATFORM_PREFIX)
                and self._store.platform.get(ASKED_ITEM_SCHEMA) == str(ITEM_SCHEMA))

    # -- a whole catalogue -----------------------------------------------------------------

    def _take_whole(self, key: str, header: dict, whole: CheckedWhole, state: dict):
        loaded = whole.loaded
        if loaded is None:  # checked in the worker: its items built here, a few at a time,
            # while the worker indexes them
            for item in whole.skipped:
                log.warning("Catalogue item %s at position %d skipped: %s",
                            item.code, item.position, item.reason)
            loaded = LoadedCatalogue(header["catalogue_version"], header["issued_at"],
                                     _items_of(whole.rows), whole.skipped)
            # The next change list reads its items' pinyin here: load pypinyin now (a
            # third of a second, once a process), not in the change that comes next.
            self._readings.prepare()
        index_bytes = whole.search_index()
        # The catalogue's many objects live until the next one: the collector's full passes
        # (which stop every thread, the screens' too) need not walk them each time.
        gc.freeze()
        index = SearchIndex.from_bytes(index_bytes)
        rows = [ItemRow(code, item, reason) for code, item, reason in whole.rows]
        self._store.catalogue.save(key, header, rows, index_bytes, state)
        self._serving = _Serving(
            key, header, {item.code: item for item in loaded.items},
            {row.code: _Held(json.loads(row.item), row.skipped) for row in rows if row.skipped},
            index, 0)
        return loaded, index, len(loaded.skipped)

    # -- a change list ---------------------------------------------------------------------

    def _take_change(self, key: str, header: dict, document: dict, state: dict):
        base = self._base()
        items, held = dict(base.items), dict(base.held)
        written: dict[str, dict] = {}  # code -> the item as sent, to store
        skipped: list[SkippedItem] = []
        for position, data in enumerate(document["items"]):
            code = data.get("code") if isinstance(data, dict) else None
            code = code if isinstance(code, str) and code.strip() else None
            reason = item_problem(data)
            if code is None:
                skipped.append(SkippedItem(position, None, reason or "code: is missing"))
                continue
            items.pop(code, None)
            held.pop(code, None)
            written[code] = data
            if reason is None:
                items[code] = build_item(data)
            else:
                held[code] = _Held(data, reason)
                skipped.append(SkippedItem(position, code, reason))
        removed = set()
        for tombstone in document.get("tombstones", []):
            code = tombstone.get("code") if isinstance(tombstone, dict) else None
            if isinstance(code, str) and (items.pop(code, None) or held.pop(code, None)):
                removed.add(code)
                written.pop(code, None)
        moved = _recheck_chains(items, held, set(written) | removed)
        for item in skipped:
            log.warning("Catalogue item %s at position %d of the change skipped: %s",
                        item.code, item.position, item.reason)
        for code in sorted(moved):
            if code in held:
                log.warning("Catalogue item %s held back: %s", code, held[code].reason)
        if not items:
            raise CatalogueRefused("every item of the catalogue failed its check")

        changed = set(written) | set(moved)
        now_served = [code for code in changed if code in items]
        texts = {code: ItemTexts.of(items[code], self._readings) for code in now_served}
        gone = [code for code in base.items if code not in items]
        index = base.index.updated(gone, texts.values())
        changes = base.changes_since_index + len(changed) + len(removed)
        rewrite_index = changes > _ENTRIES_KEPT + len(items) // 20
        rows = [ItemRow(code, item_json(written[code]) if code in written else None,
                        held[code].reason if code in held else None,
                        None if rewrite_index or code not in texts else texts[code].to_json())
                for code in sorted(changed)]
        self._store.catalogue.apply(key, header, rows, removed,
                                    index.to_bytes() if rewrite_index else None, state)
        loaded = LoadedCatalogue(header["catalogue_version"], header["issued_at"],
                                 tuple(items[code] for code in sorted(items)), tuple(skipped))
        self._serving = _Serving(key, header, items, held, index,
                                 0 if rewrite_index else changes)
        return loaded, index, len(held)

    def _base(self) -> _Serving:
        """The catalogue a change applies to: kept in memory from the last sync, or read
        from the store once (after a restart)."""
        version = self._store.catalogue.version()
        if self._serving is not None and self._serving.key == version:
            return self._serving
        stored = self._store.catalogue.load()
        catalogue = stored_catalogue(self._store, stored)
        held = {code: _Held(json.loads(item), reason)
                for code, item, reason in self._store.catalogue.skipped()}
        self._serving = _Serving(stored.version, stored.header,
                                 {item.code: item for item in catalogue.items}, held,
                                 catalogue.index, stored.changes_since_index)
        return self._serving


# A change rewrites the stored search index (a few megabytes for a city's catalogue) only
# once the items it predates pass this many plus one in twenty of the catalogue: until
# then each keeps its search texts in its row, and a restart puts them in.
_ENTRIES_KEPT = 200


# Items built between two looks at the clock by the screens: a batch is one short parse.
_ITEMS_A_BATCH = 50
# After each batch the interpreter is the screens' alone for this long (a tap's work is
# many short calls into Python, each waiting for the interpreter while a batch runs).
_PAUSE_A_BATCH_S = 0.001


def _items_of(rows: list[tuple[str, str, str | None]]) -> tuple[ServiceItem, ...]:
    """The served items of a catalogue checked elsewhere, in the rows' (code) order: in
    batches, so that no single call holds the interpreter for long.

    The garbage collector waits meanwhile: the items are hundreds of thousands of new
    objects, all kept, and its passes over them (the screens' threads stopped each time)
    would cost nearly as much as building them."""
    served = [item for _, item, reason in rows if reason is None]
    items: list[ServiceItem] = []
    collecting = gc.isenabled()
    gc.disable()
    try:
        for start in range(0, len(served), _ITEMS_A_BATCH):
            batch = json.loads("[" + ",".join(served[start:start + _ITEMS_A_BATCH]) + "]")
            items.extend(build_item(data) for data in batch)
            time.sleep(_PAUSE_A_BATCH_S)
    finally:
        # Kept for as long as the catalogue serves: out of the collector's sight before it
        # runs again, or its first pass walks them all at once (150 ms with the
        # interpreter held, the screens' thread waiting).
        gc.freeze()
        if collecting:
            gc.enable()
    return tuple(items)


def _recheck_chains(items: dict[str, ServiceItem], held: dict[str, _Held],
                    touched: set[str]) -> set:
    """Life events served only while every link is an apply item of the catalogue: after
    a change to the items `touched`, events linking one of them are held back if a link
    went, and held events whose links came are served again. Returns the codes that
    moved."""
    moved = set()
    for code, kept in list(held.items()):
        chain = kept.data.get("chain") if isinstance(kept.data, dict) else None
        links = ({link.item for link in kept.item.chain.links} if kept.item is not None
                 else _linked(chain))
        if not links & touched:
            continue
        candidate = kept.item
        if candidate is None and item_problem(kept.data) is None:
            candidate = build_item(kept.data)
        if candidate is not None and chain_problem(candidate, items) is None:
            items[code] = candidate
            del held[code]
            moved.add(code)
    for code, item in list(items.items()):
        if item.chain is not None and (code in touched or any(
                link.item in touched for link in item.chain.links)):
            reason = chain_problem(item, items)
            if reason is not None:
                held[code] = _Held(None, reason, item)
                del items[code]
                moved.add(code)
    return moved


def _linked(chain) -> set[str]:
    """The codes a life event's chain (as sent) links, as far as it says."""
    links = chain.get("links") if isinstance(chain, dict) else None
    return {link.get("item") for link in links if isinstance(link, dict)} if isinstance(
        links, list) else set()
