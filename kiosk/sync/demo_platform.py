"""The demo's own platform: the reference server (`python -m central`) on a loopback
port in the demo's throw-away folder, with this terminal enrolled in it, so the demo
shows applications reaching a platform and coming back with case numbers.

It starts in the background: the home screen never waits for it. Without the `central`
extras installed the demo runs as before, offline, and says so in the log.
"""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
from pathlib import Path

from kiosk.sync.enrollment import EnrollmentFailed, enroll

log = logging.getLogger(__name__)

START_LIMIT_S = 60.0


# The demo has no payment provider: its platform marks an order paid this long after it
# was made, so a visitor sees the QR code turn into a receipt.
DEMO_PAY_AFTER_S = 12.0


class DemoPlatform:
    def __init__(self, folder: Path, *, pay_after_s: float | None = None):
        """`pay_after_s`: orders are paid that long after they are made (the platform's
        test mode); None: only `python -m central pay` pays them."""
        self.folder = folder
        self.pay_after_s = pay_after_s
        self.db = folder / "central.sqlite3"
        self.url: str | None = None
        self._process: subprocess.Popen | None = None
        self._log = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self._lock = threading.Lock()  # the process is started and stopped under it

    def start_and_enroll(self, kiosk) -> None:
        """In the background: start the server, enroll `kiosk`, start its sync."""
        self._thread = threading.Thread(target=self._run, args=(kiosk,), name="demo-platform",
                                        daemon=True)
        self._thread.start()

    def wait_enrolled(self, timeout: float = START_LIMIT_S) -> bool:
        if self._thread is not None:
            self._thread.join(timeout)
        return self.url is not None

    def _run(self, kiosk) -> None:
        try:
            url = self.start_server()
            if url is None or self._stopping.is_set():
                return
            if kiosk.store.platform.load() is not None:  # a demo data dir used before
                kiosk.store.platform.move(url)  # the same platform, on a new port
            else:
                code = self.admin("enroll-code").strip()
                enroll(kiosk.store, url, code, kiosk.config.platform, label="demo terminal")
            self.url = url
            kiosk.relink()
            kiosk.start_sync()
            log.info("demo platform at %s; this terminal is enrolled", url)
        except (OSError, subprocess.SubprocessError, EnrollmentFailed) as exc:
            log.warning("demo platform not available (%s); the demo runs offline", exc)

    def start_server(self) -> str | None:
        self.folder.mkdir(parents=True, exist_ok=True)
        with self._lock:
            if self._stopping.is_set():
                return None
            self._log = (self.folder / "central.log").open("ab")
            paying = [] if self.pay_after_s is None else ["--pay-after", str(self.pay_after_s)]
            self._process = process = subprocess.Popen(
                [sys.executable, "-m", "central", "--host", "127.0.0.1", "--port", "0",
                 "--db", str(self.db), *paying],
                stdout=subprocess.PIPE, stderr=self._log, text=True)
        line = _first_line(process, START_LIMIT_S)
        if not line.startswith("central listening on "):
            log.warning("demo platform did not start (see %s)", self.folder / "central.log")
            self.stop()
            return None
        return line.removeprefix("central listening on ").strip()

    def admin(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "central", args[0], "--db", str(self.db), *args[1:]],
            capture_output=True, text=True, timeout=60, check=True)
        return result.stdout

    def stop(self) -> None:
        self._stopping.set()
        with self._lock:
            process, self._process = self._process, None
            if process is not None:
                if process.poll() is None:
                    process.terminate()
                    try:
                        process.wait(timeout=10)
                    except subprocess.TimeoutExpired:
                        process.kill()
                        process.wait()
                process.stdout.close()
            if self._log is not None:
                self._log.close()
                self._log = None


def _first_line(process: subprocess.Popen, limit: float) -> str:
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.append(process.stdout.readline()),
                              daemon=True)
    reader.start()
    reader.join(limit)
    return lines[0] if lines else ""
