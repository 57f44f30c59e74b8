"""The terminal's real speaker: speech-dispatcher, spoken to over its SSIP socket.

Qt's own text-to-speech is not used: its speech-dispatcher backend offers no Chinese
locale and hangs when no audio server runs. This driver talks SSIP itself (ssip.py),
every call bounded by `timeout_s`, and never waits for speech to end.

The engine. The socket is speech-dispatcher's own ($XDG_RUNTIME_DIR/speech-dispatcher/
speechd.sock, as 0.11 makes it) unless configured. When nothing answers there, the
driver starts speech-dispatcher as its own child on that socket (no idle exit, only
warnings logged so no spoken text lands in its log); restart() kills that child and
starts a fresh one. A speech-dispatcher someone else started is only reconnected to.

Voices are picked by name from LIST SYNTHESIS_VOICES, per language: espeak-ng's
Mandarin is "cmn" (picking by locale falls back to a wrong voice), English "en-US".
A configured name matches the voice's name or its language column, as listed.

Loudness. speech-dispatcher scales the samples by (VOLUME + 100) / 200 (measured at the
null sink's monitor: VOLUME 100, 0, -50 give -16.2, -22.2, -28.5 dB RMS for the same
sentence, 6 dB per halving), so VOLUME alone spans the resident's 20 dB: each step's dB
below the loudest becomes VOLUME = 200 * 10^(dB/20) - 100 (-20 dB -> -80). No per-stream
volume or module option is needed; tests/devices/test_speaker.py measures the range.

Rate. espeak-ng's module maps RATE 0 to its normal rate (EspeakNormalRate 170 words a
minute), -100 to EspeakMinRate 80 and +100 to EspeakMaxRate 449, linearly on each side;
a rate factor becomes the RATE that gives that many words a minute.

Health never waits on the engine: it reports what the last call found, whether the audio
server answers (audio_server.py), and whether the engine began the last text it took
(no 701 BEGIN within BEGIN_WAIT_S: nothing is heard).
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

from drivers.base import DeviceError, DeviceHealth, DeviceState
from drivers.speaker.audio_server import AudioServerWatch
from drivers.speaker.protocol import LANGUAGES, Output, Voice
from drivers.speaker.ssip import Event, SsipConnection

log = logging.getLogger(__name__)

HEADSET_MODES = ("port", "plugged", "unplugged")
START_TIMEOUT_S = 10.0  # a fresh speech-dispatcher loads its modules before it listens
BEGIN_WAIT_S = 2.0
ESPEAK_RATES = (80.0, 170.0, 449.0)  # EspeakMinRate, EspeakNormalRate, EspeakMaxRate
# espeak-ng's language codes of Chinese, and what the screens call that language
CHINESE_CODES = {"cmn", "yue", "hak", "wuu", "nan", "zh"}


def default_socket_path() -> str:
    runtime = os.environ.get("XDG_RUNTIME_DIR") or f"/run/user/{os.getuid()}"
    return str(Path(runtime) / "speech-dispatcher" / "speechd.sock")


def engine_volume(volume_db: float) -> int:
    """SSIP VOLUME (-100..100) for `volume_db` below the loudest (see the module doc)."""
    return max(-100, min(100, round(200 * 10 ** (volume_db / 20) - 100)))


def engine_rate(factor: float) -> int:
    """SSIP RATE (-100..100) for `factor` times espeak-ng's normal rate."""
    low, normal, high = ESPEAK_RATES
    wpm = normal * factor
    span = (high - normal) if wpm >= normal else (normal - low)
    return max(-100, min(100, round((wpm - normal) / span * 100)))


def language_of(code: str) -> str:
    """The screens' language code ("zh", "en") for an engine's ("cmn", "en-US")."""
    primary = code.split("-")[0].lower()
    return "zh" if primary in CHINESE_CODES else primary


def parse_voices(lines: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """LIST SYNTHESIS_VOICES' lines "name<TAB>language<TAB>variant" as tuples."""
    voices = []
    for line in lines:
        parts = line.split("\t")
        if len(parts) >= 2:
            voices.append((parts[0], parts[1], parts[2] if len(parts) > 2 else "none"))
    return voices


def pick_voice(voices: list[tuple[str, str, str]], wanted: str) -> tuple[str, str] | None:
    """(the name to SET, the voice's language code) of the voice called `wanted`, by
    name or language column, the plain variant first."""
    wanted = wanted.lower()
    matches = [v for v in voices if wanted in (v[0].lower(), v[1].lower())]
    matches.sort(key=lambda v: v[2] != "none")
    return (matches[0][0], matches[0][1]) if matches else None


class SpeechDispatcherSpeaker:
    def __init__(self, socket_path: str = "", *, zh_voice: str = "cmn",
                 en_voice: str = "en-US", headset: str = "port", timeout_s: float = 2.0):
        if headset not in HEADSET_MODES:
            raise ValueError(f"headset must be one of {HEADSET_MODES}")
        self.socket_path = socket_path or default_socket_path()
        self.wanted = {"zh_CN": zh_voice, "en": en_voice}
        self.headset_mode = headset
        self.timeout_s = timeout_s
        self._lock = threading.Lock()
        self._conn: SsipConnection | None = None
        self._child: subprocess.Popen | None = None
        self._voices: dict[str, tuple[str, Voice]] = {}  # language -> (name to SET, Voice)
        self._settings: dict[str, object] = {}  # what the engine was last told
        self._problem = ""  # why the engine cannot speak, from the last call
        self._problem_state = DeviceState.HARDWARE_ERROR
        self._awaiting: tuple[int, float] | None = None  # (message id, when spoken)
        self._answered = 0  # the highest message id the engine began, ended or cancelled
        self._finished = 0  # the highest message id the engine ended or cancelled
        self._audio = AudioServerWatch()
        try:
            self._open()
        except DeviceError as exc:
            self._failed(exc)

    # -- the protocol -------------------------------------------------------------------

    def speak(self, text: str, language: str, *, volume_db: float, rate: float,
              queued: bool = False) -> None:
        with self._lock:
            conn = self._connection()
            name, _ = self._voice_entry(language)
            if not queued:  # a message of priority "text" waits for the one before it
                self._call(conn.command, "CANCEL self")
            self._set(conn, "SYNTHESIS_VOICE", name)
            self._set(conn, "VOLUME", engine_volume(volume_db))
            self._set(conn, "RATE", engine_rate(rate))
            message_id = self._call(conn.speak, text)
            if message_id.isdigit():
                self._awaiting = (int(message_id), time.monotonic())

    def stop(self) -> None:
        with self._lock:
            conn = self._connection()
            self._call(conn.command, "CANCEL self")

    def output(self) -> Output:
        if self.headset_mode == "plugged" or (self.headset_mode == "port"
                                              and self._audio.headset):
            return Output.HEADSET
        return Output.LOUDSPEAKER

    def voice(self, language: str) -> Voice:
        return self._voice_entry(language)[1]

    def restart(self) -> None:
        old = self._conn
        if old is not None:
            old.close()  # a call stuck on it returns at once
        with self._lock:
            self._conn = None
            self._end_child()
            self._problem = ""
            try:
                self._open()
            except DeviceError as exc:
                self._failed(exc)
                raise

    def health(self) -> DeviceHealth:
        state, detail = DeviceState.READY, ""
        conn = self._conn
        if self._audio.reachable is False:  # the cause, whatever the engine does about it
            state = DeviceState.HARDWARE_ERROR
            detail = ("no audio server answers (PulseAudio or PipeWire): speech-dispatcher "
                      "takes text but nothing is heard")
        elif conn is None or not conn.alive:
            state = self._problem_state
            detail = self._problem or "speech-dispatcher closed the connection (crashed?)"
        elif self._silent_engine():
            state = DeviceState.HARDWARE_ERROR
            detail = (f"speech-dispatcher took the text but did not begin speaking within "
                      f"{BEGIN_WAIT_S:g} s: no sound comes out (check the audio server)")
        zh = self._voices.get("zh_CN")
        return DeviceHealth("speaker", "speech-dispatcher", state, detail,
                            {"voice": zh[1].name if zh else self.wanted["zh_CN"],
                             "output": self.output().value})

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
        with self._lock:
            self._conn = None
            self._end_child()
        self._audio.close()

    # -- the engine ---------------------------------------------------------------------

    def _connection(self) -> SsipConnection:
        conn = self._conn
        if conn is None or not conn.alive:
            raise DeviceError(DeviceState.HARDWARE_ERROR,
                              self._problem or "speech-dispatcher closed the connection")
        return conn

    def _call(self, function, *args):
        try:
            return function(*args)
        except DeviceError as exc:
            self._failed(exc)
            raise

    def _failed(self, exc: DeviceError) -> None:
        self._problem, self._problem_state = exc.message, exc.state

    def _set(self, conn: SsipConnection, what: str, value: object) -> None:
        if self._settings.get(what) != value:
            self._call(conn.command, f"SET self {what} {value}")
            self._settings[what] = value

    def _voice_entry(self, language: str) -> tuple[str, Voice]:
        if language not in LANGUAGES:
            raise ValueError(f"no voice for language {language!r} (known: {LANGUAGES})")
        if language not in self._voices:
            raise DeviceError(DeviceState.HARDWARE_ERROR,
                              self._problem or "speech-dispatcher is not connected")
        return self._voices[language]

    def _silent_engine(self) -> bool:
        awaiting = self._awaiting
        return (awaiting is not None and awaiting[0] > self._answered
                and time.monotonic() - awaiting[1] > BEGIN_WAIT_S)

    def _on_event(self, event: Event) -> None:  # on the connection's reader thread
        if event.code in (701, 702, 703) and event.message_id.isdigit():
            self._answered = max(self._answered, int(event.message_id))
            if event.code != 701:
                self._finished = max(self._finished, int(event.message_id))

    def last_text(self) -> str:
        """How far the engine got with the last text it took: "queued", "speaking",
        "done" (ended or cancelled), or "" when it took none. For the speak-test.
        speech-dispatcher 0.11 sends its clients no 702 END (its log shows the module's
        END arriving), so a text spoken to its end stays "speaking"."""
        if self._awaiting is None:
            return ""
        message_id = self._awaiting[0]
        if self._finished >= message_id:
            return "done"
        return "speaking" if self._answered >= message_id else "queued"

    def _open(self) -> None:
        """Connect (starting speech-dispatcher when nothing answers), pick the voices."""
        try:
            conn = SsipConnection(self.socket_path, self.timeout_s, self._on_event)
        except DeviceError:
            self._start_child()
            conn = SsipConnection(self.socket_path, self.timeout_s, self._on_event)
        try:
            conn.command("SET self CLIENT_NAME kiosk:speaker:main")
            for kind in ("begin", "end", "cancel"):
                conn.command(f"SET self NOTIFICATION {kind} on")
            voices = parse_voices(conn.command("LIST SYNTHESIS_VOICES").lines)
            chosen = {}
            for language, wanted in self.wanted.items():
                found = pick_voice(voices, wanted)
                if found is None:
                    raise DeviceError(DeviceState.NO_DEVICE,
                                      f"speech-dispatcher has no voice {wanted!r}")
                chosen[language] = (found[0], Voice(found[1], language_of(found[1])))
        except DeviceError:
            conn.close()
            raise
        self._voices = chosen
        self._settings = {}
        self._awaiting = None
        self._answered = self._finished = 0
        self._conn = conn
        self._audio.refresh()

    def _start_child(self) -> None:
        program = shutil.which("speech-dispatcher")
        if program is None:
            raise DeviceError(DeviceState.NO_DEVICE, "speech-dispatcher is not installed")
        path = Path(self.socket_path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)  # nothing answered there: a crashed one's leftover
        log.info("starting speech-dispatcher on %s", path)
        self._child = subprocess.Popen(
            [program, "--run-single", "--timeout", "0", "--communication-method",
             "unix_socket", "--socket-path", str(path), "--log-level", "2"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,  # its output modules share its group: killed with it
        )  # fmt: skip
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self._child.poll() is not None:
                self._child = None
                raise DeviceError(DeviceState.HARDWARE_ERROR,
                                  "speech-dispatcher exited at start (see its log in "
                                  "$XDG_RUNTIME_DIR/speech-dispatcher/log)")
            if _listening(str(path)):
                return
            time.sleep(0.05)
        self._end_child()
        raise DeviceError(DeviceState.HARDWARE_ERROR,
                          f"speech-dispatcher did not listen within {START_TIMEOUT_S:g} s")

    def _end_child(self) -> None:
        child, self._child = self._child, None
        if child is None:
            return
        for sig in (signal.SIGTERM, signal.SIGKILL):  # a stuck one ignores SIGTERM
            try:
                os.killpg(child.pid, sig)
            except ProcessLookupError:
                break
            try:
                child.wait(timeout=2)
                break
            except subprocess.TimeoutExpired:
                continue
        if child.poll() is None:
            child.wait()
        try:  # its output modules, should any outlive it
            os.killpg(child.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    @property
    def started_engine_pid(self) -> int | None:
        """The pid of the speech-dispatcher this driver started, if it started one."""
        return self._child.pid if self._child is not None else None


def _listening(path: str) -> bool:
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    probe.settimeout(0.5)
    try:
        probe.connect(path)
        return True
    except OSError:
        return False
    finally:
        probe.close()

