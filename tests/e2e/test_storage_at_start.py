"""`kiosk run` on a read-only disk, as the terminal's service manager starts it: no traceback,
one line saying why, the out-of-service screen, and the home screen by itself once the
disk is writable again; `kiosk devices check` names the problem and what to do.

The disk is a small tmpfs (as root, chmod stops no write), remounted read-only.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.small_disk import small_disk

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def read_only_disk(tmp_path):
    with small_disk(tmp_path / "disk") as disk:
        (disk.path / "data").mkdir()
        disk.remount("ro")
        yield disk.path


def log_lines(proc: subprocess.Popen) -> tuple[queue.Queue, threading.Thread]:
    lines: queue.Queue = queue.Queue()

    def read() -> None:
        for line in proc.stderr:
            lines.put(line)
        lines.put(None)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    return lines, reader


def wait_for(lines: queue.Queue, seen: list[str], wanted: str) -> dict:
    """The next JSON log record whose message holds `wanted` (every line into `seen`)."""
    while True:
        line = lines.get(timeout=120)
        assert line is not None, "the kiosk exited:\n" + "".join(seen)[-3000:]
        seen.append(line)
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if wanted in record.get("message", ""):
            return record


def test_kiosk_run_on_a_read_only_disk_is_out_of_service_then_serves_once_writable(
        tmp_path, read_only_disk):
    config = tmp_path / "kiosk.toml"
    config.write_text("[storage]\nretry_open_s = 0.5\nmin_free_mb = 1\n", encoding="utf-8")
    env = os.environ | {"QT_QPA_PLATFORM": "offscreen", "QT_QUICK_BACKEND": "software"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "--log-json", "run", "--config", str(config),
         "--data-dir", str(read_only_disk / "data")],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seen: list[str] = []
    lines, reader = log_lines(proc)
    try:
        why = wait_for(lines, seen, "the store cannot be opened")
        assert "read_only" in why["message"]
        wait_for(lines, seen, "out-of-service screen's first frame")

        check = subprocess.run(
            [sys.executable, "-m", "kiosk", "devices", "check", "--json", "--config",
             str(config), "--data-dir", str(read_only_disk / "data")],
            cwd=ROOT, capture_output=True, text=True, timeout=120)
        rows = {row["kind"]: row for row in json.loads(check.stdout)}
        assert check.returncode == 1
        assert rows["data_dir"]["state"] == "read_only" and not rows["data_dir"]["can_serve"]
        assert "remount" in rows["data_dir"]["advice"]

        subprocess.run(["mount", "-o", "remount,rw", str(read_only_disk)], check=True)
        wait_for(lines, seen, "back in service")
        wait_for(lines, seen, "home screen's first frame")
    finally:
        proc.terminate()
        proc.wait(timeout=60)
        reader.join(timeout=60)
        proc.stderr.close()
    while not lines.empty():  # what it said after the last line waited for
        seen.append(lines.get() or "")
    assert "Traceback" not in "".join(seen)
    assert sum("the store cannot be opened" in line for line in seen) == 1  # once, not per try
