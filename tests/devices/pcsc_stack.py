"""A private PC/SC stack for the card tests: a pcscd of their own with a vpcd reader.

Why namespaces. pcsc-lite 1.9.9 refuses to start while another daemon's socket sits at
/run/pcscd/pcscd.comm (a path compiled in; only the client reads PCSCLITE_CSOCK_NAME).
So this pcscd runs in a private mount namespace where a fresh tmpfs covers /run and our
temporary directory is mounted at /run/pcscd: its socket and pid file land there, and a
pcscd already running on the machine is neither seen nor touched. It also runs in a
private network namespace, because vpcd listens on 0.0.0.0: in there only loopback
exists, and the card emulator enters that namespace for its one connect() to
127.0.0.1. Nothing listens on a real interface, and the port cannot collide.

The client side. libpcsclite reads PCSCLITE_CSOCK_NAME once per process, on the first
SCardEstablishContext (pthread_once), not at `import smartcard`. So one socket path
serves the whole pytest process: it is set before any context is made, and every pcscd
these tests start (and restart) binds that same path.
"""

from __future__ import annotations

import ctypes
import os
import secrets
import shutil
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

from smartcard import scard

from drivers.card_reader.emulated_card import SocialSecurityCardEmulator
from drivers.card_reader.vpcd_card import VpcdCard, connect_loopback

VPCD_DRIVER = Path("/usr/lib/pcsc/drivers/serial/libifdvpcd.so")
SOCKET_ENV = "PCSCLITE_CSOCK_NAME"
READY_TIMEOUT_S = 20  # only bounds a hang; readiness itself is polled

_CLONE_NEWNET = 0x40000000
# In the private namespaces: a tmpfs over /run (so nothing is created on the host),
# our directory at /run/pcscd, loopback up, then pcscd in the foreground.
_NAMESPACE_SCRIPT = """
set -e
"$3" link set lo up
mount -t tmpfs -o mode=0755 kiosk-test-pcscd /run
mkdir /run/pcscd
mount --bind "$1" /run/pcscd
exec "$4" --foreground --config "$2"
"""
_TOOLS = {"pcscd": "pcscd", "unshare": "util-linux", "ip": "iproute2", "nsenter": "util-linux"}


def tool(name: str) -> str | None:
    """Where a tool is, sbin included (pcscd and ip live there; a CI PATH may lack it)."""
    search = os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/sbin"])
    return shutil.which(name, path=search)


def missing_prerequisite() -> str | None:
    """What this machine lacks for a private pcscd, in words for a skip message."""
    for name, package in _TOOLS.items():
        if tool(name) is None:
            return f"{name} is not installed (Debian package {package}; run scripts/setup.sh)"
    if not VPCD_DRIVER.exists():
        return f"{VPCD_DRIVER} is missing (Debian package vsmartcard-vpcd; run scripts/setup.sh)"
    probe = subprocess.run(
        [tool("unshare"), "--mount", "--net", "true"], capture_output=True, text=True,
        check=False,
    )
    if probe.returncode != 0:
        return (
            "private mount and network namespaces are not allowed here "
            f"(`unshare --mount --net true` said: {probe.stderr.strip() or probe.returncode})"
        )
    return None


def _free_port_pair() -> int:
    # vpcd's second reader listens on port + 1. Any port is free in a fresh network
    # namespace; an ephemeral one picked by the kernel just keeps clear of 35963.
    while True:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        if port < 65535:
            return port


class PrivatePcscd:
    """One pcscd at a time under `root`, restartable, always at the same socket path."""

    def __init__(self, root: Path):
        self.run_dir = root / "run"
        self.config_dir = root / "reader.conf.d"
        self.log_path = root / "pcscd.log"
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.config_dir.mkdir(parents=True, exist_ok=True)
        self.socket_path = self.run_dir / "pcscd.comm"
        # A name no other pcscd has, so talking to the wrong daemon cannot pass unseen.
        self.reader_prefix = f"Kiosk Test PCD {secrets.token_hex(3)}"
        self.port = _free_port_pair()
        self.process: subprocess.Popen | None = None
        self._log = None

    def _write_reader_conf(self, friendly_name: str) -> None:
        # As Debian's /etc/reader.conf.d/vpcd, with our name and port. DEVICENAME's
        # /dev/null host makes vpcd listen (a host name would make it connect out).
        (self.config_dir / "vpcd").write_text(
            f'FRIENDLYNAME "{friendly_name}"\n'
            f"DEVICENAME   /dev/null:0x{self.port:04X}\n"
            f"LIBPATH      {VPCD_DRIVER}\n"
            f"CHANNELID    0x{self.port:04X}\n"
        )

    def reader_name(self, slot: int = 0) -> str:
        return f"{self.reader_prefix} 00 {slot:02d}"

    # --- the daemon -------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self, friendly_name: str | None = None) -> None:
        """Start pcscd; `friendly_name` renames its vpcd readers (default: reader_prefix)."""
        if self.running:
            raise RuntimeError("this pcscd is already running")
        self._write_reader_conf(friendly_name or self.reader_prefix)
        for stale in ("pcscd.comm", "pcscd.pid"):  # left by a pcscd that was killed
            (self.run_dir / stale).unlink(missing_ok=True)
        self._log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [tool("unshare"), "--mount", "--net", "--propagation", "private",
             "sh", "-c", _NAMESPACE_SCRIPT, "pcscd-namespace",
             str(self.run_dir), str(self.config_dir), tool("ip"), tool("pcscd")],
            stdin=subprocess.DEVNULL, stdout=self._log, stderr=subprocess.STDOUT,
            preexec_fn=_die_with_parent,
        )  # fmt: skip
        self._wait_ready(f"{friendly_name or self.reader_prefix} 00 00")

    def _wait_ready(self, first_reader: str) -> None:
        deadline = time.monotonic() + READY_TIMEOUT_S
        seen: list[str] = []
        while time.monotonic() < deadline:
            if not self.running:
                raise RuntimeError(f"pcscd exited at start:\n{self.log_tail()}")
            if self.socket_path.exists():
                seen = list_readers()
                if first_reader in seen:
                    return
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(
            f"pcscd did not list {first_reader!r} (saw {seen}); if those are another "
            f"pcscd's readers, {SOCKET_ENV} was read before the test harness set it.\n"
            f"{self.log_tail()}"
        )

    def kill(self) -> None:
        """Kill -9, as a crash would: the socket and pid files stay behind."""
        self._end(signal.SIGKILL)

    def stop(self) -> None:
        self._end(signal.SIGTERM)

    def _end(self, sig: signal.Signals) -> None:
        if self.process is not None:
            if self.process.poll() is None:
                self.process.send_signal(sig)
                try:
                    self.process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
            self.process = None
        if self._log is not None:
            self._log.close()
            self._log = None

    def log_tail(self, lines: int = 30) -> str:
        if not self.log_path.exists():
            return "(no pcscd log)"
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    # --- the card side ----------------------------------------------------------------

    def connect_card(self, port: int) -> socket.socket:
        """Open 127.0.0.1:`port` inside pcscd's network namespace (see the module doc)."""
        if not self.running:
            raise ConnectionRefusedError(f"pcscd is not running, so vpcd is not on {port}")
        namespace = f"/proc/{self.process.pid}/ns/net"
        outcome: dict[str, object] = {}

        def in_namespace() -> None:  # setns() moves only this short-lived thread
            try:
                fd = os.open(namespace, os.O_RDONLY)
                try:
                    if _libc().setns(fd, _CLONE_NEWNET) != 0:
                        code = ctypes.get_errno()
                        raise OSError(code, f"setns({namespace}): {os.strerror(code)}")
                finally:
                    os.close(fd)
                outcome["socket"] = connect_loopback(port)
            except OSError as exc:
                outcome["error"] = exc

        thread = threading.Thread(target=in_namespace, name="vpcd-connect")
        thread.start()
        thread.join()
        if "error" in outcome:
            raise outcome["error"]
        return outcome["socket"]

    def card_slot(self, card: SocialSecurityCardEmulator, reader: int = 0) -> VpcdCard:
        return VpcdCard(card, self.port + reader, connect=self.connect_card)

    def slot_seen_empty(self, reader: int = 0) -> bool:
        """True once pcscd's own watcher of the slot has seen it empty.

        pcscd marks a slot empty at once when a transfer finds the card gone, but its
        watcher thread only learns it at its next presence check (every 400 ms), and
        until then it takes a new card for the old one and never reports it. pcsc-lite
        counts the watcher's insertions and removals in the top 16 bits of the event
        state: an even count on an empty slot means the watcher agrees it is empty.
        """
        hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        if hresult != scard.SCARD_S_SUCCESS:
            return False
        try:
            hresult, states = scard.SCardGetStatusChange(
                context, 0, [(self.reader_name(reader), scard.SCARD_STATE_UNAWARE)]
            )
            if hresult != scard.SCARD_S_SUCCESS:
                return False
            event_state = states[0][1]
            card_events = event_state >> 16
            return bool(event_state & scard.SCARD_STATE_EMPTY) and card_events % 2 == 0
        finally:
            scard.SCardReleaseContext(context)

def list_readers() -> list[str]:
    hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if hresult != scard.SCARD_S_SUCCESS:
        return []
    try:
        hresult, readers = scard.SCardListReaders(context, [])
        return list(readers) if hresult == scard.SCARD_S_SUCCESS else []
    finally:
        scard.SCardReleaseContext(context)


_LIBC: ctypes.CDLL | None = None
_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    # Even if pytest itself is killed, its pcscd goes too (kept across exec).
    _libc().prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def _libc() -> ctypes.CDLL:
    global _LIBC
    if _LIBC is None:
        _LIBC = ctypes.CDLL(None, use_errno=True)
    return _LIBC


def wait_for(condition, timeout: float = READY_TIMEOUT_S, step: float = 0.05) -> bool:
    """Poll `condition` until true; the timeout only bounds a hang, it is no threshold."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return bool(condition())
