"""What the store says when it could not keep something, in words a technician can act on.

Every storage failure reaches callers as `StorageUnavailable` with a short `reason` the
kiosk can branch on (close services that need a submission, show a plain message) and a
`message` for the technician log. Messages name the operation and the OS / SQLite error,
never the data: file names and payloads stay out of them.
"""

from __future__ import annotations

import errno
import sqlite3

REASONS = ("disk_full", "read_only", "write_failed", "busy", "corrupt")

# SQLite primary result codes (the low byte of an extended code).
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_READONLY = 8
_SQLITE_CORRUPT = 11
_SQLITE_FULL = 13
_SQLITE_NOTADB = 26

_DISK_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT}


class StorageUnavailable(Exception):
    """Nothing was confirmed. `reason` is one of REASONS; `message` is plain English for the
    technician log and holds no personal data."""

    def __init__(self, reason: str, message: str):
        if reason not in REASONS:
            raise ValueError(f"unknown storage failure reason {reason!r}")
        super().__init__(f"{reason}: {message}")
        self.reason = reason
        self.message = message


class SchemaTooNew(Exception):
    """The database was written by a newer kiosk release; this one must not touch it."""


def failure_reason(exc: BaseException) -> str:
    """Map an OS or SQLite error to one of REASONS."""
    if isinstance(exc, StorageUnavailable):
        return exc.reason
    if isinstance(exc, sqlite3.Error):
        code = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
        if code in (_SQLITE_BUSY, _SQLITE_LOCKED):
            return "busy"
        if code == _SQLITE_FULL:
            return "disk_full"
        if code == _SQLITE_READONLY:
            return "read_only"
        if code in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
            return "corrupt"
        return "write_failed"
    if isinstance(exc, OSError) and exc.errno in _DISK_FULL_ERRNOS:
        return "disk_full"
    if isinstance(exc, OSError) and exc.errno == errno.EROFS:
        return "read_only"
    return "write_failed"


def describe(exc: BaseException) -> str:
    """The error without any file name or data it might carry."""
    if isinstance(exc, sqlite3.Error):
        name = getattr(exc, "sqlite_errorname", None) or type(exc).__name__
        return f"{name} ({exc.args[0] if exc.args else 'no detail'})"
    if isinstance(exc, OSError) and exc.errno is not None:
        return f"{errno.errorcode.get(exc.errno, exc.errno)} ({exc.strerror})"
    return type(exc).__name__


def unavailable(doing: str, exc: BaseException) -> StorageUnavailable:
    """A StorageUnavailable for `exc`, raised while `doing` something (plain English)."""
    if isinstance(exc, StorageUnavailable):
        return exc
    return StorageUnavailable(failure_reason(exc), f"{doing}: {describe(exc)}")
