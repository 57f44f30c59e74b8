"""A release of the terminal's software, as it travels to the field: one tar file holding
every wheel the terminal's Python environment needs (installed with `pip --no-index`:
nothing is fetched from anywhere else), a manifest naming each wheel with its SHA-256, and
the manifest's Ed25519 signature by the release key.

The release key is not the platform's catalogue key: a platform that may change the
catalogue may not change the software. A terminal never installs an older version than
the one it runs, unless the manifest says, under the same signature, which version it
replaces (`downgrade_of`): an operator's signed decision, not a replay of an old release.

    release.json       {"format": 1, "project": ..., "version": ..., "wheels": {name: sha256},
                        "downgrade_of": null | version}
    release.json.sig   base64 of the Ed25519 signature of release.json's bytes
    wheels/NAME.whl    each wheel named in the manifest, and nothing else: the project's,
                       its dependencies', and pip's
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

from packaging.version import InvalidVersion, Version

PROJECT = "one-terminal-kiosk"
FORMAT = 1
MANIFEST, SIGNATURE, WHEELS = "release.json", "release.json.sig", "wheels/"
# A release carries a Python environment: PySide6 alone is a few hundred megabytes.
MAX_RELEASE_BYTES = 2 * 1024**3
_WHEEL_NAME = re.compile(r"^[A-Za-z0-9_.+-]+\.whl$")


class ReleaseRefused(Exception):
    """This file is not a release this terminal may install; says why in one line."""


@dataclass(frozen=True)
class Release:
    """A release checked: its manifest's facts and where its wheels were unpacked."""

    version: Version
    wheels: dict[str, str]  # file name -> sha256
    downgrade_of: Version | None


def public_key_from(text: str):
    """The release key as configured: base64 of the 32 raw bytes of an Ed25519 key."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        return Ed25519PublicKey.from_public_bytes(base64.b64decode(text.strip(), validate=True))
    except (ValueError, binascii.Error):
        raise ReleaseRefused("the configured release key is not an Ed25519 public key") from None


def build_release(out: Path, version: str, wheel_dir: Path, private_key, *,
                  downgrade_of: str | None = None) -> Path:
    """Write a signed release of `version` with every wheel in `wheel_dir` (the release
    engineer's side; `private_key` an Ed25519PrivateKey)."""
    import tarfile

    wheels = sorted(wheel_dir.glob("*.whl"))
    if not any(w.name.startswith("pip-") for w in wheels):
        raise ReleaseRefused(f"{wheel_dir}: no pip wheel (a release installs the next one "
                             "with its own pip)")
    manifest = {"format": FORMAT, "project": PROJECT, "version": str(Version(version)),
                "wheels": {w.name: hashlib.sha256(w.read_bytes()).hexdigest() for w in wheels},
                "downgrade_of": str(Version(downgrade_of)) if downgrade_of else None}
    body = json.dumps(manifest, indent=1, sort_keys=True).encode()
    signature = base64.b64encode(private_key.sign(body))
    partial = out.with_name(out.name + ".partial")
    with tarfile.open(partial, "w") as tar:
        for name, data in ((MANIFEST, body), (SIGNATURE, signature)):
            member = tarfile.TarInfo(name)
            member.size = len(data)
            tar.addfile(member, io.BytesIO(data))
        for wheel in wheels:
            tar.add(wheel, arcname=WHEELS + wheel.name, recursive=False)
    partial.replace(out)
    return out


def open_release(path: Path, public_key, into: Path) -> Release:
    """Check the release at `path` against the release key and unpack its wheels into
    `into` (an empty folder). Raises ReleaseRefused, saying why, for anything amiss:
    not a release, a signature that does not match, a wheel changed, missing or extra."""
    import tarfile

    from cryptography.exceptions import InvalidSignature

    try:
        if path.stat().st_size > MAX_RELEASE_BYTES:
            raise ReleaseRefused(f"{path.name}: larger than any release")
        tar = tarfile.open(path, "r:")
    except (OSError, tarfile.TarError) as exc:
        raise ReleaseRefused(f"{path.name}: not a release file ({exc})") from None
    with tar:
        members = {m.name: m for m in tar.getmembers()}
        if MANIFEST not in members or SIGNATURE not in members:
            raise ReleaseRefused(f"{path.name}: no signed manifest (an unsigned release?)")
        body = _read(tar, members[MANIFEST], 1024 * 1024)
        try:
            signature = base64.b64decode(_read(tar, members[SIGNATURE], 1024), validate=True)
            public_key.verify(signature, body)
        except (InvalidSignature, ValueError, binascii.Error):
            raise ReleaseRefused(
                f"{path.name}: its signature is not the release key's") from None
        release = _manifest(body)
        expected = {WHEELS + name for name in release.wheels}
        unexpected = set(members) - expected - {MANIFEST, SIGNATURE}
        if unexpected:
            raise ReleaseRefused(f"{path.name}: holds files its manifest does not name "
                                 f"({sorted(unexpected)[0]})")
        for name, digest in release.wheels.items():
            member = members.get(WHEELS + name)
            if member is None or not member.isfile():
                raise ReleaseRefused(f"{path.name}: the wheel {name} is missing")
            data = _read(tar, member, MAX_RELEASE_BYTES)
            if hashlib.sha256(data).hexdigest() != digest:
                raise ReleaseRefused(f"{path.name}: the wheel {name} is not the one signed")
            (into / name).write_bytes(data)
    return release


def _read(tar, member, limit: int) -> bytes:
    """A member's bytes (`tar` a tarfile.TarFile), if it is a file of at most `limit`."""
    if not member.isfile() or member.size > limit:
        raise ReleaseRefused(f"{member.name}: not a file of a release")
    handle = tar.extractfile(member)
    return handle.read() if handle is not None else b""


def _manifest(body: bytes) -> Release:
    try:
        manifest = json.loads(body)
        if manifest.get("format") != FORMAT or manifest.get("project") != PROJECT:
            raise ReleaseRefused("the release is for another project or format")
        wheels = manifest["wheels"]
        if not isinstance(wheels, dict) or not wheels or not all(
                isinstance(n, str) and _WHEEL_NAME.match(n) and isinstance(d, str)
                and re.fullmatch(r"[0-9a-f]{64}", d) for n, d in wheels.items()):
            raise ReleaseRefused("the release's list of wheels is malformed")
        downgrade = manifest.get("downgrade_of")
        return Release(Version(manifest["version"]), dict(wheels),
                       Version(downgrade) if downgrade else None)
    except (ValueError, KeyError, TypeError, AttributeError, InvalidVersion) as exc:
        raise ReleaseRefused(f"the release's manifest is malformed ({exc})") from None
