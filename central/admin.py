"""Admin commands a platform operator (or a test) runs against the database directly."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from sqlalchemy import func, select

from central import (
    catalogue,
    chains,
    cleanup,
    corrections,
    eid,
    payments,
    proofs,
    records_file,
    submissions,
    terminals,
)
from central.auth import create_enrollment_code, revoke
from central.keys import load_or_create_keys
from central.storage import (
    Attachment,
    Case,
    CaseCorrection,
    CaseDelivery,
    CaseElicence,
    CaseQuery,
    ChainLink,
    Complaint,
    Database,
    IssuedProof,
    LookupAnswer,
    PaymentOrder,
    RemoteCommand,
    SubmissionAttempt,
    Terminal,
    iso,
)


def make_enrollment_code(db: Database, valid_hours: float,
                         for_terminal: str | None = None) -> str:
    with db.session() as session:
        return create_enrollment_code(session, valid_for=dt.timedelta(hours=valid_hours),
                                      for_terminal=for_terminal)


def revoke_terminal(db: Database, terminal_id: str) -> bool:
    with db.session() as session:
        return revoke(session, terminal_id)


def update_catalogue(db: Database, file: Path) -> int:
    """`{"items": [...]}` replaces the whole catalogue (missing items become tombstones);
    `{"upsert": [...], "remove": ["CODE", ...]}` changes only what it names."""
    document = json.loads(file.read_text(encoding="utf-8"))
    if not isinstance(document, dict):
        raise catalogue.CatalogueUpdateError("the file must hold a JSON object")
    with db.exclusive("first_start"), db.session() as session:
        catalogue.seed_if_empty(session)
    with db.session() as session:
        if "items" in document:
            return catalogue.apply_update(
                session, upsert=document["items"], replace_all=True, note=file.name
            )
        return catalogue.apply_update(
            session, upsert=document.get("upsert"), remove=document.get("remove"), note=file.name
        )


def reject(db: Database, number: str, reason: str) -> str | None:
    with db.session() as session:
        return submissions.reject_case(session, number, reason)


def complete(db: Database, number: str, outputs: dict[str, str]) -> tuple[str, list]:
    with db.session() as session:
        return submissions.complete_case(session, number, outputs)


def correct(db: Database, number: str, file: Path) -> str:
    return corrections.request(db, number, corrections.read_file(file))


def eid_token(db: Database, name: str, id_number: str, valid_minutes: float) -> str:
    keys = load_or_create_keys(db)
    return eid.issue(
        keys, name=name, id_number=id_number, valid_for=dt.timedelta(minutes=valid_minutes)
    )


def queue_command(db: Database, terminal_id: str, command: str) -> int | None:
    return terminals.queue_command(db, terminal_id, command)


def export_submissions(db: Database, terminal_id: str | None = None) -> list[dict]:
    """Every distinct submission (one per terminal and Idempotency-Key), oldest first, as
    stored: for audits and for tests that compare what residents submitted at a kiosk
    with what the platform holds. The payloads hold personal data."""
    with db.session() as session:
        attempts = {
            (terminal, key): n
            for terminal, key, n in session.execute(
                select(
                    SubmissionAttempt.terminal_id,
                    SubmissionAttempt.idempotency_key,
                    func.count(),
                ).group_by(SubmissionAttempt.terminal_id, SubmissionAttempt.idempotency_key)
            )
        }
        query = select(Case).order_by(Case.id)
        if terminal_id is not None:
            query = query.where(Case.terminal_id == terminal_id)
        cases = list(session.scalars(query))
        named = {aid for case in cases for aid in case.attachment_ids or []}
        files = {
            a.id: a for a in session.scalars(select(Attachment).where(Attachment.id.in_(named)))
        }
        licences: dict[int, list[dict]] = {}
        for row in session.scalars(select(CaseElicence).where(
                CaseElicence.case_id.in_([case.id for case in cases]))
                .order_by(CaseElicence.case_id, CaseElicence.position)):
            licences.setdefault(row.case_id, []).append(
                {"type": row.licence_type, "number": row.number, "material": row.material})
        return [
            {
                "idempotency_key": case.idempotency_key,
                "terminal_id": case.terminal_id,
                "tracking_number": case.tracking_number,
                "case_number": case.case_number,
                "kind": case.kind,
                "service_code": case.service_code,
                "test": case.test_traffic,
                "status": case.status,
                "status_reason": case.status_reason,
                "received_at": iso(case.received_at),
                "payload": case.payload,
                "attachments": [
                    _attachment_entry(aid, files.get(aid)) for aid in case.attachment_ids or []
                ],
                "attempts": attempts.get((case.terminal_id, case.idempotency_key), 0),
                "elicences": licences.get(case.id, []),
                "delivery": _delivery(session.get(CaseDelivery, case.id)),
                "chain_inputs": chains.filled_inputs(session, case),
                "correction": _correction(corrections.latest(session, case)),
            }
            for case in cases
        ]


def _delivery(delivery: CaseDelivery | None) -> dict | None:
    if delivery is None:
        return None
    return {"method": delivery.method, "recipient": delivery.recipient,
            "phone": delivery.phone, "address": delivery.address}


def _correction(correction: CaseCorrection | None) -> dict | None:
    state = corrections.state(correction)
    if state is not None:
        state |= {"answers": correction.answers, "attachments": correction.attachment_ids}
    return state


def _attachment_entry(attachment_id: str, attachment: Attachment | None) -> dict:
    if attachment is None:  # cannot happen: a named attachment is never removed
        return {"attachment_id": attachment_id, "name": None, "media_type": None,
                "size": None, "sha256": None}
    return {
        "attachment_id": attachment.id,
        "name": attachment.name,
        "media_type": attachment.media_type,
        "size": attachment.size,
        "sha256": attachment.sha256,
    }


def submissions_text(rows: list[dict]) -> str:
    """One line per submission, without the payload (it holds personal data)."""
    lines = [f"{len(rows)} submission(s)"]
    for row in rows:
        test = " test" if row["test"] else ""
        lines.append(
            f"  {row['case_number']} {row['tracking_number']} {row['kind']} "
            f"{row['service_code']} {row['status']}{test} attachments {len(row['attachments'])} "
            f"attempts {row['attempts']}"
        )
    return "\n".join(lines)


def collect_attachments(db: Database, older_than_hours: float) -> dict:
    return cleanup.collect_attachments(db, dt.timedelta(hours=older_than_hours))


def collect_text(result: dict) -> str:
    lines = [
        f"removed {result['count']} attachment(s), {result['bytes_freed']} bytes, "
        f"untouched since before {result['cutoff']}"
    ]
    for entry in result["removed"]:
        state = "complete, unnamed" if entry["complete"] else "incomplete"
        lines.append(
            f"  {entry['attachment_id']} {entry['terminal_id']} {state} "
            f"{entry['received']}/{entry['size']} bytes, last activity {entry['last_activity']}"
        )
    return "\n".join(lines)


def case_queries(db: Database, terminal_id: str | None = None, limit: int = 200) -> list[dict]:
    """The audit of case and personal-record queries, newest first: which terminal asked,
    when, with which proof, for whom (the digest of the ID number), how many cases it was
    answered, or why it was refused."""
    with db.session() as session:
        query = select(CaseQuery).order_by(CaseQuery.id.desc()).limit(limit)
        if terminal_id is not None:
            query = query.where(CaseQuery.terminal_id == terminal_id)
        return [
            {
                "terminal_id": row.terminal_id,
                "queried_at": iso(row.queried_at),
                "query": row.query,
                "proof_kind": row.proof_kind,
                "id_digest": row.id_digest,
                "cases_answered": row.cases_answered,
                "outcome": row.outcome,
            }
            for row in session.scalars(query)
        ]


def case_queries_text(rows: list[dict]) -> str:
    return "\n".join(
        f"{r['queried_at']} {r['terminal_id']} {r['query']} proof={r['proof_kind']} "
        f"resident={(r['id_digest'] or '-')[:12]} cases={r['cases_answered']} {r['outcome']}"
        for r in rows
    )


def report(db: Database) -> dict:
    with db.session() as session:

        def count(model, *where) -> int:
            return session.scalar(select(func.count()).select_from(model).where(*where))

        state = catalogue.current_revision(session)
        payments.settle_all(session)
        acknowledged = RemoteCommand.acknowledged_at.is_not(None)
        return {
            "submissions": count(Case),
            "submissions_received": count(SubmissionAttempt),
            "test_submissions": count(Case, Case.test_traffic.is_(True)),
            "applications": count(Case, Case.kind == "application"),
            "complaints": count(Complaint),
            "ratings": count(Case, Case.kind == "rating"),
            "rejected": count(Case, Case.status == "rejected"),
            "routed": count(Case, Case.routed_to.is_not(None)),
            "attachments": count(Attachment, Attachment.complete.is_(True)),
            "attachments_incomplete": count(Attachment, Attachment.complete.is_(False)),
            "attachments_expired": cleanup.expired_count(session),
            "commands_pending": count(RemoteCommand, RemoteCommand.acknowledged_at.is_(None)),
            "commands_acknowledged": count(RemoteCommand, acknowledged),
            "case_queries": count(CaseQuery),
            "case_queries_refused": count(CaseQuery, CaseQuery.outcome != "answered"),
            "lookups_answered": count(LookupAnswer),
            "proofs_issued": count(IssuedProof),
            "proofs_verified": session.scalar(
                select(func.coalesce(func.sum(IssuedProof.times_verified), 0))),
            "elicence_references": count(CaseElicence),
            "payments_created": count(PaymentOrder),
            "payments_paid": count(PaymentOrder, PaymentOrder.status == "paid"),
            "payments_refunded": count(PaymentOrder, PaymentOrder.status == "refunded"),
            "chains": session.scalar(select(func.count(func.distinct(ChainLink.chain_id)))),
            "corrections_answered": count(CaseCorrection, CaseCorrection.answered_at.is_not(None)),
            "catalogue_revision": state.revision if state else 0,
            "catalogue_items": catalogue.live_item_count(session),
            "terminals": [
                {
                    "terminal_id": t.id,
                    "label": t.label,
                    "enrolled_at": iso(t.enrolled_at),
                    "revoked": t.revoked_at is not None,
                    "last_heartbeat": iso(t.last_heartbeat_at),
                    "last_health": t.last_health,
                    "commands": terminals.command_report(session, t.id),
                }
                for t in session.scalars(select(Terminal).order_by(Terminal.enrolled_at))
            ],
        }


def report_text(data: dict) -> str:
    lines = [f"{key}: {value}" for key, value in data.items() if key != "terminals"]
    lines.append(f"terminals: {len(data['terminals'])}")
    for t in data["terminals"]:
        state = "revoked" if t["revoked"] else "active"
        commands = t["commands"]
        lines.append(
            f"  {t['terminal_id']} {state} last heartbeat {t['last_heartbeat'] or 'never'}, "
            f"commands pending {len(commands['pending'])} "
            f"acknowledged {commands['acknowledged_total']}"
        )
        for c in commands["pending"]:
            sent = f"sent {c['times_sent']}x" if c["times_sent"] else "not sent yet"
            lines.append(f"    pending {c['id']} {c['command']} ({sent})")
    return "\n".join(lines)


def load_records(db: Database, file: Path) -> dict:
    return records_file.load_file(db, file)


def verify_proof(db: Database, code: str) -> dict | None:
    """What `GET /v1/proofs/{code}` answers (and counted the same), or None if unknown."""
    with db.session() as session:
        return proofs.check(session, code)


def proof_text(found: dict) -> str:
    lines = [f"proof {found['code']}: {found['title']} ({found['kind']})",
             f"issued at {found['issued_at']}, records as of {found['as_of'] or '-'}",
             f"holder {found['holder_name_masked']}"]
    lines += [f"  {item['label']}: {item['value']}" for item in found["summary"]]
    return "\n".join(lines)
