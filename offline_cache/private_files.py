"""Files only the kiosk's own user can read: directories 0700, files 0600, whatever the umask.

The data directory holds residents' applications and the key directory the keys that open
them: neither may be readable by another local account. A directory owned by another user
is refused outright: running a command there as root would leave files the kiosk itself can
no longer open, and as anyone else it would read what is not theirs.
"""

from __future__ import annotations

import contextlib
import os
import pwd
from pathlib import Path

DIRECTORY_MODE = 0o700
FILE_MODE = 0o600


class NotOurs(Exception):
    """A directory belongs to another user; the message is one line saying whose and what
    to do."""


def _user_name(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid {uid}"


def refuse_foreign(path: Path, what: str) -> None:
    owner = path.stat().st_uid
    if owner != os.geteuid():
        name = _user_name(owner)
        raise NotOurs(f"the {what} {path} belongs to user {name}, not to "
                      f"{_user_name(os.geteuid())} who runs this: run it as {name}")


def private_directory(path: Path, what: str) -> Path:
    """Create `path` (and its parents) if missing; refuse it if another user owns it;
    make it 0700. Returns the resolved path."""
    path.mkdir(mode=DIRECTORY_MODE, parents=True, exist_ok=True)
    refuse_foreign(path, what)
    if path.stat().st_mode & 0o777 != DIRECTORY_MODE:
        path.chmod(DIRECTORY_MODE)
    return path.resolve()


def private_file(path: Path) -> None:
    """Create `path` empty with mode 0600 if it is missing (before SQLite creates it with
    the umask's mode: its -wal and -shm files copy the database file's mode)."""
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))


def tighten(root: Path) -> int:
    """Make every file under `root` 0600 and every directory 0700 (a data directory made
    by an older release, or copied in by hand). Returns how many needed it."""
    changed = 0
    for directory, subdirectories, files in os.walk(root):
        for name in subdirectories:
            changed += _set_mode(Path(directory, name), DIRECTORY_MODE)
        for name in files:
            changed += _set_mode(Path(directory, name), FILE_MODE)
    return changed


def _set_mode(path: Path, mode: int) -> int:
    try:
        if path.is_symlink() or path.stat().st_mode & 0o777 == mode:
            return 0
        path.chmod(mode)
        return 1
    except FileNotFoundError:  # removed meanwhile (a reader's -shm, a swept folder)
        return 0


def write_private_file(path: Path, content: bytes) -> None:
    """Replace `path` with `content` whole (0600, fsync'd, renamed into place): a power cut
    leaves either the old file or the new one, never half of one."""
    temporary = path.with_name(f".{path.name}.new")
    with contextlib.suppress(FileNotFoundError):
        temporary.unlink()
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        view = memoryview(content)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(temporary, path)
    fd = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
