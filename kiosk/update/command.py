"""`kiosk update ...`: the technician's and the release engineer's side of updates.

    kiosk update status [--json]         versions installed, running, previous, pending
    kiosk update apply FILE              check a release and install it beside the running
                                         version; the terminal switches when idle at night
    kiosk update apply-downloaded        the updater's (root): what the kiosk downloaded
    kiosk update rollback                back to the previous version (next start)
    kiosk update make-key --out FILE     a new release key (private, 0600); prints the
                                         public half for the terminals' configuration
    kiosk update build --version V --wheels DIR --key FILE --out FILE [--downgrade-of V]
"""

from __future__ import annotations

import base64
import json
import os
import sys
from pathlib import Path

from kiosk.update.download import DOWNLOADED, UPDATES_FOLDER
from kiosk.update.installation import Installation, UpdateFailed
from kiosk.update.release import ReleaseRefused, build_release, public_key_from
from kiosk.update.running import STAGED, running_release, stage


def _installation(config) -> Installation:
    return Installation(Path(config.update.install_root), config.update.python)


def status_command(config, *, as_json: bool) -> int:
    installation = _installation(config)
    status = installation.status()
    running = running_release(config)
    facts = {
        "install_root": str(installation.root),
        "running": str(running) if running else None,
        "current": str(status.current) if status.current else None,
        "previous": str(status.previous) if status.previous else None,
        "installed": [str(v) for v in status.installed],
        "staged": stage.read(installation.root),
        "proving": status.switch,
    }
    if as_json:
        print(json.dumps(facts, ensure_ascii=False))
        return 0
    if running is None:
        print(f"this kiosk does not run from an installation under {installation.root} "
              "(a source checkout?): updates are for installed terminals")
    for key, value in facts.items():
        print(f"{key}: {value if value not in (None, []) else '-'}")
    return 0


def apply_command(config, release_file: Path) -> int:
    if not config.update.release_key:
        print("kiosk update: no release key configured ([update] release_key): no update "
              "is taken", file=sys.stderr)
        return 2
    installation = _installation(config)
    try:
        version = installation.install(release_file, public_key_from(config.update.release_key))
    except (ReleaseRefused, UpdateFailed) as exc:
        print(f"kiosk update: refused: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"kiosk update: {installation.root}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    stage.write(installation.root, version)
    print(f"version {version} installed beside {installation.current() or 'none'}; the "
          f"terminal switches to it when nobody is using it at night ({STAGED})")
    return 0


def apply_downloaded_command(config, data_dir: Path) -> int:
    """The updater's work (root, deploy/'s path unit): every release the kiosk downloaded
    installed beside the running version and staged, or set aside as `.refused`."""
    if not config.update.release_key:
        print("kiosk update: no release key configured ([update] release_key): no update "
              "is taken", file=sys.stderr)
        return 2
    installation = _installation(config)
    key = public_key_from(config.update.release_key)
    code = 0
    for release in sorted((data_dir / UPDATES_FOLDER).glob(f"*{DOWNLOADED}")):
        try:
            version = installation.install(release, key)
        except (ReleaseRefused, UpdateFailed, OSError) as exc:
            print(f"kiosk update: refused {release.name}: {exc}", file=sys.stderr)
            release.replace(release.with_suffix(".refused"))
            code = 1
            continue
        stage.write(installation.root, version)
        release.unlink()
        print(f"version {version} installed beside {installation.current() or 'none'}")
    return code


def rollback_command(config) -> int:
    try:
        version = _installation(config).rollback("asked for by a technician")
    except UpdateFailed as exc:
        print(f"kiosk update: {exc}", file=sys.stderr)
        return 1
    print(f"version {version} runs from the next start (restart the kiosk's service)")
    return 0


def make_key_command(out: Path) -> int:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    try:
        descriptor = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        print(f"kiosk update: {out} exists; a release key is never overwritten",
              file=sys.stderr)
        return 1
    with os.fdopen(descriptor, "wb") as file:
        file.write(key.private_bytes(serialization.Encoding.PEM,
                                     serialization.PrivateFormat.PKCS8,
                                     serialization.NoEncryption()))
    public = key.public_key().public_bytes(serialization.Encoding.Raw,
                                           serialization.PublicFormat.Raw)
    print(f'[update]\nrelease_key = "{base64.b64encode(public).decode()}"')
    return 0


def build_command(version: str, wheels: Path, key_file: Path, out: Path,
                  downgrade_of: str | None) -> int:
    from cryptography.hazmat.primitives import serialization

    try:
        key = serialization.load_pem_private_key(key_file.read_bytes(), password=None)
        build_release(out, version, wheels, key, downgrade_of=downgrade_of)
    except (OSError, ValueError, ReleaseRefused) as exc:
        print(f"kiosk update build: {exc}", file=sys.stderr)
        return 1
    print(f"{out}: version {version}, signed")
    return 0
