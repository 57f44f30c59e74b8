"""The catalogue the terminal serves, with its search index, cached in the store.

The index is built when a catalogue is loaded (a new file, later a sync) and saved with
the checked items; a restart loads both from the store, never re-checking the items nor
rebuilding the index. If the configured
file cannot be read or parsed, the last good catalogue in the store keeps serving. Once
the terminal has synced a catalogue from the platform, that one serves (the file was only
the start-up catalogue).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

from kiosk.catalogue.loader import (
    CatalogueError,
    LoadedCatalogue,
    demo_catalogue_path,
    load_catalogue,
    only_loaded_items,
)
from kiosk.catalogue.model import Domain, JourneyKind, ServiceItem
from kiosk.catalogue.search import SearchHit, SearchIndex
from kiosk.catalogue.synonyms import SYNONYM_GROUPS
from kiosk.config import CatalogueConfig

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Catalogue:
    loaded: LoadedCatalogue
    index: SearchIndex
    source_key: str  # version plus a digest of the exact bytes

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
    """The configured catalogue, from the store's cache when the bytes are unchanged."""
    path = configured_catalogue_path(config)
    cached = store.catalogue.load()
    if cached is not None and cached[0].startswith(PLATFORM_PREFIX):
        return _from_cache(store, cached)  # the platform's, once synced, over any file
    try:
        raw = path.read_bytes()
    except OSError as exc:
        if cached is None:
            raise CatalogueError(f"{path}: cannot be read ({exc.strerror})") from None
        log.error("catalogue file %s cannot be read (%s); serving the cached one",
                  path, exc.strerror)
        return _from_cache(store, cached)
    key = _source_key(raw)
    if cached is not None and cached[0] == key:
        return _from_cache(store, cached)
    try:
        loaded = load_catalogue(raw)
    except CatalogueError as exc:
        if cached is None:
            raise
        log.error("catalogue file %s is unusable (%s); serving the cached one", path, exc)
        return _from_cache(store, cached)
    index = SearchIndex.build(loaded.items)
    store.catalogue.save(key, only_loaded_items(raw, loaded), index.to_bytes())
    log.info("catalogue %s loaded: %d items, %d skipped; search index built and cached",
             loaded.version, len(loaded.items), len(loaded.skipped))
    return Catalogue(loaded, index, key)


def _from_cache(store, cached: tuple[str, bytes, bytes]) -> Catalogue:
    key, checked, index_bytes = cached
    loaded = load_catalogue(checked, trusted=True)
    try:
        index = SearchIndex.from_bytes(index_bytes)
    except ValueError as exc:  # an index from an older release: rebuild it once
        log.warning("cached search index unusable (%s); rebuilding it", exc)
        index = SearchIndex.build(loaded.items)
        store.catalogue.save(key, checked, index.to_bytes())
    return Catalogue(loaded, index, key)
