"""`kiosk store salvage FILE`: a damaged database set aside earlier, recovered on demand.

The kiosk salvages a damaged database by itself when it finds one at start; this is for a
file it could not fully read then (its key was missing and is back, say), or one brought
from another terminal's disk. It prints counts and tracking numbers, never answers.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from kiosk.config import KioskConfig
from kiosk.storage import open_store
from offline_cache.salvage import SalvageReport


def describe(report: SalvageReport) -> list[str]:
    """The report in lines a technician reads (also `kiosk devices check`)."""
    lines = [f"{report.source} ({report.why}): {report.recovered} item(s) recovered, "
             f"{report.unrecovered} could not be"]
    if report.unrecovered_numbers:
        lines.append("  not recovered: " + ", ".join(report.unrecovered_numbers))
    if report.problem:
        lines.append(f"  -> {report.problem}")
    return lines


def salvage_command(config: KioskConfig, data_dir: Path, file: Path, *, as_json: bool) -> int:
    if not file.is_file():
        print(f"kiosk: {file} is not a file", file=sys.stderr)
        return 2
    with open_store(config, data_dir) as store:
        report = store.salvage(file)
    if as_json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        print("\n".join(describe(report)))
    return 0 if report.unrecovered == 0 and not report.problem else 1
