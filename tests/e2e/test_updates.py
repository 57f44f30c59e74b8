"""Signed updates, installed for real: releases built and signed as the release engineer
does (`kiosk update build`), applied with `kiosk update apply` into an installation root
of the test's own, each version a real virtual environment (Debian's /usr/bin/python3,
pip from the release's own wheels, nothing from an index), the running version switched
in one rename and checked by running it.

The project wheel here is a small stand-in with the kiosk's name and a `kiosk` command
that prints its version: what is under test is the installing, not the kiosk it installs.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import random
import shutil
import signal
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from packaging.version import Version

from kiosk.cli import main
from kiosk.update.installation import STARTS_TO_PROVE, Installation
from kiosk.update.running import SWITCH_AFTER_IDLE_S, UpdateKeeper, stage
from tests.e2e.kiosk_process import KioskProcess, environment
from tests.release_desk import SYSTEM_PYTHON, Releases

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def terminal(tmp_path):
    """A terminal's configuration file with the release key, and its installation root."""
    if not Path(SYSTEM_PYTHON).exists():
        pytest.fail(f"{SYSTEM_PYTHON} is needed (Debian's python3; run scripts/setup.sh)")
    releases = Releases(tmp_path)
    root = tmp_path / "opt"
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[update]\nrelease_key = "{releases.public}"\n'
                      f'install_root = "{root}"\npython = "{SYSTEM_PYTHON}"\n', encoding="utf-8")
    return releases, root, config


def kiosk_update(config: Path, *args: str) -> int:
    return main(["--config", str(config), "update", *args])


def runs(root: Path) -> str:
    """What the service would start: the `current` version's kiosk command."""
    done = subprocess.run([str(root / "current" / "bin" / "kiosk")], capture_output=True,
                          text=True, timeout=60, check=True)
    return done.stdout.strip()


def test_a_signed_release_installs_beside_the_running_one_and_switches_in_one_rename(
        terminal, capsys):
    releases, root, config = terminal
    installation = Installation(root, SYSTEM_PYTHON)
    assert kiosk_update(config, "apply", str(releases.make("1.0"))) == 0
    installation.switch_to(Version("1.0"), platform_reachable=False)
    assert runs(root) == "1.0"

    assert kiosk_update(config, "apply", str(releases.make("1.1"))) == 0
    assert runs(root) == "1.0"  # installed beside: the running version untouched
    assert "version 1.1 installed beside 1.0" in capsys.readouterr().out
    installation.switch_to(Version("1.1"), platform_reachable=False)
    assert runs(root) == "1.1"
    assert installation.previous() == Version("1.0")
    # Readable by the kiosk's user, whoever installed it.
    assert (root / "releases" / "1.1" / "bin" / "kiosk").stat().st_mode & 0o005 == 0o005

    assert kiosk_update(config, "rollback") == 0
    assert runs(root) == "1.0"


def test_tampered_unsigned_foreign_and_older_releases_are_refused(terminal, capsys):
    releases, root, config = terminal
    assert kiosk_update(config, "apply", str(releases.make("2.0"))) == 0
    Installation(root, SYSTEM_PYTHON).switch_to(Version("2.0"), platform_reachable=False)
    capsys.readouterr()

    good = releases.make("2.1")
    tampered = good.with_name("tampered.release")
    with tarfile.open(good) as source, tarfile.open(tampered, "w") as copy:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name.endswith(".whl") and "one_terminal_kiosk" in member.name:
                data = data.replace(b"print(", b"import os; os.system('id'); print(")
                member.size = len(data)
            copy.addfile(member, io.BytesIO(data))
    unsigned = good.with_name("unsigned.release")
    with tarfile.open(good) as source, tarfile.open(unsigned, "w") as copy:
        for member in source.getmembers():
            if member.name != "release.json.sig":
                copy.addfile(member, source.extractfile(member))
    foreign = releases.make("2.1", key=Ed25519PrivateKey.generate())
    older = releases.make("1.9")
    not_a_release = good.with_name("garbage.release")
    not_a_release.write_bytes(b"not a tar file at all")

    expected = {
        tampered: "the wheel one_terminal_kiosk-2.1-py3-none-any.whl is not the one signed",
        unsigned: "no signed manifest (an unsigned release?)",
        foreign: "its signature is not the release key's",
        older: "version 1.9 is not newer than 2.0, which runs (a downgrade must be signed "
               "as one)",
        not_a_release: "not a release file",
    }
    for release, why in expected.items():
        assert kiosk_update(config, "apply", str(release)) == 1
        said = capsys.readouterr().err
        assert said.startswith("kiosk update: refused: ") and why in said, said
    assert Installation(root, SYSTEM_PYTHON).installed() == (Version("2.0"),)
    assert runs(root) == "2.0"

    # An operator's downgrade, signed as one, is taken.
    assert kiosk_update(config, "apply", str(releases.make("1.9", downgrade_of="2.0"))) == 0


def test_a_version_that_fails_its_health_check_is_switched_back_by_itself(terminal):
    releases, root, config = terminal
    installation = Installation(root, SYSTEM_PYTHON)
    for version in ("3.0", "3.1"):
        assert kiosk_update(config, "apply", str(releases.make(version))) == 0
    installation.switch_to(Version("3.0"), platform_reachable=False)
    installation.proven(Version("3.0"))
    installation.switch_to(Version("3.1"), platform_reachable=True)
    # 3.1 starts and never proves itself (it dies before its first frame, say).
    assert [installation.started(Version("3.1")) for _ in range(STARTS_TO_PROVE)] == [
        True] * STARTS_TO_PROVE
    assert installation.started(Version("3.1")) is False
    assert runs(root) == "3.0"
    assert installation.status().switch is None
    # A version that proves itself stays.
    installation.switch_to(Version("3.1"), platform_reachable=False)
    assert installation.started(Version("3.1"))
    installation.proven(Version("3.1"))
    assert all(installation.started(Version("3.1")) for _ in range(STARTS_TO_PROVE + 1))
    assert runs(root) == "3.1"


def test_an_install_killed_at_any_moment_leaves_a_terminal_that_starts(terminal):
    releases, root, config = terminal
    assert kiosk_update(config, "apply", str(releases.make("4.0"))) == 0
    Installation(root, SYSTEM_PYTHON).switch_to(Version("4.0"), platform_reachable=False)
    release = releases.make("4.1")
    rng = random.Random(4)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    interrupted = 0
    for attempt in range(5):
        apply = subprocess.Popen(
            [sys.executable, "-m", "kiosk", "--config", str(config), "update", "apply",
             str(release)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, 2.5))
        apply.send_signal(signal.SIGKILL)
        apply.wait()
        half = root / "releases" / "4.1"
        interrupted += (half.exists() and not (half / "INSTALLED").exists()) or any(
            root.glob(".incoming-*"))
        assert runs(root) == "4.0", f"after a kill at attempt {attempt}"
        assert Installation(root, SYSTEM_PYTHON).current() == Version("4.0")
    assert interrupted, "no kill came in the middle of an install"
    assert kiosk_update(config, "apply", str(release)) == 0  # and a whole install after
    installation = Installation(root, SYSTEM_PYTHON)
    assert installation.installed() == (Version("4.0"), Version("4.1"))
    assert not list(root.glob(".incoming-*"))
    installation.switch_to(Version("4.1"), platform_reachable=False)
    assert runs(root) == "4.1"


def installed_as(root: Path, version: str, previous: str, *, platform_reachable: bool) -> Path:
    """An installation whose two releases are this test's own Python environment, by
    links (its configuration, commands and libraries), switched to `version` from
    `previous` and waiting for its health check: the real kiosk started from it is that
    version proving itself. Returns its interpreter."""
    environment_here = Path(sys.prefix)
    for name in (previous, version):
        release = root / "releases" / name
        release.mkdir(parents=True)
        shutil.copy(environment_here / "pyvenv.cfg", release)
        for part in ("bin", "lib"):
            (release / part).symlink_to(environment_here / part)
        (release / "INSTALLED").write_text(name, encoding="utf-8")
    installation = Installation(root, SYSTEM_PYTHON)
    installation.switch_to(Version(previous), platform_reachable=False)
    installation.proven(Version(previous))
    installation.switch_to(Version(version), platform_reachable=platform_reachable)
    return root / "releases" / version / "bin" / "python"


@pytest.mark.parametrize("platform_reachable", [False, True], ids=["kept", "switched-back"])
def test_the_kiosk_proves_a_new_version_after_its_first_frame_or_goes_back(
        tmp_path, platform_reachable):
    """Where the platform was reachable before the switch and the new version never
    reaches it (this terminal is not even enrolled), the previous version comes back."""
    root = tmp_path / "opt"
    python = installed_as(root, "5.1", "5.0", platform_reachable=platform_reachable)
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[update]\ninstall_root = "{root}"\nplatform_check_s = 3\n',
                      encoding="utf-8")
    kiosk = KioskProcess(["--config", str(config), "run", "--data-dir", str(tmp_path / "data")],
                         environment(tmp_path), python=str(python))
    try:
        kiosk.wait_for("first frame")
        if platform_reachable:
            kiosk.wait_for("went back to version 5.0 from 5.1")
            code, _ = kiosk.ended()  # it restarts itself, into the previous version
        else:
            kiosk.wait_for("version 5.1 passed its health check")
            code, _ = kiosk.stop_with(signal.SIGTERM)
    finally:
        kiosk.kill()
    installation = Installation(root, SYSTEM_PYTHON)
    assert code == 0
    assert installation.status().switch is None
    assert installation.current() == Version("5.0" if platform_reachable else "5.1")


def test_a_staged_version_is_switched_to_only_when_nobody_is_there_at_night_or_long_quiet(
        tmp_path):
    root = tmp_path / "opt"
    for name in ("6.0", "6.1"):
        (root / "releases" / name).mkdir(parents=True)
        (root / "releases" / name / "INSTALLED").write_text(name, encoding="utf-8")
    installation = Installation(root, SYSTEM_PYTHON)
    installation.switch_to(Version("6.0"), platform_reachable=False)
    installation.proven(Version("6.0"))
    stage.write(root, Version("6.1"))
    keeper = UpdateKeeper(installation, Version("6.0"), "23:30-05:00", 600.0)
    noon, night = dt.datetime(2026, 12, 7, 12, 0), dt.datetime(2026, 12, 8, 0, 30)

    def due(**when):
        facts = {"nobody_there": True, "idle_s": 60.0, "now": noon,
                 "platform_reachable": True} | when
        return keeper.switch_due(**facts)

    assert due(nobody_there=False, now=night) is None  # a resident mid-visit at night
    assert due() is None  # noon, a minute after the last visit
    assert installation.current() == Version("6.0")
    assert due(now=night) == Version("6.1")
    assert installation.current() == Version("6.1")
    assert installation.status().switch == {"to": "6.1", "from": "6.0", "starts": 0,
                                            "platform_reachable": True}
    assert stage.read(root) is None and due(now=night) is None  # switched once

    installation.rollback("for the test")
    stage.write(root, Version("6.1"))
    keeper.running = Version("6.0")
    assert due(idle_s=SWITCH_AFTER_IDLE_S) == Version("6.1")  # a long quiet at noon
