"""A private desktop session for the screen-reader test: an X server (Xvfb), a D-Bus
session bus and the AT-SPI bus with its registry, then the kiosk on them, as a resident's
screen reader (Orca) would find it on a terminal.

Nothing here touches the machine's own display or buses: Xvfb picks a free display number
itself (-displayfd), the session bus listens on a socket in our temporary directory, and
the AT-SPI bus launcher puts its bus under our XDG_RUNTIME_DIR. Every process started
here, and whatever they start (the AT-SPI bus's dbus-daemon, at-spi2-registryd activated
on it), is in one process group of its own, so `stop()` can tell what is left running.
"""

from __future__ import annotations

import ctypes
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

BUS_LAUNCHER = Path("/usr/libexec/at-spi-bus-launcher")
# Debian's own Python, where python3-pyatspi is installed (not the kiosk's venv).
SYSTEM_PYTHON = Path("/usr/bin/python3")
WALKER = Path(__file__).with_name("atspi_walker.py")
APP_NAME = "one-terminal-kiosk"  # QGuiApplication.applicationName, as AT-SPI lists it
READY_TIMEOUT_S = 30  # only bounds a hang; readiness itself is polled
_TOOLS = {"Xvfb": "xvfb", "dbus-daemon": "dbus-daemon"}


def missing_prerequisite() -> str | None:
    """What this machine lacks for the session, in words for a skip message."""
    for name, package in _TOOLS.items():
        if shutil.which(name) is None:
            return f"{name} is not installed (Debian package {package}; run scripts/setup.sh)"
    if not BUS_LAUNCHER.exists():
        return f"{BUS_LAUNCHER} is missing (Debian package at-spi2-core; run scripts/setup.sh)"
    probe = subprocess.run([str(SYSTEM_PYTHON), "-c", "import pyatspi"],
                           capture_output=True, text=True, check=False) \
        if SYSTEM_PYTHON.exists() else None
    if probe is None or probe.returncode != 0:
        return (f"{SYSTEM_PYTHON} cannot import pyatspi (Debian package python3-pyatspi; "
                "run scripts/setup.sh)")
    return None


class AtspiSession:
    """Xvfb + session bus + AT-SPI bus under `root`; then `start_kiosk()` and `walk()`."""

    def __init__(self, root: Path, *, screen: str = "1080x1920x24"):
        self.root = root
        self.screen = screen
        self.runtime_dir = root / "runtime"
        self.processes: list[subprocess.Popen] = []
        self.group: int | None = None
        self.env: dict[str, str] = {}
        self.kiosk: subprocess.Popen | None = None
        self.kiosk_log = root / "kiosk.log"
        self.listeners: list[subprocess.Popen] = []

    def _spawn(self, argv: list[str], **kwargs) -> subprocess.Popen:
        # The first one leads a new group (in pytest's session: a group cannot be joined
        # across sessions); the others join it.
        process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, preexec_fn=_die_with_parent,
                                   process_group=self.group or 0, **kwargs)
        if self.group is None:
            self.group = process.pid
        self.processes.append(process)
        return process

    def start(self) -> None:
        self.runtime_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        logs = (self.root / "session.log").open("ab")
        read_end, write_end = os.pipe()
        try:
            self._spawn(["Xvfb", "-displayfd", str(write_end), "-screen", "0", self.screen,
                         "-nolisten", "tcp"], stdout=logs, stderr=logs, pass_fds=(write_end,))
        except BaseException:
            os.close(read_end)
            logs.close()
            raise
        finally:
            os.close(write_end)  # Xvfb holds its own copy; an exit closes it (empty read)
        with os.fdopen(read_end) as display_number:
            display = display_number.readline().strip()  # written once it listens
        if not display:
            logs.close()
            self.stop()
            raise RuntimeError(f"Xvfb did not start:\n{self.log_tail('session.log')}")
        bus = self._spawn(["dbus-daemon", "--session", "--nofork", "--print-address=1",
                           f"--address=unix:path={self.root / 'session-bus'}"],
                          stdout=subprocess.PIPE, stderr=logs, text=True)
        address = bus.stdout.readline().strip()  # printed once it listens
        if not address:
            logs.close()
            self.stop()
            raise RuntimeError(f"dbus-daemon did not start:\n{self.log_tail('session.log')}")
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("QT_", "WAYLAND"))},
            "DISPLAY": f":{display}",
            "DBUS_SESSION_BUS_ADDRESS": address,
            "XDG_RUNTIME_DIR": str(self.runtime_dir),
            "XDG_CACHE_HOME": str(self.root / "cache"),
        }
        # The AT-SPI bus at once (not on first use), so the kiosk finds it when it starts.
        self._spawn([str(BUS_LAUNCHER), "--launch-immediately"], env=self.env,
                    stdout=logs, stderr=logs)
        logs.close()

    def start_kiosk(self, data_dir: Path, config: Path | None = None) -> None:
        """The terminal full screen on this display, on its default (emulated) devices
        and bundled catalogue (or as `config` says), with its accessibility bridge on.
        Each Qt message is one line "qt-TYPE: CATEGORY: message" in kiosk.log, so a test
        can read its warnings."""
        env = {**self.env,
               "QT_QPA_PLATFORM": "xcb",
               "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1",
               "QT_ACCESSIBILITY": "1",
               "QT_MESSAGE_PATTERN": "qt-%{type}: %{category}: %{message}"}
        with self.kiosk_log.open("ab") as log:
            self.kiosk = self._spawn(
                [sys.executable, "-m", "kiosk", "run", "--data-dir", str(data_dir),
                 *(["--config", str(config)] if config else ["--emulated-devices"])],
                env=env, stdout=log, stderr=subprocess.STDOUT)

    def walk(self, *args: str, timeout: float = READY_TIMEOUT_S) -> dict:
        """Run the AT-SPI walker (a separate process, Debian's python3) and parse its JSON."""
        self._check_kiosk_runs()
        done = subprocess.run(
            [str(SYSTEM_PYTHON), str(WALKER), *args, "--timeout", str(timeout)],
            env=self._walker_env(), capture_output=True, text=True, check=False,
            timeout=timeout + 60)
        if not done.stdout.strip():
            raise RuntimeError(f"the walker printed nothing ({done.returncode}):\n{done.stderr}")
        return json.loads(done.stdout)

    def listen(self, *until: str, timeout: float = READY_TIMEOUT_S) -> Listening:
        """A screen reader's ear on the kiosk from now on: the walker listening for its
        announcements in the background, while `walk()` presses buttons. It stops by
        itself once it has heard every `until` text, else when `Listening.heard()` asks."""
        self._check_kiosk_runs()
        process = subprocess.Popen(
            [str(SYSTEM_PYTHON), str(WALKER), "listen", APP_NAME,
             *(arg for text in until for arg in ("--until", text)), "--timeout", str(timeout)],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, env=self._walker_env(), preexec_fn=_die_with_parent)
        self.listeners.append(process)
        # Its first line says it listens: nothing announced after this is missed.
        ready, _, _ = select.select([process.stdout], [], [], READY_TIMEOUT_S)
        first = process.stdout.readline() if ready else ""
        if "listening" not in first:
            process.kill()
            _, errors = process.communicate()
            raise RuntimeError(f"the listener did not start ({process.returncode}):\n{errors}")
        return Listening(process, stop_when_asked=not until, timeout=timeout)

    def _check_kiosk_runs(self) -> None:
        if self.kiosk is not None and self.kiosk.poll() is not None:
            raise RuntimeError(f"the kiosk exited ({self.kiosk.returncode}):\n"
                               f"{self.log_tail('kiosk.log')}")

    def _walker_env(self) -> dict[str, str]:
        return {k: v for k, v in self.env.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}

    def qt_messages(self) -> list[str]:
        """The kiosk's Qt messages of type warning and worse, as logged."""
        if not self.kiosk_log.exists():
            return []
        return [line for line in self.kiosk_log.read_text(errors="replace").splitlines()
                if line.startswith(("qt-warning:", "qt-critical:", "qt-fatal:"))]

    def stop(self) -> list[str]:
        """Stop everything, kiosk first; return what was still running after (killed)."""
        for listener in self.listeners:
            if listener.poll() is None:
                listener.kill()
            listener.communicate()
        self.listeners.clear()
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            if process.stdout is not None:
                process.stdout.close()
        self.processes.clear()
        left = _wait_group_gone(self.group) if self.group is not None else []
        if left and self.group is not None:
            os.killpg(self.group, signal.SIGKILL)
        return left

    def log_tail(self, name: str, lines: int = 40) -> str:
        path = self.root / name
        if not path.exists():
            return f"(no {name})"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


class Listening:
    """The walker listening for announcements (AtspiSession.listen)."""

    def __init__(self, process: subprocess.Popen, *, stop_when_asked: bool, timeout: float):
        self.process = process
        self.stop_when_asked = stop_when_asked
        self.timeout = timeout

    def heard(self) -> dict:
        """{"heard": [{"text", "politeness", "role", "name"}, ...]}, and an "error" if it
        stopped at its timeout. Stops it when it was not given texts to wait for."""
        if self.stop_when_asked and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        out, errors = self.process.communicate(timeout=self.timeout + 60)
        last = out.strip().splitlines()[-1:] if out.strip() else []
        if not last or "heard" not in last[0]:
            raise RuntimeError(f"the listener printed nothing ({self.process.returncode}):\n"
                               f"{errors}")
        return json.loads(last[0])


def _group_members(group: int) -> list[str]:
    """Live (not zombie) processes in a process group, as "pid command"."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid pgrp ...; comm may hold spaces and parentheses
        command = stat[stat.index("(") + 1:stat.rindex(")")]
        state, _ppid, pgrp = stat[stat.rindex(")") + 2:].split()[:3]
        if int(pgrp) == group and state != "Z":
            members.append(f"{entry.name} {command}")
    return members


def _wait_group_gone(group: int, timeout: float = 10) -> list[str]:
    """A daemon activated on a bus goes when its bus does, a moment after: poll for it."""
    deadline = time.monotonic() + timeout
    while (left := _group_members(group)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    # Even if pytest itself is killed, the session goes too (kept across exec).
    ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
