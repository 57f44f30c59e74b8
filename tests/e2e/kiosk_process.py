"""The kiosk's command in a subprocess, as a service manager runs it, its JSON log read
line by line."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WAIT_S = 120  # only bounds a hang


class KioskProcess:
    """`python -m kiosk --log-json ARGS` with its JSON log read line by line."""

    def __init__(self, args: list[str], env: dict[str, str], *, python: str = sys.executable):
        self.process = subprocess.Popen(
            [python, "-m", "kiosk", "--log-json", *args], cwd=ROOT, env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            start_new_session=True)  # its group: a test that fails takes it all down
        self.lines: queue.Queue = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stderr:
            self.lines.put(line)
        self.lines.put(None)

    def wait_for(self, wanted: str) -> dict:
        """The next log record whose message holds `wanted`."""
        while True:
            line = self.lines.get(timeout=WAIT_S)
            assert line is not None, "the kiosk exited:\n" + "".join(self.seen)[-3000:]
            self.seen.append(line)
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if wanted in record.get("message", ""):
                return record

    def stop_with(self, sig: signal.Signals) -> tuple[int, str]:
        """Send `sig`; the exit code and everything it wrote to stderr from then on."""
        self.process.send_signal(sig)
        return self.ended()

    def ended(self) -> tuple[int, str]:
        code = self.process.wait(timeout=WAIT_S)
        rest = []
        while (line := self.lines.get(timeout=WAIT_S)) is not None:
            rest.append(line)
        self.seen.extend(rest)
        return code, "".join(rest)

    def kill(self) -> None:
        """Whatever happened: no process, and the pipe closed. A kiosk still running (a
        test that failed) goes with every process it started; one that ended by itself is
        left as it left things, for the test to look at."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.process.stderr.close()


def environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    """Offscreen, and a temporary folder of the test's own to look into afterwards."""
    scratch = tmp_path / "tmp"
    scratch.mkdir(exist_ok=True)
    env = {key: value for key, value in os.environ.items()
           if key not in ("DISPLAY", "WAYLAND_DISPLAY", "NOTIFY_SOCKET", "WATCHDOG_USEC")}
    env.update(QT_QPA_PLATFORM="offscreen", QT_QUICK_BACKEND="software", TMPDIR=str(scratch),
               **extra)
    return env
