"""HTTP calls to the central platform, each checked before it counts.

Every call has a connect and a read timeout. An answer counts only with the expected
status and a JSON body of the expected shape: a hotel's login page answering 200 with
HTML is "something else answered", never success. Failures become `PlatformError` with
a `kind` the sync engine acts on and a plain English message for the technician (never
a body, which could echo personal data).

Every answer is read as a stream and counted after undoing any gzip: an answer larger
than its call's limit is given up on at the limit (a small gzip answer can inflate to
gigabytes in the terminal's own memory). The status and the content type are checked
before a body that will be thrown away is read; an error's body is read only up to a
small limit.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

import requests

from kiosk.sync.errors import (
    CREDENTIAL,
    GARBAGE,
    GONE,
    REFUSED,
    SERVER,
    UNREACHABLE,
    PlatformError,
)

log = logging.getLogger(__name__)

# The decoded size past which an answer is refused, unless a call says otherwise (the
# catalogue's is larger): the platform's answers are a few fields.
ANSWER_LIMIT_BYTES = 1024 * 1024
ERROR_BODY_LIMIT_BYTES = 64 * 1024  # an error's code and message, no more
READ_PIECE_BYTES = 64 * 1024

@dataclass(frozen=True)
class Answer:
    status: int
    headers: requests.structures.CaseInsensitiveDict
    content: bytes  # after undoing any gzip
    body: Any  # parsed JSON, or None for 304/HEAD

    def header(self, name: str) -> str | None:
        return self.headers.get(name)


class PlatformClient:
    def __init__(self, url: str, *, token: str | None = None, ca_file: str = "",
                 connect_timeout_s: float = 5.0, read_timeout_s: float = 20.0,
                 user_agent: str = "one-terminal-kiosk"):
        self.url = url.rstrip("/")
        self._session = requests.Session()
        self._session.trust_env = False  # a terminal's proxy is its configured url
        self._session.verify = ca_file or True
        self._session.headers["User-Agent"] = user_agent
        if token:
            self._session.headers["Authorization"] = f"Bearer {token}"
        self._timeout = (connect_timeout_s, read_timeout_s)

    def close(self) -> None:
        self._session.close()

    def call(self, method: str, path: str, *, expect: tuple[int, ...] = (200,),
             json_body: Any = None, data: bytes | None = None, headers: dict | None = None,
             params: dict | None = None, want_json: bool = True,
             limit_bytes: int = ANSWER_LIMIT_BYTES) -> Answer:
        """One request; returns only an expected, well-formed answer, else PlatformError.
        `limit_bytes`: the largest answer taken, counted after undoing any gzip."""
        what = f"{method} {path.split('?')[0]}"
        response = None
        try:
            response = self._session.request(
                method, self.url + path, json=json_body, data=data, headers=headers,
                params=params, timeout=self._timeout, allow_redirects=False, stream=True)
            status = response.status_code
            if status not in expect:
                raise _status_error(what, response,
                                    _read(what, response, ERROR_BODY_LIMIT_BYTES, cut=True))
            has_body = status not in (204, 304) and method != "HEAD"
            if has_body:  # every answer of the platform's is JSON: a login page is not
                _check_json_type(what, response)
            content = _read(what, response, limit_bytes)
            body = _json_body(what, response, content) if want_json and has_body else None
        except requests.exceptions.RequestException as exc:
            raise _unreachable(what, exc) from None
        finally:
            if response is not None:
                response.close()  # what was not read is dropped with its connection
        return Answer(status, response.headers, content, body)

    def download(self, path: str, into, *, limit_bytes: int) -> int:
        """A large answer (a software release) written piece by piece to the open file
        `into`, never past `limit_bytes`; returns the bytes written. PlatformError as for
        `call`."""
        what = f"GET {path}"
        response = None
        try:
            response = self._session.get(self.url + path, timeout=self._timeout,
                                         allow_redirects=False, stream=True)
            if response.status_code != 200:
                raise _status_error(what, response,
                                    _read(what, response, ERROR_BODY_LIMIT_BYTES, cut=True))
            written = 0
            for piece in response.iter_content(READ_PIECE_BYTES):
                written += len(piece)
                if written > limit_bytes:
                    raise _too_large(what, response, limit_bytes)
                into.write(piece)
            return written
        except requests.exceptions.RequestException as exc:
            raise _unreachable(what, exc) from None
        finally:
            if response is not None:
                response.close()


def _unreachable(what: str, exc: requests.exceptions.RequestException) -> PlatformError:
    """What a failed connection, TLS check or timeout says."""
    if isinstance(exc, requests.exceptions.SSLError):
        return PlatformError(UNREACHABLE, f"{what}: TLS check failed ({_reason(exc)})")
    if isinstance(exc, requests.exceptions.Timeout):
        return PlatformError(UNREACHABLE, f"{what}: no answer in time")
    return PlatformError(UNREACHABLE, f"{what}: {_reason(exc)}")


def _read(what: str, response: requests.Response, limit: int, *, cut: bool = False) -> bytes:
    """The body after undoing any gzip, read piece by piece and never past `limit`
    bytes: beyond it, PlatformError (or, with `cut`, the first `limit` bytes)."""
    declared = response.headers.get("Content-Length", "")
    if (not cut and declared.isdigit() and int(declared) > limit
            and not response.headers.get("Content-Encoding")):
        raise _too_large(what, response, limit)
    pieces, size = [], 0
    for piece in response.iter_content(READ_PIECE_BYTES):  # a reset mid-body raises here
        size += len(piece)
        if size > limit:
            if cut:
                pieces.append(piece[:len(piece) - (size - limit)])
                break
            raise _too_large(what, response, limit)
        pieces.append(piece)
    return b"".join(pieces)


def _too_large(what: str, response: requests.Response, limit: int) -> PlatformError:
    return PlatformError(GARBAGE, f"{what}: the answer is larger than {limit / 2**20:g} MiB"
                                  " (not the platform's?); not read further",
                         status=response.status_code)


def _status_error(what: str, response: requests.Response, content: bytes) -> PlatformError:
    status = response.status_code
    code, message = _error_fields(response, content)
    detail = f"{what}: HTTP {status}" + (f" {code}" if code else "")
    retry_after = _seconds(response.headers.get("Retry-After"))
    if code is None and status < 500:
        # Not the platform's error format (a 200 where 201 was due, a login page, a
        # proxy's page): something between us answered, not the platform.
        return PlatformError(GARBAGE, f"{detail}: the answer is not the platform's", status=status)
    if status in (401, 403):
        return PlatformError(CREDENTIAL, f"{detail}: {message}", status=status, code=code)
    if status in (404, 410):
        return PlatformError(GONE, f"{detail}: {message}", status=status, code=code)
    if status >= 500 or status in (408, 409, 425, 429):
        return PlatformError(SERVER, detail, status=status, code=code, retry_after=retry_after)
    if 300 <= status < 400:
        return PlatformError(GARBAGE, f"{detail}: redirected elsewhere", status=status)
    return PlatformError(REFUSED, f"{detail}: {message}", status=status, code=code)


def _error_fields(response: requests.Response, content: bytes) -> tuple[str | None, str]:
    header_code = response.headers.get("X-Error-Code")  # HEAD answers have no body
    header_code = header_code[:100] if header_code else None
    if not _is_json(response):
        return header_code, ""
    try:
        body = json.loads(content)
    except (ValueError, UnicodeDecodeError):
        return header_code, ""
    if not isinstance(body, dict) or not isinstance(body.get("code"), str):
        return header_code, ""
    message = body.get("message")
    return body["code"], (message if isinstance(message, str) else "")[:300]


def _check_json_type(what: str, response: requests.Response) -> None:
    if not _is_json(response):
        kind = response.headers.get("Content-Type", "no content type")
        raise PlatformError(GARBAGE, f"{what}: answered {kind.split(';')[0]}, not JSON "
                                     "(a login page or a proxy?)", status=response.status_code)


def _json_body(what: str, response: requests.Response, content: bytes) -> Any:
    try:
        return json.loads(content)
    except (ValueError, UnicodeDecodeError):
        raise PlatformError(GARBAGE, f"{what}: the answer is not valid JSON (cut short?)",
                            status=response.status_code) from None


def _is_json(response: requests.Response) -> bool:
    kind = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    return kind == "application/json" or kind.endswith("+json")


def _seconds(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None


def _reason(exc: Exception) -> str:
    """A short, data-free reason: the innermost error's class and first words."""
    inner = exc
    while inner.__context__ is not None and inner is not inner.__context__:
        inner = inner.__context__
    text = str(inner) or type(inner).__name__
    if "Connection refused" in text:
        return "connection refused"
    if "reset" in text.lower():
        return "connection reset"
    if "certificate verify failed" in text:
        return "certificate not trusted"
    cut_short = (requests.exceptions.ChunkedEncodingError,
                 requests.exceptions.ContentDecodingError)
    if isinstance(exc, cut_short):
        return "the answer was cut short"
    return f"{type(inner).__name__}: {text[:120]}"
