"""Releases of the terminal's software, offered to the terminals: the release files an
operator puts in the platform's releases folder (`serve --releases DIR`). The platform
reads each one's version from its manifest and offers the newest; it vouches for none:
a terminal installs only what its release key signed (kiosk/update/).
"""

from __future__ import annotations

import hashlib
import json
import logging
import tarfile
import threading
from dataclasses import dataclass
from pathlib import Path

from packaging.version import InvalidVersion, Version

log = logging.getLogger(__name__)

MANIFEST = "release.json"


@dataclass(frozen=True)
class OfferedRelease:
    version: Version
    sha256: str
    size: int
    path: Path

    def as_dict(self) -> dict:
        return {"version": str(self.version), "sha256": self.sha256, "size": self.size}


class ReleaseShelf:
    """The releases folder, read again when its files change (their digests are worked
    out once a file)."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self._known: dict[tuple[str, int, int], OfferedRelease | None] = {}
        self._lock = threading.Lock()

    def releases(self) -> list[OfferedRelease]:
        if self.folder is None or not self.folder.is_dir():
            return []
        found = []
        with self._lock:
            for path in sorted(self.folder.glob("*.release")):
                try:
                    stat = path.stat()
                except OSError:
                    continue
                key = (path.name, stat.st_size, stat.st_mtime_ns)
                if key not in self._known:
                    self._known[key] = _read(path, stat.st_size)
                if self._known[key] is not None:
                    found.append(self._known[key])
        return found

    def newest(self) -> OfferedRelease | None:
        return max(self.releases(), key=lambda release: release.version, default=None)

    def find(self, version: str) -> OfferedRelease | None:
        return next((r for r in self.releases() if str(r.version) == version), None)


def _read(path: Path, size: int) -> OfferedRelease | None:
    try:
        with tarfile.open(path, "r:") as tar:
            member = tar.getmember(MANIFEST)
            handle = tar.extractfile(member) if member.size < 1024 * 1024 else None
            manifest = json.loads(handle.read()) if handle else {}
        version = Version(manifest["version"])
        digest = hashlib.sha256()
        with path.open("rb") as file:
            for block in iter(lambda: file.read(1024 * 1024), b""):
                digest.update(block)
    except (OSError, tarfile.TarError, KeyError, ValueError, TypeError, InvalidVersion) as exc:
        log.warning("releases: %s is not a release (%s); not offered", path.name,
                    type(exc).__name__)
        return None
    return OfferedRelease(version, digest.hexdigest(), size, path)
