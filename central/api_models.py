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
RemoteCommandName = Literal["sync_now", "send_logs", "out_of_service", "back_in_service", "restart"]


def check_plain_json(value: Any, depth: int = 1) -> None:
    """Raise ValueError for what the platform could not store and export as JSON again:
    Infinity or NaN (Python's parser takes them; the standard has no such numbers), or
    objects and arrays nested deeper than MAX_NESTING."""
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("Infinity and NaN are not JSON numbers")
    if isinstance(value, dict | list):
        if depth > MAX_NESTING:
            raise ValueError(f"objects and arrays nested deeper than {MAX_NESTING} levels")
        for item in value.values() if isinstance(value, dict) else value:
            check_plain_json(item, depth + 1)


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


class EnrollmentResponse(BaseModel):
    terminal_id: str
    credential_type: Literal["bearer"]
    token: str = Field(description="Send as 'Authorization: Bearer TOKEN'; shown once.")
    catalogue_public_key: str = Field(description="Ed25519 public key, 32 raw bytes, base64.")
    catalogue_public_key_pem: str
    catalogue_key_id: str
    server_time: str


class SubmissionRequest(RequestBody):
    model_config = ConfigDict(extra="forbid")
    kind: Literal["application", "complaint", "rating"]
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
            "NaN."
        )
    )
    attachments: Annotated[list[Annotated[str, Field(max_length=40)]], Field(max_length=50)] = []
    created_at: Annotated[str | None, Field(max_length=40)] = Field(
        None, description="The kiosk's clock when the resident submitted; informational."
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


class CaseStatus(BaseModel):
    case_number: str
    tracking_number: str | None
    kind: str
    service_code: str
    status: Literal["received", "routed", "recorded", "rejected"]
    status_reason: str | None
    routed_to: str | None
    test: bool
    received_at: str
    updated_at: str


class CaseSearchRequest(RequestBody):
    model_config = ConfigDict(extra="forbid")
    id_number: Annotated[str, Field(min_length=1, max_length=64)] = Field(
        description=(
            "The resident's ID number, as on the card (spaces and the case of a final X do "
            "not matter). Sent in the body so it never appears in a URL or an access log."
        )
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
