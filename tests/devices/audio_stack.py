"""A private audio stack for the speech tests: PulseAudio with a null sink, and
speech-dispatcher playing into it, both in a runtime directory of their own.

    stack = AudioStack(tmp_dir)      # nothing runs yet
    stack.start()                    # PulseAudio, then speech-dispatcher
    with stack.env():                # this process's clients (pactl, the driver) use it
        with MonitorRecorder(stack) as monitor:
            ...speak...
            monitor.first_sound_after(t)       # when sound reached the sink
            monitor.silent_since()             # when it last went quiet
            monitor.rms_db(t0, t1)             # how loud it was
    stack.stop()                     # every process it started is gone

Nothing on the machine is touched: XDG_RUNTIME_DIR, PULSE_RUNTIME_PATH and HOME point
into the temporary directory, so the sockets, the PulseAudio cookie and
speech-dispatcher's logs land there. PulseAudio runs with -n (no default.pa) and loads
only its native protocol and the null sink; it refuses nothing as root, only warns.
`start(audio=False)` runs speech-dispatcher with no audio server at all.

The recorder reads the null sink's monitor with parec (s16le, mono, 16 kHz) on a thread
and stamps each chunk with time.monotonic() when it arrives: a chunk's stamp is at most
its own length (20 ms) plus parec's latency after the sound was played, so times
measured with it err on the late side.
"""

from __future__ import annotations

import array
import contextlib
import ctypes
import math
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from tests.devices.pcsc_stack import wait_for  # the one polling helper of the stacks

SINK = "kiosk_test"
RATE_HZ = 16000
CHUNK_S = 0.02
SILENCE_DBFS = -60.0  # a chunk quieter than this is silence (the null sink gives -inf)
READY_TIMEOUT_S = 20  # only bounds a hang; readiness itself is polled
PACKAGES = {"pulseaudio": "pulseaudio", "pactl": "pulseaudio-utils",
            "parec": "pulseaudio-utils", "speech-dispatcher": "speech-dispatcher",
            "espeak-ng": "espeak-ng"}
ESPEAK_MODULE = Path("/usr/lib/speech-dispatcher-modules/sd_espeak-ng")


def missing_prerequisite() -> str | None:
    """What this machine lacks for the private stack, in words for a skip message."""
    for name, package in PACKAGES.items():
        if shutil.which(name) is None:
            return f"{name} is not installed (Debian package {package}; run scripts/setup.sh)"
    if not ESPEAK_MODULE.exists():
        return (f"{ESPEAK_MODULE} is missing (Debian package speech-dispatcher-espeak-ng; "
                f"run scripts/setup.sh)")
    return None


class AudioStack:
    """One private PulseAudio and one speech-dispatcher under `root`."""

    def __init__(self, root: Path):
        self.root = root
        self.runtime_dir = root / "run"
        self.home = root / "home"
        self.socket_path = self.runtime_dir / "speech-dispatcher" / "speechd.sock"
        self.pulse: subprocess.Popen | None = None
        self.dispatcher: subprocess.Popen | None = None

    def environment(self) -> dict[str, str]:
        """The variables that point a client (and a driver's own speech-dispatcher) here."""
        return {"XDG_RUNTIME_DIR": str(self.runtime_dir),
                "PULSE_RUNTIME_PATH": str(self.runtime_dir / "pulse"),
                "HOME": str(self.home)}

    @contextlib.contextmanager
    def env(self) -> Iterator[None]:
        """This process's environment pointed at the stack, restored after."""
        before = {key: os.environ.get(key) for key in self.environment()}
        os.environ.update(self.environment())
        try:
            yield
        finally:
            for key, value in before.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value

    def _child_env(self) -> dict[str, str]:
        env = {key: value for key, value in os.environ.items()
               if not key.startswith(("PULSE_", "SPEECHD_"))}
        env.update(self.environment())
        env["DBUS_SESSION_BUS_ADDRESS"] = "disabled:"  # no session bus to look for
        return env

    # -- starting and stopping ----------------------------------------------------------

    def start(self, *, audio: bool = True) -> None:
        for directory in (self.runtime_dir, self.home):
            directory.mkdir(parents=True, exist_ok=True)
            directory.chmod(0o700)
        if audio:
            self.start_pulse()
        self.start_dispatcher()

    def start_pulse(self) -> None:
        self.pulse = self._spawn(
            ["pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "--use-pid-file=no",
             "--disable-shm=yes", "--log-target=stderr",
             "-L", "module-native-protocol-unix auth-anonymous=1",
             "-L", f"module-null-sink sink_name={SINK} rate={RATE_HZ} channels=1"],
            "pulseaudio.log")
        self._wait(lambda: self._pactl_ok(), self.pulse, "pulseaudio")

    def start_dispatcher(self) -> None:
        self.socket_path.parent.mkdir(parents=True, exist_ok=True)
        self.socket_path.unlink(missing_ok=True)
        self.dispatcher = self._spawn(
            ["speech-dispatcher", "--run-single", "--timeout", "0", "--communication-method",
             "unix_socket", "--socket-path", str(self.socket_path), "--log-level", "3",
             "--log-dir", str(self.root / "speechd-log")],
            "speech-dispatcher.log")
        self._wait(lambda: _listening(self.socket_path), self.dispatcher, "speech-dispatcher")

    def kill_dispatcher(self) -> None:
        """SIGKILL, as a crash would: its socket file stays behind."""
        self._end(self.dispatcher, signal.SIGKILL)
        self.dispatcher = None

    def stop(self) -> None:
        self._end(self.dispatcher, signal.SIGTERM)
        self.dispatcher = None
        self._end(self.pulse, signal.SIGTERM)
        self.pulse = None

    def leftover_processes(self) -> list[str]:
        """Processes whose environment points at this stack (none after stop())."""
        marker = f"XDG_RUNTIME_DIR={self.runtime_dir}".encode()
        found = []
        for proc in Path("/proc").iterdir():
            if not proc.name.isdigit() or int(proc.name) == os.getpid():
                continue
            try:
                if marker in (proc / "environ").read_bytes().split(b"\0"):
                    state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
                    if state != "Z":
                        found.append((proc / "cmdline").read_bytes().replace(b"\0", b" ")
                                     .decode(errors="replace").strip())
            except (OSError, IndexError):
                continue
        return found

    def _spawn(self, command: list[str], log_name: str) -> subprocess.Popen:
        log = (self.root / log_name).open("ab")
        try:
            return subprocess.Popen(command, env=self._child_env(), cwd=self.root,
                                    stdin=subprocess.DEVNULL, stdout=log,
                                    stderr=subprocess.STDOUT, start_new_session=True,
                                    preexec_fn=_die_with_parent)
        finally:
            log.close()

    def _wait(self, ready, process: subprocess.Popen, name: str) -> None:
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"{name} exited at start:\n{self.log_tail(name)}")
            if ready():
                return
            time.sleep(0.05)
        raise RuntimeError(f"{name} did not get ready:\n{self.log_tail(name)}")

    def _pactl_ok(self) -> bool:
        done = subprocess.run(["pactl", "info"], env=self._child_env(), capture_output=True,
                              timeout=5, check=False)
        return done.returncode == 0

    @staticmethod
    def _end(process: subprocess.Popen | None, sig: signal.Signals) -> None:
        if process is None:
            return
        for each in (sig, signal.SIGKILL):
            try:
                os.killpg(process.pid, each)  # with speech-dispatcher's output modules
            except ProcessLookupError:
                break
            try:
                process.wait(timeout=5)
                break
            except subprocess.TimeoutExpired:
                continue
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # a module that outlived its server
        process.wait()

    def log_tail(self, name: str, lines: int = 30) -> str:
        path = self.root / f"{name}.log"
        if not path.exists():
            return f"(no {name} log)"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


class MonitorRecorder:
    """Records the null sink's monitor while open; answers when and how loud."""

    def __init__(self, stack: AudioStack):
        self._stack = stack
        self._chunks: list[tuple[float, array.array]] = []  # (arrival, samples)
        self._lock = threading.Lock()
        self._process: subprocess.Popen | None = None
        self._thread: threading.Thread | None = None

    def __enter__(self) -> MonitorRecorder:
        self._process = subprocess.Popen(
            ["parec", "--device", f"{SINK}.monitor", "--format=s16le", f"--rate={RATE_HZ}",
             "--channels=1", "--raw", f"--latency-msec={int(CHUNK_S * 1000)}"],
            env=self._stack._child_env(), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            preexec_fn=_die_with_parent)
        self._thread = threading.Thread(target=self._read, name="monitor-recorder",
                                        daemon=True)
        self._thread.start()
        # parec is recording once its first chunk (silence) arrives
        wait_for(lambda: bool(self._chunks), READY_TIMEOUT_S)
        return self

    def __exit__(self, *exc) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.wait(timeout=5)
        if self._thread is not None:
            self._thread.join(timeout=5)
        if self._process is not None:
            self._process.stdout.close()

    def _read(self) -> None:
        size = int(RATE_HZ * CHUNK_S) * 2
        stream = self._process.stdout
        while True:
            data = stream.read(size)
            if not data:
                return
            samples = array.array("h")
            samples.frombytes(data[: len(data) // 2 * 2])
            with self._lock:
                self._chunks.append((time.monotonic(), samples))

    def _since(self, start: float) -> list[tuple[float, array.array]]:
        with self._lock:
            return [chunk for chunk in self._chunks if chunk[0] >= start]

    def first_sound_after(self, start: float) -> float | None:
        """When the first chunk louder than silence arrived after `start`, or None."""
        for at, samples in self._since(start):
            if _dbfs(samples) > SILENCE_DBFS:
                return at
        return None

    def silent_since(self) -> float | None:
        """When the last chunk with sound arrived (silence since then); None when sound
        is still arriving in the newest chunk."""
        with self._lock:
            chunks = list(self._chunks)
        if chunks and _dbfs(chunks[-1][1]) > SILENCE_DBFS:
            return None
        for at, samples in reversed(chunks):
            if _dbfs(samples) > SILENCE_DBFS:
                return at
        return chunks[0][0] if chunks else None

    def rms_db(self, start: float, end: float) -> float:
        """RMS level in dB full scale of what arrived between `start` and `end`."""
        samples = array.array("h")
        for at, chunk in self._since(start):
            if at <= end:
                samples.extend(chunk)
        return _dbfs(samples)

    def latest(self) -> float:
        """The arrival time of the newest chunk (the recorder's "now")."""
        with self._lock:
            return self._chunks[-1][0] if self._chunks else 0.0


def _dbfs(samples: array.array) -> float:
    if not samples:
        return -math.inf
    power = sum(s * s for s in samples) / len(samples)
    return 10 * math.log10(power / 32768**2) if power else -math.inf


def _listening(path: Path) -> bool:
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    probe.settimeout(1)
    try:
        probe.connect(str(path))
        return True
    except OSError:
        return False
    finally:
        probe.close()


_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    # Even if pytest itself is killed, what the stack started goes too.
    ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
