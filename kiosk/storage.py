"""Opening the terminal's store as the configuration says: one place for every command."""

from __future__ import annotations

from pathlib import Path

from kiosk.config import KioskConfig
from offline_cache.keys import default_key_dir
from offline_cache.store import Store

MB = 1024 * 1024


def key_dir_for(config: KioskConfig, data_dir: Path) -> Path:
    """Where `[storage] key_dir` puts the store's keys and the enrollment (by default
    beside the data directory)."""
    return Path(config.storage.key_dir) if config.storage.key_dir else default_key_dir(
        Path(data_dir))


def open_store(config: KioskConfig, data_dir: Path) -> Store:
    """The store in `data_dir`, its keys where `[storage] key_dir` says. Raises NotOurs
    for another user's directory and StorageUnavailable for an unusable disk."""
    return Store.open(data_dir, key_dir=key_dir_for(config, data_dir),
                      min_free_bytes=config.storage.min_free_mb * MB)
