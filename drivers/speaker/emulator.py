"""An in-process speaker that records what it was asked to say, for the demo, the tour
and the tests. Its switches (the simulator's buttons) plug a headset in and make the
engine crash or hang, so the core's handling of a failing engine runs without one."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from drivers.base import DeviceError, DeviceHealth, DeviceState
from drivers.speaker.protocol import Output, Voice

VOICES = {"zh_CN": Voice("cmn", "zh"), "en": Voice("en-us", "en")}
# A rough speaking time per character, so "speaking" ends by itself as it would.
SECONDS_PER_CHAR = 0.18


@dataclass(frozen=True)
class Utterance:
    text: str
    language: str
    output: Output
    volume_db: float
    rate: float
    at: float  # time.monotonic() when the engine took it


class EmulatedSpeaker:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.utterances: list[Utterance] = []
        self.stops = 0
        self.restarts = 0
        self._speaking_until = 0.0
        self._output = Output.LOUDSPEAKER
        self._fault = ""  # "", "crash" or "hang"
        self._released = threading.Event()

    # -- the switches -----------------------------------------------------------------

    def plug_headset(self, plugged: bool) -> None:
        self._output = Output.HEADSET if plugged else Output.LOUDSPEAKER

    def fail(self, fault: str) -> None:
        """"crash": every call fails until a restart; "hang": speak() blocks until a
        restart or release(); "": the engine works again."""
        self._fault = fault
        self._released.clear()

    def release(self) -> None:
        self._released.set()

    @property
    def fault(self) -> str:
        return self._fault

    @property
    def speaking(self) -> bool:
        return time.monotonic() < self._speaking_until

    def said(self) -> list[str]:
        return [u.text for u in self.utterances]

    # -- the protocol -------------------------------------------------------------------

    def speak(self, text: str, language: str, *, volume_db: float, rate: float,
              queued: bool = False) -> None:
        if self._fault == "crash":
            raise DeviceError(DeviceState.HARDWARE_ERROR, "speech engine stopped")
        if self._fault == "hang":
            generation = self.restarts
            self._released.wait()
            if self.restarts != generation:  # abandoned: its engine is gone
                raise DeviceError(DeviceState.HARDWARE_ERROR, "speech engine restarted")
        with self._lock:
            now = time.monotonic()
            self.utterances.append(Utterance(text, language, self._output, volume_db, rate, now))
            starts = max(now, self._speaking_until) if queued else now
            self._speaking_until = starts + len(text) * SECONDS_PER_CHAR / rate

    def stop(self) -> None:
        if self._fault == "crash":
            raise DeviceError(DeviceState.HARDWARE_ERROR, "speech engine stopped")
        with self._lock:
            if self.speaking:
                self.stops += 1
            self._speaking_until = 0.0

    def output(self) -> Output:
        return self._output

    def voice(self, language: str) -> Voice:
        return VOICES[language]

    def restart(self) -> None:
        self.restarts += 1
        self._fault = ""
        self._released.set()
        self._speaking_until = 0.0

    def health(self) -> DeviceHealth:
        state = DeviceState.HARDWARE_ERROR if self._fault else DeviceState.READY
        return DeviceHealth("speaker", "emulated speaker", state,
                            "speech engine not answering" if self._fault else "",
                            {"voice": VOICES["zh_CN"].name, "output": self._output.value})

    def close(self) -> None:
        self._released.set()
