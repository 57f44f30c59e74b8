"""The platform's HTTP+JSON API (FastAPI), as documented in central/openapi.json.

Every response carries the server's clock twice: the standard `Date` header (seconds)
and `X-Server-Time` (ISO 8601 UTC with milliseconds), so a kiosk keeps its watermarks
in the platform's time, never its own.
"""


import base64
import gzip
import json
import logging
import threading
from collections import OrderedDict
from typing import Annotated

from fastapi import Depends, FastAPI, Header, Query, Request, Response
from fastapi import Path as PathParam
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, JSONResponse
from fastapi.security import HTTPBearer
from sqlalchemy import select

from central import (
    attachments,
    catalogue,
    eid,
    first_start,
    log_bundles,
    payments,
    proofs,
    records,
    submissions,
    terminals,
    visit_proof,
)
from central.api_models import (
    AttachmentRequest,
    AttachmentState,
    CaseSearchRequest,
    CaseSearchResponse,
    CaseStatus,
    EidIdentity,
    EidVerifyRequest,
    ElicenceSearchRequest,
    ElicenceSearchResponse,
    EnrollmentRequest,
    EnrollmentResponse,
    ErrorBody,
    HeartbeatRequest,
    HeartbeatResponse,
    PaymentOrderBody,
    PaymentRequest,
    ProofCheck,
    ProofDocument,
    ProofRequest,
    RecordAnswer,
    RecordQueryRequest,
    SigningKeyRequest,
    SigningKeyResponse,
    SoftwareRelease,
    SubmissionRequest,
    SubmissionResponse,
    TimeResponse,
)
from central.attachments import UploadQuota
from central.auth import authenticate, enroll, register_signing_key
from central.connections import ConnectionLimits
from central.errors import ApiError, install_error_handlers
from central.keys import PlatformKeys
from central.limits import RequestGate, document_limits
from central.ratelimit import FailureLimiter
from central.software import ReleaseShelf
from central.storage import (
    CatalogueState,
    Database,
    LookupAnswer,
    RecordElicence,
    Terminal,
    iso,
    utc_now,
)

log = logging.getLogger("central.app")

API_VERSION = "1.0.0"
# Refusals of an enrollment that count as a failed guess.
_ENROLLMENT_FAILURES = {
    "enrollment_code_invalid",
    "enrollment_code_used",
    "enrollment_code_expired",
}
SERVER_TIME_HEADER = "X-Server-Time"
_bearer = HTTPBearer(auto_error=False, description="The token from enrollment.")

_AUTH_ERRORS = {401: {"model": ErrorBody, "description": "Missing, unknown or revoked credential."}}


def _errors(*statuses: int) -> dict:
    return {status: {"model": ErrorBody} for status in statuses} | _AUTH_ERRORS


# What every case query may answer besides its result (see central/visit_proof).
_CASE_QUERY_ERRORS = {
    403: {
        "model": ErrorBody,
        "description": (
            "No proof from this visit, or one that does not hold: `proof_missing`, "
            "`proof_invalid`, `proof_signature_invalid` (not signed with this terminal's "
            "key), `proof_not_this_terminal`, `proof_stale` (a card read more than 5 "
            "minutes ago, an expired e-ID grant), `proof_mismatch` (another resident), "
            "`signing_key_missing`."
        ),
    },
    429: {
        "model": ErrorBody,
        "description": (
            f"`too_many_case_queries`: more than {visit_proof.QUERY_LIMIT} case queries "
            f"from this terminal within {visit_proof.QUERY_WINDOW_SECONDS:.0f} s (refused "
            "ones count); try again after `Retry-After` seconds."
        ),
    },
}


class ServerTimeMiddleware:
    """Adds X-Server-Time to every response, errors and 304s included."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_time(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((SERVER_TIME_HEADER.lower().encode(), iso(utc_now()).encode()))
                message = {**message, "headers": headers}
            await send(message)

        return await self.app(scope, receive, send_with_time)


class DocumentCache:
    """Signed catalogue documents by (revision, since): the same bytes for every kiosk."""

    def __init__(self, size: int = 32):
        self._entries: OrderedDict = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
            return None

    def put(self, key, value) -> None:
        with self._lock:
            self._entries[key] = value
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)


def create_app(
    db: Database,
    keys: PlatformKeys | None = None,
    *,
    enrollment_limiter: FailureLimiter | None = None,
    case_query_limiter: visit_proof.QueryLimiter | None = None,
    upload_quota: UploadQuota | None = None,
    proof_check_limiter: FailureLimiter | None = None,
    payment_settings: payments.PaymentSettings | None = None,
    releases: ReleaseShelf | None = None,
) -> FastAPI:
    payment_settings = payment_settings or payments.PaymentSettings()
    releases = releases or ReleaseShelf(None)
    keys = keys or first_start.prepare(db)
    proof_checks = proof_check_limiter or FailureLimiter(proofs.CHECK_LIMIT,
                                                         proofs.CHECK_WINDOW_SECONDS)
    case_access = visit_proof.CaseAccess(db, keys, case_query_limiter)
    limiter = enrollment_limiter or FailureLimiter()
    quota = upload_quota or UploadQuota()
    connection_defaults = ConnectionLimits()
    documents = DocumentCache()
    app = FastAPI(
        title="Central government-service platform (reference)",
        version=API_VERSION,
        description=(
            "The platform a self-service kiosk syncs with. Every call except enrollment, "
            "time and this document needs `Authorization: Bearer TOKEN`. Errors are JSON "
            "`{code, message}`. Every response carries `Date` and `X-Server-Time` "
            "(ISO 8601 UTC, milliseconds): use these, not the kiosk's clock, for watermarks. "
            "Text holding a NUL character (U+0000), in a body, a path or a query, is "
            "refused with 422 `invalid_request`: the platform stores none.\n\n"
            "Limits. The credential is checked from the headers before any body is read "
            "(401, and the connection is closed). Each endpoint caps its body (stated "
            "there; 413 `body_too_large`, at once when `Content-Length` is over the cap). "
            "The server closes, without an answer, a connection whose request line and "
            "headers are not complete within "
            f"{connection_defaults.head_timeout:g} s of its opening or of the previous "
            f"answer, and one whose body stalls {connection_defaults.body_timeout:g} s "
            f"without a byte; it keeps at most {connection_defaults.max_total} connections "
            "open (fewer if its open-file limit is lower) and "
            f"{connection_defaults.max_per_address} from one client address (the server's "
            "defaults; an operator may change them)."
        ),
        docs_url=None,
        redoc_url=None,
    )
    # Added first, so it runs inside ServerTimeMiddleware: its refusals carry the time too.
    app.add_middleware(RequestGate, db=db)
    app.add_middleware(ServerTimeMiddleware)
    install_error_handlers(app)
    generate_openapi = app.openapi

    def openapi_with_limits() -> dict:
        if app.openapi_schema is None:
            document_limits(generate_openapi())
        return app.openapi_schema

    app.openapi = openapi_with_limits

    async def current_terminal(
        request: Request, _credentials: Annotated[object, Depends(_bearer)] = None
    ) -> Terminal:
        # Async: the terminal RequestGate checked from the headers is taken without a hop
        # to the thread pool (a sync dependency costs one on every request).
        checked = getattr(request.state, "terminal", None)
        if checked is not None:
            return checked
        return await run_in_threadpool(_authenticate, request.headers.get("authorization"))

    def _authenticate(authorization: str | None) -> Terminal:
        with db.session() as session:
            return authenticate(session, authorization)

    TerminalDep = Annotated[Terminal, Depends(current_terminal)]

    @app.get("/v1/time", response_model=TimeResponse, tags=["time"])
    def server_time() -> dict:
        """The server's clock, for a kiosk that has nothing else to ask."""
        return {"server_time": iso(utc_now())}

    @app.post(
        "/v1/enrollments", status_code=201, response_model=EnrollmentResponse, tags=["enrollment"],
        responses={
            403: {"model": ErrorBody},
            409: {"model": ErrorBody},
            429: {
                "model": ErrorBody,
                "description": (
                    "`too_many_attempts`: too many failed codes from this address; try again "
                    "after `Retry-After` seconds (also `retry_after_seconds` in the body)."
                ),
            },
        },
    )
    def enroll_terminal(request: EnrollmentRequest, http_request: Request) -> dict:
        """Spend a one-time code; returns the terminal id, its bearer token (shown once)
        and the public key that verifies catalogue signatures. Failed attempts (unknown,
        used or expired code) are limited per client address: by default the 11th within
        10 minutes, and any attempt after it until the window has passed, gets 429."""
        address = http_request.client.host if http_request.client else "unknown"
        wait = limiter.retry_after(address)
        if wait is not None:
            raise ApiError(
                429,
                "too_many_attempts",
                "Too many failed enrollment attempts from this address; wait and try again.",
                headers={"Retry-After": str(wait)},
                extra={"retry_after_seconds": wait},
            )
        try:
            with db.session() as session:
                terminal, token = enroll(session, request.code, request.label,
                                         request.signing_public_key)
        except ApiError as exc:
            if exc.code in _ENROLLMENT_FAILURES and limiter.failed(address):
                log.warning(
                    "enrollment from %s blocked: %d failed attempts within %.0f s",
                    address, limiter.limit, limiter.window,
                )
            raise
        return {
            "terminal_id": terminal.id,
            "credential_type": "bearer",
            "token": token,
            "catalogue_public_key": _b64(keys.catalogue_public_key_raw()),
            "catalogue_public_key_pem": keys.catalogue_public_key_pem(),
            "catalogue_key_id": keys.catalogue_key_id(),
            "server_time": iso(utc_now()),
            "signing_key_registered": terminal.signing_public_key is not None,
        }

    @app.get(
        "/v1/catalogue", tags=["catalogue"],
        responses={
            200: {
                "description": (
                    "The catalogue document (JSON). `Catalogue-Signature` is a base64 Ed25519 "
                    "signature over the exact body bytes (after removing any gzip "
                    "Content-Encoding). `catalogue_revision` only ever increases."
                ),
                "content": {"application/json": {}},
            },
            304: {"description": "Unchanged since the ETag sent in If-None-Match."},
            410: {"model": ErrorBody, "description": "Cursor rejected: download in full."},
        } | _AUTH_ERRORS,
    )
    def get_catalogue(
        request: Request,
        terminal: TerminalDep,
        cursor: Annotated[
            str | None,
            Query(max_length=200, description="From the last document; omit for everything."),
        ] = None,
        item_schema: Annotated[
            int,
            Query(ge=1, le=catalogue.ITEM_SCHEMAS[-1], description=(
                "The newest item schema the terminal reads (default 2). Newer items go "
                "out in that version, without the keys added since.")),
        ] = catalogue.DEFAULT_ITEM_SCHEMA,
    ) -> Response:
        """Full catalogue, or with `cursor` the changes since then (items and tombstones).
        A terminal that starts reading a newer `item_schema` downloads in full once."""
        if_none_match = request.headers.get("if-none-match")
        if if_none_match:
            # Most polls: the terminal has this revision. One read, no transaction.
            with db.read() as session:
                revision = session.scalar(select(CatalogueState.revision)
                                          .where(CatalogueState.id == 1))
            _, headers = _catalogue_headers(keys, revision, cursor, item_schema)
            if _etag_matches(if_none_match, headers["ETag"]):
                return Response(status_code=304, headers=headers)
        with db.session() as session:
            state = catalogue.current_revision(session)
            since, headers = _catalogue_headers(keys, state.revision, cursor, item_schema)
            if _etag_matches(if_none_match, headers["ETag"]):
                return Response(status_code=304, headers=headers)
            key = (state.revision, since, item_schema)
            cached = documents.get(key)
            if cached is None:
                document = catalogue.build_document(session, keys, state.revision, since,
                                                    item_schema)
                cached = (document, gzip.compress(document.body, mtime=0))
                documents.put(key, cached)
        document, compressed = cached
        headers |= {
            "Catalogue-Signature": document.signature,
            "Catalogue-Signature-Algorithm": "ed25519",
            "Catalogue-Key-Id": keys.catalogue_key_id(),
        }
        if _accepts_gzip(request.headers.get("accept-encoding", "")):
            headers["Content-Encoding"] = "gzip"
            return Response(compressed, media_type="application/json", headers=headers)
        return Response(document.body, media_type="application/json", headers=headers)

    @app.post(
        "/v1/submissions", status_code=201, response_model=SubmissionResponse,
        tags=["submissions"], responses=_errors(400, 409, 422),
    )
    def post_submission(
        request: SubmissionRequest,
        terminal: TerminalDep,
        idempotency_key: Annotated[
            str | None,
            Header(description="The kiosk's client id for this submission.", max_length=200),
        ] = None,
    ) -> Response:
        """File an application, complaint or rating. A retry with the same Idempotency-Key
        and body replays the first answer (header `Idempotent-Replayed: true`); the same key
        with a different body is refused with 422 `idempotency_key_reused`. A terminal files
        only tracking numbers under its own id (422 `tracking_number_not_yours`); a number
        another submission holds is refused with 409 `tracking_number_taken`. A body that
        is not plain JSON (Infinity, NaN, nested deeper than 32 levels) or a service code
        outside the catalogue's format gets 422 `invalid_request`."""
        key = submissions.check_idempotency_key(idempotency_key)
        result = submissions.submit(db, terminal, key, request)
        headers = {"Idempotent-Replayed": "true" if result.replayed else "false"}
        return Response(result.body, 201, media_type="application/json", headers=headers)

    @app.post(
        "/v1/terminal/signing-key", response_model=SigningKeyResponse, tags=["enrollment"],
        responses={201: {"model": SigningKeyResponse, "description": "Registered now."}}
        | _errors(409, 422),
    )
    def post_signing_key(request: SigningKeyRequest, terminal: TerminalDep) -> JSONResponse:
        """For a terminal enrolled before terminals had signing keys: register its Ed25519
        public key, once (201; the same key again: 200). Another key while one is held:
        409 `signing_key_registered` (a new key comes only with a new enrollment)."""
        with db.session() as session:
            registered = register_signing_key(session, terminal.id, request.public_key)
            key = session.get(Terminal, terminal.id).signing_public_key
        if registered:
            log.info("terminal %s registered its signing key", terminal.id)
        return JSONResponse({"terminal_id": terminal.id, "public_key": key},
                            201 if registered else 200)

    @app.post(
        "/v1/cases/search", response_model=CaseSearchResponse, tags=["submissions"],
        responses=_errors(422) | _CASE_QUERY_ERRORS,
    )
    def search_cases(request: CaseSearchRequest, terminal: TerminalDep) -> JSONResponse:
        """The cases filed by the identity with this ID number, newest first (at most 50),
        in the shape of `GET /v1/cases/{number}`, for a resident this visit proves
        (`proof`: a card read signed by this terminal, or an e-ID grant; see the 403s).
        POST, so the number travels in the body and is never in a URL or an access log;
        the platform never logs it. Rate-limited per terminal and audited."""

        def look_up(session, _proven):
            found = submissions.search_cases(session, request.id_number)
            return found, len(found["cases"])

        found = case_access.answer(terminal, "search", look_up, proof=request.proof,
                                   id_number=request.id_number)
        log.info("case search from %s: %d case(s)", terminal.id, len(found["cases"]))
        return JSONResponse(found, headers={"Cache-Control": "no-store"})

    @app.get(
        "/v1/cases/{number}", response_model=CaseStatus, tags=["submissions"],
        responses=_errors(404) | _CASE_QUERY_ERRORS,
    )
    def get_case(
        number: Annotated[str, _path_param()],
        terminal: TerminalDep,
        visit_proof_header: Annotated[
            str | None,
            Header(
                alias=visit_proof.PROOF_HEADER, max_length=4096,
                description=(
                    "base64url of the proof object's JSON, as `proof` in "
                    "`POST /v1/cases/search` (a signed card read or an e-ID grant)."
                ),
            ),
        ] = None,
    ) -> JSONResponse:
        """Status by the platform's case number or the kiosk's tracking number, for a case
        that names the resident this visit proves (`Visit-Proof`); any other case, like
        one that does not exist, is 404 `case_not_found`. Rate-limited and audited."""
        def look_up(session, proven):
            found = submissions.find_case(session, number, proven.id_digest)
            if found is None:
                raise ApiError(404, "case_not_found", "No case with this number.")
            return found, 1

        found = case_access.answer(terminal, "case", look_up, proof_header=visit_proof_header)
        return JSONResponse(found, headers={"Cache-Control": "no-store"})

    @app.post(
        "/v1/records/query", response_model=RecordAnswer, tags=["records"],
        responses=_errors(404, 422) | _CASE_QUERY_ERRORS,
    )
    def query_records(request: RecordQueryRequest, terminal: TerminalDep) -> JSONResponse:
        """A look-up item's answer (我要查), in one shape for every kind of record, paged.
        Public items (school districts, pharmacies...) need no identity: `id_number` and
        `proof` are ignored. Personal ones need both, as `POST /v1/cases/search` does
        (the 403s; rate-limited with case queries and audited as query `records`). A
        resident the platform holds nothing for gets 200 with no rows and `empty_note`.
        404 `record_not_found`: no look-up item with this code. A `case_progress` item
        lists the proven resident's applications to the items it names."""
        with db.session() as session:
            spec = records.spec_for(session, request.service_code)
            if spec.scope == "public":
                answer = records.answer_for(session, spec, None, request.answers)
                session.add(_lookup_row(terminal, spec))
                page = records.page_of(spec, answer, request.page, request.page_size)
                return JSONResponse(page, headers={"Cache-Control": "no-store"})

        def look_up(session, proven):
            if request.id_number is None:
                raise ApiError(422, "id_number_missing",
                               "A personal look-up needs the resident's id_number.")
            answer = records.answer_for(session, spec, proven.id_digest, request.answers)
            session.add(_lookup_row(terminal, spec))
            page = records.page_of(spec, answer, request.page, request.page_size)
            return page, len(page["rows"])

        page = case_access.answer(terminal, "records", look_up, proof=request.proof,
                                  id_number=request.id_number)
        log.info("records %s for %s: %d row(s)", spec.service_code, terminal.id,
                 page["total_rows"])
        return JSONResponse(page, headers={"Cache-Control": "no-store"})

    @app.post(
        "/v1/payments", status_code=201, response_model=PaymentOrderBody, tags=["payments"],
        responses={200: {"model": PaymentOrderBody, "description": "The same order again."}}
        | _errors(409, 422) | _CASE_QUERY_ERRORS,
    )
    def create_payment(request: PaymentRequest, terminal: TerminalDep) -> JSONResponse:
        """Create the order of a fee paid by QR (a `pay` item) for the resident this visit
        proves, or for a family member (`for_id_number`). The amount comes from the
        platform, never the terminal. The same terminal and `request_id` answer the same
        order again (200, `replayed` true; no proof needed for that), however often
        retried; the same `request_id` with another item, tier or resident: 422
        `request_id_reused`. 422 `not_payable` (not a `pay` item), `tier_unknown` (a tier
        the item does not offer, or none where it has tiers); 409 `already_paid` (the
        beneficiary's contribution of that kind and year is paid; `order_number` names
        the order). Proof, rate limit and audit (query `payment`) as for case queries.
        The order awaits payment until `deadline`; then it reads `expired`."""
        found, created = payments.create(db, case_access, terminal, request, payment_settings)
        return JSONResponse(found, 201 if created else 200, headers={"Cache-Control": "no-store"})

    @app.get(
        "/v1/payments/{order_number}", response_model=PaymentOrderBody, tags=["payments"],
        responses=_errors(404),
    )
    def get_payment(order_number: Annotated[str, _path_param()],
                    terminal: TerminalDep) -> JSONResponse:
        """The order as it stands now (poll it while the QR is shown), for the terminal
        that created it; any other answers 404 `order_not_found`. An awaiting order past
        its deadline reads `expired`; a payment reported after that is refunded
        (`refunded`, with `paid_at` and `refunded_at`)."""
        found = payments.read(db, terminal, order_number)
        return JSONResponse(found, headers={"Cache-Control": "no-store"})

    @app.post(
        "/v1/elicences/search", response_model=ElicenceSearchResponse, tags=["records"],
        responses=_errors(422) | _CASE_QUERY_ERRORS,
    )
    def search_elicences(request: ElicenceSearchRequest, terminal: TerminalDep) -> JSONResponse:
        """The licences the government issued to the resident this visit proves, as the
        e-licence library holds them (only `types` if given), so an application can name
        one instead of a photo. Proof, rate limit and audit (query `elicences`) as for
        case queries."""

        def look_up(session, proven):
            query = select(RecordElicence).where(RecordElicence.id_digest == proven.id_digest)
            if request.types is not None:
                query = query.where(RecordElicence.licence_type.in_(request.types))
            found = [
                {"type": e.licence_type,
                 "title": records.LICENCE_TITLES.get(e.licence_type, e.licence_type),
                 "number": e.number, "holder_name": e.holder_name, "issued_by": e.issued_by,
                 "issued_at": e.issued_at}
                for e in session.scalars(query.order_by(RecordElicence.id))
            ]
            return {"licences": found}, len(found)

        found = case_access.answer(terminal, "elicences", look_up, proof=request.proof,
                                   id_number=request.id_number)
        return JSONResponse(found, headers={"Cache-Control": "no-store"})

    @app.post(
        "/v1/proofs", status_code=201, response_model=ProofDocument, tags=["records"],
        responses={200: {"model": ProofDocument, "description": "The same proof again."}}
        | _errors(404, 409, 422) | _CASE_QUERY_ERRORS,
    )
    def issue_proof(request: ProofRequest, terminal: TerminalDep,
                    http_request: Request) -> JSONResponse:
        """Issue an A4 proof (参保证明, 缴费记录, 电子证照打印件) of the proven resident's
        record, with a verification code anyone can check at `GET /v1/proofs/{code}`. The
        same terminal and `request_id` answer the same proof again (200, same code); the
        same `request_id` for another item or resident: 422 `request_id_reused`. 404
        `record_not_found` (no such look-up), `proof_not_available` (the item prints no
        proof), `record_empty` (nothing to prove). Proof, rate limit and audit (query
        `proof`) as for case queries."""

        def look_up(session, proven):
            spec = records.spec_for(session, request.service_code)
            document, new = proofs.issue(
                session, terminal_id=terminal.id, request_id=request.request_id, spec=spec,
                id_number=request.id_number, id_digest=proven.id_digest,
                verify_base=str(http_request.base_url), answers=request.answers)
            return (document, new), len(document["rows"])

        document, new = case_access.answer(terminal, "proof", look_up, proof=request.proof,
                                           id_number=request.id_number)
        if new:
            log.info("proof %s issued for %s to %s", document["kind"], request.service_code,
                     terminal.id)
        return JSONResponse(document, 201 if new else 200, headers={"Cache-Control": "no-store"})

    @app.get(
        "/v1/proofs/{code}", response_model=ProofCheck, tags=["records"],
        responses={
            404: {"model": ErrorBody, "description": "`proof_not_found`."},
            429: {"model": ErrorBody, "description": (
                f"`too_many_proof_checks`: more than {proofs.CHECK_LIMIT} checks from this "
                f"address within {proofs.CHECK_WINDOW_SECONDS:.0f} s (by default); try "
                "again after `Retry-After` seconds.")},
        },
        openapi_extra={"security": []},
    )
    def check_proof(code: Annotated[str, PathParam(min_length=1, max_length=40)],
                    http_request: Request) -> JSONResponse:
        """Check a proof's verification code, as printed (case, hyphens and O/0 do not
        matter): the kind, issue time, masked name and key figures, to compare with the
        paper. No credential; every check counts against the client address's limit, and
        each answered one is counted for the report."""
        address = http_request.client.host if http_request.client else "unknown"
        wait = proof_checks.retry_after(address)
        if wait is not None:
            raise ApiError(429, "too_many_proof_checks",
                           "Too many proof checks from this address; wait and try again.",
                           headers={"Retry-After": str(wait)},
                           extra={"retry_after_seconds": wait})
        proof_checks.failed(address)  # every check counts
        with db.session() as session:
            found = proofs.check(session, code)
        if found is None:
            raise ApiError(404, "proof_not_found", "No proof with this code.")
        return JSONResponse(found, headers={"Cache-Control": "no-store"})

    @app.post(
        "/v1/attachments", status_code=201, response_model=AttachmentState, tags=["attachments"],
        responses={
            429: {
                "model": ErrorBody,
                "description": (
                    "`pending_uploads_too_large` (with `max_pending_bytes`): this one file "
                    "is larger than a terminal's unfinished uploads may be in all."
                ),
            },
        } | _AUTH_ERRORS,
        description=(
            "Announce a file by size and SHA-256; then PATCH its bytes. Per terminal, by "
            f"default at most {attachments.DEFAULT_MAX_PENDING_UPLOADS} uploads may be "
            "unfinished at once, announcing at most "
            f"{attachments.DEFAULT_MAX_PENDING_BYTES // (1024 * 1024)} MiB between them (an "
            "operator may change both). An announcement past either replaces the "
            "terminal's least recently touched unfinished uploads, which then answer 404 "
            "`upload_expired` (announce again), as after the collector."
        ),
    )
    def create_attachment(request: AttachmentRequest, terminal: TerminalDep) -> JSONResponse:
        with db.session() as session:
            attachment = attachments.create(session, terminal.id, request, quota)
            body = attachments.state(attachment)
        return JSONResponse(
            body, 201,
            headers={"Location": f"/v1/attachments/{body['attachment_id']}", "Upload-Offset": "0"},
        )

    @app.head("/v1/attachments/{attachment_id}", tags=["attachments"], responses=_errors(404))
    def head_attachment(
        attachment_id: Annotated[str, _path_param()], terminal: TerminalDep
    ) -> Response:
        """`Upload-Offset`: bytes stored; `Upload-Length`: the declared size. A 404 has no
        body here; its code is in `X-Error-Code` (`upload_expired`: the platform removed
        this abandoned upload, announce the file again; `attachment_not_found`)."""
        with db.session() as session:
            body = attachments.state(attachments.get_owned(session, terminal.id, attachment_id))
        return Response(status_code=200, headers=_upload_headers(body))

    @app.get(
        "/v1/attachments/{attachment_id}", response_model=AttachmentState, tags=["attachments"],
        responses=_errors(404),
    )
    def get_attachment(
        attachment_id: Annotated[str, _path_param()], terminal: TerminalDep
    ) -> JSONResponse:
        """The upload's state, as HEAD reports it; 404 `upload_expired` once removed."""
        with db.session() as session:
            body = attachments.state(attachments.get_owned(session, terminal.id, attachment_id))
        return JSONResponse(body, headers=_upload_headers(body))

    @app.patch(
        "/v1/attachments/{attachment_id}", response_model=AttachmentState, tags=["attachments"],
        responses=_errors(404, 409, 413, 422),
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
                },
            }
        },
    )
    async def patch_attachment(
        attachment_id: Annotated[str, _path_param()],
        request: Request,
        terminal: TerminalDep,
        upload_offset: Annotated[
            int, Header(ge=0, le=2**53, description="Where these bytes start in the file.")
        ],
    ) -> JSONResponse:
        """Append bytes at `Upload-Offset` (which must equal the stored length). When the
        last byte arrives the SHA-256 is checked; on a mismatch the bytes are discarded
        (422 `checksum_mismatch`) and the upload starts again from 0. An upload left
        untouched past the platform's expiry (48 h by default), or complete but named by
        no submission for as long, is removed: 404 `upload_expired`, announce it again.
        The bytes are stored as they arrive: if the connection drops, HEAD says how many
        were kept."""
        # Offset, ownership and the declared size are checked before any byte is read.
        body = await run_in_threadpool(
            attachments.append, db, terminal.id, attachment_id, upload_offset, b""
        )
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and upload_offset + int(declared) > body["size"]:
            raise ApiError(413, "upload_too_long", "These bytes go past the declared size.",
                           extra={"offset": body["offset"]})
        offset, pending = upload_offset, bytearray()
        async for piece in request.stream():
            pending += piece
            if len(pending) >= attachments.STORE_PIECE_BYTES:
                body = await run_in_threadpool(
                    attachments.append, db, terminal.id, attachment_id, offset, bytes(pending)
                )
                offset, pending = offset + len(pending), bytearray()
        if pending or offset == upload_offset:
            body = await run_in_threadpool(
                attachments.append, db, terminal.id, attachment_id, offset, bytes(pending)
            )
        return JSONResponse(body, headers=_upload_headers(body))

    @app.post(
        "/v1/eid/verify", response_model=EidIdentity, tags=["identity"],
        responses=_errors(409, 422),
    )
    def verify_eid(request: EidVerifyRequest, terminal: TerminalDep) -> dict:
        """Verify an e-ID QR token the platform issued; each token works once."""
        return eid.verify(db, keys, request.token, terminal.id)

    @app.post(
        "/v1/logs", status_code=201, tags=["terminals"], responses=_errors(413, 422),
        openapi_extra={"requestBody": {"required": True, "content": {
            "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}},
    )
    async def post_logs(request: Request, terminal: TerminalDep) -> dict:
        """The terminal's log bundle (a gzip'd tar: its log files, journal, device states
        and configuration without secrets; no personal data), sent when an operator asked
        with `send_logs`. The newest 3 are kept per terminal."""
        data = await request.body()
        return await run_in_threadpool(log_bundles.store, db, terminal.id, data)

    @app.get(
        "/v1/software", response_model=SoftwareRelease, tags=["terminals"],
        responses=_errors(404),
    )
    def newest_software(terminal: TerminalDep) -> dict:
        """The newest release of the terminal's software the platform offers (404
        `no_release`: none). The terminal downloads it and installs it only if its own
        release key signed it."""
        newest = releases.newest()
        if newest is None:
            raise ApiError(404, "no_release", "the platform offers no release")
        return newest.as_dict()

    @app.get(
        "/v1/software/{version}", tags=["terminals"], response_class=FileResponse,
        responses=_errors(404) | {200: {"content": {"application/x-tar": {}}}},
    )
    def software_release(version: Annotated[str, _path_param()],
                         terminal: TerminalDep) -> FileResponse:
        """One release file, as the operator put it on the platform."""
        offered = releases.find(version)
        if offered is None:
            raise ApiError(404, "no_release", f"no release {version} on the platform")
        return FileResponse(offered.path, media_type="application/x-tar",
                            filename=f"one-terminal-kiosk-{offered.version}.release")

    @app.post(
        "/v1/heartbeats", response_model=HeartbeatResponse, tags=["terminals"],
        responses=_AUTH_ERRORS,
    )
    def post_heartbeat(request: HeartbeatRequest, terminal: TerminalDep) -> dict:
        """Store the terminal's health and take its acknowledgements; the answer carries every
        remote command queued for it that is not acknowledged yet."""
        health = json.loads(request.model_dump_json(exclude={"acknowledged_commands"}))
        return terminals.record_heartbeat(
            db, terminal.id, health, request.acknowledged_commands
        )

    return app


def _catalogue_headers(keys: PlatformKeys, revision: int, cursor: str | None,
                       item_schema: int) -> tuple[int | None, dict]:
    """The revision the cursor stands for (None: the whole catalogue), and the headers of
    a catalogue answer at `revision`, its ETag among them (410 if the cursor is not one
    this platform made for a revision up to this one)."""
    since = None if cursor is None else catalogue.read_cursor(keys, cursor, revision)
    return since, {
        "ETag": catalogue.catalogue_etag(revision, since, item_schema),
        "Cache-Control": "no-cache",
        "Vary": "Accept-Encoding",
        "X-Catalogue-Revision": str(revision),
    }


def _lookup_row(terminal: Terminal, spec: records.RecordSpec) -> LookupAnswer:
    return LookupAnswer(terminal_id=terminal.id, service_code=spec.service_code,
                        scope=spec.scope, answered_at=utc_now())


def _path_param():
    return PathParam(min_length=1, max_length=64)


def _upload_headers(state: dict) -> dict:
    return {"Upload-Offset": str(state["offset"]), "Upload-Length": str(state["size"])}


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _etag_matches(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match:
        return False
    if if_none_match.strip() == "*":
        return True
    # Weak comparison (RFC 9110 13.1.2): W/ prefixes do not matter for If-None-Match.
    wanted = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == wanted for tag in if_none_match.split(","))


def _accepts_gzip(accept_encoding: str) -> bool:
    for part in accept_encoding.split(","):
        coding, _, params = part.strip().partition(";")
        if coding.strip().lower() in ("gzip", "*"):
            q = params.strip().removeprefix("q=") if params.strip().startswith("q=") else "1"
            try:
                return float(q) > 0
            except ValueError:
                return False
    return False
