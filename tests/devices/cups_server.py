"""A private CUPS server for tests: its own config, spool and socket, nothing system-wide.

`cupsd -f` runs as a child with a raw queue whose backend (`kiosktest://HOST:PORT`)
sends each job to a TCP printer, the emulator in the tests. Debian's cups-daemon ships
no `socket` backend and no filters (a raw queue to a `file:` device writes nothing), so
the backend here is a few lines of Python, as CUPS backends may be.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CUPSD = shutil.which("cupsd") or "/usr/sbin/cupsd"
CUPS_LIB = Path("/usr/lib/cups")

BACKEND = '''\
"""CUPS backend for tests: kiosktest://HOST:PORT sends the job to a raw TCP printer."""
import os, socket, sys
if len(sys.argv) == 1:  # discovery
    print('direct kiosktest "Unknown" "Kiosk test printer"')
    sys.exit(0)
host, port = os.environ["DEVICE_URI"].split("://", 1)[1].rsplit(":", 1)
with open(sys.argv[6], "rb") if len(sys.argv) > 6 else sys.stdin.buffer as job:
    data = job.read()
with socket.create_connection((host, int(port)), timeout=10) as printer:
    printer.sendall(data)
'''

CUPSD_CONF = """\
Listen {socket}
LogLevel warn
WebInterface No
Browsing No
DefaultAuthType None
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
"""

CUPS_FILES_CONF = """\
ServerRoot {root}/etc
RequestRoot {root}/spool
TempDir {root}/tmp
CacheDir {root}/cache
StateDir {root}/state
ErrorLog {root}/log/error_log
AccessLog {root}/log/access_log
PageLog {root}/log/page_log
SystemGroup root
ServerBin {root}/bin
DataDir /usr/share/cups
"""


def can_run() -> str:
    """Why a private cupsd cannot run here, or "" if it can."""
    if not Path(CUPSD).exists():
        return "cupsd is not installed (Debian package cups-daemon, in scripts/setup.sh)"
    if not (CUPS_LIB / "daemon" / "cups-exec").exists():
        return "cups-exec is missing from /usr/lib/cups/daemon"
    return ""


class CupsServer:
    """A running private cupsd; `socket_path` is what `cups.setServer()` takes."""

    def __init__(self, extra_conf: str = "") -> None:
        self.extra_conf = extra_conf  # more cupsd.conf lines (PreserveJobFiles Yes...)
        # A short path: a Unix socket's name is limited to 107 bytes.
        self.root = Path(tempfile.mkdtemp(prefix="kiosk-cups-"))
        self.socket_path = str(self.root / "cups.sock")
        self._process: subprocess.Popen | None = None

    def start(self) -> CupsServer:
        root = self.root
        for folder in ("etc", "spool", "tmp", "cache", "state", "log", "bin/backend"):
            (root / folder).mkdir(parents=True, exist_ok=True)
        for part in ("daemon", "notifier"):
            (root / "bin" / part).symlink_to(CUPS_LIB / part)
        backend = root / "bin" / "backend" / "kiosktest"
        backend.write_text(f"#!{sys.executable}\n{BACKEND}")
        backend.chmod(0o700)  # cupsd runs a backend only it can write; 0700: as root
        (root / "etc" / "cupsd.conf").write_text(
            CUPSD_CONF.format(socket=self.socket_path) + self.extra_conf)
        (root / "etc" / "cups-files.conf").write_text(CUPS_FILES_CONF.format(root=root))
        self._process = subprocess.Popen(
            [CUPSD, "-f", "-c", str(root / "etc" / "cupsd.conf"),
             "-s", str(root / "etc" / "cups-files.conf")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        self._wait_until_listening()
        return self

    def _wait_until_listening(self) -> None:
        for _ in range(200):  # bounded: 10 s
            if self._process.poll() is not None:
                raise RuntimeError(f"cupsd exited with {self._process.returncode}: "
                                   f"{self.error_log()}")
            try:
                with socket.socket(socket.AF_UNIX) as probe:
                    probe.connect(self.socket_path)
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("cupsd did not start listening in 10 s")

    def error_log(self) -> str:
        log = self.root / "log" / "error_log"
        return log.read_text(errors="replace")[-2000:] if log.exists() else ""

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.wait(timeout=10)
            self._process = None
        shutil.rmtree(self.root, ignore_errors=True)
