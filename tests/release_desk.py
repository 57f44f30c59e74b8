"""The release engineer's desk, for the update tests: a release key, and signed releases
of a stand-in project with the kiosk's name, whose `kiosk` command prints its version
(what the tests check is the installing, not the kiosk installed)."""

from __future__ import annotations

import base64
import ensurepip
import hashlib
import random
import shutil
import zipfile
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.update.release import build_release

SYSTEM_PYTHON = "/usr/bin/python3"


def stand_in_wheel(folder: Path, version: str) -> Path:
    """A wheel of "one-terminal-kiosk" `version` whose `kiosk` command prints it."""
    dist = f"one_terminal_kiosk-{version}.dist-info"
    files = {
        "kiosk_stand_in/__init__.py": f"def main():\n    print({version!r})\n",
        f"{dist}/METADATA": f"Metadata-Version: 2.1\nName: one-terminal-kiosk\n"
                            f"Version: {version}\n",
        f"{dist}/WHEEL": "Wheel-Version: 1.0\nGenerator: tests\nRoot-Is-Purelib: true\n"
                         "Tag: py3-none-any\n",
        f"{dist}/entry_points.txt": "[console_scripts]\nkiosk = kiosk_stand_in:main\n",
    }
    record = []
    for name, text in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=")
        record.append(f"{name},sha256={digest.decode()},{len(text.encode())}")
    files[f"{dist}/RECORD"] = "\n".join([*record, f"{dist}/RECORD,,"]) + "\n"
    path = folder / f"one_terminal_kiosk-{version}-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as wheel:
        for name, text in files.items():
            wheel.writestr(name, text)
    return path


def pip_wheel() -> Path:
    """pip's own wheel, as Python ships it for ensurepip (a release carries pip)."""
    bundled = Path(ensurepip.__file__).with_name("_bundled")
    found = sorted(bundled.glob("pip-*.whl")) or sorted(
        Path("/usr/share/python-wheels").glob("pip-*.whl"))
    assert found, "no pip wheel to put in a release"
    return found[-1]


class Releases:
    """The release engineer's desk: a key, and signed releases made on request."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.key = Ed25519PrivateKey.generate()
        public = self.key.public_key().public_bytes(serialization.Encoding.Raw,
                                                    serialization.PublicFormat.Raw)
        self.public = base64.b64encode(public).decode()

    def make(self, version: str, *, key=None, downgrade_of: str | None = None) -> Path:
        wheels = self.folder / f"wheels-{version}-{random.getrandbits(32):x}"
        wheels.mkdir()
        stand_in_wheel(wheels, version)
        shutil.copy(pip_wheel(), wheels)
        out = self.folder / f"kiosk-{version}-{random.getrandbits(32):x}.release"
        return build_release(out, version, wheels, key or self.key, downgrade_of=downgrade_of)
