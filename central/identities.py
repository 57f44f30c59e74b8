"""Which residents a case names, kept as digests so a terminal can find a resident's cases.

A submission's payload names the resident who filed it at `applicant.id_number`
(applications), `complainant.id_number` (complaints) or `rater_id_number` (ratings). At
filing, each number found there is normalised (spaces out, the check letter X upper
case) and stored as a SHA-256 digest beside the case, so a search never scans payloads
and the index holds no number in the clear. (An unkeyed digest of an 18-digit number
can be reversed by trying them all; that gives nothing the payload beside it does not.)
"""

from __future__ import annotations

import hashlib

IDENTITY_PATHS = (("applicant", "id_number"), ("complainant", "id_number"), ("rater_id_number",))


def normalise(id_number: str) -> str:
    return "".join(id_number.split()).upper()


def digest(id_number: str) -> str:
    return hashlib.sha256(f"case-identity:v1:{normalise(id_number)}".encode()).hexdigest()


def digests_in(payload) -> set[str]:
    """Digests of the ID numbers a payload names at the identity paths."""
    found = set()
    for path in IDENTITY_PATHS:
        value = payload
        for part in path:
            value = value.get(part) if isinstance(value, dict) else None
        if isinstance(value, str) and normalise(value):
            found.add(digest(value))
    return found
