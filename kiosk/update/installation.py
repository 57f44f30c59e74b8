"""The terminal's software versions, side by side under the installation root:

    releases/<version>/        a virtual environment each; `INSTALLED` marks a whole one
    current -> releases/<v>    what the service runs (its ExecStart names current/bin/kiosk)
    previous -> releases/<v>   what ran before, to go back to
    switch.json                a switch waiting for the new version's health check

An install builds `releases/<version>` beside the running version and marks it whole only
when pip has finished: a kill at any moment leaves `current` as it was, and at most a
folder without its mark, which the next install removes. A switch replaces the `current`
link in one rename. The new version must then prove itself at its next starts (first
frame, store, devices, and a sync round where the platform was reachable before); a
version that does not within `STARTS_TO_PROVE` starts is switched back by itself.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from packaging.version import InvalidVersion, Version

from kiosk.update.release import PROJECT, Release, ReleaseRefused, open_release

log = logging.getLogger(__name__)

INSTALLED = "INSTALLED"
SWITCH = "switch.json"
# Starts the new version gets to prove itself (a crash before its first frame counts as
# one): then the previous version runs again.
STARTS_TO_PROVE = 3
PIP_TIMEOUT_S = 1800


class UpdateFailed(Exception):
    """An install, switch or rollback that could not be done; says why in one line."""


@dataclass(frozen=True)
class Status:
    current: Version | None
    previous: Version | None
    installed: tuple[Version, ...]
    switch: dict | None  # the switch waiting for its health check, if any


class Installation:
    def __init__(self, root: Path, python: str = "/usr/bin/python3"):
        self.root = root
        self.python = python
        self.releases = root / "releases"

    # -- what is there -----------------------------------------------------------------

    def _linked(self, name: str) -> Version | None:
        try:
            target = os.readlink(self.root / name)
        except OSError:
            return None
        try:
            return Version(Path(target).name)
        except InvalidVersion:
            return None

    def current(self) -> Version | None:
        return self._linked("current")

    def previous(self) -> Version | None:
        return self._linked("previous")

    def installed(self) -> tuple[Version, ...]:
        found = []
        for folder in self.releases.glob("*") if self.releases.is_dir() else ():
            try:
                if (folder / INSTALLED).is_file():
                    found.append(Version(folder.name))
            except InvalidVersion:
                continue
        return tuple(sorted(found))

    def status(self) -> Status:
        return Status(self.current(), self.previous(), self.installed(), self._switch())

    def _switch(self) -> dict | None:
        try:
            return json.loads((self.root / SWITCH).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def _write_switch(self, state: dict | None) -> None:
        path = self.root / SWITCH
        if state is None:
            path.unlink(missing_ok=True)
            return
        partial = path.with_name(SWITCH + ".partial")
        partial.write_text(json.dumps(state), encoding="utf-8")
        partial.chmod(0o644)  # root's rollback or the kiosk's switch: both read it
        os.replace(partial, path)

    # -- installing beside -------------------------------------------------------------

    def install(self, release_file: Path, public_key) -> Version:
        """Check `release_file` and install it beside the running version (not switched
        to yet). Raises ReleaseRefused or UpdateFailed."""
        # Software, not secrets: readable by the kiosk's user whoever installs it (the
        # kiosk's commands otherwise keep everything they write to their own user).
        previous_umask = os.umask(0o022)
        try:
            return self._install(release_file, public_key)
        finally:
            os.umask(previous_umask)

    def _install(self, release_file: Path, public_key) -> Version:
        self.releases.mkdir(parents=True, exist_ok=True)
        self._remove_unfinished()
        with tempfile.TemporaryDirectory(prefix=".incoming-", dir=self.root) as incoming:
            wheels = Path(incoming)
            release = open_release(release_file, public_key, wheels)
            self._may_take(release)
            target = self.releases / str(release.version)
            if (target / INSTALLED).is_file():
                return release.version  # installed already (a second apply of one file)
            self._build(target, wheels, release.version)
        log.info("version %s installed beside %s", release.version, self.current() or "none")
        return release.version

    def _may_take(self, release: Release) -> None:
        current = self.current()
        if current is None or release.version > current:
            return
        if release.downgrade_of == current:
            log.warning("version %s replaces %s: a downgrade signed as one",
                        release.version, current)
            return
        raise ReleaseRefused(f"version {release.version} is not newer than {current}, which "
                             "runs (a downgrade must be signed as one)")

    def _build(self, target: Path, wheels: Path, version: Version) -> None:
        # The environment is made without pip: the running version's pip installs into it
        # (pip's --python), from the release's wheels alone, the release's pip too (for
        # the release after it).
        steps = [
            [self.python, "-m", "venv", "--without-pip", str(target)],
            [sys.executable, "-m", "pip", "--python", str(target / "bin" / "python"),
             "install", "--no-index", "--find-links", str(wheels), "--no-cache-dir",
             "--disable-pip-version-check", "--quiet", f"{PROJECT}=={version}", "pip"],
        ]
        for step in steps:
            try:
                done = subprocess.run(step, capture_output=True, text=True,
                                      timeout=PIP_TIMEOUT_S, check=False)
            except (OSError, subprocess.TimeoutExpired) as exc:
                shutil.rmtree(target, ignore_errors=True)
                raise UpdateFailed(f"installing {version}: {exc}") from None
            if done.returncode != 0:
                shutil.rmtree(target, ignore_errors=True)
                last = (done.stderr.strip().splitlines() or ["(no message)"])[-1]
                raise UpdateFailed(f"installing {version}: {' '.join(step[1:3])} failed: "
                                   f"{last[:300]}")
        (target / INSTALLED).write_text(str(version), encoding="utf-8")

    def _remove_unfinished(self) -> None:
        """What an interrupted install left: a release folder without its mark, and the
        wheels it was unpacking."""
        running = {self.current(), self.previous()}
        for folder in self.releases.glob("*"):
            if not (folder / INSTALLED).is_file() and folder.name not in map(str, running):
                shutil.rmtree(folder, ignore_errors=True)
        for incoming in self.root.glob(".incoming-*"):
            shutil.rmtree(incoming, ignore_errors=True)

    # -- switching -------------------------------------------------------------------

    def switch_to(self, version: Version, *, platform_reachable: bool) -> None:
        """Run `version` from the next start on; it must prove itself then."""
        if version not in self.installed():
            raise UpdateFailed(f"version {version} is not installed")
        current = self.current()
        if current == version:
            return
        self._write_switch({"to": str(version), "from": str(current) if current else None,
                            "starts": 0, "platform_reachable": platform_reachable})
        if current is not None:
            self._link("previous", current)
        self._link("current", version)
        log.info("switched to version %s (from %s); it proves itself at its next start",
                 version, current or "none")

    def _link(self, name: str, version: Version) -> None:
        partial = self.root / f".{name}.partial"
        partial.unlink(missing_ok=True)
        os.symlink(Path("releases") / str(version), partial)
        os.replace(partial, self.root / name)

    def rollback(self, why: str) -> Version:
        """Back to the previous version (the operator's command, or a failed check)."""
        previous = self.previous()
        if previous is None or previous not in self.installed():
            raise UpdateFailed("there is no previous version to go back to")
        failed = self.current()
        self._link("current", previous)
        if failed is not None:
            self._link("previous", failed)
        self._write_switch(None)
        log.error("went back to version %s from %s: %s", previous, failed, why)
        return previous

    # -- the new version proving itself -------------------------------------------------

    def started(self, running: Version) -> bool:
        """Called as `running` starts. Counts the starts of a version still to prove
        itself; False once it has had its starts: it was switched back (restart now)."""
        switch = self._switch()
        if switch is None or switch.get("to") != str(running):
            return True
        switch["starts"] = int(switch.get("starts", 0)) + 1
        if switch["starts"] > STARTS_TO_PROVE:
            self.rollback(f"version {running} did not pass its health check in "
                          f"{STARTS_TO_PROVE} starts")
            return False
        self._write_switch(switch)
        return True

    def platform_check_due(self, running: Version) -> bool:
        switch = self._switch()
        return bool(switch and switch.get("to") == str(running)
                    and switch.get("platform_reachable"))

    def proven(self, running: Version) -> None:
        switch = self._switch()
        if switch is not None and switch.get("to") == str(running):
            self._write_switch(None)
            log.info("version %s passed its health check", running)
