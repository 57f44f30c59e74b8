"""Request and response bodies of the API; FastAPI writes the OpenAPI document from them."""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

ClientId = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$")]
TrackingNumber = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")]
# The catalogue's item codes (its JSON Schema: area letters, a hyphen, digits, e.g.
# SB-0006), and COMPLAINT for a complaint that names no service.
SERVICE_CODE_PATTERN = r"^(?:[A-Z]{2,4}-[0-9]{4,6}|COMPLAINT)$"
# Objects and arrays within one another in one request body, the body itself counted.
MAX_NESTING = 32
B64Url = r"^[A-Za-z0-9_-]+={0,2}$"
# Ed25519, 32 raw bytes: 43 base64 characters and one "=" (standard or URL-safe alphabet).
SigningPublicKey = Annotated[str, Field(pattern=r"^[A-Za-z0-9+/_-]{43}=?$")]
NUL_PROBLEM = "text holding a NUL character (U+0000)"
RemoteCommandName = Literal["sync_now", "send_logs", "out_of_service", "back_in_service", "restart"]


def check_plain_json(value: Any, depth: int = 1) -> None:
    """Raise ValueError for what the platform could not store and export as JSON again:
    Infinity or NaN (Python's parser takes them; the standard has no such numbers),
    objects and arrays nested deeper than MAX_NESTING, or text holding a NUL character
    (PostgreSQL stores no U+0000 in text, so neither engine takes it)."""
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("Infinity and NaN are not JSON numbers")
    if isinstance(value, str) and "\x00" in value:
        raise ValueError(NUL_PROBLEM)
    if isinstance(value, dict | list):
        if depth > MAX_NESTING:
            raise ValueError(f"objects and arrays nested deeper than {MAX_NESTING} levels")
        if isinstance(value, dict) and any("\x00" in str(key) for key in value):
            raise ValueError(NUL_PROBLEM)
        for item in value.values() if isinstance(value, dict) else value:
            check_plain_json(item, depth + 1)


def holds_nul(value: Any) -> bool:
    """True if any text in a JSON value, keys included, holds a NUL character."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(holds_nul(key) or holds_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(holds_nul(item) for item in value)
    return False


class RequestBody(BaseModel):
    """A request body: plain JSON only, checked before its fields are (422 otherwise)."""

    model_config = ConfigDict(allow_inf_nan=False)

    @model_validator(mode="before")
    @classmethod
    def _plain_json(cls, data: Any) -> Any:
        check_plain_json(data)
        return data


class ErrorBody(BaseModel):
    code: str = Field(description="Machine-readable reason, e.g. credential_revoked.")
    message: str = Field(description="Plain English for a technician's log.")


class EnrollmentRequest(RequestBody):
    code: Annotated[str, Field(min_length=1, max_length=64)]
    label: Annotated[str, Field(max_length=200)] = ""
    signing_public_key: SigningPublicKey | None = Field(
        None,
        description=(
            "The terminal's own Ed25519 public key (32 raw bytes, base64), which verifies "
            "the card-read statements its case queries carry. A re-enrollment replaces the "
            "key held for the terminal (none sent: none held, until it registers one)."
        ),
    )


class SigningKeyRequest(RequestBody):
    model_config = ConfigDict(extra="forbid")
    public_key: SigningPublicKey = Field(description="Ed25519, 32 raw bytes, base64.")


class SigningKeyResponse(BaseModel):
    terminal_id: str
    public_key: str


class EnrollmentResponse(BaseModel):
    terminal_id: str
    credential_type: Literal["bearer"]
    token: str = Field(description="Send as 'Authorization: Bearer TOKEN'; shown once.")
    catalogue_public_key: str = Field(description="Ed25519 public key, 32 raw bytes, base64.")
    catalogue_public_key_pem: str
    catalogue_key_id: str
    server_time: str
    signing_key_registered: bool = Field(
        description="True when the request's `signing_public_key` is now this terminal's."
    )


class SubmissionRequest(RequestBody):
    model_config = ConfigDict(extra="forbid")
    kind: Literal["application", "complaint", "rating", "correction"] = Field(
        description=(
            "`correction`: the resident's answer to a case sent back for correction: "
            "`payload` `{case_number, tracking_number, applicant: {id_number, name, proof}, "
            "answers, materials_captured}`, `attachments` the photos; 409 "
            "`correction_not_open` unless the case awaits a correction, 404 "
            "`case_not_found` unless it names the applicant. Reads `recorded`; the case "
            "goes to `review`."
        )
    )
    service_code: Annotated[str, Field(pattern=SERVICE_CODE_PATTERN)] = Field(
        description=(
            "The catalogue item's code: 2-4 capital letters, '-', 4-6 digits (e.g. SB-0006); "
            "`COMPLAINT` for a complaint about no one service."
        )
    )
    tracking_number: TrackingNumber = Field(
        description=(
            "The kiosk's number on the receipt, under the calling terminal's own id: "
            "`<terminal id>-<YYYYMMDD>-<NNNNN>`. A number that does not start with this "
            "terminal's id and '-' is refused with 422 `tracking_number_not_yours`; one "
            "another submission holds, with 409 `tracking_number_taken`."
        )
    )
    test: bool = Field(False, description="Burn-in or demo traffic: stored, never routed.")
    payload: dict[str, Any] = Field(
        description=(
            "The answers; for a rating, `level` 1 (very dissatisfied) to 5. Plain JSON: "
            f"nested at most {MAX_NESTING} levels (the whole body counted), no Infinity or "
            "NaN. An application may carry `delivery` `{method: counter|post, recipient, "
            "phone, address}` (post needs address and phone: 422 `delivery_incomplete`; "
            "otherwise malformed: 422 `delivery_invalid`) and, as one link of a life "
            "event, `chain` `{id, event, position, links, waits_on, inputs: [{field, from, "
            "output}]}` (this terminal's own tracking numbers; malformed or naming "
            "another terminal's: 422 `chain_invalid`): a link whose `waits_on` are not all "
            "`completed` reads `waiting`, and is routed with its inputs filled from their "
            "outputs once they are. A link refused for its `delivery` stops the links "
            "waiting on it as a rejected one does."
        )
    )
    attachments: Annotated[list[Annotated[str, Field(max_length=40)]], Field(max_length=50)] = []
    created_at: Annotated[str | None, Field(max_length=40)] = Field(
        None, description="The kiosk's clock when the resident submitted; informational."
    )
    elicences: Annotated[list[ElicenceReference], Field(max_length=20)] = Field(
        [], description=(
            "Materials the resident authorised the office to take from the e-licence "
            "library instead of a photo: licence type, number, and the material it stands for."
        ),
    )


class FollowUp(BaseModel):
    case_number: str
    reason: str


class SubmissionResponse(BaseModel):
    case_number: str
    tracking_number: str
    idempotency_key: str
    kind: str
    service_code: str
    status: str
    test: bool
    received_at: str
    follow_up_complaint: FollowUp | None = Field(
        None, description="A dissatisfied rating (level 1 or 2) opens a complaint."
    )


class CorrectionItem(BaseModel):
    kind: Literal["answer", "photo"]
    key: str | None = Field(None, description="An answer's field key.")
    label: str | None = Field(None, description="An answer's label.")
    type: Literal["text", "phone", "date", "id_number", "address"] | None = None
    help: str | None = None
    name: str | None = Field(None, description="A photo's name.")
    note: str | None = None


class CorrectionState(BaseModel):
    note: str
    items: list[CorrectionItem]
    requested_at: str
    answered_at: str | None


class ChainState(BaseModel):
    id: str
    event: str
    position: int
    links: list[str]
    waits_on: list[str]


class CaseStatus(BaseModel):
    case_number: str
    tracking_number: str | None
    kind: str
    service_code: str
    status: Literal["received", "routed", "recorded", "rejected", "waiting", "completed",
                    "correction", "review"] = Field(description=(
        "`waiting`: a life-event link waiting for the links before it to be completed; "
        "`completed`: the office finished it; `correction`: sent back, awaiting the "
        "resident's correction; `review`: corrected, back with the office."))
    status_reason: str | None
    routed_to: str | None
    test: bool
    received_at: str
    updated_at: str
    chain: ChainState | None = Field(None, description="The life event it is a link of.")
    correction: CorrectionState | None = Field(
        None, description="The latest correction the office asked for, or null.")


class CardReadProof(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: Literal["card_read"]
    statement: Annotated[str, Field(min_length=1, max_length=2048, pattern=B64Url)] = Field(
        description=(
            "base64url of the exact JSON bytes signed: `{\"v\": 1, \"purpose\": "
            "\"case_query\", \"terminal_id\", \"session_id\", \"id_number\", "
            "\"card_kind\", \"read_at\"}` (`read_at` ISO 8601 with a zone, the platform's "
            "clock). Counts for 5 minutes after `read_at` (and from 1 minute before it)."
        )
    )
    signature: Annotated[str, Field(min_length=1, max_length=128, pattern=B64Url)] = Field(
        description="base64url Ed25519 signature over those bytes, with the terminal's key."
    )


class EidGrantProof(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: Literal["e_id"]
    grant: Annotated[str, Field(min_length=1, max_length=1024)] = Field(
        description="`case_grant` from this terminal's `POST /v1/eid/verify` in this visit."
    )


VisitProof = Annotated[CardReadProof | EidGrantProof, Field(discriminator="kind")]


class CaseSearchRequest(RequestBody):
    model_config = ConfigDict(extra="forbid")
    id_number: Annotated[str, Field(min_length=1, max_length=64)] = Field(
        description=(
            "The resident's ID number, as on the card (spaces and the case of a final X do "
            "not matter). Sent in the body so it never appears in a URL or an access log."
        )
    )
    proof: VisitProof | None = Field(
        None,
        description=(
            "Proof that this resident is at this terminal now, for this same ID number: "
            "without it, 403 `proof_missing`. A typed number is never proof."
        ),
    )


class CaseSearchResponse(BaseModel):
    cases: list[CaseStatus] = Field(
        description=(
            "Newest first, at most 50: every case whose payload names the number at "
            "`applicant.id_number`, `complainant.id_number` or `rater_id_number`, rejected "
            "and test cases included; a complaint opened by a dissatisfied rating comes "
            "just before that rating (kind `complaint`, `tracking_number` null)."
        )
    )
    truncated: bool = Field(description="True if there were more than 50.")


class AttachmentRequest(RequestBody):
    name: Annotated[str, Field(min_length=1, max_length=200)]
    media_type: Annotated[str, Field(min_length=1, max_length=100)]
    size: Annotated[int, Field(ge=1, le=50 * 1024 * 1024)]
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]


class AttachmentState(BaseModel):
    attachment_id: str
    size: int
    offset: int = Field(description="Bytes stored so far: send the rest from here.")
    sha256: str
    complete: bool


class EidVerifyRequest(RequestBody):
    token: Annotated[str, Field(min_length=1, max_length=4096)]


class EidIdentity(BaseModel):
    name: str
    id_number: str
    token_id: str
    expires_at: str
    case_grant: str = Field(
        description=(
            "Proof for this resident's case queries from this terminal (`proof` "
            "`{\"kind\": \"e_id\", \"grant\"}`), for 5 minutes; no other terminal can use it."
        )
    )
    case_grant_expires_at: str


class DeviceHealth(RequestBody):
    model_config = ConfigDict(extra="allow")
    state: Annotated[str, Field(max_length=40)]
    detail: Annotated[str | None, Field(max_length=500)] = None


class QueueHealth(RequestBody):
    depth: Annotated[int, Field(ge=0)]
    oldest_age_seconds: Annotated[float | None, Field(ge=0)] = None
    set_aside: Annotated[int, Field(ge=0)] = Field(
        0,
        description=(
            "Items the terminal set aside because the platform refused them for good (or "
            "their files are damaged there): each is a resident's receipt the platform does "
            "not know, and needs a person."
        ),
    )


class DiskHealth(RequestBody):
    free_bytes: Annotated[int, Field(ge=0)]
    total_bytes: Annotated[int | None, Field(ge=0)] = None


class HeartbeatRequest(RequestBody):
    model_config = ConfigDict(extra="allow")
    devices: Annotated[dict[str, DeviceHealth], Field(max_length=32)] = {}
    queue: QueueHealth
    disk: DiskHealth
    versions: Annotated[dict[str, Annotated[str, Field(max_length=100)]], Field(max_length=32)] = {}
    sent_at: Annotated[str | None, Field(max_length=40)] = Field(
        None, description="The kiosk's clock, kept so drift can be seen."
    )
    acknowledged_commands: Annotated[
        list[Annotated[int, Field(ge=1, le=2**53)]], Field(max_length=200)
    ] = Field(
        [],
        description=(
            "Ids of commands from earlier answers that the kiosk has taken (run, or "
            "recorded to run). Until acknowledged, a command is sent in every answer; "
            "after, never again. Acknowledging twice is harmless."
        ),
    )


class RemoteCommandOut(BaseModel):
    id: int
    command: RemoteCommandName
    queued_at: str


class SoftwareRelease(BaseModel):
    version: str = Field(description="PEP 440 version of the release")
    sha256: str = Field(description="SHA-256 of the release file, hex")
    size: int = Field(description="bytes of the release file")


class HeartbeatResponse(BaseModel):
    terminal_id: str
    server_time: str
    commands: list[RemoteCommandOut] = Field(
        description=(
            "Every command not yet acknowledged, oldest first. The same id comes again "
            "until a heartbeat acknowledges it: run each id once."
        )
    )
    acknowledged_commands: list[int] = Field(
        description=(
            "The ids of this request's `acknowledged_commands` that the platform now holds "
            "as acknowledged (the kiosk can forget them); ids it does not know for this "
            "terminal are left out."
        )
    )
    next_heartbeat_seconds: int


class TimeResponse(BaseModel):
    server_time: str


LicenceType = Literal["household_register", "marriage_certificate", "birth_certificate",
                      "property_certificate", "business_licence", "resident_id_card",
                      "disability_certificate", "employment_certificate", "skill_certificate"]
IdNumber = Annotated[str, Field(min_length=1, max_length=64)]
# A look-up item's fields as the resident answered them, by field key.
Answers = Annotated[
    dict[Annotated[str, Field(max_length=64)], Annotated[str, Field(max_length=200)]],
    Field(max_length=20),
]


class ElicenceReference(RequestBody):
    model_config = ConfigDict(extra="forbid")
    type: LicenceType = Field(description="The licence type, e.g. `household_register`.")
    number: Annotated[str, Field(min_length=1, max_length=64)]
    material: Annotated[str, Field(min_length=1, max_length=200)] = Field(
        description="The material of the item this licence stands for (its name or key).")


class RecordQueryRequest(RequestBody):
    model_config = ConfigDict(extra="forbid")
    service_code: Annotated[str, Field(pattern=SERVICE_CODE_PATTERN)]
    id_number: IdNumber | None = Field(
        None, description="Personal look-ups: the resident's number (ignored for public ones).")
    proof: VisitProof | None = Field(
        None, description="Personal look-ups: proof from this visit, as for case queries.")
    answers: Answers = Field({}, description=(
        "The item's fields as the resident answered them. A public table keeps the rows "
        "holding every answer; a year (e.g. \"2025\") narrows a contribution or payment "
        "history to that year."))
    page: Annotated[int, Field(ge=1, le=10_000)] = 1
    page_size: Annotated[int, Field(ge=1, le=50)] = 12


class LabelValue(BaseModel):
    label: str
    value: str


class RecordAnswer(BaseModel):
    service_code: str
    scope: Literal["personal", "public"]
    kind: str
    title: str
    as_of: str | None = Field(description="When the records were last brought up to date.")
    summary: list[LabelValue]
    columns: list[str]
    rows: list[list[str]] = Field(description="This page's rows, display strings.")
    page: int
    pages: int
    total_rows: int
    proof: Literal["insurance", "contributions", "elicence_copy"] | None = Field(
        description="The A4 proof this item can print (`POST /v1/proofs`), or null.")
    empty_note: str | None = Field(
        description="Set when there is nothing to show: a sentence for the resident.")
    corrections: list[OpenCorrection] | None = Field(None, description=(
        "`case_progress` only: the resident's cases (of the item's `cases_of`) that "
        "await a correction now, with what to correct."))


class OpenCorrection(BaseModel):
    case_number: str
    tracking_number: str
    service_code: str
    service_name: str
    note: str
    items: list[CorrectionItem]
    requested_at: str


class ElicenceSearchRequest(RequestBody):
    model_config = ConfigDict(extra="forbid")
    id_number: IdNumber
    proof: VisitProof | None = None
    types: Annotated[list[LicenceType], Field(max_length=20)] | None = Field(
        None, description="Only these licence types; all the resident holds if omitted.")


class Elicence(BaseModel):
    type: str
    title: str
    number: str
    holder_name: str
    issued_by: str
    issued_at: str


class ElicenceSearchResponse(BaseModel):
    licences: list[Elicence]


class ProofRequest(RequestBody):
    model_config = ConfigDict(extra="forbid")
    service_code: Annotated[str, Field(pattern=SERVICE_CODE_PATTERN)]
    id_number: IdNumber
    proof: VisitProof | None = None
    request_id: Annotated[str, Field(min_length=16, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")] = (
        Field(description=(
            "The kiosk's id for this proof in this visit: the same terminal and id answer "
            "the same proof (same code) again, e.g. for a reprint after a paper jam.")))
    answers: Answers = Field({}, description=(
        "The item's fields as the resident answered them, as in `POST /v1/records/query`: "
        "the proof is of the record the resident was shown (a year narrows a history)."))


class ProofDocument(BaseModel):
    code: str = Field(description="The verification code printed on the paper (100 bits).")
    kind: Literal["insurance", "contributions", "elicence_copy"]
    title: str
    issued_at: str
    holder_name_masked: str
    id_number_masked: str
    as_of: str | None
    summary: list[LabelValue]
    columns: list[str]
    rows: list[list[str]] = Field(description="All rows, newest first, at most 240.")
    verify_url: str


class ProofCheck(BaseModel):
    code: str
    kind: str
    title: str
    issued_at: str
    holder_name_masked: str
    as_of: str | None
    summary: list[LabelValue]


class PaymentRequest(RequestBody):
    model_config = ConfigDict(extra="forbid")
    request_id: Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")] = (
        Field(description=(
            "The kiosk's id for this payment in this visit: the same terminal and id answer "
            "the same order again, however often it is retried.")))
    service_code: Annotated[str, Field(pattern=SERVICE_CODE_PATTERN)]
    tier: Annotated[str | None, Field(max_length=20)] = Field(
        None, description="The contribution tier chosen (a `payment.tiers` value), or null.")
    id_number: IdNumber = Field(description="The payer: the resident this visit proves.")
    proof: VisitProof | None = Field(None, description="Proof from this visit, as for look-ups.")
    for_id_number: IdNumber | None = Field(
        None, description="A family member paid for; null: the payer.")
    test: bool = Field(False, description="Burn-in or demo traffic; never blocks a real payment.")


class PaymentOrderBody(BaseModel):
    order_number: str
    request_id: str
    service_code: str
    tier: str | None
    amount_cents: int
    amount_text: str = Field(description="Yuan with two decimals, e.g. `400.00`.")
    payee: str
    year: int
    beneficiary_masked: str
    qr_text: str = Field(description="What the payment QR code encodes.")
    created_at: str
    deadline: str
    status: Literal["awaiting", "paid", "expired", "refunded", "cancelled"]
    paid_at: str | None
    refunded_at: str | None
    replayed: bool
