"""The kiosk under cage, as an installed terminal runs it: an unprivileged user, Qt on
Wayland, cage's headless backend in place of a screen. It must reach its first frame.

The interpreter. The kiosk user on a terminal runs a virtual environment built from
Debian's /usr/bin/python3; here the unprivileged user (nobody) gets the same: a bare venv
from /usr/bin/python3 (same 3.11 ABI as the project's), with a .pth naming the project
environment's site-packages and this source tree. Those may sit in a folder nobody
cannot enter (a checkout under /root), so they are bound, read-only, to places inside the
test's own folder in a private mount namespace: nothing is copied.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import tomllib
from pathlib import Path

import pytest

from tests.deploy.target_root import REPO

pytestmark = pytest.mark.skipif(
    os.geteuid() != 0, reason="running the kiosk as another user needs root")

USER = "nobody"

# Qt messages that say nothing about the kiosk: those every Qt test ignores
# (pyproject.toml's qt_log_ignore, with their reasons), and two more under cage:
PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
IGNORED_EVERYWHERE = PROJECT["tool"]["pytest"]["ini_options"]["qt_log_ignore"]
KNOWN_QT_MESSAGES = [
    # Qt warns whenever QT_IM_MODULE names the virtual keyboard on Wayland, then loads it
    # in the client all the same (QWaylandIntegration::reconfigureInputContext tries the
    # requested modules in turn): `kiosk burn-in` under cage types pinyin on it and files
    # applications
    "qt.qpa.wayland: qtvirtualkeyboard currently is not supported at client-side",
    # cage's first configure of a full-screen window has no size yet (0x0: the client
    # chooses); the output's size follows
    "qt.qpa.wayland: Configure event with maximized or fullscreen state contains invalid",
]
QT_MESSAGE = re.compile(r"^(qt\.|qml:|file:|qrc:)|\.qml:\d+")

SCRIPT = r"""
set -eu
mount --bind -o ro "$SITE_PACKAGES" "$STAGE/site-packages"
mount --bind -o ro "$SOURCE_TREE" "$STAGE/src"
exec runuser -u "$KIOSK_USER" -- env -i PATH=/usr/bin:/bin HOME="$STAGE/home" \
  XDG_RUNTIME_DIR="$STAGE/run" WLR_BACKENDS=headless WLR_RENDERER=pixman \
  WLR_LIBINPUT_NO_DEVICES=1 QT_QPA_PLATFORM=wayland \
  /usr/bin/cage -d -- "$STAGE/python/bin/python" -m kiosk run --config "$STAGE/kiosk.toml" \
    --data-dir "$STAGE/home/data" --exit-after-first-frame
"""


@pytest.fixture(scope="module")
def stage():
    """A folder the unprivileged user can enter: its Python, home and runtime folder."""
    debian_python = subprocess.run(
        ["/usr/bin/python3", "-c", "import sys; print(sys.version_info[:2])"],
        capture_output=True, text=True, check=True, timeout=30).stdout.strip()
    assert debian_python == str(sys.version_info[:2]), \
        f"Debian's python3 is {debian_python}, the project's environment {sys.version_info[:2]}"
    # In /tmp itself: the test process's own temporary folder may be one an earlier test
    # pointed into its private tmp_path (tempfile keeps the first it finds), which the
    # unprivileged user cannot enter.
    folder = Path(tempfile.mkdtemp(prefix="kiosk-under-cage-", dir="/tmp"))
    # Readable by the unprivileged user whatever this process's umask: a test that ran
    # the kiosk's command in-process left the kiosk's own (0077) behind.
    umask = os.umask(0o022)
    try:
        folder.chmod(0o755)
        subprocess.run(["/usr/bin/python3", "-m", "venv", "--without-pip",
                        str(folder / "python")], check=True, timeout=60)
        (folder / "site-packages").mkdir()
        (folder / "src").mkdir()
        purelib = subprocess.run(
            [str(folder / "python/bin/python"), "-c",
             "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True, text=True, check=True, timeout=30).stdout.strip()
        Path(purelib, "project.pth").write_text(
            f"{folder / 'src'}\n{folder / 'site-packages'}\n", encoding="utf-8")
        for private in ("home", "run"):
            (folder / private).mkdir(mode=0o700)
            shutil.chown(folder / private, USER)
        (folder / "kiosk.toml").write_text(
            f'[storage]\nkey_dir = "{folder / "home" / "keys"}"\n', encoding="utf-8")
        os.umask(umask)
        yield folder
    finally:
        os.umask(umask)
        shutil.rmtree(folder, ignore_errors=True)


def test_the_kiosk_reaches_its_first_frame_under_cage_as_an_unprivileged_user(stage):
    env = {**os.environ, "STAGE": str(stage), "KIOSK_USER": USER, "SOURCE_TREE": str(REPO),
           "SITE_PACKAGES": sysconfig.get_paths()["purelib"]}
    result = subprocess.run(["unshare", "--mount", "--propagation", "private",
                             "bash", "-c", SCRIPT], env=env, capture_output=True, text=True,
                            timeout=180)
    # What the kiosk itself logged, if it got that far (its log file in its data dir).
    log_file = stage / "home" / "data" / "logs" / "kiosk.log"
    logged = log_file.read_text("utf-8", "replace")[-3000:] if log_file.exists() else "-"
    assert result.returncode == 0, result.stderr[-3000:] + "\nkiosk.log:\n" + logged
    assert "first frame" in result.stdout, result.stderr[-3000:] + "\nkiosk.log:\n" + logged
    qt_messages = [line for line in result.stderr.splitlines() if QT_MESSAGE.search(line)
                   and not any(known in line for known in KNOWN_QT_MESSAGES)
                   and not any(re.search(pattern, line) for pattern in IGNORED_EVERYWHERE)]
    assert qt_messages == []
    # The store was made by and for the unprivileged user
    data = stage / "home" / "data"
    assert data.stat().st_uid == pwd.getpwnam(USER).pw_uid
    assert (data / "kiosk.db").exists()
