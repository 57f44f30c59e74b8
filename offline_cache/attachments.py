"""Attachment files (scans of materials) written so that they survive a power cut.

The outbox row that names the files commits only after this module returns, so "the row
exists" always implies "the files are complete on disk": each file is fsync'd, then the
directory holding it (so its name is durable), then the parent (so the directory is).
"""

from __future__ import annotations

import logging
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

# File names keep the material name so a technician can tell the files apart; the name is
# a catalogue term (户口簿首页), not personal data. Bytes, not characters, are limited.
_MAX_NAME_BYTES = 120
_UNSAFE = re.compile(r'[\x00-\x1f/\\:*?"<>|]')


@dataclass(frozen=True)
class StoredFile:
    relative_path: str  # relative to the data directory, so the directory can move
    size: int


def fsync_directory(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def safe_file_name(position: int, name: str) -> str:
    cleaned = _UNSAFE.sub("_", name).strip(" .") or "attachment"
    encoded = cleaned.encode("utf-8")
    if len(encoded) > _MAX_NAME_BYTES:
        stem, dot, suffix = cleaned.rpartition(".")
        if not dot or len(suffix) > 8:
            stem, suffix = cleaned, ""
        room = _MAX_NAME_BYTES - len(suffix.encode("utf-8")) - 1
        stem = stem.encode("utf-8")[:room].decode("utf-8", errors="ignore")
        cleaned = f"{stem}.{suffix}" if suffix else stem
    return f"{position:02d}-{cleaned}"


def write_file_durably(path: Path, content: bytes) -> None:
    """Create `path` (it must not exist), write all of `content`, fsync it."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        view = memoryview(content)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    finally:
        os.close(fd)


class AttachmentFiles:
    """The attachments directory: one sub-directory per submission, named by client id."""

    def __init__(self, data_dir: Path, root: Path):
        self.data_dir = data_dir
        self.root = root

    def directory_for(self, client_id: str) -> Path:
        return self.root / client_id

    def write(self, client_id: str, files: list[tuple[str, bytes]]) -> list[StoredFile]:
        """Write a submission's files durably. On failure, raises with nothing left behind."""
        directory = self.directory_for(client_id)
        # A directory here without a row is what an earlier, unconfirmed attempt left
        # behind (the process died before its commit): nothing refers to it.
        if directory.exists():
            shutil.rmtree(directory)
        try:
            directory.mkdir(mode=0o700)
            stored = []
            for position, (name, content) in enumerate(files, start=1):
                path = directory / safe_file_name(position, name)
                write_file_durably(path, content)
                stored.append(StoredFile(str(path.relative_to(self.data_dir)), len(content)))
            fsync_directory(directory)
            fsync_directory(self.root)
            return stored
        except BaseException:
            self.remove(client_id)
            raise

    def remove(self, client_id: str) -> None:
        directory = self.directory_for(client_id)
        if not directory.exists():
            return
        try:
            shutil.rmtree(directory)
        except OSError as exc:
            # Logged without the path: it holds the client id of a resident's submission.
            log.warning("could not remove unconfirmed attachment files: %s", exc.strerror)

    def sweep_orphans(self, known_client_ids: set[str]) -> int:
        """Remove directories no outbox row names, left by a process that died mid-submit.

        Call it holding the database write lock: submissions write their files under
        that lock, so no directory can then belong to a submission still being filed."""
        removed = 0
        for entry in self.root.iterdir():
            if entry.name in known_client_ids or not entry.is_dir():
                continue
            try:
                shutil.rmtree(entry)
                removed += 1
            except OSError as exc:
                log.warning("could not remove unconfirmed attachment files: %s", exc.strerror)
        return removed
