"""Who the resident is, and how we know it.

An identity read from an ID card, a residence permit for Hong Kong, Macao and Taiwan
residents, a foreigner's permanent residence card (all three on the ID card reader) or a
social security card, or vouched for by the platform from an e-ID QR code, is proof.
A typed ID number is only a claim: a service accepts it only where its catalogue item
says so.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field

from kiosk.catalogue.model import IdentityProof, ServiceItem
from kiosk.i18n import QT_TRANSLATE_NOOP, Message
from kiosk.masking import mask_id_number, mask_name
from kiosk.validators import (
    birth_date_from_id,
    check_id_number,
    check_permanent_residence_number,
    check_residence_permit_number,
    normalise_id_number,
    sex_from_id,
)

PROOFS = {
    IdentityProof.ID_CARD,
    IdentityProof.SOCIAL_SECURITY_CARD,
    IdentityProof.E_ID_QR,
    IdentityProof.HK_MO_TW_RESIDENCE_PERMIT,
    IdentityProof.FOREIGN_PERMANENT_RESIDENCE_CARD,
}
# The cards the ID card reader reads (drivers.id_reader.protocol.CardKind values).
_PROOF_OF_CARD_KIND = {
    "resident_id_card": IdentityProof.ID_CARD,
    "hk_mo_tw_residence_permit": IdentityProof.HK_MO_TW_RESIDENCE_PERMIT,
    "foreign_permanent_residence_2017": IdentityProof.FOREIGN_PERMANENT_RESIDENCE_CARD,
    "foreign_permanent_residence_2023": IdentityProof.FOREIGN_PERMANENT_RESIDENCE_CARD,
}

# Each card's number by its own rule (drivers.id_reader.protocol.CardKind values).
_NUMBER_RULE_OF_CARD_KIND = {
    "resident_id_card": check_id_number,
    "hk_mo_tw_residence_permit": check_residence_permit_number,
    "foreign_permanent_residence_2017": check_permanent_residence_number,
    "foreign_permanent_residence_2023": check_permanent_residence_number,
}
# A card whose data fails its check on every read: said to the resident, never proof.
CARD_MISREAD = QT_TRANSLATE_NOOP(
    "identity",
    "证件信息没有读准。请把证件拿起来，重新平放在感应区上；仍读不准请到人工窗口办理。",
)


def card_number_problem(card) -> Message | None:
    """Why a card read on the ID card reader (drivers.id_reader) cannot be taken as it
    reads, or None: its number fails its card type's rule (check digit, birth date, area
    code, format), or the birth date in the number is not the card's own birth date. The
    driver reads again when this says no (its `card_check`), so a corrupted read that the
    serial line's one-byte checksum let through never passes as proof."""
    problem = _NUMBER_RULE_OF_CARD_KIND[str(card.kind)](card.id_number)
    if problem is not None:
        return problem
    number = card.id_number
    in_number = number[7:13] if len(number) == 15 else number[6:14]
    if in_number != card.birth_date.strftime("%y%m%d" if len(number) == 15 else "%Y%m%d"):
        return QT_TRANSLATE_NOOP("identity", "证件号码中的出生日期与证件上的出生日期不一致。")
    return None


@dataclass(frozen=True, repr=False)
class Identity:
    id_number: str
    proof: IdentityProof
    name: str = ""
    sex: str = ""
    nation: str = ""
    birth_date: dt.date | None = None
    address: str = ""
    card_valid_to: dt.date | None = None  # None: 长期 or unknown
    english_name: str = ""  # foreigner's permanent residence card
    nationality: str = ""  # foreigner's permanent residence card: three-letter code
    # When the card was read (or the platform vouched), wall time: a case look-up proves
    # the resident with it, and the platform takes that proof for a few minutes only.
    proven_at: float = field(default_factory=time.time, compare=False)
    # From the platform's e-ID check: proves this resident to this visit's case look-up.
    platform_grant: str = field(default="", compare=False)

    @property
    def is_proof(self) -> bool:
        return self.proof in PROOFS

    def accepted_by(self, item: ServiceItem) -> bool:
        return self.proof in item.identity_proofs

    def prefill_value(self, attribute: str) -> str | None:
        """The value for a form field's `prefill` attribute, if this identity knows it."""
        value = {
            "name": self.name,
            "id_number": self.id_number,
            "sex": self.sex,
            "nation": self.nation,
            "birth_date": self.birth_date.isoformat() if self.birth_date else "",
            "address": self.address,
            "english_name": self.english_name,
            "nationality": self.nationality,
        }.get(attribute, "")
        return value or None

    def __repr__(self) -> str:  # never let personal data slip into a log or traceback
        return (
            f"Identity(proof={self.proof.value}, id_number={mask_id_number(self.id_number)}, "
            f"name={mask_name(self.name)})"
        )

    __str__ = __repr__


def identity_from_typed_number(value: str) -> Identity:
    """A claim from a typed number; raises ValueError with the resident's message if wrong."""
    problem = check_id_number(value)
    if problem:
        raise ValueError(problem)
    number = normalise_id_number(value)
    return Identity(
        id_number=number,
        proof=IdentityProof.TYPED_ID_NUMBER,
        sex=sex_from_id(number),
        birth_date=birth_date_from_id(number),
    )


def identity_from_id_card(card) -> Identity:
    """From the decoded text block of a card on the ID card reader (drivers.id_reader):
    a resident ID card, a residence permit or a foreigner's permanent residence card.
    A foreigner is called by the Chinese name on the card, else the English one."""
    return Identity(
        id_number=card.id_number,
        proof=_PROOF_OF_CARD_KIND[str(card.kind)],
        name=card.name or card.english_name,
        sex=card.sex,
        nation=card.nation,
        birth_date=card.birth_date,
        address=card.address,
        card_valid_to=card.valid_to,
        english_name=card.english_name,
        nationality=card.nationality,
    )


def identity_from_social_security_card(card) -> Identity:
    """From a social security card (drivers.card_reader); its number is the ID number."""
    return Identity(
        id_number=card.social_security_number,
        proof=IdentityProof.SOCIAL_SECURITY_CARD,
        name=card.name,
        sex=card.sex,
        nation=card.nation,
        birth_date=card.birth_date,
    )


def identity_from_eid(name: str, id_number: str, grant: str = "") -> Identity:
    """From the platform's answer to an e-ID QR token (proof: the platform vouched);
    `grant` is its proof of this resident for this visit's case look-up."""
    number = normalise_id_number(id_number)
    return Identity(
        id_number=number,
        proof=IdentityProof.E_ID_QR,
        name=name,
        sex=sex_from_id(number),
        birth_date=birth_date_from_id(number),
        platform_grant=grant,
    )
