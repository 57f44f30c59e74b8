"""`kiosk technician set-pin`: the technician's PIN into the configuration, as a salted slow
hash (`[technician] pin_hash`); the old unsalted `pin_sha256` line goes.

The PIN is typed twice without echo (or read from standard input with `--pin-stdin`, one
line, for provisioning scripts). The file is rewritten through a temporary file beside it
and a rename, so a terminal never reads half a configuration; everything else in it stays
as it was, comments included.
"""

from __future__ import annotations

import getpass
import os
import re
import sys
from pathlib import Path

from kiosk.technician import DEMO_PIN, PIN_DIGITS, hash_pin

SECTION = re.compile(r"^\s*\[([^\]]+)\]\s*(#.*)?$")
PIN_KEYS = re.compile(r"^\s*(pin_hash|pin_sha256)\s*=")


def pin_problem(pin: str) -> str | None:
    low, high = PIN_DIGITS
    if not (pin.isascii() and pin.isdigit() and low <= len(pin) <= high):
        return f"the PIN must be {low} to {high} digits (the screen's digit pad types it)"
    if pin == DEMO_PIN:
        return "that is the demo's PIN, which every reader of the README knows"
    if len(set(pin)) == 1:
        return "a PIN of one digit repeated is guessed first"
    return None


def with_pin_hash(text: str, pin_hash: str) -> str:
    """The configuration `text` with `[technician] pin_hash` set (and any old PIN key
    dropped), the rest unchanged."""
    lines = text.splitlines()
    out: list[str] = []
    section = None
    placed = False
    for line in lines:
        header = SECTION.match(line)
        if header:
            if section == "technician" and not placed:
                out.append(f'pin_hash = "{pin_hash}"')
                placed = True
            section = header.group(1).strip()
        elif section == "technician" and PIN_KEYS.match(line):
            if not placed:
                out.append(f'pin_hash = "{pin_hash}"')
                placed = True
            continue
        out.append(line)
    if section == "technician" and not placed:
        out.append(f'pin_hash = "{pin_hash}"')
        placed = True
    if not placed:
        if out and out[-1].strip():
            out.append("")
        out += ["[technician]", f'pin_hash = "{pin_hash}"']
    return "\n".join(out) + "\n"


def set_pin_command(config_path: Path | None, *, pin_stdin: bool) -> int:
    if config_path is None:
        print("kiosk technician set-pin: name the terminal's configuration with --config FILE",
              file=sys.stderr)
        return 2
    if pin_stdin:
        pin = sys.stdin.readline().strip()
    else:
        pin = getpass.getpass("New technician PIN: ")
        if getpass.getpass("The same PIN again: ") != pin:
            print("kiosk technician set-pin: the two PINs differ; nothing changed",
                  file=sys.stderr)
            return 1
    problem = pin_problem(pin)
    if problem:
        print(f"kiosk technician set-pin: {problem}; nothing changed", file=sys.stderr)
        return 1
    text = config_path.read_text(encoding="utf-8") if config_path.exists() else ""
    fresh = config_path.with_name(f".{config_path.name}.new")
    fresh.write_text(with_pin_hash(text, hash_pin(pin)), encoding="utf-8")
    if config_path.exists():
        _keep_owner_and_mode(fresh, config_path.stat())
    os.replace(fresh, config_path)
    print(f"kiosk technician set-pin: {config_path}: [technician] pin_hash set; restart the "
          "kiosk for it to take effect")
    return 0


def _keep_owner_and_mode(fresh: Path, old: os.stat_result) -> None:
    """The new file keeps the old one's owner, group and mode: an installed terminal's
    file is root's and readable by the kiosk's group, and must stay so after root sets
    a PIN (else the kiosk could no longer read its configuration)."""
    try:
        os.chown(fresh, old.st_uid, old.st_gid)
    except PermissionError:  # not root: the file stays ours, as the old one was
        pass
    os.chmod(fresh, old.st_mode & 0o777)

