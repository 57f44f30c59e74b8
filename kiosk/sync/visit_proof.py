"""Proof, for the platform, that the resident whose cases the terminal asks for is here now.

The platform answers a case query only with proof from this visit (its rules: the
platform's README, "Case queries"). For a card read, the terminal signs a statement with
its own Ed25519 key (kept in the key directory, its public half given to the platform at
enrollment): this terminal, this visit's session id, the card's number and kind, and
when it was read, on the platform's clock. For an e-ID code, the platform's own grant
from verifying it. A typed ID number is never proof, so it is never sent.
"""

from __future__ import annotations

import base64
import datetime as dt
import json

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)

# The sync state key holding the public key the platform has confirmed it holds.
REGISTERED_KEY = "signing_key.registered"


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def new_signing_key() -> bytes:
    """A new Ed25519 private key, 32 raw bytes."""
    return Ed25519PrivateKey.generate().private_bytes(Encoding.Raw, PrivateFormat.Raw,
                                                      NoEncryption())


def public_key_text(private_key: bytes) -> str:
    """The public half as the platform takes it: 32 raw bytes, base64."""
    public = Ed25519PrivateKey.from_private_bytes(private_key).public_key()
    return base64.b64encode(public.public_bytes(Encoding.Raw, PublicFormat.Raw)).decode("ascii")


def card_read_proof(private_key: bytes, *, terminal_id: str, session_id: str,
                    id_number: str, card_kind: str, read_at: dt.datetime) -> dict:
    """`proof` for a case query: this terminal read this card in this visit."""
    statement = json.dumps({
        "v": 1,
        "purpose": "case_query",
        "terminal_id": terminal_id,
        "session_id": session_id,
        "id_number": id_number,
        "card_kind": card_kind,
        "read_at": read_at.astimezone(dt.UTC).isoformat(timespec="milliseconds"),
    }, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    signature = Ed25519PrivateKey.from_private_bytes(private_key).sign(statement)
    return {"kind": "card_read", "statement": _b64url(statement),
            "signature": _b64url(signature)}


def eid_proof(grant: str) -> dict:
    """`proof` for a case query: the platform's grant from verifying the e-ID code."""
    return {"kind": "e_id", "grant": grant}


def proof_header(proof: dict) -> str:
    """The `Visit-Proof` header of `GET /v1/cases/{number}`: the same proof, base64url."""
    return _b64url(json.dumps(proof, separators=(",", ":")).encode("utf-8"))
