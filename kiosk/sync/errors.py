"""What can go wrong talking to the platform, without importing the HTTP library (the
terminal starts faster; the client is loaded when the sync thread first needs it)."""

from __future__ import annotations

# What went wrong, from the engine's point of view.
UNREACHABLE = "unreachable"  # no connection, reset, timeout, TLS: try later, all of it
CREDENTIAL = "credential"  # 401/403: this terminal is not (or no longer) allowed
SERVER = "server"  # 5xx, 409 in progress, 429: try this later
GARBAGE = "garbage"  # an answer that is not the platform's (captive portal, proxy)
REFUSED = "refused"  # 4xx about this request: retrying the same will not help
GONE = "gone"  # 404/410: the thing referred to is not there (start it again)


class PlatformError(Exception):
    def __init__(self, kind: str, message: str, *, status: int | None = None,
                 code: str | None = None, retry_after: float | None = None):
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.status = status
        self.code = code  # the platform's error code, when it sent one
        self.retry_after = retry_after
