"""A look-up's answer as the platform gives it: a resident's record, or public reference
data (`POST /v1/records/query`, the platform's README, "Records").

The platform answers every kind of record in one shape: a title, when the data was
true (`as_of`), key figures, and a table in pages. This module reads that shape and
nothing else: an answer that is not it is the platform's fault, told apart from a
network that does not answer, so a resident is never told "the network is down" while
the platform answers, nor the other way round.
"""

from __future__ import annotations

from dataclasses import dataclass

# Why a look-up could not be answered; each has its own words for the resident.
NOT_LINKED = "not_linked"  # this terminal is connected to no platform
UNREACHABLE = "unreachable"  # no answer: network down, platform down, timeout
NO_ANSWER = "no_answer"  # the platform answered, but not with a record (fault, garbage)
PROOF_AGAIN = "proof_again"  # the platform wants this visit's proof fresh: read the card
BUSY = "busy"  # too many look-ups from this terminal just now
NOT_OFFERED = "not_offered"  # the platform does not answer this item here

# Rows asked for at once: several screens' worth, so that turning pages rarely asks the
# platform again (each ask counts against the terminal's look-up limit there).
FETCH_ROWS = 48
# What one answer may hold; past these it is not a record the screens can show.
MAX_TEXT = 200
MAX_COLUMNS = 8
MAX_ROWS = 240  # a proof's whole table; a page holds far fewer
MAX_SUMMARY = 12


class RecordUnavailable(Exception):
    """The look-up cannot be answered now; `reason` is one of the constants above."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail  # for the log: never personal data


@dataclass(frozen=True)
class RecordAnswer:
    title: str
    as_of: str  # ISO date and time the data was true, as the platform says
    summary: tuple[tuple[str, str], ...]  # key figures: (label, value)
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]  # this page's rows
    page: int
    pages: int
    total_rows: int
    proof: str | None  # the A4 proof this record can print, if any
    empty_note: str | None  # the platform's words when it holds nothing for this person

    @property
    def empty(self) -> bool:
        return not self.rows and not self.summary


@dataclass(frozen=True)
class IssuedProof:
    """A proof the platform issued and will verify by its code (`POST /v1/proofs`)."""

    code: str
    kind: str
    title: str
    issued_at: str
    holder_name_masked: str
    id_number_masked: str
    as_of: str
    summary: tuple[tuple[str, str], ...]
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    verify_url: str


class _NotARecord(ValueError):
    pass


def _text(value, *, optional: bool = False) -> str:
    if value is None and optional:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise _NotARecord(f"expected text, got {type(value).__name__}")
    text = str(value)
    if len(text) > MAX_TEXT:
        raise _NotARecord("a text longer than a record holds")
    return text


def _count(value, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise _NotARecord("expected a count")
    return value


def _pairs(value) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, list) or len(value) > MAX_SUMMARY:
        raise _NotARecord("summary is not a short list")
    pairs = []
    for entry in value:
        if not isinstance(entry, dict):
            raise _NotARecord("a summary entry is not an object")
        pairs.append((_text(entry.get("label")), _text(entry.get("value"))))
    return tuple(pairs)


def _table(body: dict) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    columns, rows = body.get("columns", []), body.get("rows", [])
    if not isinstance(columns, list) or len(columns) > MAX_COLUMNS:
        raise _NotARecord("columns is not a short list")
    if not isinstance(rows, list) or len(rows) > MAX_ROWS:
        raise _NotARecord("rows is not a list of at most the rows a record holds")
    header = tuple(_text(c) for c in columns)
    table = []
    for row in rows:
        if not isinstance(row, list) or len(row) != len(header):
            raise _NotARecord("a row does not match the columns")
        table.append(tuple(_text(cell) for cell in row))
    return header, tuple(table)


def read_record(body) -> RecordAnswer:
    """The platform's answer as a `RecordAnswer`, or RecordUnavailable(NO_ANSWER)."""
    try:
        if not isinstance(body, dict):
            raise _NotARecord("the answer is not an object")
        columns, rows = _table(body)
        page, pages = _count(body.get("page"), 1), _count(body.get("pages"), 0)
        proof = body.get("proof")
        empty_note = body.get("empty_note")
        return RecordAnswer(
            title=_text(body.get("title")),
            as_of=_text(body.get("as_of"), optional=True),
            summary=_pairs(body.get("summary", [])),
            columns=columns,
            rows=rows,
            page=page,
            pages=max(pages, page) if rows else pages,
            total_rows=_count(body.get("total_rows", len(rows)), 0),
            proof=_text(proof) if proof is not None else None,
            empty_note=_text(empty_note) if empty_note is not None else None,
        )
    except _NotARecord as exc:
        raise RecordUnavailable(NO_ANSWER, str(exc)) from None


def read_issued_proof(body) -> IssuedProof:
    """The platform's issued proof, or RecordUnavailable(NO_ANSWER)."""
    try:
        if not isinstance(body, dict):
            raise _NotARecord("the answer is not an object")
        code = _text(body.get("code"))
        if not code.strip():
            raise _NotARecord("a proof without a code")
        columns, rows = _table(body)
        return IssuedProof(
            code=code,
            kind=_text(body.get("kind")),
            title=_text(body.get("title")),
            issued_at=_text(body.get("issued_at")),
            holder_name_masked=_text(body.get("holder_name_masked"), optional=True),
            id_number_masked=_text(body.get("id_number_masked"), optional=True),
            as_of=_text(body.get("as_of"), optional=True),
            summary=_pairs(body.get("summary", [])),
            columns=columns,
            rows=rows,
            verify_url=_text(body.get("verify_url"), optional=True),
        )
    except _NotARecord as exc:
        raise RecordUnavailable(NO_ANSWER, str(exc)) from None
