"""The records file `python -m central records-load --file F --db D` reads, and the demo's.

A JSON object (central/README.md describes it field by field):

    {"format": "central-records", "version": 1,
     "people": [{"id_number": "...", "name": "王秀兰", "as_of": "2026-12-01T00:00:00Z",
                 "accounts": [{"account": "medical", "balance": "3,456.78",
                               "status": "正常", "opened_on": "2001-07-01"}],
                 "contributions": [{"account": "pension", "employer": "...",
                                    "months": [["2026-11", "6520.00", "521.60", "1043.20"]]}],
                 "pension_payments": [{"bank": "...", "payments":
                                       [["2026-11", "3215.40", "2026-11-05", "已到账"]]}],
                 "insurance": [["职工基本养老保险", "参保缴费", "2001-07-01", "..."]],
                 "school_roll": [{"pupil_name": "...", "roll_number": "...", "school": "...",
                                  "grade": "...", "status": "在读", "enrolled_on": "..."}],
                 "vaccinations": [["李小雨", "麻腮风疫苗", "第1剂", "2019-05-10", "..."]],
                 "elicences": [{"type": "household_register", "number": "...",
                                "holder_name": "...", "issued_by": "...",
                                "issued_at": "2019-05-12", "details": [["住址", "..."]]}],
                 "rows": {"GA-0017": [["记分周期", "..."], ["已记分", "0分"]]}}],
     "reference": [{"service_code": "JY-0016", "title": "...", "as_of": "...",
                    "columns": ["学校", "..."], "rows": [["...", "..."]]}]}

Amounts are yuan as text (commas allowed), stored as whole fen. Loading a person replaces
everything the platform held for that person; loading a reference table replaces that
table. The ID number is kept only as its digest (central/identities).
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal, InvalidOperation
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session

from central import identities
from central.api_models import holds_nul
from central.storage import (
    Database,
    RecordAccount,
    RecordContribution,
    RecordElicence,
    RecordInsurance,
    RecordPensionPayment,
    RecordPerson,
    RecordRow,
    RecordSchoolRoll,
    RecordVaccination,
    ReferenceRow,
    ReferenceTable,
    as_utc,
    refusal_reason,
)

FORMAT = "central-records"
VERSION = 1
DEMO_RECORDS = Path(__file__).with_name("demo") / "records.json"
_PERSON_TABLES = (RecordAccount, RecordContribution, RecordPensionPayment, RecordInsurance,
                  RecordSchoolRoll, RecordVaccination, RecordElicence, RecordRow)


class RecordsFileError(ValueError):
    """A records file that cannot be loaded; nothing of it was stored."""


def cents(text) -> int:
    try:
        value = Decimal(str(text).replace(",", "").strip())
    except InvalidOperation:
        raise RecordsFileError(f"not an amount: {text!r}") from None
    return int((value * 100).to_integral_value())


def _time(text, default: dt.datetime) -> dt.datetime:
    if text is None:
        return default
    try:
        value = dt.datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        raise RecordsFileError(f"not an ISO time: {text!r}") from None
    return as_utc(value)


def load(db: Database, document: dict) -> dict:
    """Store a records document in one transaction; returns what it held, counted."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise RecordsFileError(f'the file must be a JSON object with "format": "{FORMAT}"')
    if document.get("version") != VERSION:
        raise RecordsFileError(
            f"version {document.get('version')!r} unknown (this reads {VERSION})")
    if holds_nul(document):
        raise RecordsFileError("the file holds a NUL character (U+0000) in its text")
    counts = {"people": 0, "reference_tables": 0}
    try:
        with db.session() as session:
            for person in document.get("people") or []:
                _load_person(session, person)
                counts["people"] += 1
            for table in document.get("reference") or []:
                _load_reference(session, table)
                counts["reference_tables"] += 1
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        if isinstance(exc, RecordsFileError):
            raise
        raise RecordsFileError(f"malformed records file: {exc!r}") from None
    except IntegrityError:  # a person or a month given twice: nothing of the file is kept
        raise RecordsFileError("the records file gives the same record twice") from None
    except DataError as exc:  # e.g. a name longer than its column (PostgreSQL checks)
        raise RecordsFileError(f"the database refused a value: {refusal_reason(exc)}") from None
    return counts


def load_file(db: Database, path: Path) -> dict:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise RecordsFileError(f"cannot read {path.name}: {exc}") from None
    return load(db, document)


def seed_if_empty(db: Database, source: Path = DEMO_RECORDS) -> bool:
    """At a new platform's first start, the demo records (like the demo catalogue)."""
    with db.session() as session:
        if session.scalars(select(RecordPerson.id_digest).limit(1)).first() is not None:
            return False
        if session.scalars(select(ReferenceTable.service_code).limit(1)).first() is not None:
            return False
    load_file(db, source)
    return True


def _load_person(session: Session, person: dict) -> None:
    id_number = person["id_number"]
    if not isinstance(id_number, str) or not identities.normalise(id_number):
        raise RecordsFileError("a person without an id_number")
    digest = identities.digest(id_number)
    as_of = _time(person.get("as_of"), dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    for model in _PERSON_TABLES:
        session.execute(delete(model).where(model.id_digest == digest))
    existing = session.get(RecordPerson, digest)
    if existing is None:
        session.add(RecordPerson(id_digest=digest, name=str(person["name"])))
    else:
        existing.name = str(person["name"])
    for a in person.get("accounts") or []:
        session.add(RecordAccount(id_digest=digest, account=a["account"],
                                  balance_cents=cents(a["balance"]), status=a.get("status", "正常"),
                                  opened_on=a.get("opened_on"), as_of=_time(a.get("as_of"), as_of)))
    for c in person.get("contributions") or []:
        for month, base, personal, employer in c["months"]:
            session.add(RecordContribution(
                id_digest=digest, account=c["account"], month=month, base_cents=cents(base),
                personal_cents=cents(personal), employer_cents=cents(employer),
                employer=c.get("employer", ""), as_of=_time(c.get("as_of"), as_of)))
    for p in person.get("pension_payments") or []:
        for month, amount, paid_on, status in p["payments"]:
            session.add(RecordPensionPayment(
                id_digest=digest, month=month, amount_cents=cents(amount), paid_on=paid_on,
                bank=p.get("bank", ""), status=status, as_of=_time(p.get("as_of"), as_of)))
    for scheme, status, since, insured_with in person.get("insurance") or []:
        session.add(RecordInsurance(id_digest=digest, scheme=scheme, status=status, since=since,
                                    insured_with=insured_with, as_of=as_of))
    for s in person.get("school_roll") or []:
        session.add(RecordSchoolRoll(
            id_digest=digest, pupil_name=s["pupil_name"], roll_number=s["roll_number"],
            school=s["school"], grade=s["grade"], status=s.get("status", "在读"),
            enrolled_on=s["enrolled_on"], as_of=_time(s.get("as_of"), as_of)))
    for name, vaccine, dose, given_on, clinic in person.get("vaccinations") or []:
        session.add(RecordVaccination(id_digest=digest, person_name=name, vaccine=vaccine,
                                      dose=dose, given_on=given_on, clinic=clinic, as_of=as_of))
    for e in person.get("elicences") or []:
        session.add(RecordElicence(
            id_digest=digest, licence_type=e["type"], number=e["number"],
            holder_name=e.get("holder_name", person["name"]), issued_by=e["issued_by"],
            issued_at=e["issued_at"], details=[list(pair) for pair in e.get("details", [])]))
    for service_code, pairs in (person.get("rows") or {}).items():
        for position, (label, value) in enumerate(pairs):
            session.add(RecordRow(id_digest=digest, service_code=service_code,
                                  position=position, label=label, value=value, as_of=as_of))


def _load_reference(session: Session, table: dict) -> None:
    code = table["service_code"]
    columns = [str(c) for c in table["columns"]]
    session.execute(delete(ReferenceRow).where(ReferenceRow.service_code == code))
    row = session.get(ReferenceTable, code)
    as_of = _time(table.get("as_of"), dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    if row is None:
        session.add(ReferenceTable(service_code=code, title=table.get("title", ""),
                                   columns=columns, as_of=as_of))
        session.flush()
    else:
        row.title, row.columns, row.as_of = table.get("title", ""), columns, as_of
    for position, cells in enumerate(table["rows"]):
        if len(cells) != len(columns):
            raise RecordsFileError(f"{code} row {position}: {len(cells)} cells, "
                                   f"{len(columns)} columns")
        session.add(ReferenceRow(service_code=code, position=position,
                                 cells=[str(c) for c in cells]))
