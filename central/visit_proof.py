"""Proof from the resident's visit, which every case or personal-record query carries.

A terminal may ask for a resident's cases only while that resident stands in front of
it, proven one of two ways:

- `card_read`: a statement the terminal signs with its own Ed25519 key (registered at
  enrollment) that it read this card in this visit: `{"v": 1, "purpose": "case_query",
  "terminal_id", "session_id", "id_number", "card_kind", "read_at"}` as JSON, sent as
  base64url of the exact bytes signed, with the base64url signature. It counts for
  `PROOF_WINDOW` after `read_at` on the platform's clock (and not before it, beyond
  `CLOCK_SKEW`).
- `e_id`: the grant the platform put in its answer to `POST /v1/eid/verify`, bound to
  the terminal that verified the code and the resident it named, for `PROOF_WINDOW`:
  `VG1.<payload>.<signature>`, signed with the platform's e-ID key (the prefix is part of
  what is signed, so an e-ID code can never pass as a grant, nor a grant as a code).

A typed ID number is never proof. The proof must name the same resident the query asks
about; a case asked for by number is answered only if it names the proven resident.
Every query is counted per terminal (`QUERY_LIMIT` in `QUERY_WINDOW_SECONDS`, then 429
with Retry-After) and written to the `case_queries` audit table, refused ones included.
"""

from __future__ import annotations

import binascii
import datetime as dt
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pydantic import TypeAdapter, ValidationError
from sqlalchemy.orm import Session

from central import identities
from central.api_models import VisitProof
from central.errors import ApiError
from central.keys import PlatformKeys, b64url, b64url_decode
from central.ratelimit import FailureLimiter
from central.storage import CaseQuery, Database, Terminal, iso, utc_now

log = logging.getLogger("central.visit_proof")

PROOF_WINDOW = dt.timedelta(minutes=5)
CLOCK_SKEW = dt.timedelta(minutes=1)  # a statement "read" this far ahead still counts
GRANT_PREFIX = "VG1"
QUERY_LIMIT = 30
QUERY_WINDOW_SECONDS = 600.0
PROOF_HEADER = "Visit-Proof"
_proof_adapter: TypeAdapter[VisitProof] = TypeAdapter(VisitProof)


@dataclass(frozen=True)
class ProvenResident:
    kind: str  # "card_read" | "e_id"
    id_digest: str  # central/identities' digest of the proven ID number


def _refused(code: str, message: str) -> ApiError:
    return ApiError(403, code, message)


def issue_grant(keys: PlatformKeys, terminal_id: str, id_number: str) -> tuple[str, str]:
    """The grant for `POST /v1/eid/verify`'s answer, and when it ends (ISO)."""
    now = utc_now()
    expires = now + PROOF_WINDOW
    claims = {"v": 1, "tid": terminal_id, "sub": identities.digest(id_number),
              "iat": int(now.timestamp()), "exp": int(expires.timestamp())}
    signed = f"{GRANT_PREFIX}.{b64url(json.dumps(claims, separators=(',', ':')).encode())}"
    return f"{signed}.{b64url(keys.eid_signing.sign(signed.encode()))}", iso(expires)


def read_header(value: str | None) -> VisitProof | None:
    """The `Visit-Proof` header: base64url of the proof object's JSON."""
    if value is None:
        return None
    try:
        return _proof_adapter.validate_json(b64url_decode(value.strip()))
    except (ValidationError, ValueError, binascii.Error):
        raise _refused("proof_invalid", "The Visit-Proof header cannot be read.") from None


def check(keys: PlatformKeys, terminal: Terminal, proof: VisitProof | None) -> ProvenResident:
    """Who this visit proves, or 403 with the reason."""
    if proof is None:
        raise _refused("proof_missing", "A case query needs proof from this visit: a card "
                                        "read signed by this terminal, or an e-ID grant.")
    if proof.kind == "e_id":
        return _check_grant(keys, terminal, proof.grant)
    return _check_statement(terminal, proof.statement, proof.signature)


def _check_grant(keys: PlatformKeys, terminal: Terminal, grant: str) -> ProvenResident:
    parts = grant.split(".")
    try:
        if len(parts) != 3 or parts[0] != GRANT_PREFIX:
            raise ValueError
        keys.eid_signing.public_key().verify(b64url_decode(parts[2]),
                                             f"{parts[0]}.{parts[1]}".encode())
        claims = json.loads(b64url_decode(parts[1]))
        if not isinstance(claims, dict) or claims.get("v") != 1:
            raise ValueError
        terminal_id, digest, expires = claims["tid"], claims["sub"], claims["exp"]
    except (InvalidSignature, ValueError, KeyError, binascii.Error, UnicodeDecodeError):
        raise _refused("proof_invalid", "This e-ID grant is not one the platform issued.") from None
    if terminal_id != terminal.id:
        raise _refused("proof_not_this_terminal", "This e-ID grant was issued to another terminal.")
    if not isinstance(expires, int) or expires < utc_now().timestamp():
        raise _refused("proof_stale", "This e-ID grant has expired; verify a fresh e-ID code.")
    return ProvenResident("e_id", str(digest))


def _check_statement(terminal: Terminal, statement: str, signature: str) -> ProvenResident:
    if not terminal.signing_public_key:
        raise _refused("signing_key_missing", "This terminal has no signing key registered; "
                                              "register one (POST /v1/terminal/signing-key).")
    try:
        public = Ed25519PublicKey.from_public_bytes(b64url_decode(terminal.signing_public_key))
        signed = b64url_decode(statement)
        public.verify(b64url_decode(signature), signed)
    except (InvalidSignature, ValueError, binascii.Error):
        raise _refused("proof_signature_invalid",
                       "The card-read statement is not signed with this terminal's key.") from None
    try:
        claims = json.loads(signed)
        if not isinstance(claims, dict) or claims.get("v") != 1:
            raise ValueError
        if claims.get("purpose") != "case_query":
            raise ValueError
        terminal_id, session_id = claims["terminal_id"], claims["session_id"]
        id_number, card_kind = claims["id_number"], claims["card_kind"]
        read_at = dt.datetime.fromisoformat(claims["read_at"])
        if not all(isinstance(v, str) and v for v in (session_id, id_number, card_kind)):
            raise ValueError
        if read_at.tzinfo is None:
            raise ValueError
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise _refused("proof_invalid", "The card-read statement cannot be read.") from None
    if terminal_id != terminal.id:
        raise _refused("proof_not_this_terminal", "The statement names another terminal.")
    now = utc_now()
    if not now - PROOF_WINDOW <= read_at <= now + CLOCK_SKEW:
        raise _refused("proof_stale", "The card was read too long ago (or the terminal's "
                                      "clock is wrong); read the card again.")
    return ProvenResident("card_read", identities.digest(id_number))


def same_resident(proven: ProvenResident, id_number: str) -> None:
    if identities.digest(id_number) != proven.id_digest:
        raise _refused("proof_mismatch", "The proof is for another resident.")


class QueryLimiter:
    """Case queries per terminal in a sliding window (every query counts, refused ones
    too); past the limit, 429 with Retry-After until the oldest leaves the window."""

    def __init__(self, limit: int = QUERY_LIMIT, window: float = QUERY_WINDOW_SECONDS, **kw):
        self._counts = FailureLimiter(limit, window, **kw)

    def take(self, terminal_id: str) -> None:
        wait = self._counts.retry_after(terminal_id)
        if wait is not None:
            raise ApiError(429, "too_many_case_queries",
                           "Too many case queries from this terminal; wait and try again.",
                           headers={"Retry-After": str(wait)},
                           extra={"retry_after_seconds": wait})
        if self._counts.failed(terminal_id):  # counted; True when this one used the last
            log.warning("case queries from %s reached %d within %.0f s; refusing until the "
                        "window passes", terminal_id, self._counts.limit, self._counts.window)


class CaseAccess:
    """Runs one case query: the rate limit, the proof, the look-up, and the audit row."""

    def __init__(self, db: Database, keys: PlatformKeys, limiter: QueryLimiter | None = None):
        self._db, self._keys = db, keys
        self._limiter = limiter or QueryLimiter()

    def answer(self, terminal: Terminal, query: str,
               look_up: Callable[[Session, ProvenResident], tuple[object, int]], *,
               proof: VisitProof | None = None, proof_header: str | None = None,
               id_number: str | None = None):
        """`look_up(session, proven)` returns (the answer, how many cases it holds). The
        proof comes as the body's object or as the `Visit-Proof` header's text."""
        self._limiter.take(terminal.id)
        digest = identities.digest(id_number) if id_number else None
        try:
            if proof_header is not None:
                proof = read_header(proof_header)
            proven = check(self._keys, terminal, proof)
            digest = digest or proven.id_digest
            if id_number is not None:
                same_resident(proven, id_number)
            with self._db.session() as session:
                result, count = look_up(session, proven)
        except ApiError as exc:
            self._audit(terminal.id, query, proof, digest, 0, exc.code)
            raise
        self._audit(terminal.id, query, proof, digest, count, "answered")
        return result

    def _audit(self, terminal_id: str, query: str, proof: VisitProof | None,
               digest: str | None, count: int, outcome: str) -> None:
        with self._db.session() as session:
            session.add(CaseQuery(terminal_id=terminal_id, queried_at=utc_now(), query=query,
                                  proof_kind=proof.kind if proof else "none", id_digest=digest,
                                  cases_answered=count, outcome=outcome))
