"""Papers the government already holds: the e-licence library's answer for one resident.

When the resident proved who they are in this visit (a card read or an e-ID code, never
a typed number), the terminal asks the platform's e-licence library which licences they
hold. A material the catalogue marks as such a licence (`Material.elicence`) can then be
taken from the library with the resident's consent instead of a photo; the application
carries a reference (type and number) to it. The resident ID card read at this visit
needs no photo at all: the read is the proof.

Licence numbers and holder names are personal: held in memory for the visit, masked on
screens and paper (kiosk/masking), never logged.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.catalogue.model import IdentityProof
from kiosk.i18n import QT_TRANSLATE_NOOP
from kiosk.identity import Identity
from kiosk.masking import mask_licence_number, mask_name

RESIDENT_ID_CARD = "resident_id_card"
# The cards whose read at this visit stands for a photo of the resident ID card: the ID
# card itself and the residence permit of Hong Kong, Macao and Taiwan residents, which
# carries the same kind of number.
CARDS_FOR_ID_CARD = {IdentityProof.ID_CARD, IdentityProof.HK_MO_TW_RESIDENCE_PERMIT}

# Each licence type by its usual name, for when the platform's answer names none.
TITLES = {
    "household_register": QT_TRANSLATE_NOOP("elicence", "居民户口簿"),
    "marriage_certificate": QT_TRANSLATE_NOOP("elicence", "结婚证"),
    "birth_certificate": QT_TRANSLATE_NOOP("elicence", "出生医学证明"),
    "property_certificate": QT_TRANSLATE_NOOP("elicence", "不动产权证书"),
    "business_licence": QT_TRANSLATE_NOOP("elicence", "营业执照"),
    "resident_id_card": QT_TRANSLATE_NOOP("elicence", "居民身份证"),
    "disability_certificate": QT_TRANSLATE_NOOP("elicence", "残疾人证"),
    "employment_certificate": QT_TRANSLATE_NOOP("elicence", "就业创业证"),
    "skill_certificate": QT_TRANSLATE_NOOP("elicence", "职业技能等级证书"),
}


@dataclass(frozen=True, repr=False)
class Licence:
    """One licence the library holds for the resident, as the platform answered."""

    type: str
    title: str
    number: str
    holder_name: str = ""
    issued_by: str = ""
    issued_at: str = ""

    @property
    def number_masked(self) -> str:
        return mask_licence_number(self.number)

    @property
    def holder_masked(self) -> str:
        return mask_name(self.holder_name) if self.holder_name else ""

    def __repr__(self) -> str:  # never let the number or the name slip into a log
        return f"Licence(type={self.type}, number={self.number_masked})"

    __str__ = __repr__


@dataclass(frozen=True, repr=False)
class LicenceUsed:
    """A material the application takes from the library (or from the card read here)
    instead of a photo: what the submission's `elicences` list and the receipt carry."""

    material: str
    licence: Licence
    by_card_read: bool = False  # the ID card read at this visit, not the library

    def reference(self) -> dict:
        return {"type": self.licence.type, "number": self.licence.number,
                "material": self.material}

    def __repr__(self) -> str:
        return f"LicenceUsed(material={self.material}, {self.licence!r})"


def licences_from_answer(body: object) -> list[Licence] | None:
    """The licences in the platform's answer to `POST /v1/elicences/search`, or None when
    the answer is not one (then the resident takes the photo path, as offline)."""
    rows = body.get("licences") if isinstance(body, dict) else None
    if not isinstance(rows, list):
        return None
    found = []
    for row in rows:
        if not isinstance(row, dict):
            continue
        kind, number = row.get("type"), row.get("number")
        if not (isinstance(kind, str) and kind and isinstance(number, str) and number.strip()):
            continue
        found.append(Licence(
            type=kind,
            title=_text(row.get("title")) or TITLES.get(kind, ""),
            number=number.strip(),
            holder_name=_text(row.get("holder_name")),
            issued_by=_text(row.get("issued_by")),
            issued_at=_text(row.get("issued_at")),
        ))
    return found


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def read_card_licence(identity: Identity | None) -> Licence | None:
    """The resident ID card this visit's card read stands for, or None (a social security
    card, an e-ID code, a typed number, a foreigner's card: not a resident ID card read)."""
    if identity is None or identity.proof not in CARDS_FOR_ID_CARD:
        return None
    return Licence(type=RESIDENT_ID_CARD, title=TITLES[RESIDENT_ID_CARD],
                   number=identity.id_number, holder_name=identity.name)


def may_ask_library(identity: Identity | None) -> bool:
    """Only proof from this visit opens the library: a typed number is anyone's."""
    return identity is not None and identity.is_proof
