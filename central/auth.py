"""Enrollment with a one-time code, and bearer credentials for every other call.

The credential is a bearer token, not an HMAC key: the link is TLS already, so signing
each request adds clock-dependent canonicalisation for a kiosk to get wrong and no real
protection; and a token lets the platform keep only its SHA-256, so a copy of the
database cannot impersonate a terminal (an HMAC key must be kept in the clear).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import secrets

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from central.errors import ApiError
from central.storage import EnrollmentCode, Terminal, as_utc, utc_now

# No 0/O, 1/I/L: a technician reads the code off a screen and types it on a touch panel.
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
TOKEN_PREFIX = "ktk_"


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def create_enrollment_code(session: Session, *, valid_for: dt.timedelta,
                           for_terminal: str | None = None) -> str:
    """A one-time code; with `for_terminal`, one that re-enrolls that terminal under its id."""
    if for_terminal is not None and session.get(Terminal, for_terminal) is None:
        raise ValueError(f"no terminal {for_terminal} is known to the platform")
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(12))
    now = utc_now()
    session.add(EnrollmentCode(code_hash=_sha256(raw), created_at=now,
                               expires_at=now + valid_for, for_terminal=for_terminal))
    return "-".join(raw[i : i + 4] for i in range(0, 12, 4))


def enroll(session: Session, code: str, label: str,
           signing_public_key: str | None = None) -> tuple[Terminal, str]:
    """Spend the code and make a terminal (or, with a code made for a known terminal,
    give that one a new credential under its old id; its old token stops working); the
    token is returned once and never stored. The terminal's signing key is the one sent
    now: a re-enrollment replaces the old one (with none sent, none is held)."""
    signing_public_key = _signing_key(signing_public_key) if signing_public_key else None
    code_hash = _sha256(normalise_code(code))
    row = session.scalars(
        select(EnrollmentCode).where(EnrollmentCode.code_hash == code_hash)
    ).first()
    now = utc_now()
    if row is None:
        raise ApiError(403, "enrollment_code_invalid", "This enrollment code is not known.")
    if row.used_at is not None:
        raise ApiError(409, "enrollment_code_used", "This enrollment code was already used.")
    if as_utc(row.expires_at) < now:
        raise ApiError(403, "enrollment_code_expired", "This enrollment code has expired.")
    terminal_id = row.for_terminal or _unused_terminal_id(session)
    # Conditional update: of two enrollments racing on one code, exactly one wins.
    spent = session.execute(
        update(EnrollmentCode)
        .where(EnrollmentCode.id == row.id, EnrollmentCode.used_at.is_(None))
        .values(used_at=now, used_by=terminal_id)
    )
    if spent.rowcount != 1:
        raise ApiError(409, "enrollment_code_used", "This enrollment code was already used.")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    terminal = session.get(Terminal, terminal_id) if row.for_terminal else None
    if terminal is None:
        terminal = Terminal(id=terminal_id, label=label, token_hash=_sha256(token),
                            enrolled_at=now, signing_public_key=signing_public_key)
        session.add(terminal)
    else:
        terminal.token_hash, terminal.revoked_at, terminal.enrolled_at = _sha256(token), None, now
        terminal.label = label or terminal.label
        terminal.signing_public_key = signing_public_key
    return terminal, token


def register_signing_key(session: Session, terminal_id: str, public_key: str) -> bool:
    """A terminal enrolled before signing keys registers one, once. True if registered
    now; False if this same key was already held; 409 if another one is."""
    key = _signing_key(public_key)
    terminal = session.get(Terminal, terminal_id)
    if terminal.signing_public_key == key:
        return False
    if terminal.signing_public_key:
        raise ApiError(409, "signing_key_registered",
                       "This terminal has a signing key already; a new one comes only with "
                       "a new enrollment (enroll-code --terminal ID).")
    terminal.signing_public_key = key
    return True


def _signing_key(text: str) -> str:
    """The key in one spelling (URL-safe base64, no padding), or 422 if it is no key."""
    try:
        raw = base64.urlsafe_b64decode(text.replace("+", "-").replace("/", "_").rstrip("=")
                                       + "=" * (-len(text.rstrip("=")) % 4))
        Ed25519PublicKey.from_public_bytes(raw)
    except (ValueError, binascii.Error):
        raise ApiError(422, "signing_key_invalid",
                       "signing_public_key is not an Ed25519 public key.") from None
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def authenticate(session: Session, authorization: str | None) -> Terminal:
    challenge = {"WWW-Authenticate": 'Bearer realm="central"'}
    if not authorization:
        raise ApiError(
            401,
            "credential_missing",
            "Send the terminal's token as 'Authorization: Bearer'.",
            headers=challenge,
        )
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(
            401,
            "credential_invalid",
            "The Authorization header is not a bearer token.",
            headers=challenge,
        )
    terminal = session.scalars(
        select(Terminal).where(Terminal.token_hash == _sha256(token.strip()))
    ).first()
    if terminal is None:
        raise ApiError(
            401,
            "credential_invalid",
            "This credential is not known to the platform.",
            headers=challenge,
        )
    if terminal.revoked_at is not None:
        raise ApiError(
            401,
            "credential_revoked",
            "This terminal's credential was revoked; enroll it again with a new code.",
            headers=challenge,
        )
    return terminal


def revoke(session: Session, terminal_id: str) -> bool:
    terminal = session.get(Terminal, terminal_id)
    if terminal is None:
        return False
    if terminal.revoked_at is None:
        terminal.revoked_at = utc_now()
    return True


def _unused_terminal_id(session) -> str:
    """A new terminal's id: 32 random bits, drawn again if a terminal has it already
    (among a province's 20,000 terminals two would otherwise share one about one time in
    twenty, and the second enrollment would fail)."""
    while True:
        candidate = "T" + secrets.token_hex(4).upper()
        if session.get(Terminal, candidate) is None:
            return candidate
