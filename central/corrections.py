"""Corrections (补正): the office sends a case back once with the one list of what is
missing (`python -m central correct --case C --file F`); the resident's progress look-up
shows it, the resident answers it at a terminal (a submission of kind `correction`), and
the case goes back to the office for review.
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from central import identities
from central.catalogue import MARKUP
from central.errors import ApiError
from central.storage import (
    Case,
    CaseCorrection,
    CaseIdentity,
    CatalogueItem,
    Database,
    iso,
    utc_now,
)

log = logging.getLogger("central.corrections")

# What a terminal can show and ask (kiosk/journeys/correction.py skips a correction
# outside these limits, so `correct` refuses the file instead of sending it).
MAX_ITEMS = 12
MAX_TEXT = 120
ANSWER_KEY = re.compile(r"[a-z][a-z0-9_]{0,39}")
ANSWER_TYPES = ("text", "phone", "date", "id_number", "address")
# A case in these states cannot be sent back.
_NOT_CORRECTABLE = ("rejected", "completed", "waiting", "correction")


class CorrectionFileError(ValueError):
    """A correction file that cannot be sent; the message is one line."""


def read_file(path: Path) -> dict:
    """The file's `{note, items}`, checked; CorrectionFileError says what is wrong."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CorrectionFileError(f"cannot read {path.name}: {exc.strerror}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise CorrectionFileError(f"{path.name} is not JSON: {exc}") from None
    if not isinstance(document, dict):
        raise CorrectionFileError("the file must hold an object {\"note\", \"items\"}")
    note, items = document.get("note"), document.get("items")
    note = _plain_text("", "note", note)
    if not isinstance(items, list) or not 1 <= len(items) <= MAX_ITEMS:
        raise CorrectionFileError(f"\"items\" must be a list of 1 to {MAX_ITEMS} items")
    checked = [_item(index, item) for index, item in enumerate(items)]
    keys = [item["key"] for item in checked if item["kind"] == "answer"]
    if len(keys) != len(set(keys)):
        raise CorrectionFileError("two answer items have the same \"key\"")
    return {"note": note, "items": checked}


def _item(index: int, item) -> dict:
    where = f"items[{index}]"

    def text(name: str, required: bool) -> str | None:
        value = item.get(name)
        if value is None and not required:
            return None
        return _plain_text(f"{where}: ", name, value)

    if not isinstance(item, dict):
        raise CorrectionFileError(f"{where} must be an object")
    kind = item.get("kind")
    if kind == "answer":
        allowed = {"kind", "key", "label", "type", "help"}
        checked = {"kind": kind, "key": text("key", True), "label": text("label", True),
                   "type": item.get("type")}
        if not ANSWER_KEY.fullmatch(checked["key"]):
            raise CorrectionFileError(f"{where}: \"key\" must be a lower-case letter, then "
                                      "at most 39 lower-case letters, digits or _")
        if checked["type"] not in ANSWER_TYPES:
            raise CorrectionFileError(f"{where}: \"type\" must be one of "
                                      f"{', '.join(ANSWER_TYPES)}")
        help_text = text("help", False)
        if help_text is not None:
            checked["help"] = help_text
    elif kind == "photo":
        allowed = {"kind", "name", "note"}
        checked = {"kind": kind, "name": text("name", True)}
        note = text("note", False)
        if note is not None:
            checked["note"] = note
    else:
        raise CorrectionFileError(f"{where}: \"kind\" must be \"answer\" or \"photo\"")
    unknown = set(item) - allowed
    if unknown:
        raise CorrectionFileError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    return checked


def _plain_text(where: str, name: str, value) -> str:
    """The text, stripped: non-empty, at most MAX_TEXT characters, without markup."""
    if not isinstance(value, str) or not value.strip():
        raise CorrectionFileError(f"{where}\"{name}\" must be a non-empty text")
    value = value.strip()
    if len(value) > MAX_TEXT:
        raise CorrectionFileError(f"{where}\"{name}\" has {len(value)} characters; "
                                  f"a terminal shows at most {MAX_TEXT}")
    if "\x00" in value:
        raise CorrectionFileError(f"{where}\"{name}\" holds a NUL character (U+0000)")
    if MARKUP.search(value):
        raise CorrectionFileError(f"{where}\"{name}\" holds markup (a tag or a character "
                                  "reference such as &lt;); write plain text")
    return value


def request(db: Database, number: str, document: dict) -> str:
    """Send the case back with this list; returns its case number. CorrectionFileError
    when there is no such case or it cannot be corrected now."""
    with db.session() as session:
        case = _find(session, number)
        if case is None or case.kind != "application":
            raise CorrectionFileError(f"no application {number}")
        if case.status in _NOT_CORRECTABLE:
            raise CorrectionFileError(f"case {case.case_number} is {case.status}; "
                                      "it cannot be sent back for correction now")
        now = utc_now()
        session.add(CaseCorrection(case_id=case.id, note=document["note"],
                                   items=document["items"], requested_at=now))
        case.status, case.updated_at = "correction", now
        log.info("case %s sent back for correction (%d item(s))", case.case_number,
                 len(document["items"]))
        return case.case_number


def _find(session: Session, number: str) -> Case | None:
    return session.scalars(select(Case).where(
        or_(Case.case_number == number, Case.tracking_number == number))).first()


def latest(session: Session, case: Case) -> CaseCorrection | None:
    return session.scalars(select(CaseCorrection).where(CaseCorrection.case_id == case.id)
                           .order_by(CaseCorrection.id.desc())).first()


def state(correction: CaseCorrection | None) -> dict | None:
    if correction is None:
        return None
    return {"note": correction.note, "items": correction.items,
            "requested_at": iso(correction.requested_at),
            "answered_at": iso(correction.answered_at)}


def open_for(session: Session, payload: dict, service_code: str) -> tuple[Case, CaseCorrection]:
    """The case and open correction a correction submission answers: 404 `case_not_found`
    (no such case, or one that does not name the applicant), 409 `correction_not_open`."""
    number = payload.get("case_number") or payload.get("tracking_number")
    applicant = payload.get("applicant")
    id_number = applicant.get("id_number") if isinstance(applicant, dict) else None
    case = _find(session, number) if isinstance(number, str) and number else None
    names = (case is not None and isinstance(id_number, str) and identities.normalise(id_number)
             and session.get(CaseIdentity, (case.id, identities.digest(id_number))) is not None)
    if not names or case.kind != "application" or case.service_code != service_code:
        raise ApiError(404, "case_not_found", "No case with this number for this applicant.")
    correction = latest(session, case)
    if case.status != "correction" or correction is None or correction.answered_at is not None:
        raise ApiError(409, "correction_not_open",
                       "This case does not await a correction now.",
                       extra={"case_number": case.case_number, "status": case.status})
    return case, correction


def answer(case: Case, correction: CaseCorrection, answer_case: Case) -> None:
    """Keep the answers and photos with the correction; the case goes back to review."""
    payload = answer_case.payload
    answers = payload.get("answers")
    correction.answers = answers if isinstance(answers, dict) else {}
    correction.attachment_ids = list(answer_case.attachment_ids or [])
    correction.answer_case_id = answer_case.id
    correction.answered_at = answer_case.received_at
    case.status, case.status_reason, case.updated_at = "review", None, answer_case.received_at
    answer_case.status = "recorded"
    log.info("case %s corrected by %s; back to review", case.case_number,
             answer_case.case_number)


def open_for_cases(session: Session, cases: list[Case]) -> list[dict]:
    """For the progress look-up: the cases among these that await a correction now."""
    waiting = [c for c in cases if c.status == "correction"]
    names = dict(session.execute(select(CatalogueItem.code, CatalogueItem.body["name"].as_string())
                                 .where(CatalogueItem.code.in_([c.service_code for c in waiting])))
                 .all())
    found = []
    for case in waiting:
        correction = latest(session, case)
        if correction is None or correction.answered_at is not None:
            continue
        found.append({"case_number": case.case_number, "tracking_number": case.tracking_number,
                      "service_code": case.service_code,
                      "service_name": names.get(case.service_code) or case.service_code,
                      "note": correction.note, "items": correction.items,
                      "requested_at": iso(correction.requested_at)})
    return found
