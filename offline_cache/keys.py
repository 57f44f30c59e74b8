"""The key directory: the store's keys and the terminal's identity, kept apart from the data.

The data directory holds what residents gave (sealed, see sealing.py); this directory
holds what opens it and who the terminal is:

- `store-<key id>.key`: a store key (32 random bytes, base64). The database names the id
  of the key it was sealed with; old keys stay, so a store set aside under an earlier key
  can still be salvaged.
- `terminal.json`: the link enrollment gave (platform address, terminal id, bearer token,
  catalogue key). Kept here, not in the database, so a damaged database never costs the
  enrollment.
- `terminal-signing.key`: the terminal's own Ed25519 private key (32 raw bytes, base64),
  made at enrollment (its public half goes to the platform with the enrollment), with
  which the terminal signs that it read a resident's card in this visit before it asks
  the platform for that resident's cases. A new enrollment replaces it.

Both are files only the kiosk's user can read (private_files.py); the directory is meant
to sit outside the data directory (by default beside it, `<data dir>-keys`; a deployment
puts it under /etc or on its own volume). A key that is missing or unreadable is never
replaced by a new one over data sealed with it: see Store.open.
"""

from __future__ import annotations

import base64
import binascii
import json
from pathlib import Path

from offline_cache.platform_link import PlatformLink
from offline_cache.private_files import private_directory, write_private_file
from offline_cache.sealing import KEY_BYTES, key_id_of, new_key

IDENTITY_FILE = "terminal.json"
SIGNING_KEY_FILE = "terminal-signing.key"
SIGNING_KEY_BYTES = 32


class KeyMissing(Exception):
    """A store key the data needs cannot be had; the message says which and where (no key
    material)."""


def default_key_dir(data_dir: Path) -> Path:
    return data_dir.with_name(data_dir.name + "-keys")


class KeyDirectory:
    def __init__(self, path: Path):
        self.path = private_directory(Path(path), "key directory")

    def _key_file(self, key_id: str) -> Path:
        return self.path / f"store-{key_id}.key"

    def store_key(self, key_id: str) -> bytes:
        path = self._key_file(key_id)
        try:
            text = path.read_text("ascii").strip()
            key = base64.b64decode(text, validate=True)
        except FileNotFoundError:
            raise KeyMissing(f"the store key {path.name} is missing from {self.path}") from None
        except OSError as exc:
            raise KeyMissing(f"the store key {path} cannot be read ({exc.strerror})") from None
        except (UnicodeDecodeError, binascii.Error, ValueError):
            key = b""
        if len(key) != KEY_BYTES or key_id_of(key) != key_id:
            raise KeyMissing(f"the store key {path} is damaged (it is not key {key_id})")
        return key

    def create_store_key(self) -> tuple[str, bytes]:
        key = new_key()
        key_id = key_id_of(key)
        write_private_file(self._key_file(key_id), base64.b64encode(key) + b"\n")
        return key_id, key

    def signing_key(self) -> bytes | None:
        """The terminal's Ed25519 private key (raw), or None if it has none yet."""
        path = self.path / SIGNING_KEY_FILE
        try:
            key = base64.b64decode(path.read_text("ascii").strip(), validate=True)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise KeyMissing(f"the signing key {path} cannot be read ({exc.strerror})") from None
        except (UnicodeDecodeError, binascii.Error, ValueError):
            key = b""
        if len(key) != SIGNING_KEY_BYTES:
            raise KeyMissing(f"the signing key {path} is damaged; enroll the terminal again")
        return key

    def save_signing_key(self, key: bytes) -> None:
        if len(key) != SIGNING_KEY_BYTES:
            raise ValueError("an Ed25519 private key is 32 bytes")
        write_private_file(self.path / SIGNING_KEY_FILE, base64.b64encode(key) + b"\n")

    def load_link(self) -> PlatformLink | None:
        return read_link(self.path)

    def save_link(self, link: PlatformLink) -> None:
        fields = {name: getattr(link, name) for name in PlatformLink.__dataclass_fields__}
        write_private_file(self.path / IDENTITY_FILE,
                           json.dumps(fields, indent=1).encode("utf-8") + b"\n")


def read_link(key_dir: Path) -> PlatformLink | None:
    """The enrollment kept in `key_dir`, or None; read without creating or changing
    anything (a terminal whose disk is read-only still tells the platform so)."""
    path = Path(key_dir) / IDENTITY_FILE
    try:
        fields = json.loads(path.read_text("utf-8"))
        return PlatformLink(**fields)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, TypeError) as exc:
        # Not silently "not enrolled": the technician must know the identity is damaged.
        raise KeyMissing(f"the terminal identity {path} cannot be read "
                         f"({type(exc).__name__}); enroll the terminal again") from None
