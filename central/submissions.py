"""Submissions under an Idempotency-Key, the platform's case numbers, and case status.

The first answer per (terminal, key) is stored and replayed byte for byte on a retry, so a
kiosk that lost the answer and sends again gets the same case number, never a second
case. The same key with a different body is refused (422): the kiosk has a bug, and
guessing which body is right could lose a resident's application.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import secrets
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from central import attachments, chains, corrections, identities
from central.api_models import SubmissionRequest
from central.errors import ApiError
from central.storage import (
    Attachment,
    Case,
    CaseAttachment,
    CaseCompletion,
    CaseDelivery,
    CaseElicence,
    CaseIdentity,
    CatalogueItem,
    Complaint,
    Database,
    SubmissionAttempt,
    Terminal,
    iso,
    utc_now,
)

log = logging.getLogger("central.submissions")

COMPLAINTS_DESK = "12345政务服务便民热线"
SEARCH_LIMIT = 50
DISSATISFIED_LEVELS = {1, 2}
_KEY_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,127}")


@dataclass(frozen=True)
class SubmissionResult:
    body: str  # the stored JSON text
    replayed: bool


def check_idempotency_key(key: str | None) -> str:
    if not key:
        raise ApiError(
            400,
            "idempotency_key_missing",
            "Send the submission's client id in the Idempotency-Key header.",
        )
    if not _KEY_PATTERN.fullmatch(key):
        raise ApiError(
            400,
            "idempotency_key_invalid",
            "Idempotency-Key must be 1-128 letters, digits, '-' or '_'.",
        )
    return key


def body_fingerprint(request: SubmissionRequest) -> str:
    body = request.model_dump(mode="json")
    if not body["elicences"]:
        # A body without e-licences keeps the fingerprint it had before they existed, so
        # a retry of a submission stored then is still a replay.
        del body["elicences"]
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def submit(
    db: Database, terminal: Terminal, key: str, request: SubmissionRequest
) -> SubmissionResult:
    """Store a submission once; every attempt is counted, whatever its outcome."""
    try:
        check_tracking_number(terminal, request.tracking_number)
        result = _submit_with_retry(db, terminal, key, request)
    except ApiError as exc:
        _count_attempt(db, terminal.id, key, exc.code)
        if isinstance(exc, _LinkRefused):
            _record_refused_link(db, terminal, request, exc)
        raise
    _count_attempt(db, terminal.id, key, "replayed" if result.replayed else "created")
    return result


class _LinkRefused(ApiError):
    """A refusal of a submission whose life-event chain was readable: the links waiting
    on it must hear of it (central/chains.py)."""

    def __init__(self, refusal: ApiError, chain: dict):
        super().__init__(refusal.status, refusal.code, refusal.message,
                         headers=refusal.headers, extra=refusal.extra)
        self.chain = chain


def _record_refused_link(db: Database, terminal: Terminal, request: SubmissionRequest,
                         refusal: _LinkRefused) -> None:
    try:
        with db.session() as session:
            chains.refused_at_filing(session, terminal.id, refusal.chain,
                                     request.tracking_number, request.service_code,
                                     refusal.code, request.payload.get("answers"))
    except IntegrityError:
        pass  # the same refusal, sent twice at once, was recorded by the other copy


def _count_attempt(db: Database, terminal_id: str, key: str, outcome: str) -> None:
    with db.session() as session:
        session.add(
            SubmissionAttempt(
                terminal_id=terminal_id, idempotency_key=key, received_at=utc_now(), outcome=outcome
            )
        )


def _submit_with_retry(
    db: Database, terminal: Terminal, key: str, request: SubmissionRequest
) -> SubmissionResult:
    fingerprint = body_fingerprint(request)
    try:
        with db.session() as session:
            return _submit_once(session, terminal, key, request, fingerprint)
    except IntegrityError:
        # Two copies of one submission raced; the other committed first. Answer as a replay.
        with db.session() as session:
            return _submit_once(session, terminal, key, request, fingerprint)


def check_tracking_number(terminal: Terminal, tracking_number: str) -> None:
    """A terminal numbers its receipts under its own id (`<terminal id>-<YYYYMMDD>-<NNNNN>`),
    and files only those: numbers are predictable, and one taken by another terminal
    would leave that terminal's resident with a receipt the platform refuses."""
    prefix = f"{terminal.id}-"
    if not tracking_number.startswith(prefix) or len(tracking_number) == len(prefix):
        raise ApiError(
            422,
            "tracking_number_not_yours",
            "A tracking number must start with this terminal's own id and '-' "
            "(<terminal id>-<YYYYMMDD>-<NNNNN>).",
            extra={"expected_prefix": prefix},
        )


def _submit_once(
    session: Session, terminal: Terminal, key: str, request: SubmissionRequest, fingerprint: str
) -> SubmissionResult:
    existing = session.scalars(
        select(Case).where(Case.terminal_id == terminal.id, Case.idempotency_key == key)
    ).first()
    taken = None
    if existing is None:
        taken = session.scalars(
            select(Case).where(Case.tracking_number == request.tracking_number)
        ).first()
        if taken is not None and (taken.terminal_id, taken.idempotency_key) == (terminal.id, key):
            # A copy of this submission committed between the two reads (PostgreSQL reads
            # what is committed at each statement, not at the transaction's start).
            existing, taken = taken, None
    if existing is not None:
        if existing.body_sha256 != fingerprint:
            raise ApiError(
                422,
                "idempotency_key_reused",
                "This Idempotency-Key was used for a different submission; "
                "a new submission needs a new key.",
                extra={"case_number": existing.case_number},
            )
        return SubmissionResult(existing.first_response, replayed=True)
    if taken is not None:
        raise ApiError(
            409,
            "tracking_number_taken",
            "This tracking number belongs to another submission.",
        )
    _check_attachments(session, terminal.id, request.attachments)
    level = _rating_level(request)
    chain = delivery = corrected = None
    if request.kind == "application":
        chain = chains.check(request.payload, request.tracking_number, terminal.id)
        try:  # every check after the chain's goes here: its refusal stops later links
            delivery = _delivery(request.payload)
        except ApiError as exc:
            if chain is None:
                raise
            raise _LinkRefused(exc, chain) from None
    elif request.kind == "correction":
        corrected = corrections.open_for(session, request.payload, request.service_code)
    now = utc_now()
    case = Case(
        tracking_number=request.tracking_number,
        terminal_id=terminal.id,
        idempotency_key=key,
        body_sha256=fingerprint,
        kind=request.kind,
        service_code=request.service_code,
        test_traffic=request.test,
        payload=request.payload,
        attachment_ids=list(request.attachments),
        routed_to=None,
        status="received",
        received_at=now,
        updated_at=now,
    )
    session.add(case)
    session.flush()
    for attachment_id in dict.fromkeys(request.attachments):
        # A foreign key: if the collector removed the file meanwhile, this insert fails,
        # the retry in _submit_with_retry finds it gone, and the kiosk hears 422.
        session.add(CaseAttachment(case_id=case.id, attachment_id=attachment_id))
    for position, licence in enumerate(request.elicences):
        session.add(CaseElicence(case_id=case.id, position=position, licence_type=licence.type,
                                 number=licence.number, material=licence.material))
    for id_digest in identities.digests_in(request.payload):
        session.add(CaseIdentity(case_id=case.id, id_digest=id_digest))
    if delivery is not None:
        session.add(CaseDelivery(case_id=case.id, **delivery))
    case.case_number = case_number("GS", now)
    if corrected is not None:
        corrections.answer(*corrected, case)
    elif chain is not None:
        chains.file_link(session, case, chain, lambda link: _route(session, link))
    else:
        _route(session, case)
    follow_up = None
    if request.kind == "complaint":
        _open_complaint(session, case, "complaint", request.payload.get("case_tracking_number"))
    elif level in DISSATISFIED_LEVELS:
        complaint = _open_complaint(
            session, case, "dissatisfied_rating", request.payload.get("case_tracking_number")
        )
        follow_up = {"case_number": complaint.case_number, "reason": "dissatisfied_rating"}
    response = {
        "case_number": case.case_number,
        "tracking_number": case.tracking_number,
        "idempotency_key": key,
        "kind": case.kind,
        "service_code": case.service_code,
        "status": case.status,
        "test": case.test_traffic,
        "received_at": iso(now),
        "follow_up_complaint": follow_up,
    }
    case.first_response = json.dumps(response, ensure_ascii=False, sort_keys=True)
    # Numbers and codes only: the payload holds names and ID numbers.
    log.info(
        "case %s filed: %s %s from %s test=%s",
        case.case_number,
        case.kind,
        case.service_code,
        terminal.id,
        case.test_traffic,
    )
    return SubmissionResult(case.first_response, replayed=False)


# 32 symbols without the look-alikes 0/O and 1/I: a number is read aloud at a counter
# and typed from paper. Sixteen of them carry 80 random bits.
CASE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CASE_RANDOM_SYMBOLS = 16


def case_number(prefix: str, when) -> str:
    """`GS2026-7KQ3-M9XD-4TWA-HC2P`: the kind and year, then 80 random bits in groups of
    four, so no case number tells another (numbers issued earlier keep their form)."""
    symbols = "".join(secrets.choice(CASE_ALPHABET) for _ in range(CASE_RANDOM_SYMBOLS))
    groups = "-".join(symbols[i : i + 4] for i in range(0, CASE_RANDOM_SYMBOLS, 4))
    return f"{prefix}{when:%Y}-{groups}"


def _check_attachments(session: Session, terminal_id: str, attachment_ids: list[str]) -> None:
    for attachment_id in attachment_ids:
        attachment = session.get(Attachment, attachment_id)
        if attachment is None or attachment.terminal_id != terminal_id:
            if attachments.was_expired(session, terminal_id, attachment_id):
                raise ApiError(
                    422,
                    "attachment_expired",
                    f"Attachment {attachment_id} was removed unused; upload it again.",
                    extra={"attachment_id": attachment_id},
                )
            raise ApiError(
                422,
                "attachment_unknown",
                f"Attachment {attachment_id} is not known.",
                extra={"attachment_id": attachment_id},
            )
        if not attachment.complete:
            raise ApiError(
                422,
                "attachment_incomplete",
                f"Attachment {attachment_id} is not fully uploaded yet.",
                extra={"attachment_id": attachment_id, "offset": attachment.received},
            )


def _delivery(payload: dict) -> dict | None:
    """payload.delivery, checked: counter, or post with an address and a phone."""
    delivery = payload.get("delivery")
    if delivery is None:
        return None

    def text(name: str, limit: int) -> str | None:
        value = delivery.get(name)
        return value.strip()[:limit] if isinstance(value, str) and value.strip() else None

    if not isinstance(delivery, dict) or delivery.get("method") not in ("counter", "post"):
        raise ApiError(422, "delivery_invalid",
                       "payload.delivery must be {method: counter|post, recipient, phone, "
                       "address}.")
    checked = {"method": delivery["method"], "recipient": text("recipient", 100) or "",
               "phone": text("phone", 32), "address": text("address", 500)}
    missing = [name for name in ("address", "phone") if checked[name] is None]
    if checked["method"] == "post" and missing:
        raise ApiError(422, "delivery_incomplete",
                       "Delivery by post needs the address and a phone number.",
                       extra={"missing": missing})
    return checked


def _rating_level(request: SubmissionRequest) -> int | None:
    if request.kind != "rating":
        return None
    level = request.payload.get("level")
    if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= 5:
        raise ApiError(422, "rating_level_invalid", "A rating needs payload.level from 1 to 5.")
    return level


def _route(session: Session, case: Case) -> None:
    """Send real traffic to the department; test traffic stays here, counted but unrouted."""
    if case.test_traffic:
        return
    if case.kind == "rating":
        case.status = "recorded"
        return
    if case.kind == "complaint":
        case.routed_to, case.status = COMPLAINTS_DESK, "routed"
        return
    item = session.get(CatalogueItem, case.service_code)
    if item is not None and item.body is not None:
        case.routed_to, case.status = item.body.get("department"), "routed"


def _open_complaint(session: Session, case: Case, origin: str, about) -> Complaint:
    complaint = Complaint(
        source_case_id=case.id,
        origin=origin,
        # A tracking number is at most 64 characters: anything longer names no case.
        about_tracking_number=about if isinstance(about, str) and len(about) <= 64 else None,
        created_at=case.received_at,
    )
    session.add(complaint)
    session.flush()
    complaint.case_number = (
        case.case_number if origin == "complaint" else case_number("TS", case.received_at)
    )
    return complaint


def find_case(session: Session, number: str, id_digest: str | None = None) -> dict | None:
    """Status by the platform's case number or the kiosk's tracking number (its alias);
    with `id_digest`, only a case that names that resident (a follow-up complaint: its
    rating's rater), else None, as if there were no such case."""
    case = session.scalars(
        select(Case).where(or_(Case.case_number == number, Case.tracking_number == number))
    ).first()
    if case is not None:
        return _status(session, case) if _names(session, case, id_digest) else None
    complaint = session.scalars(select(Complaint).where(Complaint.case_number == number)).first()
    if complaint is None:
        return None
    source = session.get(Case, complaint.source_case_id)
    if not _names(session, source, id_digest):
        return None
    return _follow_up_status(session, complaint, source)


def _names(session: Session, case: Case, id_digest: str | None) -> bool:
    if id_digest is None:
        return True
    return session.get(CaseIdentity, (case.id, id_digest)) is not None


def search_cases(session: Session, id_number: str) -> dict:
    """The cases whose payload names this ID number (see central/identities), newest
    first, at most SEARCH_LIMIT; rejected and test cases included. The complaint that a
    dissatisfied rating opened comes just before that rating. The number is never logged."""
    if not identities.normalise(id_number):
        return {"cases": [], "truncated": False}
    cases = list(
        session.scalars(
            select(Case)
            .join(CaseIdentity, CaseIdentity.case_id == Case.id)
            .where(CaseIdentity.id_digest == identities.digest(id_number))
            .order_by(Case.received_at.desc(), Case.id.desc())
            .limit(SEARCH_LIMIT + 1)
        )
    )
    follow_ups = {
        complaint.source_case_id: complaint
        for complaint in session.scalars(
            select(Complaint).where(
                Complaint.source_case_id.in_([case.id for case in cases]),
                Complaint.origin == "dissatisfied_rating",
            )
        )
    }
    found = []
    for case in cases:
        if case.id in follow_ups:
            found.append(_follow_up_status(session, follow_ups[case.id], case))
        found.append(_status(session, case))
    return {"cases": found[:SEARCH_LIMIT], "truncated": len(found) > SEARCH_LIMIT}


def _follow_up_status(session: Session, complaint: Complaint, source: Case) -> dict:
    status = _status(session, source)
    # The follow-up of a rating is its own case, handled by the complaints desk.
    routed = not source.test_traffic
    status.update(
        case_number=complaint.case_number,
        tracking_number=None,
        kind="complaint",
        status="routed" if routed else "received",
        status_reason=None,
        routed_to=COMPLAINTS_DESK if routed else None,
        chain=None,
        correction=None,
    )
    return status


def _status(session: Session, case: Case) -> dict:
    return {
        "case_number": case.case_number,
        "tracking_number": case.tracking_number,
        "kind": case.kind,
        "service_code": case.service_code,
        "status": case.status,
        "status_reason": case.status_reason,
        "routed_to": case.routed_to,
        "test": case.test_traffic,
        "received_at": iso(case.received_at),
        "updated_at": iso(case.updated_at),
        "chain": chains.status_of(case),
        "correction": corrections.state(corrections.latest(session, case)),
    }


def _find(session: Session, number: str) -> Case | None:
    return session.scalars(
        select(Case).where(or_(Case.case_number == number, Case.tracking_number == number))
    ).first()


def reject_case(session: Session, number: str, reason: str) -> str | None:
    case = _find(session, number)
    if case is None:
        return None
    case.status, case.status_reason, case.updated_at = "rejected", reason, utc_now()
    chains.rejected(session, case)
    return case.case_number


class CompletionError(ValueError):
    """A case that cannot be completed now; the message is one line."""


def complete_case(session: Session, number: str, outputs: dict[str, str]) -> tuple[str, list]:
    """The office finished the case, naming its outputs: (its case number, the tracking
    numbers of the life-event links this moved on)."""
    case = _find(session, number)
    if case is None or case.kind != "application":
        raise CompletionError(f"no application {number}")
    if case.status in ("completed", "rejected", "waiting", "correction"):
        raise CompletionError(f"case {case.case_number} is {case.status}; not completed")
    missing = [name for name in chains.outputs_needed(session, case) if name not in outputs]
    if missing:
        raise CompletionError(
            f"case {case.case_number}: the life-event links waiting on it need "
            + ", ".join(f"--output {name}=VALUE" for name in missing))
    now = utc_now()
    session.add(CaseCompletion(case_id=case.id, outputs=dict(outputs), completed_at=now))
    case.status, case.status_reason, case.updated_at = "completed", None, now
    session.flush()
    moved = chains.completed(session, case, lambda link: _route(session, link))
    log.info("case %s completed with %d output(s); %d link(s) moved on", case.case_number,
             len(outputs), len(moved))
    return case.case_number, moved
