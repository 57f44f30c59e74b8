"""Proofs on A4 (参保证明, 缴费记录, 电子证照打印件) and their verification codes.

The platform issues a proof: it keeps the document it answered under a code of 100 random
bits in Crockford base32 (no I, L, O, U; read back with O as 0 and I/L as 1), grouped in
fours so a person can type it from the paper. Whoever holds the paper checks the code at
`GET /v1/proofs/{code}` or with `python -m central verify-proof` and compares the kind,
time, masked name and key figures. The same terminal and request id get the same proof
again: a reprint after a paper jam carries the code of the first print.
"""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from central import records
from central.errors import ApiError
from central.masking import mask_id_number, mask_name
from central.storage import IssuedProof, RecordPerson, iso, utc_now

CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_SYMBOLS = 20  # 100 bits
# Checks of codes per client address (GET /v1/proofs/{code}), found or not: a person
# checks a paper or two, a guesser needs far more than any window allows.
CHECK_LIMIT = 20
CHECK_WINDOW_SECONDS = 600.0
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_SYMBOLS))


def grouped(code: str) -> str:
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def normalise_code(text: str) -> str | None:
    """A code as typed (any case, hyphens or spaces, O for 0): its stored form, or None."""
    code = "".join(text.split()).replace("-", "").upper().translate(_READ_AS)
    if len(code) != CODE_SYMBOLS or any(c not in CODE_ALPHABET for c in code):
        return None
    return code


def issue(session: Session, *, terminal_id: str, request_id: str,
          spec: records.RecordSpec, id_number: str, id_digest: str,
          verify_base: str, answers: dict[str, str] | None = None) -> tuple[dict, bool]:
    """(the proof document, True if issued now; False: the one this request got before)."""
    earlier = _earlier(session, terminal_id, request_id)
    if earlier is not None:
        return _replayed(earlier, spec, id_digest), False
    if spec.proof is None:
        raise ApiError(404, "proof_not_available", "This item does not print a proof.")
    answer = records.answer_for(session, spec, id_digest, answers)
    if answer.empty_note and not answer.summary and not answer.rows:
        raise ApiError(404, "record_empty",
                       "There is no record to prove for this resident.",
                       extra={"empty_note": answer.empty_note})
    person = session.get(RecordPerson, id_digest)
    holder = answer.holder_name or (person.name if person else "")
    code = new_code()
    now = utc_now()
    title = proof_title(spec, answer)
    document = {
        "code": grouped(code),
        "kind": spec.proof,
        "title": title,
        "issued_at": iso(now),
        "holder_name_masked": mask_name(holder) if holder else "",
        "id_number_masked": mask_id_number(id_number),
        "as_of": iso(answer.as_of),
        "summary": answer.summary,
        "columns": answer.columns,
        "rows": answer.rows[:records.PROOF_MAX_ROWS],
        "verify_url": f"{verify_base.rstrip('/')}/v1/proofs/{grouped(code)}",
    }
    session.add(IssuedProof(code=code, terminal_id=terminal_id, request_id=request_id,
                            service_code=spec.service_code, id_digest=id_digest,
                            kind=spec.proof, issued_at=now, document=document,
                            times_verified=0))
    try:
        session.flush()
    except IntegrityError:
        # The same request raced itself; the caller retries and finds the first.
        raise ApiError(409, "proof_request_in_progress",
                       "This proof is being issued; ask again.") from None
    return document, True


def proof_title(spec: records.RecordSpec, answer: records.Answer) -> str:
    if spec.proof == "elicence_copy":
        return f"{records.PROOF_TITLES['elicence_copy']}（{answer.title}）"
    if spec.proof == "contributions":
        return answer.title
    return records.PROOF_TITLES[spec.proof]


def _earlier(session: Session, terminal_id: str, request_id: str) -> IssuedProof | None:
    return session.scalars(select(IssuedProof).where(
        IssuedProof.terminal_id == terminal_id, IssuedProof.request_id == request_id)).first()


def _replayed(earlier: IssuedProof, spec: records.RecordSpec, id_digest: str) -> dict:
    if earlier.service_code != spec.service_code or earlier.id_digest != id_digest:
        raise ApiError(422, "request_id_reused",
                       "This request_id was used for another proof; a new proof needs a new id.")
    return earlier.document


def check(session: Session, text: str) -> dict | None:
    """What a holder of the paper compares, counted as one verification; None: unknown."""
    code = normalise_code(text)
    proof = session.get(IssuedProof, code) if code else None
    if proof is None:
        return None
    proof.times_verified = (proof.times_verified or 0) + 1
    document = proof.document
    return {key: document.get(key) for key in
            ("code", "kind", "title", "issued_at", "holder_name_masked", "as_of", "summary")}
