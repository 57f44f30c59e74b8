"""What an A4 proof says: the platform's answer to `POST /v1/proofs`, as text to print.

Everything here is already display text. Personal data arrives masked from the platform
(holder_name_masked, id_number_masked); the proof prints it as it is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ProofDocument:
    city: str  # the header, e.g. "XX市政务服务"
    title: str
    code: str  # the verification code, as a person types it
    verify_url: str  # what the QR encodes; "" when there is none (the QR holds the code)
    issued_at: str
    holder_name_masked: str
    id_number_masked: str
    as_of: str
    summary: tuple[tuple[str, str], ...] = ()
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    footer_note: str = ""

    def __post_init__(self) -> None:
        for row in self.rows:
            if len(row) != len(self.columns):
                raise ValueError(f"a row has {len(row)} cells for {len(self.columns)} columns")

    @property
    def qr_payload(self) -> str:
        return self.verify_url or self.code

    @classmethod
    def from_platform(cls, answer: Mapping[str, Any], *, city: str,
                      footer_note: str) -> ProofDocument:
        """The document for the platform's answer to `POST /v1/proofs` (issue 14 contract)."""
        return cls(
            city=city,
            title=str(answer["title"]),
            code=str(answer["code"]),
            verify_url=str(answer.get("verify_url") or ""),
            issued_at=local_time_text(str(answer["issued_at"])),
            holder_name_masked=str(answer["holder_name_masked"]),
            id_number_masked=str(answer["id_number_masked"]),
            as_of=local_time_text(str(answer["as_of"])),
            summary=tuple((str(pair["label"]), str(pair["value"]))
                          for pair in answer.get("summary") or ()),
            columns=tuple(str(column) for column in answer.get("columns") or ()),
            rows=tuple(tuple(str(cell) for cell in row) for row in answer.get("rows") or ()),
            footer_note=footer_note,
        )


def local_time_text(moment: str) -> str:
    """An ISO time from the platform as the terminal's local time, "2026-12-01 08:00";
    text that is not an ISO time is printed as it came."""
    try:
        parsed = dt.datetime.fromisoformat(moment.replace("Z", "+00:00"))
    except ValueError:
        return moment
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone()
    return parsed.strftime("%Y-%m-%d %H:%M")
