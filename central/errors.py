"""Every refusal is JSON: a machine code a kiosk can branch on and a plain message.

Validation errors say where the problem is, never what was sent: request bodies hold
residents' names and ID numbers, and an echo would put them in proxies' and clients' logs.
The code is also sent in the `X-Error-Code` header, since an answer to HEAD has no body.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from central.storage import refusal_reason

log = logging.getLogger("central.errors")


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        headers: dict[str, str] | None = None,
        extra: dict | None = None,
    ):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}
        self.extra = extra or {}


def error_body(code: str, message: str, **extra) -> dict:
    return {"code": code, "message": message, **extra}


ERROR_CODE_HEADER = "X-Error-Code"

_HTTP_CODES = {
    400: "bad_request",
    401: "credential_missing",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
}


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(
            error_body(exc.code, exc.message, **exc.extra),
            exc.status,
            headers={**exc.headers, ERROR_CODE_HEADER: exc.code},
        )

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [
            {"where": ".".join(str(part) for part in err.get("loc", ())), "problem": err["msg"]}
            for err in exc.errors()[:20]
        ]
        return JSONResponse(
            error_body("invalid_request", "The request does not match the API.", problems=problems),
            422,
            headers={ERROR_CODE_HEADER: "invalid_request"},
        )

    @app.exception_handler(DataError)
    async def _unstorable(_request: Request, exc: DataError) -> JSONResponse:
        # A value the API's checks let through but the database refuses (PostgreSQL is
        # stricter than SQLite: lengths, integer ranges). Its reason names no value.
        log.warning("the database refused a value: %s", refusal_reason(exc))
        return JSONResponse(
            error_body("invalid_request", "The request does not match the API.",
                       problems=[{"where": "body", "problem": "a value the database cannot "
                                                             "store"}]),
            422,
            headers={ERROR_CODE_HEADER: "invalid_request"},
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(exc.status_code, "http_error")
        message = exc.detail if isinstance(exc.detail, str) else "Request refused."
        headers = {**(getattr(exc, "headers", None) or {}), ERROR_CODE_HEADER: code}
        return JSONResponse(error_body(code, message), exc.status_code, headers=headers)
