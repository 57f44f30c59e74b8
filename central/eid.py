"""e-ID QR tokens: a signed blob the platform issues and later verifies, once.

Format: ``EID1.<payload>.<signature>``, both parts base64url without padding; the payload
is JSON ``{"v", "jti", "name", "id_number", "iat", "exp"}`` and the signature is Ed25519
over ``EID1.<payload>`` with the platform's e-ID key. The kiosk never needs the key: it
sends the token it scanned and gets the identity back, so a forged QR code fails here.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets

from cryptography.exceptions import InvalidSignature
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from central import visit_proof
from central.errors import ApiError
from central.keys import PlatformKeys, b64url, b64url_decode
from central.storage import Database, UsedEidToken, iso, utc_now

PREFIX = "EID1"


def issue(keys: PlatformKeys, *, name: str, id_number: str, valid_for: dt.timedelta) -> str:
    now = utc_now()
    claims = {
        "v": 1,
        "jti": secrets.token_hex(12),
        "name": name,
        "id_number": id_number,
        "iat": int(now.timestamp()),
        "exp": int((now + valid_for).timestamp()),
    }
    payload = b64url(json.dumps(claims, ensure_ascii=False, separators=(",", ":")).encode())
    signed = f"{PREFIX}.{payload}"
    return f"{signed}.{b64url(keys.eid_signing.sign(signed.encode()))}"


def _invalid(message: str) -> ApiError:
    return ApiError(422, "eid_token_invalid", message)


def read(keys: PlatformKeys, token: str) -> dict:
    parts = token.strip().split(".")
    if len(parts) != 3 or parts[0] != PREFIX:
        raise _invalid("This is not an e-ID token issued by the platform.")
    try:
        signature = b64url_decode(parts[2])
        keys.eid_signing.public_key().verify(signature, f"{PREFIX}.{parts[1]}".encode())
        claims = json.loads(b64url_decode(parts[1]))
    except (InvalidSignature, ValueError, UnicodeDecodeError):
        raise _invalid("The e-ID token's signature does not verify.") from None
    if not isinstance(claims, dict) or claims.get("v") != 1:
        raise _invalid("Unknown e-ID token version.")
    if not isinstance(claims.get("exp"), int) or claims["exp"] < utc_now().timestamp():
        raise ApiError(422, "eid_token_expired", "This e-ID code has expired; show a fresh one.")
    return claims


def verify(db: Database, keys: PlatformKeys, token: str, terminal_id: str) -> dict:
    claims = read(keys, token)
    try:
        with db.session() as session:
            _spend(session, str(claims["jti"]), terminal_id)
    except IntegrityError:
        raise ApiError(
            409, "eid_token_used", "This e-ID code was already used; show a fresh one."
        ) from None
    # The same visit then proves the resident to case queries with this grant, bound to
    # this terminal and this resident (central/visit_proof).
    grant, grant_expires = visit_proof.issue_grant(keys, terminal_id, str(claims["id_number"]))
    return {
        "name": claims["name"],
        "id_number": claims["id_number"],
        "token_id": claims["jti"],
        "expires_at": iso(dt.datetime.fromtimestamp(claims["exp"], dt.UTC)),
        "case_grant": grant,
        "case_grant_expires_at": grant_expires,
    }


def _spend(session: Session, token_id: str, terminal_id: str) -> None:
    session.add(UsedEidToken(token_id=token_id, used_at=utc_now(), used_by=terminal_id))
