"""The terminal's own log, kept in its data directory, and the log bundle a technician
takes away on a USB stick (`kiosk logs bundle`) or the platform asks for (`send_logs`):
the same bundle either way.

The log file rotates at about 20 MB in all (4 files of 5 MB). Its lines pass the same
scrubbing as the standard error's (logging_setup.scrub). A bundle holds:

    manifest.json        what the bundle is: terminal, software, when, what is in it
    logs/kiosk.log*      the log files
    journal.txt          the service's journal, where this user may read it (scrubbed)
    device-states.json   the devices as the running kiosk last saw them
    kiosk.toml           the configuration, its secrets left out

and no personal data: the log lines never carry a name, and ID and mobile numbers are
masked again on the way into the bundle.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import logging
import logging.handlers
import os
import subprocess
import tarfile
from pathlib import Path

from kiosk.logging_setup import ScrubbingFilter, scrub

log = logging.getLogger(__name__)

LOGS_FOLDER = "logs"
LOG_FILE = "kiosk.log"
LOG_FILE_BYTES = 5 * 1024 * 1024
LOG_FILES_KEPT = 3  # besides the one written: 20 MB in all
DEVICE_STATES = "device-states.json"
JOURNAL_UNIT = "one-terminal-kiosk"
JOURNAL_LINES = 20_000
# Configuration keys whose values a bundle leaves out.
SECRET_KEYS = ("pin_hash", "pin_sha256", "password", "secret", "token")


def logs_folder(data_dir: Path) -> Path:
    return data_dir / LOGS_FOLDER


def log_to_file(data_dir: Path) -> logging.Handler | None:
    """From now on, also log to the data directory's rotated log file, lines formatted
    as on standard error; `stop_logging_to` ends it. None (and one warning) where it
    cannot be written: the terminal runs on without it."""
    folder = logs_folder(data_dir)
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            folder / LOG_FILE, maxBytes=LOG_FILE_BYTES, backupCount=LOG_FILES_KEPT,
            encoding="utf-8")
    except OSError as exc:
        log.warning("no log file in %s (%s): logging to standard error only", folder,
                    exc.strerror or type(exc).__name__)
        return None
    root = logging.getLogger()
    stream = next((h for h in root.handlers if not isinstance(h, logging.FileHandler)), None)
    handler.addFilter(ScrubbingFilter())
    handler.setFormatter(stream.formatter if stream is not None and stream.formatter
                         else logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    return handler


def stop_logging_to(handler: logging.Handler | None) -> None:
    if handler is not None:
        logging.getLogger().removeHandler(handler)
        handler.close()


def write_device_states(data_dir: Path, states: dict) -> None:
    """The devices as the running kiosk sees them, for a bundle made while it holds them."""
    folder = logs_folder(data_dir)
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        partial = folder / (DEVICE_STATES + ".partial")
        partial.write_text(json.dumps({"at": _now(), "devices": states}, ensure_ascii=False,
                                      default=str), encoding="utf-8")
        os.replace(partial, folder / DEVICE_STATES)
    except OSError:
        pass  # a full disk: the bundle says the states are missing


def make_bundle(config, data_dir: Path, terminal_id: str | None, software: str) -> bytes:
    """The log bundle, as gzip'd tar bytes."""
    folder = logs_folder(data_dir)
    files: dict[str, bytes] = {}
    missing: dict[str, str] = {}
    for path in sorted(folder.glob(LOG_FILE + "*")):
        try:
            files[f"logs/{path.name}"] = scrub(path.read_text("utf-8", "replace")).encode()
        except OSError as exc:
            missing[f"logs/{path.name}"] = exc.strerror or type(exc).__name__
    try:
        files[DEVICE_STATES] = (folder / DEVICE_STATES).read_bytes()
    except OSError:
        missing[DEVICE_STATES] = "the kiosk has not recorded its devices here yet"
    journal = _journal()
    if isinstance(journal, str):
        missing["journal.txt"] = journal
    else:
        files["journal.txt"] = journal
    files["kiosk.toml"] = _configuration_without_secrets(config).encode()
    manifest = {"terminal_id": terminal_id, "software": software, "made_at": _now(),
                "files": sorted(files), "missing": missing}
    files["manifest.json"] = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as tar:
        for name in ["manifest.json", *sorted(set(files) - {"manifest.json"})]:
            member = tarfile.TarInfo(name)
            member.size = len(files[name])
            member.mtime = int(dt.datetime.now(dt.UTC).timestamp())
            tar.addfile(member, io.BytesIO(files[name]))
    return out.getvalue()


def _journal() -> bytes | str:
    """The service's journal (scrubbed), or why there is none."""
    try:
        done = subprocess.run(["journalctl", "--unit", JOURNAL_UNIT, "--no-pager",
                               "--output", "short-iso", "--lines", str(JOURNAL_LINES)],
                              capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"journalctl did not run ({type(exc).__name__})"
    text = done.stdout.decode("utf-8", "replace")
    if done.returncode != 0 or not text.strip() or text.startswith("-- No entries --"):
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()[:1]
        return f"no journal for {JOURNAL_UNIT} here" + (f" ({reason[0]})" if reason else "")
    return scrub(text).encode()


def _configuration_without_secrets(config) -> str:
    import tomli_w

    def clean(value, key=""):
        if isinstance(value, dict):
            return {k: clean(v, k) for k, v in value.items()}
        if any(secret in key for secret in SECRET_KEYS) and value:
            return "(left out)"
        return value

    data = clean(dataclasses.asdict(config))
    return tomli_w.dumps(_without_none(data))


def _without_none(value):
    if isinstance(value, dict):
        return {k: _without_none(v) for k, v in value.items() if v is not None}
    return value


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
