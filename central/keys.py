"""The platform's own keys, made once on first start and kept in its database.

- catalogue signing (Ed25519): a kiosk gets the public key at enrollment and loads a
  catalogue only if the detached signature over the bytes it received verifies;
- e-ID signing (Ed25519): the platform issues the QR tokens it later verifies;
- cursor MAC (HMAC-SHA256): catalogue cursors are opaque and cannot be forged.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy.exc import IntegrityError

from central.storage import Database, PlatformSecret


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True)
class PlatformKeys:
    catalogue_signing: Ed25519PrivateKey
    eid_signing: Ed25519PrivateKey
    cursor_secret: bytes

    @property
    def catalogue_public_key(self) -> Ed25519PublicKey:
        return self.catalogue_signing.public_key()

    def catalogue_public_key_raw(self) -> bytes:
        return self.catalogue_public_key.public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )

    def catalogue_public_key_pem(self) -> str:
        return self.catalogue_public_key.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ).decode("ascii")

    def catalogue_key_id(self) -> str:
        """Short fingerprint, so a kiosk can tell which key a signature expects."""
        return hashlib.sha256(self.catalogue_public_key_raw()).hexdigest()[:16]

    def sign_catalogue(self, body: bytes) -> str:
        return base64.b64encode(self.catalogue_signing.sign(body)).decode("ascii")

    def mac(self, message: str) -> str:
        digest = hmac.new(self.cursor_secret, message.encode(), hashlib.sha256).digest()
        return b64url(digest[:12])


def load_or_create_keys(db: Database) -> PlatformKeys:
    try:
        return _load_or_create(db)
    except IntegrityError:
        # Another process (the server, an admin command) made them first: use theirs.
        return _load_or_create(db)


def _load_or_create(db: Database) -> PlatformKeys:
    with db.session() as session:
        stored = {row.name: row.value for row in session.query(PlatformSecret).all()}
        wanted = {
            "catalogue_signing": lambda: _raw_private(Ed25519PrivateKey.generate()),
            "eid_signing": lambda: _raw_private(Ed25519PrivateKey.generate()),
            "cursor_secret": lambda: secrets.token_bytes(32),
        }
        for name, make in wanted.items():
            if name not in stored:
                stored[name] = make()
                session.add(PlatformSecret(name=name, value=stored[name]))
    return PlatformKeys(
        catalogue_signing=Ed25519PrivateKey.from_private_bytes(stored["catalogue_signing"]),
        eid_signing=Ed25519PrivateKey.from_private_bytes(stored["eid_signing"]),
        cursor_secret=stored["cursor_secret"],
    )


def _raw_private(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
