"""The catalogue the terminal serves, with its search index, cached in the store.

The index is built when a catalogue is loaded (a new file, later a sync) and saved with
the checked items (one stored copy: an item a row); a restart loads both from the store,
never re-checking the items nor rebuilding the index. A restart reads the stored index
when it is first asked for (the app asks on a background thread after the first frame),
so that NumPy and the postings stay off the first frame's path. If the configured
file cannot be read or parsed, the last good catalogue in the store keeps serving. Once
the terminal has synced a catalogue from the platform, that one serves (the file was only
the start-up catalogue).
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.catalogue.loader import (
    CatalogueError,
    LoadedCatalogue,
    demo_catalogue_path,
    load_catalogue,
    read_catalogue_json,
)
from kiosk.catalogue.model import Domain, JourneyKind, ServiceItem
from kiosk.catalogue.synonyms import SYNONYM_GROUPS
from kiosk.config import CatalogueConfig
from offline_cache.catalogue_cache import ItemRow, StoredCatalogue

if TYPE_CHECKING:
    from kiosk.catalogue.search import SearchHit, SearchIndex

log = logging.getLogger(__name__)


class IndexOnFirstUse:
    """A search index read (by `read`) the first time it is asked for, once, whichever
    thread asks first."""

    def __init__(self, read: Callable[[], SearchIndex]) -> None:
        self._read: Callable[[], SearchIndex] | None = read
        self._index: SearchIndex | None = None
        self._lock = threading.Lock()

    def get(self) -> SearchIndex:
        with self._lock:
            if self._index is None:
                self._index = self._read()
                self._read = None
            return self._index


@dataclass(frozen=True)
class Catalogue:
    loaded: LoadedCatalogue
    search_index: SearchIndex | IndexOnFirstUse
    source_key: str  # version plus a digest of the exact bytes

    @property
    def index(self) -> SearchIndex:
        index = self.search_index
        return index.get() if isinstance(index, IndexOnFirstUse) else index

    def prepare_search(self) -> None:
        """Read the search index now, if it was left for its first use."""
        self.index  # noqa: B018 - read for its effect

    @property
    def items(self) -> tuple[ServiceItem, ...]:
        return self.loaded.items

    def item(self, code: str) -> ServiceItem | None:
        return self.loaded.by_code(code)

    def search(self, query: str, limit: int = 10) -> list[SearchHit]:
        return self.index.search(query, limit=limit)

    def in_domain(self, domain: Domain) -> list[ServiceItem]:
        return [i for i in self.items if i.domain is domain]

    def by_journey(self, journey: JourneyKind) -> list[ServiceItem]:
        return [i for i in self.items if i.journey is journey]

    def to_do(self) -> list[ServiceItem]:
        """What "我要办" lists: life events first (one visit instead of several), then
        fees, then the applications."""
        return [i for kind in (JourneyKind.EVENT, JourneyKind.PAY, JourneyKind.APPLY)
                for i in self.by_journey(kind)]

    def names(self) -> dict[str, str]:
        return {i.code: i.name for i in self.items}

    def vocabulary(self) -> set[str]:
        """The words a resident may write to find a service: names, keywords and the
        everyday words search knows (the handwriting pad prefers them in a search)."""
        return ({word for i in self.items for word in (i.name, *i.keywords)}
                | {word for group in SYNONYM_GROUPS for word in group})


def configured_catalogue_path(config: CatalogueConfig) -> Path:
    return Path(config.path) if config.path else demo_catalogue_path()


def _source_key(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()[:24]


PLATFORM_PREFIX = "platform-r"


def platform_catalogue_key(revision: int) -> str:
    return f"{PLATFORM_PREFIX}{revision}"


def open_catalogue(store, config: CatalogueConfig) -> Catalogue:
    """The configured catalogue, from the store when the bytes are unchanged."""
    path = configured_catalogue_path(config)
    stored = store.catalogue.version()
    if stored is not None and stored.startswith(PLATFORM_PREFIX):
        return stored_catalogue(store)  # the platform's, once synced, over any file
    try:
        raw = path.read_bytes()
    except OSError as exc:
        if stored is None:
            raise CatalogueError(f"{path}: cannot be read ({exc.strerror})") from None
        log.error("catalogue file %s cannot be read (%s); serving the cached one",
                  path, exc.strerror)
        return stored_catalogue(store)
    key = _source_key(raw)
    if stored == key:
        return stored_catalogue(store)
    try:
        document = read_catalogue_json(raw)
        loaded = load_catalogue(document)
    except CatalogueError as exc:
        if stored is None:
            raise
        log.error("catalogue file %s is unusable (%s); serving the cached one", path, exc)
        return stored_catalogue(store)
    from kiosk.catalogue.search import SearchIndex

    index = SearchIndex.build(loaded.items)
    store.catalogue.save(key, catalogue_header(document),
                         catalogue_rows(document, loaded, keep_order=True), index.to_bytes())
    log.info("catalogue %s loaded: %d items, %d skipped; search index built and cached",
             loaded.version, len(loaded.items), len(loaded.skipped))
    return Catalogue(loaded, index, key)


def stored_catalogue(store, stored: StoredCatalogue | None = None) -> Catalogue | None:
    """The catalogue in the store (`stored`, read from it if not given), served as it was
    checked; None before the first.

    Its search index is brought up to date with the items changed since it was stored,
    from their stored search texts; an index this release cannot read is built anew."""
    stored = stored or store.catalogue.load()
    if stored is None:
        return None
    items = json.loads("[" + ",".join(stored.items) + "]")  # one parse, in C
    loaded = load_catalogue(dict(stored.header, items=items), trusted=True)
    return Catalogue(loaded, IndexOnFirstUse(lambda: _stored_index(store, stored, loaded)),
                     stored.version)


def _stored_index(store, stored: StoredCatalogue, loaded: LoadedCatalogue) -> SearchIndex:
    from kiosk.catalogue.search import SearchIndex
    from kiosk.catalogue.search.index import ItemTexts

    try:
        index = SearchIndex.from_bytes(stored.search_index)
        if stored.changes_since_index:
            served = {item.code for item in loaded.items}
            index = index.updated([code for code in index.codes() if code not in served],
                                  [ItemTexts.from_json(e) for e in stored.search_entries])
    except ValueError as exc:  # an index from an older release: rebuild it once
        log.warning("cached search index unusable (%s); rebuilding it", exc)
        index = SearchIndex.build(loaded.items)
        try:
            store.catalogue.save_index(stored.version, index.to_bytes())
        except Exception as exc:  # noqa: BLE001 - a full disk: the index serves from memory
            log.warning("rebuilt search index not stored (%s); rebuilt again next start",
                        type(exc).__name__)
    return index


def catalogue_header(document: dict) -> dict:
    return {key: document[key] for key in ("schema_version", "catalogue_version", "issued_at")}


def item_json(item: dict) -> str:
    return json.dumps(item, ensure_ascii=False, separators=(",", ":"))


def catalogue_rows(document: dict, loaded: LoadedCatalogue, *, keep_order: bool,
                   texts: list[str] | None = None) -> list[ItemRow]:
    """The rows the store keeps of a checked document: each item served, and each one
    skipped that has a code of its own (with the reason), a code once. `texts`: each
    item's JSON as it came, kept as it is (otherwise the item is written out again)."""
    skipped = {s.position: s.reason for s in loaded.skipped}
    rows: dict[str, ItemRow] = {}
    for serving in (True, False):
        for position, data in enumerate(document["items"]):
            if (position in skipped) == serving:
                continue
            code = data.get("code") if isinstance(data, dict) else None
            if isinstance(code, str) and code.strip() and code not in rows:
                text = item_json(data) if texts is None else texts[position]
                rows[code] = ItemRow(code, text, skipped.get(position),
                                     position=position if keep_order else 0)
    return list(rows.values())
