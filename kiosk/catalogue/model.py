"""The service catalogue as the rest of the kiosk sees it.

One `ServiceItem` per government service, carrying the standard elements every city
unifies ("same item, same standard, same code"). Items are built from JSON that has
already passed the JSON Schema in `schema/`; see `loader.py`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


class Domain(enum.StrEnum):
    EDUCATION = "education"
    HEALTHCARE = "healthcare"
    SOCIAL_ASSISTANCE = "social_assistance"
    SOCIAL_WELFARE = "social_welfare"
    EMPLOYMENT = "employment"
    SOCIAL_SECURITY = "social_security"
    HOUSING_SECURITY = "housing_security"
    PUBLIC_SAFETY = "public_safety"
    BUSINESS = "business"


class JourneyKind(enum.StrEnum):
    """What a resident can do with the item at the terminal."""

    APPLY = "apply"  # fill a form, hand in materials, submit
    LOOKUP = "lookup"  # query a record or the progress of a case
    GUIDE = "guide"  # read the guide only; must be done elsewhere
    PAY = "pay"  # pay a fee by QR code (item schema 3)
    EVENT = "event"  # one visit for a life event: a chain of apply items (item schema 3)


class FieldType(enum.StrEnum):
    TEXT = "text"
    ID_NUMBER = "id_number"
    CREDIT_CODE = "credit_code"  # unified social credit code (GB 32100)
    PHONE = "phone"
    DATE = "date"
    CHOICE = "choice"
    ADDRESS = "address"
    AMOUNT = "amount"
    ATTACHMENT = "attachment"


class IdentityProof(enum.StrEnum):
    ID_CARD = "id_card"  # read from a resident ID card: proof
    SOCIAL_SECURITY_CARD = "social_security_card"  # read from the card: proof
    E_ID_QR = "e_id_qr"  # e-ID QR on a phone, verified by the platform: proof
    TYPED_ID_NUMBER = "typed_id_number"  # typed by the resident: a claim only
    # Read by the ID card reader too (item schema version 2): proof.
    HK_MO_TW_RESIDENCE_PERMIT = "hk_mo_tw_residence_permit"  # 港澳台居民居住证
    FOREIGN_PERMANENT_RESIDENCE_CARD = "foreign_permanent_residence_card"  # 外国人永久居留身份证


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class FormField:
    key: str
    label: str
    type: FieldType
    required: bool = True
    help: str = ""
    # Identity attribute that fills this field when known: "name", "id_number", "sex",
    # "birth_date", "address", "nation". A prefilled field is never asked again.
    prefill: str | None = None
    choices: tuple[Choice, ...] = ()
    min_length: int | None = None
    max_length: int | None = None
    minimum: float | None = None  # amounts
    maximum: float | None = None
    pattern: str | None = None  # extra regex for text fields
    sensitive: bool = False  # personal: the keyboard must not learn it


@dataclass(frozen=True)
class Material:
    name: str
    copies: int = 1
    original: bool = False  # an original must be shown
    capture: bool = True  # can be scanned by the terminal's camera
    required: bool = True
    note: str = ""
    # For materials brought in person: where, and within how many days of applying.
    bring_to: str | None = None
    bring_within_days: int | None = None
    # A licence the government issued (item schema 3), e.g. "household_register": with
    # the resident's consent the office takes it from the e-licence library, no photo.
    elicence: str | None = None


@dataclass(frozen=True)
class Fee:
    amount: float = 0.0  # yuan; 0 means free
    note: str = ""

    @property
    def free(self) -> bool:
        return self.amount == 0


class RecordScope(enum.StrEnum):
    PERSONAL = "personal"  # the resident's own: only with proof from this visit
    PUBLIC = "public"  # reference data: no identity asked


@dataclass(frozen=True)
class RecordSpec:
    """What a look-up item answers (item schema 3); see catalogue-item.v3.schema.json."""

    scope: RecordScope
    kind: str  # account_balance, contribution_history, ..., rows, reference
    proof: str | None = None  # the A4 proof it can print: insurance, contributions, ...
    account: str | None = None  # medical, pension, housing_fund
    licence_type: str | None = None  # for kind "elicence"
    cases_of: tuple[str, ...] = ()  # for kind "case_progress": the apply items

    @property
    def public(self) -> bool:
        return self.scope is RecordScope.PUBLIC


@dataclass(frozen=True)
class PaymentSpec:
    """A fee paid at the terminal by QR code (item schema 3). The amount is not here: the
    platform decides it from the kind and the tier when it creates the order."""

    kind: str  # resident_medical, resident_pension
    payee: str
    year: int
    tiers: tuple[Choice, ...] = ()  # contribution tiers (档次); empty: one amount
    for_family: bool = False  # may be paid for a family member by their ID number


@dataclass(frozen=True)
class ChainFeed:
    """A field of a link's item that an earlier link's output fills once it is done."""

    field: str
    source: str  # the earlier link's item code
    output: str  # what that link's case produces, e.g. "id_number"
    label: str


@dataclass(frozen=True)
class ChainLink:
    item: str  # an apply item's code
    feeds: tuple[ChainFeed, ...] = ()

    @property
    def waits_on(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f.source for f in self.feeds))


@dataclass(frozen=True)
class ChainSpec:
    """One visit for a life event (一件事): apply items filed together, in this order."""

    links: tuple[ChainLink, ...]
    first: tuple[str, ...] = ()  # guide items to do before


@dataclass(frozen=True)
class DeliverySpec:
    """The result may be posted free instead of collected at the counter."""

    post: bool
    note: str = ""


@dataclass(frozen=True)
class EnglishText:
    """An item's text in English, as far as the platform gives it (item schema version 2).
    None or a missing key: that part shows in Chinese."""

    name: str
    department: str | None = None
    summary: str | None = None
    conditions: tuple[str, ...] | None = None
    process: tuple[str, ...] | None = None
    materials: tuple[str, ...] | None = None  # in the order of the item's materials
    field_labels: dict[str, str] = field(default_factory=dict)  # by field key
    field_help: dict[str, str] = field(default_factory=dict)
    choice_labels: dict[tuple[str, str], str] = field(default_factory=dict)  # (key, value)


@dataclass(frozen=True)
class ServiceItem:
    code: str
    name: str
    department: str
    domain: Domain
    journey: JourneyKind
    service_kind: str  # 行政许可, 行政给付, 公共服务, 行政确认, ...
    summary: str
    conditions: tuple[str, ...]
    materials: tuple[Material, ...]
    fields: tuple[FormField, ...]
    process: tuple[str, ...]
    legal_limit_days: int | None  # None: settled on the spot
    promised_limit_days: int | None
    fee: Fee
    online_level: str  # "zero_run" (全程网办), "run_once" (最多跑一次), "in_person"
    channels: tuple[str, ...]  # "terminal", "online", "app", "counter"
    identity_proofs: tuple[IdentityProof, ...]
    keywords: tuple[str, ...] = ()  # extra words residents use for this item
    hotline: str = "12345"
    version: int = 1
    # City-wide use, 1 the most used; None unranked (item schema version 2).
    popularity_rank: int | None = None
    english: EnglishText | None = None
    record: RecordSpec | None = None  # look-ups of item schema 3
    payment: PaymentSpec | None = None  # pay items of item schema 3
    chain: ChainSpec | None = None  # event items of item schema 3
    delivery: DeliverySpec | None = None  # apply items that may post their result
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def counter(self) -> str | None:
        """Where the item is handled in person, as the catalogue names it: the place its
        papers brought by hand go to; None when it names none (the department's own)."""
        return next((m.bring_to for m in self.materials if m.bring_to), None)

    @property
    def accepts_typed_id(self) -> bool:
        return IdentityProof.TYPED_ID_NUMBER in self.identity_proofs

    @property
    def needs_submission(self) -> bool:
        return self.journey in (JourneyKind.APPLY, JourneyKind.EVENT)

    @property
    def may_post(self) -> bool:
        return self.delivery is not None and self.delivery.post
