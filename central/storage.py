"""The platform's database: tables, the engine, and opening a database by path or URL.

SQLAlchemy's ORM with portable column types only (no SQLite-only SQL), so a PostgreSQL
URL (`postgresql+psycopg://...`) works in place of the default SQLite file. Times are
stored as timezone-aware UTC; SQLite hands them back naive, so every read goes through
`as_utc`. The schema's versions and how a database moves between them are in
central/migrations.py.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    text,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import ArgumentError, DisconnectionError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def as_utc(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def iso(value: dt.datetime | None) -> str | None:
    """ISO 8601 in UTC with milliseconds and a Z, the one time format of the API."""
    value = as_utc(value)
    if value is None:
        return None
    return value.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Base(DeclarativeBase):
    pass


# Row ids that grow with traffic (heartbeats, attempts, queries): 64-bit on PostgreSQL,
# where a plain INTEGER ends at 2**31 (a province's heartbeats reach that within months).
# SQLite's INTEGER PRIMARY KEY is 64-bit already, and only that spelling autoincrements.
RowId = BigInteger().with_variant(Integer, "sqlite")


class SchemaVersion(Base):
    """One row per schema migration this database has had (central/migrations.py)."""

    __tablename__ = "schema_version"
    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    summary: Mapped[str] = mapped_column(String(200))
    applied_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class PlatformSecret(Base):
    """Key material made on first start: catalogue signing, e-ID signing, cursor MAC."""

    __tablename__ = "platform_secrets"
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[bytes] = mapped_column(LargeBinary)


class EnrollmentCode(Base):
    __tablename__ = "enrollment_codes"
    id: Mapped[int] = mapped_column(RowId, primary_key=True)
    # Only a hash is kept: a copy of the database does not hand out unused codes.
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    used_by: Mapped[str | None] = mapped_column(String(32))
    # A code made for a terminal already known (it lost its credential, or its disk):
    # enrolling with it gives that terminal a new token and keeps its id, so what it had
    # sent before keeps its tracking numbers and is never filed twice.
    for_terminal: Mapped[str | None] = mapped_column(String(32))


class Terminal(Base):
    __tablename__ = "terminals"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    label: Mapped[str] = mapped_column(String(200), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    enrolled_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    last_heartbeat_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    last_health: Mapped[dict | None] = mapped_column(JSON)
    # Ed25519, 32 raw bytes in base64: verifies the terminal's signed card-read statements
    # (central/visit_proof). Sent at enrollment; a terminal enrolled before has none until
    # it registers one (once), and a re-enrollment replaces it.
    signing_public_key: Mapped[str | None] = mapped_column(String(64))


class CatalogueState(Base):
    """One row: the current catalogue revision, which only ever goes up."""

    __tablename__ = "catalogue_state"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    revision: Mapped[int] = mapped_column(Integer)
    issued_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class CatalogueRevision(Base):
    __tablename__ = "catalogue_revisions"
    revision: Mapped[int] = mapped_column(Integer, primary_key=True)
    issued_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    note: Mapped[str] = mapped_column(String(200), default="")


class CatalogueItem(Base):
    """An item's latest body, or its tombstone (removed_in set) so deltas can delete."""

    __tablename__ = "catalogue_items"
    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    body: Mapped[dict | None] = mapped_column(JSON)
    changed_in: Mapped[int] = mapped_column(Integer, index=True)
    removed_in: Mapped[int | None] = mapped_column(Integer)


class Attachment(Base):
    __tablename__ = "attachments"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    terminal_id: Mapped[str] = mapped_column(ForeignKey("terminals.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    received: Mapped[int] = mapped_column(BigInteger, default=0)
    complete: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class AttachmentChunk(Base):
    """The bytes, in the order they came; kept in the database so any URL just works."""

    __tablename__ = "attachment_chunks"
    id: Mapped[int] = mapped_column(RowId, primary_key=True)
    attachment_id: Mapped[str] = mapped_column(ForeignKey("attachments.id"), index=True)
    offset: Mapped[int] = mapped_column(BigInteger)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class ExpiredAttachment(Base):
    """A tombstone for an attachment the collector removed, so its terminal hears
    `upload_expired` (start again) rather than a bare not-found. Pruned after a while."""

    __tablename__ = "expired_attachments"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    terminal_id: Mapped[str] = mapped_column(String(32), index=True)
    was_complete: Mapped[bool] = mapped_column(Boolean)
    expired_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)


class SubmissionAttempt(Base):
    """Every POST of a submission, first or retry, accepted or refused."""

    __tablename__ = "submission_attempts"
    id: Mapped[int] = mapped_column(RowId, primary_key=True)
    terminal_id: Mapped[str] = mapped_column(String(32), index=True)
    idempotency_key: Mapped[str] = mapped_column(String(128))
    received_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    outcome: Mapped[str] = mapped_column(String(32))


class Case(Base):
    """One submission (application, complaint or rating) under the platform's number."""

    __tablename__ = "cases"
    __table_args__ = (UniqueConstraint("terminal_id", "idempotency_key"),)
    id: Mapped[int] = mapped_column(RowId, primary_key=True)
    case_number: Mapped[str | None] = mapped_column(String(32), unique=True)
    # The kiosk's own number from the paper receipt, a permanent alias of case_number.
    tracking_number: Mapped[str] = mapped_column(String(64), unique=True)
    terminal_id: Mapped[str] = mapped_column(ForeignKey("terminals.id"))
    idempotency_key: Mapped[str] = mapped_column(String(128))
    body_sha256: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(20))
    service_code: Mapped[str] = mapped_column(String(64))
    test_traffic: Mapped[bool] = mapped_column(Boolean)
    payload: Mapped[dict] = mapped_column(JSON)
    attachment_ids: Mapped[list] = mapped_column(JSON)
    routed_to: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20))
    status_reason: Mapped[str | None] = mapped_column(Text)
    received_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    # The exact JSON of the first answer, replayed byte for byte on a retry.
    first_response: Mapped[str] = mapped_column(Text, default="")


class CaseAttachment(Base):
    """Which attachments a case names. The foreign key is what keeps the collector from
    removing a named attachment: a submission racing a removal fails its insert instead."""

    __tablename__ = "case_attachments"
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    attachment_id: Mapped[str] = mapped_column(
        ForeignKey("attachments.id"), primary_key=True, index=True
    )


class CaseIdentity(Base):
    """A resident a case names, by the digest of their ID number (see central/identities)."""

    __tablename__ = "case_identities"
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    id_digest: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)


class Complaint(Base):
    """Something to follow up: a resident's complaint, or a dissatisfied rating."""

    __tablename__ = "complaints"
    id: Mapped[int] = mapped_column(RowId, primary_key=True)
    case_number: Mapped[str | None] = mapped_column(String(32), unique=True)
    source_case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), unique=True)
    origin: Mapped[str] = mapped_column(String(32))  # "complaint" | "dissatisfied_rating"
    about_tracking_number: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class Heartbeat(Base):
    __tablename__ = "heartbeats"
    id: Mapped[int] = mapped_column(RowId, primary_key=True)
    terminal_id: Mapped[str] = mapped_column(ForeignKey("terminals.id"), index=True)
    received_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    health: Mapped[dict] = mapped_column(JSON)


class RemoteCommand(Base):
    """A command for one terminal, sent in every heartbeat answer until it is acknowledged."""

    __tablename__ = "remote_commands"
    id: Mapped[int] = mapped_column(RowId, primary_key=True)
    terminal_id: Mapped[str] = mapped_column(ForeignKey("terminals.id"), index=True)
    command: Mapped[str] = mapped_column(String(32))
    queued_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    # When it was first sent (the column's name is from when one sending was delivery).
    delivered_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    last_sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    times_sent: Mapped[int | None] = mapped_column(Integer, default=0)
    acknowledged_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class LogBundle(Base):
    """A terminal's log bundle, sent when an operator asked (the send_logs command); the
    newest few kept per terminal (central/log_bundles.py)."""

    __tablename__ = "log_bundles"
    id: Mapped[int] = mapped_column(RowId, primary_key=True)
    terminal_id: Mapped[str] = mapped_column(ForeignKey("terminals.id"), index=True)
    received_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class CaseQuery(Base):
    """One case or personal-record query a terminal made, answered or refused: the audit
    trail of who looked at whose cases. The resident is kept as the digest the case index
    uses (central/identities), never the number."""

    __tablename__ = "case_queries"
    id: Mapped[int] = mapped_column(RowId, primary_key=True)
    terminal_id: Mapped[str] = mapped_column(String(32), index=True)
    queried_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    # "search" | "case" | "records" | "elicences" | "proof"
    query: Mapped[str] = mapped_column(String(16))
    proof_kind: Mapped[str] = mapped_column(String(16))  # "card_read" | "e_id" | "none"
    id_digest: Mapped[str | None] = mapped_column(String(64))
    cases_answered: Mapped[int] = mapped_column(Integer, default=0)
    outcome: Mapped[str] = mapped_column(String(40))  # "answered" or the refusal's code


class UsedEidToken(Base):
    """Token ids already verified: an e-ID QR code photographed over a shoulder is spent."""

    __tablename__ = "used_eid_tokens"
    token_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    used_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    used_by: Mapped[str] = mapped_column(String(32))


class RecordPerson(Base):
    """A resident the platform holds records for: the name proofs print (masked)."""

    __tablename__ = "record_people"
    id_digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))


class RecordAccount(Base):
    """An account's balance (medical, pension, housing_fund) at its as-of time."""

    __tablename__ = "record_accounts"
    __table_args__ = (UniqueConstraint("id_digest", "account"),)
    id: Mapped[int] = mapped_column(RowId, primary_key=True)
    id_digest: Mapped[str] = mapped_column(String(64), index=True)
    account: Mapped[str] = mapped_column(String(32))
    balance_cents: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(40))
    opened_on: Mapped[str | None] = mapped_column(String(10))  # YYYY-MM-DD
    as_of: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class RecordContribution(Base):
    """One month's contribution to an account (pension, resident_pension, housing_fund)."""

    __tablename__ = "record_contributions"
    __table_args__ = (UniqueConstraint("id_digest", "account", "month"),)
    id: Mapped[int] = mapped_column(RowId, primary_key=True)
    id_digest: Mapped[str] = mapped_column(String(64), index=True)
    account: Mapped[str] = mapped_column(String(32))
    month: Mapped[str] = mapped_column(String(7))  # YYYY-MM
    base_cents: Mapped[int] = mapped_column(Integer)
    personal_cents: Mapped[int] = mapped_column(Integer)
    employer_cents: Mapped[int] = mapped_column(Integer)
    employer: Mapped[str] = mapped_column(String(200))
    as_of: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class RecordPensionPayment(Base):
    __tablename__ = "record_pension_payments"
    __table_args__ = (UniqueConstraint("id_digest", "month"),)
    id: Mapped[int] = mapped_column(RowId, primary_key=True)
    id_digest: Mapped[str] = mapped_column(String(64), index=True)
    month: Mapped[str] = mapped_column(String(7))
    amount_cents: Mapped[int] = mapped_column(Integer)
    paid_on: Mapped[str] = mapped_column(String(10))
    bank: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(20))
    as_of: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class RecordInsurance(Base):
    """An insurance enrolment: which scheme, its state, since when, where."""

    __tablename__ = "record_insurance"
    id: Mapped[int] = mapped_column(RowId, primary_key=True)
    id_digest: Mapped[str] = mapped_column(String(64), index=True)
    scheme: Mapped[str] = mapped_column(String(60))
    status: Mapped[str] = mapped_column(String(20))
    since: Mapped[str] = mapped_column(String(10))
    insured_with: Mapped[str] = mapped_column(String(200))
    as_of: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class RecordSchoolRoll(Base):
    """A pupil on the school roll, held under the resident who may look (the parent)."""

    __tablename__ = "record_school_roll"
    id: Mapped[int] = mapped_column(RowId, primary_key=True)
    id_digest: Mapped[str] = mapped_column(String(64), index=True)
    pupil_name: Mapped[str] = mapped_column(String(100))
    roll_number: Mapped[str] = mapped_column(String(40))
    school: Mapped[str] = mapped_column(String(200))
    grade: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20))
    enrolled_on: Mapped[str] = mapped_column(String(10))
    as_of: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class RecordVaccination(Base):
    __tablename__ = "record_vaccinations"
    id: Mapped[int] = mapped_column(RowId, primary_key=True)
    id_digest: Mapped[str] = mapped_column(String(64), index=True)
    person_name: Mapped[str] = mapped_column(String(100))
    vaccine: Mapped[str] = mapped_column(String(100))
    dose: Mapped[str] = mapped_column(String(20))
    given_on: Mapped[str] = mapped_column(String(10))
    clinic: Mapped[str] = mapped_column(String(200))
    as_of: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class RecordElicence(Base):
    """A licence the government issued to this resident, as the e-licence library holds it."""

    __tablename__ = "record_elicences"
    id: Mapped[int] = mapped_column(RowId, primary_key=True)
    id_digest: Mapped[str] = mapped_column(String(64), index=True)
    licence_type: Mapped[str] = mapped_column(String(40))
    number: Mapped[str] = mapped_column(String(64))
    holder_name: Mapped[str] = mapped_column(String(100))
    issued_by: Mapped[str] = mapped_column(String(200))
    issued_at: Mapped[str] = mapped_column(String(10))
    details: Mapped[list] = mapped_column(JSON)  # [[label, value], ...] shown on the copy


class RecordRow(Base):
    """Any other personal record: label/value rows per look-up item, with their as-of time."""

    __tablename__ = "record_rows"
    id: Mapped[int] = mapped_column(RowId, primary_key=True)
    id_digest: Mapped[str] = mapped_column(String(64), index=True)
    service_code: Mapped[str] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(100))
    value: Mapped[str] = mapped_column(Text)
    as_of: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class ReferenceTable(Base):
    """Public reference data of one look-up item (school districts, pharmacies...)."""

    __tablename__ = "reference_tables"
    service_code: Mapped[str] = mapped_column(String(64), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    columns: Mapped[list] = mapped_column(JSON)
    as_of: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class ReferenceRow(Base):
    __tablename__ = "reference_rows"
    id: Mapped[int] = mapped_column(RowId, primary_key=True)
    service_code: Mapped[str] = mapped_column(ForeignKey("reference_tables.service_code"),
                                              index=True)
    position: Mapped[int] = mapped_column(Integer)
    cells: Mapped[list] = mapped_column(JSON)


class LookupAnswer(Base):
    """One look-up answered (public or personal), for the report; names no resident."""

    __tablename__ = "lookup_answers"
    id: Mapped[int] = mapped_column(RowId, primary_key=True)
    terminal_id: Mapped[str] = mapped_column(String(32), index=True)
    service_code: Mapped[str] = mapped_column(String(64))
    scope: Mapped[str] = mapped_column(String(10))
    answered_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class IssuedProof(Base):
    """A proof the platform issued: its code, what it said, and how often it was checked.
    One per (terminal, request_id), so a reprint gets the same code."""

    __tablename__ = "issued_proofs"
    __table_args__ = (UniqueConstraint("terminal_id", "request_id"),)
    code: Mapped[str] = mapped_column(String(32), primary_key=True)  # no group hyphens
    terminal_id: Mapped[str] = mapped_column(ForeignKey("terminals.id"))
    request_id: Mapped[str] = mapped_column(String(64))
    service_code: Mapped[str] = mapped_column(String(64))
    id_digest: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(20))
    issued_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    document: Mapped[dict] = mapped_column(JSON)  # the answer as first given
    times_verified: Mapped[int] = mapped_column(Integer, default=0)


class CaseElicence(Base):
    """An e-licence a case's resident authorised the office to take from the library."""

    __tablename__ = "case_elicences"
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    licence_type: Mapped[str] = mapped_column(String(40))
    number: Mapped[str] = mapped_column(String(64))
    material: Mapped[str] = mapped_column(String(200))


class PaymentOrder(Base):
    """A fee order (城乡居民医保/养老保险缴费) a terminal created for one visit. One per
    (terminal, request_id), so a retried or restarted terminal gets the same order. The
    payer and the beneficiary are kept as ID digests (central/identities) and the masked
    text shown; the amount always comes from the platform's tariff (central/payments)."""

    __tablename__ = "payment_orders"
    __table_args__ = (UniqueConstraint("terminal_id", "request_id"),)
    order_number: Mapped[str] = mapped_column(String(32), primary_key=True)
    terminal_id: Mapped[str] = mapped_column(ForeignKey("terminals.id"))
    request_id: Mapped[str] = mapped_column(String(64))
    fingerprint: Mapped[str] = mapped_column(String(64))
    service_code: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))  # "resident_medical" | "resident_pension"
    tier: Mapped[str | None] = mapped_column(String(20))
    year: Mapped[int] = mapped_column(Integer)
    amount_cents: Mapped[int] = mapped_column(Integer)
    payee: Mapped[str] = mapped_column(String(200))
    payer_digest: Mapped[str] = mapped_column(String(64), index=True)
    beneficiary_digest: Mapped[str] = mapped_column(String(64), index=True)
    beneficiary_masked: Mapped[str] = mapped_column(String(100))
    test_traffic: Mapped[bool] = mapped_column(Boolean)
    # "awaiting" | "paid" | "expired" | "refunded" | "cancelled"; an awaiting order past
    # its deadline (or its test-mode payment time) is settled when next read.
    status: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    deadline: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    auto_pay_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    paid_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    refunded_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class ChainLink(Base):
    """A case that is one link of a life event (一件事): its chain and what it waits on.
    `filled` holds the answers its inputs got from the links before it (by field key),
    beside the payload, once they were completed."""

    __tablename__ = "chain_links"
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    chain_id: Mapped[str] = mapped_column(String(64), index=True)
    event: Mapped[str] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(Integer)
    links: Mapped[list] = mapped_column(JSON)  # tracking numbers in chain order
    waits_on: Mapped[list] = mapped_column(JSON)  # tracking numbers
    inputs: Mapped[list] = mapped_column(JSON)  # [{"field", "from", "output"}]
    filled: Mapped[dict | None] = mapped_column(JSON)


class CaseCompletion(Base):
    """The office finished a case (`complete` command), with the outputs it named."""

    __tablename__ = "case_completions"
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    outputs: Mapped[dict] = mapped_column(JSON)
    completed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class ChainMessage(Base):
    """An SMS the platform sends a resident about a life event: which link failed. The
    number is kept to send it; it is never logged. `about_case_id`: the rejected link, or
    for a link refused at filing (never a case) the first link of its chain the platform
    holds."""

    __tablename__ = "chain_messages"
    id: Mapped[int] = mapped_column(RowId, primary_key=True)
    chain_id: Mapped[str] = mapped_column(String(64), index=True)
    about_case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    phone: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class RefusedLink(Base):
    """A life-event link the platform refused when it arrived (e.g. 422
    delivery_incomplete): it never became a case, yet the links of its chain that wait on
    it must say why. `phone` (from its answers, for the SMS; never logged) and
    `messaged` (the SMS about it was recorded)."""

    __tablename__ = "refused_links"
    terminal_id: Mapped[str] = mapped_column(ForeignKey("terminals.id"), primary_key=True)
    tracking_number: Mapped[str] = mapped_column(String(64), primary_key=True)
    chain_id: Mapped[str] = mapped_column(String(64), index=True)
    service_code: Mapped[str] = mapped_column(String(64))
    reason_code: Mapped[str] = mapped_column(String(64))
    refused_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    phone: Mapped[str | None] = mapped_column(String(32))
    messaged: Mapped[bool] = mapped_column(Boolean, default=False)


class CaseDelivery(Base):
    """How the resident takes the result of an application: at the counter or by post."""

    __tablename__ = "case_deliveries"
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    method: Mapped[str] = mapped_column(String(10))  # "counter" | "post"
    recipient: Mapped[str] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(32))
    address: Mapped[str | None] = mapped_column(Text)


class CaseCorrection(Base):
    """What the office sent a case back for (补正), and the resident's answer to it."""

    __tablename__ = "case_corrections"
    id: Mapped[int] = mapped_column(RowId, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    note: Mapped[str] = mapped_column(Text)
    items: Mapped[list] = mapped_column(JSON)
    requested_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    answered_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    answer_case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    answers: Mapped[dict | None] = mapped_column(JSON)
    attachment_ids: Mapped[list | None] = mapped_column(JSON)


class SchemaTooNew(Exception):
    """The database was migrated by a newer version of the platform than this one."""


# What opening a database raises when the URL, the server or the schema's version is
# wrong (not a bug here).
DatabaseUnavailable = (OperationalError, ArgumentError, NoSuchModuleError, SchemaTooNew)


def first_line(exc: Exception) -> str:
    """The database's own one-line reason (no statement, no parameters: they may hold
    personal data)."""
    reason = str(getattr(exc, "orig", None) or exc).strip()
    return reason.splitlines()[0] if reason else type(exc).__name__


def refusal_reason(exc: Exception) -> str:
    """Why the database refused a value, without the value: PostgreSQL quotes it in some
    reasons (`invalid input syntax for type integer: "..."`), and it may be personal."""
    return re.sub(r'"[^"]*"', '"..."', first_line(exc))


def database_url(db: str) -> str:
    """`--db` takes a file path (SQLite) or any SQLAlchemy URL (e.g. postgresql+psycopg://)."""
    if "://" in db:
        return db
    return f"sqlite:///{Path(db).resolve()}"


class Database:
    """The engine and its sessions. Opening a database brings its schema up to date
    (central/migrations.py) unless `migrate=False`."""

    def __init__(self, db: str, *, migrate: bool = True):
        self.url = database_url(db)
        self.engine: Engine = create_engine(self.url, **_engine_options(self.url))
        if self.is_sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas)
        else:
            event.listen(self.engine, "checkout", self._ping_if_idle)
            event.listen(self.engine, "checkin", _note_checkin)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._reads = sessionmaker(self.engine.execution_options(isolation_level="AUTOCOMMIT"),
                                   expire_on_commit=False)
        if migrate:
            from central import migrations  # it builds on the tables above

            migrations.migrate(self)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back on an exception."""
        with self._sessions() as session, session.begin():
            yield session

    @contextmanager
    def connection(self) -> Iterator[Connection]:
        """One transaction on a plain connection (SQL without ORM objects), committed when
        the block ends, rolled back on an exception."""
        with self.engine.begin() as connection:
            yield connection

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for one read statement, outside a transaction (no BEGIN and COMMIT
        round trips): the credential check and the catalogue's revision on every request.
        Nothing may be written through it."""
        with self._reads() as session:
            yield session

    @contextmanager
    def soft_state(self) -> Iterator[Connection]:
        """One transaction of soft state (a heartbeat: the next one says it again) whose
        commit does not wait for the disk. On PostgreSQL `synchronous_commit` is off for
        this transaction only; on SQLite the connection commits with `synchronous=NORMAL`
        and is back to FULL before anything else uses it. Either way a crash may lose the
        last moments of it, never corrupt it, and every other commit (a submission above
        all) waits for the disk as before, taking these with it."""
        with self.engine.connect() as connection:
            if self.is_sqlite:
                connection.exec_driver_sql("PRAGMA synchronous=NORMAL")
                connection.commit()
            try:
                with connection.begin():
                    if not self.is_sqlite:
                        connection.exec_driver_sql("SET LOCAL synchronous_commit TO OFF")
                    yield connection
            finally:
                if self.is_sqlite:
                    try:
                        connection.exec_driver_sql("PRAGMA synchronous=FULL")
                        connection.commit()
                    except BaseException:
                        connection.invalidate()  # never reused with the weaker setting
                        raise

    def _ping_if_idle(self, dbapi_connection, record, _proxy) -> None:
        """Before a pooled connection that sat idle is used, make sure the server still
        has it (it may have restarted): one round trip then, none on a busy connection."""
        returned = record.info.get("returned_at")
        if returned is not None and time.monotonic() - returned < IDLE_PING_SECONDS:
            return
        try:
            alive = self.engine.dialect.do_ping(dbapi_connection)
        except Exception as exc:
            raise DisconnectionError(first_line(exc)) from exc
        if not alive:
            raise DisconnectionError("the database closed this connection")

    @contextmanager
    def exclusive(self, purpose: str) -> Iterator[None]:
        """Only one process at a time runs the block for this `purpose` (first-start work:
        keys, seeding). On PostgreSQL an advisory lock held on a connection of its own;
        SQLite serves one process, whose writes wait for each other anyway."""
        if self.is_sqlite:
            yield
            return
        key = LOCK_KEYS[purpose]
        with self.engine.connect() as connection:
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": key})
            connection.commit()
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
                connection.commit()

    def close(self) -> None:
        self.engine.dispose()


# PostgreSQL advisory lock keys, one per kind of work that must not run twice at once.
LOCK_KEYS = {"migrate": 0x43454E01, "first_start": 0x43454E02}


# A pooled connection idle this long is pinged before it is used again (a busy one, used
# again within this, is not: pinging every checkout cost a round trip on every request).
IDLE_PING_SECONDS = 2.0


def _engine_options(url: str) -> dict:
    if url.startswith("sqlite"):
        # Request handlers run on a thread pool; SQLite waits for the writer lock.
        return {"connect_args": {"check_same_thread": False, "timeout": 30}}
    return {}


def _note_checkin(_dbapi_connection, record) -> None:
    record.info["returned_at"] = time.monotonic()


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets status lookups read while a submission is being written.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
