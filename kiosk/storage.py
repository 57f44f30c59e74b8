"""Opening the terminal's store as the configuration says: one place for every command."""

from __future__ import annotations

from pathlib import Path

from kiosk.config import KioskConfig
from offline_cache.store import Store

MB = 1024 * 1024


def open_store(config: KioskConfig, data_dir: Path) -> Store:
    """The store in `data_dir`, its keys where `[storage] key_dir` says. Raises NotOurs
    for another user's directory and StorageUnavailable for an unusable disk."""
    key_dir = Path(config.storage.key_dir) if config.storage.key_dir else None
    return Store.open(data_dir, key_dir=key_dir,
                      min_free_bytes=config.storage.min_free_mb * MB)
