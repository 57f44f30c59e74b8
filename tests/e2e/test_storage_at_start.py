"""`kiosk run` on a read-only disk, as the terminal's service manager starts it: no traceback,
one line saying why, the out-of-service screen, and the home screen by itself once the
disk is writable again; `kiosk devices check` names the problem and what to do.

The disk is a small tmpfs (as root, chmod stops no write), remounted read-only.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.kiosk_process import KioskProcess
from tests.small_disk import small_disk

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def read_only_disk(tmp_path):
    with small_disk(tmp_path / "disk") as disk:
        (disk.path / "data").mkdir()
        disk.remount("ro")
        yield disk.path


def test_kiosk_run_on_a_read_only_disk_is_out_of_service_then_serves_once_writable(
        tmp_path, read_only_disk):
    config = tmp_path / "kiosk.toml"
    config.write_text("[storage]\nretry_open_s = 0.5\nmin_free_mb = 1\n", encoding="utf-8")
    env = os.environ | {"QT_QPA_PLATFORM": "offscreen", "QT_QUICK_BACKEND": "software"}
    kiosk = KioskProcess(["run", "--config", str(config), "--data-dir",
                          str(read_only_disk / "data")], env)
    try:
        why = kiosk.wait_for("the store cannot be opened")
        assert "read_only" in why["message"]
        kiosk.wait_for("out-of-service screen's first frame")

        check = subprocess.run(
            [sys.executable, "-m", "kiosk", "devices", "check", "--json", "--config",
             str(config), "--data-dir", str(read_only_disk / "data")],
            cwd=ROOT, capture_output=True, text=True, timeout=120)
        rows = {row["kind"]: row for row in json.loads(check.stdout)}
        assert check.returncode == 1
        assert rows["data_dir"]["state"] == "read_only" and not rows["data_dir"]["can_serve"]
        assert "remount" in rows["data_dir"]["advice"]

        subprocess.run(["mount", "-o", "remount,rw", str(read_only_disk)], check=True)
        kiosk.wait_for("back in service")
        kiosk.wait_for("home screen's first frame")
        kiosk.stop_with(signal.SIGTERM)  # what it said after the last line waited for, too
    finally:
        kiosk.kill()
    seen = kiosk.seen
    assert "Traceback" not in "".join(seen)
    assert sum("the store cannot be opened" in line for line in seen) == 1  # once, not per try
