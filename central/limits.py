"""What a request may cost before the platform reads it: the credential first, then the body.

`RequestGate` is the outermost layer of the app (inside it only the server's protocol, see
central/connections.py). For every call that needs a terminal it checks the bearer token
from the headers alone, before one byte of the body is read; a request without a good
credential is answered 401 and its connection closed, so its body is never taken in. It
then caps the body of every endpoint: a `Content-Length` over the cap is refused at once
with 413 `body_too_large`, and a body sent without one (chunked) is counted as the app
reads it and refused as soon as it passes the cap. Refused connections are closed, so a
client cannot make the server read and discard an unbounded body either.

The caps are stated in the OpenAPI document (`document_limits`), one sentence per endpoint.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from fastapi.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from central.api_models import NUL_PROBLEM
from central.attachments import MAX_CHUNK_BYTES
from central.auth import authenticate
from central.errors import ERROR_CODE_HEADER, ApiError, error_body
from central.storage import Database

KIB = 1024
MIB = 1024 * KIB


@dataclass(frozen=True)
class EndpointLimit:
    method: str
    path: str  # as in the OpenAPI document, {name} for a path parameter
    max_body: int

    def matches(self, method: str, path: str) -> bool:
        return method == self.method and _pattern(self.path).fullmatch(path) is not None


# Every body the API takes, with its cap. Anything else (a GET or HEAD with a body, an
# unknown path) may carry at most DEFAULT_MAX_BODY.
ENDPOINT_LIMITS = (
    EndpointLimit("POST", "/v1/enrollments", 4 * KIB),
    EndpointLimit("POST", "/v1/submissions", 1 * MIB),
    EndpointLimit("POST", "/v1/cases/search", 4 * KIB),
    EndpointLimit("POST", "/v1/attachments", 4 * KIB),
    EndpointLimit("PATCH", "/v1/attachments/{attachment_id}", MAX_CHUNK_BYTES),
    EndpointLimit("POST", "/v1/eid/verify", 8 * KIB),
    EndpointLimit("POST", "/v1/records/query", 16 * KIB),
    EndpointLimit("POST", "/v1/elicences/search", 8 * KIB),
    EndpointLimit("POST", "/v1/proofs", 8 * KIB),
    EndpointLimit("POST", "/v1/heartbeats", 64 * KIB),
    EndpointLimit("POST", "/v1/logs", 32 * MIB),
)
DEFAULT_MAX_BODY = 4 * KIB
# Calls anyone may make; every other /v1/ path needs a terminal's credential.
OPEN_PATHS = frozenset({"/v1/enrollments", "/v1/time"})
# Checking a proof's code (GET /v1/proofs/{code}): whoever holds the paper.
OPEN_PATH_PATTERN = re.compile(r"/v1/proofs/[^/]+")


def _pattern(path: str) -> re.Pattern:
    return re.compile(re.sub(r"\\\{[a-z_]+\\\}", "[^/]+", re.escape(path)))


def body_limit(method: str, path: str) -> int:
    for limit in ENDPOINT_LIMITS:
        if limit.matches(method, path):
            return limit.max_body
    return DEFAULT_MAX_BODY


def needs_credential(path: str) -> bool:
    return (path.startswith("/v1/") and path not in OPEN_PATHS
            and OPEN_PATH_PATTERN.fullmatch(path) is None)


class BodyTooLarge(StarletteHTTPException):
    """Raised into the app from `receive` when a body passes its cap while being read."""

    def __init__(self, limit: int):
        super().__init__(413, f"The request body is larger than {limit} bytes.")
        self.limit = limit


def _too_large(limit: int) -> ApiError:
    return ApiError(
        413,
        "body_too_large",
        f"This request's body may be at most {limit} bytes.",
        extra={"max_bytes": limit},
    )


class RequestGate:
    """ASGI middleware: credential from the headers, then the body cap (see module doc)."""

    def __init__(self, app, db: Database):
        self.app = app
        self.db = db

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        path, method = scope["path"], scope["method"]
        if "\x00" in path or b"%00" in scope.get("query_string", b""):
            return await _refuse(send, ApiError(
                422, "invalid_request", "The request does not match the API.",
                extra={"problems": [{"where": "path" if "\x00" in path else "query",
                                     "problem": NUL_PROBLEM}]}))
        headers = dict(scope.get("headers") or [])
        if needs_credential(path):
            authorization = headers.get(b"authorization", b"").decode("latin-1") or None
            try:
                terminal = await run_in_threadpool(self._authenticate, authorization)
            except ApiError as refusal:
                return await _refuse(send, refusal)
            scope.setdefault("state", {})["terminal"] = terminal
        limit = body_limit(method, path)
        declared = _content_length(headers)
        if declared is not None and declared > limit:
            return await _refuse(send, _too_large(limit))

        received = 0
        overflowed = False
        started = False

        async def counted_receive():
            nonlocal received, overflowed
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    overflowed = True
                    raise BodyTooLarge(limit)
            return message

        async def guarded_send(message):
            nonlocal started
            if overflowed:
                # Whatever the app answers to a body that passed its cap, the answer is 413.
                if message["type"] == "http.response.start" and not started:
                    started = True
                    await _refuse(send, _too_large(limit))
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        await self.app(scope, counted_receive, guarded_send)

    def _authenticate(self, authorization: str | None):
        with self.db.read() as session:
            terminal = authenticate(session, authorization)
            session.expunge(terminal)
            return terminal


def _content_length(headers: dict[bytes, bytes]) -> int | None:
    value = headers.get(b"content-length")
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        return None  # the server's parser refuses a malformed length before we get here


async def _refuse(send, refusal: ApiError) -> None:
    """The JSON error, and `Connection: close` so the unread body is never taken in."""
    body = json.dumps(error_body(refusal.code, refusal.message, **refusal.extra)).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"),
        (ERROR_CODE_HEADER.lower().encode(), refusal.code.encode()),
    ] + [(name.lower().encode(), value.encode()) for name, value in refusal.headers.items()]
    await send({"type": "http.response.start", "status": refusal.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def document_limits(schema: dict) -> dict:
    """Write each endpoint's body cap into its description and its 413 answer."""
    too_large = {
        "description": (
            "`body_too_large`: the body is over this endpoint's cap (`max_bytes` in the "
            "body). Refused before the body is read when `Content-Length` says so."
        ),
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}},
    }
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            method, example = method.upper(), _example_path(path)
            if method in ("GET", "HEAD"):
                continue  # no body expected; one would be held to DEFAULT_MAX_BODY
            limit = body_limit(method, example)
            sentence = (
                f"Request body: at most {_size_text(limit)} ({limit} bytes); a larger one "
                "gets 413 `body_too_large`."
            )
            if needs_credential(path):
                sentence += " The credential is checked before any of the body is read."
            described = operation.get("description", "")
            operation["description"] = (described + "\n\n" + sentence).strip()
            operation["x-max-body-bytes"] = limit
            operation.setdefault("responses", {}).setdefault("413", too_large)
    return schema


def _example_path(path: str) -> str:
    return re.sub(r"\{[a-z_]+\}", "x", path)


def _size_text(size: int) -> str:
    if size % MIB == 0:
        return f"{size // MIB} MiB"
    return f"{size // KIB} KiB"
