"""A newer release fetched from the platform in the background, into the data
directory's `updates/` folder. The terminal's updater (root: deploy/'s
one-terminal-kiosk-update path unit, `kiosk update apply-downloaded`) installs what
lands there; it checks the release key's signature, as for a file from a USB stick. The
platform's digest here only tells a download cut short from a whole one.
"""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path

from packaging.version import InvalidVersion, Version

from kiosk.sync.errors import GARBAGE, PlatformError
from kiosk.update.installation import Installation
from kiosk.update.release import MAX_RELEASE_BYTES

log = logging.getLogger(__name__)

DOWNLOADED = ".release"
UPDATES_FOLDER = "updates"


class SoftwareDownloads:
    def __init__(self, folder: Path, running: Version, installation: Installation):
        self.folder = folder
        self.running = running
        self.installation = installation

    def check(self, client) -> str:
        """Ask the platform for its newest release and fetch it if newer than the one
        running and not here yet; says what it did (for the round's report)."""
        answer = client.call("GET", "/v1/software", expect=(200, 404))
        if answer.status == 404:
            return "no release offered"
        offered = answer.body if isinstance(answer.body, dict) else {}
        try:
            version = Version(str(offered["version"]))
            digest, size = str(offered["sha256"]), int(offered["size"])
        except (KeyError, ValueError, TypeError, InvalidVersion):
            raise PlatformError(GARBAGE, "GET /v1/software: not a release's description") \
                from None
        if version <= self.running:
            return f"up to date ({self.running})"
        target = self.folder / f"{version}{DOWNLOADED}"
        if version in self.installation.installed() or target.exists():
            return f"{version} is here already"
        if target.with_suffix(".refused").exists():
            return f"{version} was refused by the updater (see its log)"
        if not 0 < size <= MAX_RELEASE_BYTES:
            raise PlatformError(GARBAGE, f"GET /v1/software: a release of {size} bytes")
        partial = self.folder / f".{version}.partial"
        try:
            self.folder.mkdir(mode=0o700, exist_ok=True)
            with partial.open("wb") as file:
                written = client.download(f"/v1/software/{version}", file, limit_bytes=size)
                file.flush()
                os.fsync(file.fileno())
            if written != size or _sha256(partial) != digest:
                raise PlatformError(GARBAGE, f"the release {version} came cut short or "
                                             "changed on the way; fetched again later")
            os.replace(partial, target)
        except OSError as exc:  # the terminal's disk (full?), not the platform's fault
            log.warning("release %s not downloaded: %s", version,
                        exc.strerror or type(exc).__name__)
            return f"{version} not downloaded ({exc.strerror or type(exc).__name__})"
        finally:
            partial.unlink(missing_ok=True)
        log.info("release %s downloaded for the updater (running %s)", version, self.running)
        return f"{version} downloaded"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def software_downloads(config, data_dir: Path) -> SoftwareDownloads | None:
    """What an installed terminal with a release key fetches updates into; None for any
    other kiosk (a source checkout, the demo, the tests): it asks the platform nothing."""
    from kiosk.update.running import running_release

    running = running_release(config)
    if running is None or not config.update.release_key:
        return None
    return SoftwareDownloads(data_dir / UPDATES_FOLDER, running,
                             Installation(Path(config.update.install_root),
                                          config.update.python))
