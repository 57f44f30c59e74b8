"""A newer release fetched from the platform in the background, then installed by the
terminal's updater: the real platform (`serve --releases DIR`) on loopback, the real sync
engine's software task, and `kiosk update apply-downloaded` installing into an
installation root of the test's own (a real virtual environment)."""

from __future__ import annotations

import hashlib
import random
import shutil

import pytest
from packaging.version import Version

from kiosk.cli import main
from kiosk.sync.engine import SyncEngine
from kiosk.update.download import SoftwareDownloads
from kiosk.update.installation import Installation
from kiosk.update.running import stage
from tests.central.harness import CentralServer
from tests.release_desk import SYSTEM_PYTHON, Releases
from tests.sync.conftest import enrolled


@pytest.fixture
def shelf(tmp_path):
    """The platform's releases folder, with the release engineer's signed 7.1 on it."""
    releases = Releases(tmp_path / "desk")
    releases.folder.mkdir()
    folder = tmp_path / "releases"
    folder.mkdir()
    shutil.copy(releases.make("7.1"), folder / "kiosk-7.1.release")
    (folder / "notes.release").write_text("not a release", encoding="utf-8")  # ignored
    server = CentralServer(db=tmp_path / "central.sqlite3", log=tmp_path / "central.log",
                           extra_args=["--releases", str(folder)]).start()
    try:
        yield releases, folder, server
    finally:
        server.stop()



def installed_terminal(tmp_path, releases, server, store):
    """A terminal running 7.0 from an installation root of the test's own, with the
    release key in its configuration: (root, configuration file, its updates folder, its
    sync engine, enrolled with `server`)."""
    root = tmp_path / "opt"
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[update]\nrelease_key = "{releases.public}"\n'
                      f'install_root = "{root}"\npython = "{SYSTEM_PYTHON}"\n', encoding="utf-8")
    updates = store.data_dir / "updates"
    engine = SyncEngine(store, enrolled(store, server), retention_days=7,
                        rng=random.Random(1),
                        software=SoftwareDownloads(updates, Version("7.0"),
                                                   Installation(root, SYSTEM_PYTHON)))
    return root, config, updates, engine


def test_a_newer_release_is_downloaded_then_installed_by_the_updater(tmp_path, shelf, store):
    releases, folder, server = shelf
    root, config, updates, engine = installed_terminal(tmp_path, releases, server, store)
    try:
        assert engine.run_once(("software",)).software == "7.1 downloaded"
        downloaded = updates / "7.1.release"
        assert hashlib.sha256(downloaded.read_bytes()).digest() == hashlib.sha256(
            (folder / "kiosk-7.1.release").read_bytes()).digest()
        assert engine.run_once(("software",)).software == "7.1 is here already"

        # The updater (root, its path unit) installs it and stages it for a quiet moment.
        assert main(["--config", str(config), "--data-dir", str(store.data_dir),
                     "update", "apply-downloaded"]) == 0
        assert Installation(root, SYSTEM_PYTHON).installed() == (Version("7.1"),)
        assert stage.read(root) == "7.1" and not downloaded.exists()
        assert engine.run_once(("software",)).software == "7.1 is here already"
    finally:
        engine.stop()


def test_a_release_the_release_key_did_not_sign_is_set_aside_not_installed(
        tmp_path, shelf, store, capsys):
    releases, folder, server = shelf
    stranger = Releases(tmp_path / "stranger")
    stranger.folder.mkdir()
    (folder / "kiosk-7.1.release").unlink()
    shutil.copy(stranger.make("7.2"), folder / "kiosk-7.2.release")
    root, config, updates, engine = installed_terminal(tmp_path, releases, server, store)
    try:
        assert engine.run_once(("software",)).software == "7.2 downloaded"
        assert main(["--config", str(config), "--data-dir", str(store.data_dir),
                     "update", "apply-downloaded"]) == 1
        assert "refused 7.2.release: " in capsys.readouterr().err
        assert (updates / "7.2.refused").exists()
        assert Installation(root, SYSTEM_PYTHON).installed() == ()
        # Not fetched again and again: the updater's refusal stands.
        assert engine.run_once(("software",)).software.startswith("7.2 was refused")
    finally:
        engine.stop()


def test_a_terminal_not_installed_asks_the_platform_nothing(shelf, store):
    _, _, server = shelf
    engine = SyncEngine(store, enrolled(store, server), retention_days=7,
                        rng=random.Random(1))
    try:
        report = engine.run_once(("software",))
    finally:
        engine.stop()
    assert report.software == "not an installed terminal taking updates"
    assert not (store.data_dir / "updates").exists()
