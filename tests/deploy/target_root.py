"""A temporary root to install a terminal into, as an image builder would.

It starts as a bare Debian base: the account files (a few system groups, `render` left
out so that the installer must make it) and getty@tty1 enabled, as Debian enables it.
The installer and `systemd-analyze verify --root` run in a private mount namespace where
this machine's /usr/bin and systemd's unit folder are bound read-only into the root: the
units it enables and the programs its unit runs (cage, python3) are then found there,
and nothing outside the root can be written.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
INSTALLER = REPO / "deploy" / "install.sh"
UNIT = "one-terminal-kiosk.service"
# Every unit the installer writes, verified together.
UNITS = (UNIT, "one-terminal-kiosk-update.path", "one-terminal-kiosk-update.service")

DEBIAN_BASE = {
    "etc/passwd": "root:x:0:0:root:/root:/bin/bash\n"
                  "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n",
    "etc/group": "root:x:0:\nadm:x:4:\nlp:x:7:\ndialout:x:20:\nsudo:x:27:\naudio:x:29:\n"
                 "video:x:44:\nnogroup:x:65534:\n",
    "etc/shadow": "root:*:19000:0:99999:7:::\nnobody:*:19000:0:99999:7:::\n",
    "etc/gshadow": "root:*::\nadm:*::\nlp:*::\ndialout:*::\nsudo:*::\naudio:*::\nvideo:*::\n"
                   "nogroup:*::\n",
}


def make_base(root: Path) -> None:
    for name, text in DEBIAN_BASE.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        path.chmod(0o640 if "shadow" in name else 0o644)
    getty = root / "etc/systemd/system/getty.target.wants/getty@tty1.service"
    getty.parent.mkdir(parents=True)
    getty.symlink_to("/lib/systemd/system/getty@.service")


@dataclass
class Installed:
    root: Path
    returncode: int
    output: str  # the installer's standard output and error
    verify_returncode: int
    verify_output: str  # what `systemd-analyze verify` printed for the units


# Inside the namespace: bind the host's programs and units, install, verify.
SCRIPT = r"""
set -u
root=$1; shift
mkdir -p "$root/usr/bin" "$root/usr/lib/systemd"
mount --bind -o ro "$(realpath /usr/bin)" "$root/usr/bin"
mount --bind -o ro "$(realpath /lib/systemd)" "$root/usr/lib/systemd"
for d in bin sbin lib; do [ -e "$root/$d" ] || ln -s "usr/$d" "$root/$d"; done
bash "$INSTALLER" --root "$root" "$@" > "$root.install-out" 2>&1
echo $? > "$root.install-rc"
systemd-analyze verify --root="$root" $UNITS > "$root.verify-out" 2>&1
echo $? > "$root.verify-rc"
"""


def install_into(root: Path, *args: str, installer: Path = INSTALLER) -> Installed:
    """Run deploy/install.sh --root ROOT --skip-packages ARGS, then verify its unit."""
    env = {**os.environ, "INSTALLER": str(installer), "UNITS": " ".join(UNITS)}
    subprocess.run(["unshare", "--mount", "--propagation", "private", "bash", "-c", SCRIPT,
                    "install", str(root), "--skip-packages", *args],
                   env=env, check=True, timeout=120)

    def read(suffix: str) -> str:
        return Path(f"{root}.{suffix}").read_text(encoding="utf-8")

    return Installed(root, int(read("install-rc")), read("install-out"),
                     int(read("verify-rc")), read("verify-out"))


def unit_settings(path: Path) -> dict[str, list[str]]:
    """A unit file's settings as "Section.Key" -> its values, in order (systemd allows a
    key more than once)."""
    settings: dict[str, list[str]] = {}
    section = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            section = line.strip("[]")
            continue
        key, _, value = line.partition("=")
        settings.setdefault(f"{section}.{key.strip()}", []).append(value.strip())
    return settings


def account(root: Path, name: str, database: str = "passwd") -> list[str] | None:
    for line in (root / "etc" / database).read_text(encoding="utf-8").splitlines():
        fields = line.split(":")
        if fields[0] == name:
            return fields
    return None


def member_of(root: Path, user: str) -> set[str]:
    groups = set()
    for line in (root / "etc/group").read_text(encoding="utf-8").splitlines():
        name, _, _, members = line.split(":")
        if user in members.split(","):
            groups.add(name)
    return groups
