"""A private IPP Everywhere printer for tests: CUPS's own `ippeveprinter`, with the
system D-Bus and avahi-daemon it insists on, all of our own.

ippeveprinter will not start unless it can register its DNS-SD service with avahi, and
avahi-daemon talks over the system bus. So the stack starts, in a temporary directory:
a dbus-daemon with a system-bus configuration of its own (its socket there, not at
/run/dbus), avahi-daemon on it (loopback only, no privileges dropped, no chroot), and
ippeveprinter `-n localhost -k -d SPOOL` on a free port (with `-n 127.0.0.1` it exits).
avahi-daemon writes its pid file and socket under /run/avahi-daemon, a path compiled
in: it runs in a private mount namespace where a fresh tmpfs covers that folder, so an
avahi-daemon already running on the machine is neither seen nor touched.

`-k` keeps every job's document in the spool directory, where a test reads it back.
The printer's web forms (/media, /supplies) drive media-empty and toner-low; stopping
ippeveprinter makes it offline.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import urllib.request
from pathlib import Path

from tests.devices.pcsc_stack import _die_with_parent, tool, wait_for

READY_TIMEOUT_S = 20  # only bounds a hang; readiness itself is polled
PACKAGES = {"ippeveprinter": "cups-ipp-utils", "avahi-daemon": "avahi-daemon",
            "dbus-daemon": "dbus-daemon", "unshare": "util-linux"}

BUS_CONF = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
  </policy>
</busconfig>
"""
AVAHI_CONF = """[server]
use-ipv4=yes
use-ipv6=no
allow-interfaces=lo
[wide-area]
enable-wide-area=no
[publish]
publish-hinfo=no
publish-workstation=no
"""
# A tmpfs over /run/avahi-daemon in a private mount namespace, then avahi-daemon.
_AVAHI_SCRIPT = """
set -e
mkdir -p /run/avahi-daemon
mount -t tmpfs -o mode=0755 kiosk-test-avahi /run/avahi-daemon
exec avahi-daemon -f "$1" --no-drop-root --no-chroot --no-rlimits --no-proc-title
"""
# ippeveprinter's media form: both trays must be given, or the one left out reads as empty.
MEDIA_FORM = ("/media?size1=iso_a4_210x297mm&type1=stationery&level1={level}"
              "&size3=na_number-10_4.125x9.5in&type3=envelope&level3=25")
SUPPLIES_FORM = "/supplies?supply0=25&supply1={toner}"


def missing_prerequisite() -> str | None:
    for name, package in PACKAGES.items():
        if tool(name) is None:
            return f"{name} is not installed (Debian package {package}; run scripts/setup.sh)"
    probe = subprocess.run([tool("unshare"), "--mount", "true"], capture_output=True,
                           text=True, check=False)
    if probe.returncode != 0:
        return ("a private mount namespace is not allowed here (`unshare --mount true` said: "
                f"{probe.stderr.strip() or probe.returncode})")
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class IppPrinterStack:
    """dbus-daemon + avahi-daemon + one ippeveprinter (restartable) under a temp dir."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="kiosk-ipp-"))  # short: a socket path
        self.spool = self.root / "spool"
        self.spool.mkdir()
        self.bus_socket = self.root / "system_bus_socket"
        self.port = free_port()
        self.uri = f"ipp://localhost:{self.port}/ipp/print"
        self.web = f"http://localhost:{self.port}"
        self._processes: dict[str, subprocess.Popen] = {}

    def _env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["DBUS_SYSTEM_BUS_ADDRESS"] = f"unix:path={self.bus_socket}"
        return env

    def _spawn(self, name: str, command: list[str]) -> subprocess.Popen:
        log = (self.root / f"{name}.log").open("ab")
        try:
            process = subprocess.Popen(command, env=self._env(), cwd=self.root,
                                       stdin=subprocess.DEVNULL, stdout=log,
                                       stderr=subprocess.STDOUT, start_new_session=True,
                                       preexec_fn=_die_with_parent)
        finally:
            log.close()
        self._processes[name] = process
        return process

    def start(self) -> IppPrinterStack:
        (self.root / "bus.conf").write_text(BUS_CONF.format(socket=self.bus_socket))
        (self.root / "avahi.conf").write_text(AVAHI_CONF)
        bus = self._spawn("dbus", [tool("dbus-daemon"), "--nofork",
                                   f"--config-file={self.root / 'bus.conf'}"])
        self._wait(bus, "dbus", self.bus_socket.exists)
        avahi = self._spawn("avahi", [tool("unshare"), "--mount", "--propagation", "private",
                                      "sh", "-c", _AVAHI_SCRIPT, "avahi",
                                      str(self.root / "avahi.conf")])
        self._wait(avahi, "avahi", lambda: "Server startup complete" in self.log("avahi"))
        self.start_printer()
        return self

    def start_printer(self) -> None:
        printer = self._spawn("ippeveprinter", [
            tool("ippeveprinter"), "-n", "localhost", "-p", str(self.port), "-k",
            "-d", str(self.spool), "-f", "application/pdf", "-m", "Kiosk Test A4",
            "-M", "Example", "-s", "60", "KioskTestA4"])
        self._wait(printer, "ippeveprinter", self._web_answers)

    def stop_printer(self) -> None:
        self._end("ippeveprinter")

    def stop(self) -> None:
        for name in ("ippeveprinter", "avahi", "dbus"):
            self._end(name)
        shutil.rmtree(self.root, ignore_errors=True)

    # -- the printer's web forms -------------------------------------------------------

    def set_paper(self, sheets: int) -> None:
        self._get(MEDIA_FORM.format(level=sheets))

    def set_toner(self, percent: int) -> None:
        self._get(SUPPLIES_FORM.format(toner=percent))

    def documents(self) -> dict[Path, int]:
        """The documents ippeveprinter kept, with their modification times (a restarted
        ippeveprinter counts its jobs from 1 again and writes over the old files)."""
        return {path: path.stat().st_mtime_ns for path in self.spool.iterdir()}

    def new_documents(self, before: dict[Path, int]) -> list[Path]:
        """The documents written since `before` was taken."""
        return [path for path, written in self.documents().items()
                if before.get(path) != written]

    # -- helpers -----------------------------------------------------------------------

    def _get(self, path: str) -> None:
        with urllib.request.urlopen(self.web + path, timeout=10) as answer:
            answer.read()

    def _web_answers(self) -> bool:
        try:
            self._get("/")
            return True
        except OSError:
            return False

    def _wait(self, process: subprocess.Popen, name: str, ready) -> None:
        def up() -> bool:
            if process.poll() is not None:
                raise RuntimeError(f"{name} exited at start:\n{self.log(name)}")
            return ready()

        if not wait_for(up, READY_TIMEOUT_S):
            raise RuntimeError(f"{name} did not get ready:\n{self.log(name)}")

    def _end(self, name: str) -> None:
        process = self._processes.pop(name, None)
        if process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def log(self, name: str) -> str:
        path = self.root / f"{name}.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else f"(no {name} log)"

    def running(self) -> list[str]:
        return [name for name, process in self._processes.items() if process.poll() is None]
