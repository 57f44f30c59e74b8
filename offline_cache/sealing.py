"""Personal data at rest: sealed with AES-256-GCM under the store's key.

What a resident gave the terminal (an application's answers, the copy of a printed receipt,
the scans of their papers) is kept sealed, so a copy of the data directory (a stolen disk,
a backup, another local user) reads as noise without the key, which lives elsewhere (see
keys.py). GCM authenticates as well as hides: a flipped bit, or a value moved to another
row, fails to open instead of reading as something else. Each value is bound to where it
belongs (its "place": table, column and row) by the associated data.

`cryptography` (already the kiosk's dependency for catalogue signatures) does the
cryptography; this module only frames it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

TEXT_PREFIX = "sealed1:"  # a sealed text column value: prefix + base64(nonce + ciphertext)
FILE_MAGIC = b"KIOSK-SEALED-1\n"  # a sealed file: magic + nonce + ciphertext
_NONCE_BYTES = 12
KEY_BYTES = 32


class Unreadable(Exception):
    """A sealed value that does not open with this key: damaged, moved, or another key's."""


class Sealer:
    def __init__(self, key: bytes, key_id: str):
        if len(key) != KEY_BYTES:
            raise ValueError("a store key is 32 bytes")
        self.key_id = key_id
        self._aead = AESGCM(key)
        # A separate key for the person digests, derived so the two uses never meet.
        self._person_key = hmac.new(key, b"person digest", hashlib.sha256).digest()

    def seal(self, data: bytes, place: str) -> bytes:
        nonce = os.urandom(_NONCE_BYTES)
        return nonce + self._aead.encrypt(nonce, data, place.encode())

    def open(self, sealed: bytes, place: str) -> bytes:
        if len(sealed) < _NONCE_BYTES + 16:
            raise Unreadable(f"{place.split(':')[0]}: too short to be sealed")
        try:
            return self._aead.decrypt(sealed[:_NONCE_BYTES], sealed[_NONCE_BYTES:], place.encode())
        except InvalidTag:
            raise Unreadable(f"{place.split(':')[0]}: does not open with this key "
                             "(damaged, or sealed under another key)") from None

    def seal_text(self, text: str, place: str) -> str:
        return TEXT_PREFIX + base64.b64encode(self.seal(text.encode(), place)).decode("ascii")

    def open_text(self, value: str, place: str) -> str:
        if not is_sealed_text(value):
            raise Unreadable(f"{place.split(':')[0]}: not sealed")
        try:
            sealed = base64.b64decode(value[len(TEXT_PREFIX):], validate=True)
        except ValueError:
            raise Unreadable(f"{place.split(':')[0]}: damaged") from None
        return self.open(sealed, place).decode()

    def seal_file_content(self, data: bytes, place: str) -> bytes:
        return FILE_MAGIC + self.seal(data, place)

    def open_file_content(self, content: bytes, place: str) -> bytes:
        if not content.startswith(FILE_MAGIC):
            raise Unreadable("attachment file: not sealed")
        return self.open(content[len(FILE_MAGIC):], place)

    def person_digest(self, id_number: str) -> str:
        """Who filed an item, as a keyed digest: the same resident gives the same digest on
        this terminal, and without the key nobody can test ID numbers against it."""
        return hmac.new(self._person_key, id_number.encode(), hashlib.sha256).hexdigest()[:32]


def is_sealed_text(value: object) -> bool:
    return isinstance(value, str) and value.startswith(TEXT_PREFIX)


def new_key() -> bytes:
    return os.urandom(KEY_BYTES)


def key_id_of(key: bytes) -> str:
    """A short public name for a key (it names the key file and is kept in the store),
    from which the key cannot be found."""
    return hashlib.sha256(b"kiosk store key id:" + key).hexdigest()[:16]
