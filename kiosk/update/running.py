"""Updates as the running terminal sees them: which installed release it is, a version
installed beside it and waiting (staged) to be switched to, when to switch (nobody at the
terminal, at night or after a long quiet), and the new version proving itself at its
first starts: first frame, store, devices, and a sync round where the platform was
reachable before the switch. A version that fails is switched back by itself.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from packaging.version import InvalidVersion, Version

from kiosk.update.installation import Installation, UpdateFailed
from kiosk.update.release import PROJECT

log = logging.getLogger(__name__)

STAGED = "staged.json"
# Quiet long enough to take the minute a restart costs, outside the night window too.
SWITCH_AFTER_IDLE_S = 30 * 60


def running_release(config, prefix: str | None = None) -> Version | None:
    """The version of the installed release this process runs from, None when it runs
    from anywhere else (a source checkout, the test suite)."""
    # As invoked, not resolved: a release folder may be a link (the service runs
    # current/bin/kiosk, whose interpreter names releases/<version>).
    releases = os.path.abspath(Path(config.update.install_root) / "releases")
    here = Path(os.path.abspath(prefix or sys.prefix))
    if str(here.parent) != releases:
        return None
    try:
        return Version(here.name)
    except InvalidVersion:
        return None


def software_version() -> str:
    from importlib import metadata

    try:
        return metadata.version(PROJECT)
    except metadata.PackageNotFoundError:
        return "unknown"


class stage:  # noqa: N801 - a namespace for the staged file's two operations
    """The version installed beside the running one and waiting for a quiet moment."""

    @staticmethod
    def write(root: Path, version: Version) -> None:
        partial = root / (STAGED + ".partial")
        partial.write_text(json.dumps({"version": str(version)}), encoding="utf-8")
        partial.chmod(0o644)  # written by root (a technician's apply), read by the kiosk
        os.replace(partial, root / STAGED)

    @staticmethod
    def read(root: Path) -> str | None:
        try:
            return json.loads((root / STAGED).read_text(encoding="utf-8"))["version"]
        except (OSError, ValueError, KeyError, TypeError):
            return None

    @staticmethod
    def clear(root: Path) -> None:
        (root / STAGED).unlink(missing_ok=True)


def in_window(window: str, now: dt.time) -> bool:
    """Whether `now` falls in "HH:MM-HH:MM" (which may wrap past midnight)."""
    start, end = (dt.time.fromisoformat(part.strip()) for part in window.split("-"))
    return start <= now < end if start <= end else now >= start or now < end


@dataclass
class UpdateKeeper:
    """The running terminal's side of updates; inert outside an installation."""

    installation: Installation
    running: Version | None
    switch_window: str
    platform_check_s: float

    @classmethod
    def at_start(cls, config) -> UpdateKeeper:
        return cls(Installation(Path(config.update.install_root), config.update.python),
                   running_release(config), config.update.switch_window,
                   config.update.platform_check_s)

    def start_allowed(self) -> bool:
        """Count this start of a version still proving itself; False when it has had its
        starts and was switched back: the process should end, to be started again."""
        if self.running is None:
            return True
        try:
            return self.installation.started(self.running)
        except (OSError, UpdateFailed) as exc:
            log.error("the update's health check could not be kept: %s", exc)
            return True

    def platform_check_due(self) -> bool:
        return self.running is not None and self.installation.platform_check_due(self.running)

    def proven(self) -> None:
        if self.running is not None:
            self.installation.proven(self.running)

    def failed(self, why: str) -> None:
        """The running version failed its check: the previous one runs from the next
        start."""
        if self.running is None or not self.installation.status().switch:
            return
        try:
            self.installation.rollback(why)
        except (OSError, UpdateFailed) as exc:
            log.error("%s, and it cannot go back: %s", why, exc)

    def switch_due(self, *, nobody_there: bool, idle_s: float, now: dt.datetime,
                   platform_reachable: bool) -> Version | None:
        """Switch to the staged version if this is the moment: nobody mid-visit, and
        night (the configured window) or a long quiet. Returns the version switched to
        (the caller restarts the terminal), else None."""
        if self.running is None or not nobody_there:
            return None
        staged = stage.read(self.installation.root)
        if staged is None:
            return None
        if not (in_window(self.switch_window, now.time()) or idle_s >= SWITCH_AFTER_IDLE_S):
            return None
        try:
            version = Version(staged)
            if version == self.running:
                stage.clear(self.installation.root)
                return None
            self.installation.switch_to(version, platform_reachable=platform_reachable)
        except (InvalidVersion, UpdateFailed, OSError) as exc:
            log.error("the staged version %s cannot be switched to: %s", staged, exc)
            stage.clear(self.installation.root)
            return None
        stage.clear(self.installation.root)
        return version


def prove(keeper: UpdateKeeper, kiosk,
          on_failed: Callable[[str], None]) -> threading.Thread | None:
    """After the first frame of a version still proving itself (the store opened, or
    there would be no home screen): its devices answer, and where the platform was
    reachable before the switch, a sync round reaches it. Then the version is kept; else
    the previous one is switched back and `on_failed(why)` restarts the terminal. Runs
    on a thread of its own; None when there is nothing to prove."""
    switch = keeper.installation.status().switch if keeper.running is not None else None
    if switch is None or switch.get("to") != str(keeper.running):
        return None

    def check() -> None:
        try:
            kiosk.devices.health()
        except Exception as exc:  # noqa: BLE001 - whatever a device's driver raises
            why = f"its devices do not answer ({type(exc).__name__})"
        else:
            why = None
        if why is None and keeper.platform_check_due():
            deadline = time.monotonic() + keeper.platform_check_s
            while kiosk.sync_status().online is not True and time.monotonic() < deadline:
                time.sleep(1.0)
            if kiosk.sync_status().online is not True:
                why = "it does not reach the platform, which the version before it did"
        if why is None:
            keeper.proven()
            return
        keeper.failed(f"version {keeper.running}: {why}")
        on_failed(why)

    thread = threading.Thread(target=check, name="update-check", daemon=True)
    thread.start()
    return thread
