"""A new screen's first frame to its first sound, in voice mode on the real engine, against
the bare engine saying the same text in the same run.

    .venv/bin/python bench/speech.py [--rounds 30]

A private PulseAudio with a null sink and a private speech-dispatcher (espeak-ng, voice
cmn) are started for the run (tests/devices/audio_stack.py); the null sink's monitor is
recorded. The kiosk (portrait 1080x1920, offscreen, software renderer) runs with
`[devices.speaker] driver = "speech-dispatcher"` and voice mode on; each round taps from
home to "我要办" and back, and times from the first frame the new screen drew to the first
non-silent sample at the monitor. The baseline: the driver alone (no kiosk, no Qt in the
path) asked to say the same text, timed from the call to the first non-silent sample.
Rounds alternate kiosk and baseline, each after silence. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtGui import QGuiApplication  # noqa: E402

from bench.transitions import summary  # noqa: E402 - the same p50/p95 as the other benches
from kiosk.config import KioskConfig  # noqa: E402
from kiosk.voice import spoken_form  # noqa: E402
from tests.devices.audio_stack import (  # noqa: E402
    AudioStack,
    MonitorRecorder,
    missing_prerequisite,
    wait_for,
)
from ui.app import prepare_qt  # noqa: E402

QUIET_BEFORE_S = 0.3  # each round starts after this much silence at the sink
HEARD_WITHIN_S = 5.0  # a round whose sound never comes is counted as lost


def wait_for_quiet(monitor: MonitorRecorder, pump) -> None:
    def quiet() -> bool:
        pump()
        since = monitor.silent_since()
        return since is not None and monitor.latest() - since >= QUIET_BEFORE_S

    if not wait_for(quiet, timeout=30):
        raise RuntimeError("the sink never went quiet")


class KioskRounds:
    """The kiosk's screens in voice mode; each round one tap to a new screen."""

    def __init__(self, stack: AudioStack, data_dir: Path):
        from kiosk.app import Kiosk
        from ui.app import KioskScreens
        from ui.rehearsal.driver import ScreenDriver

        config = KioskConfig()
        speaker = config.devices["speaker"]
        speaker.driver, speaker.socket, speaker.headset = (
            "speech-dispatcher", str(stack.socket_path), "unplugged")
        self.kiosk = Kiosk(config, data_dir)
        self.screens = KioskScreens(self.kiosk, orientation="portrait")
        self.window = self.screens.window
        self.driver = ScreenDriver(self.window)
        self.vm = self.screens.app_vm
        self._frame_at = 0.0
        self.window.frameSwapped.connect(self._swapped)
        self.driver.wait_for_frame()
        self.driver.tap("voice")  # voice mode on
        self.driver.wait(200)

    def _swapped(self) -> None:
        if not self._frame_at:
            self._frame_at = time.monotonic()

    def pump(self) -> None:
        self.driver.wait(10)

    def round(self, monitor: MonitorRecorder) -> tuple[float | None, str]:
        """(ms from the new screen's first frame to its first sound, the text said)."""
        target = "tile-apply" if self.vm.screen == "home" else "back"
        self._frame_at = 0.0
        self.driver.tap(target)  # the press silences what home or the list still said
        if not wait_for(lambda: (self.pump() or True) and self._frame_at > 0, timeout=5):
            raise RuntimeError("no frame after the tap")
        frame_at = self._frame_at
        heard = wait_for(lambda: (self.pump() or True)
                         and monitor.first_sound_after(frame_at) is not None,
                         timeout=HEARD_WITHIN_S)
        text = spoken_form(self.vm.speech)
        if not heard:
            return None, text
        return (monitor.first_sound_after(frame_at) - frame_at) * 1000, text

    def silence(self) -> None:
        self.kiosk.voice.silence()

    def close(self) -> None:
        self.screens.close()
        self.kiosk.close()


def baseline_round(speaker, monitor: MonitorRecorder, text: str) -> float | None:
    from drivers.speaker.protocol import DEFAULT_VOLUME_STEP, VOLUME_STEPS_DB

    asked = time.monotonic()
    speaker.speak(text, "zh_CN", volume_db=VOLUME_STEPS_DB[DEFAULT_VOLUME_STEP], rate=1.0)
    if not wait_for(lambda: monitor.first_sound_after(asked) is not None,
                    timeout=HEARD_WITHIN_S):
        return None
    return (monitor.first_sound_after(asked) - asked) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    missing = missing_prerequisite()
    if missing:
        print(json.dumps({"error": missing}))
        return 1
    prepare_qt(offscreen=True)
    app = QGuiApplication(sys.argv[:1])  # noqa: F841 - lives for the whole run
    from drivers.speaker.dispatcher import SpeechDispatcherSpeaker

    with tempfile.TemporaryDirectory(prefix="kiosk-speech-") as tmp:
        stack = AudioStack(Path(tmp) / "a")
        stack.start()
        kiosk = bare = None
        try:
            with stack.env(), MonitorRecorder(stack) as monitor:
                kiosk = KioskRounds(stack, Path(tmp) / "data")
                bare = SpeechDispatcherSpeaker(socket_path=str(stack.socket_path),
                                               headset="unplugged")
                kiosk_ms, baseline_ms, lost = [], [], 0
                for _ in range(args.rounds):
                    kiosk.silence()  # what the last screen still said
                    wait_for_quiet(monitor, kiosk.pump)
                    ms, text = kiosk.round(monitor)
                    kiosk.silence()
                    if ms is None:
                        lost += 1
                        continue
                    kiosk_ms.append(ms)
                    wait_for_quiet(monitor, kiosk.pump)
                    base = baseline_round(bare, monitor, text)
                    bare.stop()
                    if base is not None:
                        baseline_ms.append(base)
        finally:
            if bare is not None:
                bare.close()
            if kiosk is not None:
                kiosk.close()
            stack.stop()
    k, b = summary(kiosk_ms), summary(baseline_ms)
    print(json.dumps({
        "rounds": args.rounds,
        "lost_rounds": lost,
        "prompt_to_audio_p50_ms": k["p50_ms"],
        "prompt_to_audio_p95_ms": k["p95_ms"],
        "baseline_p50_ms": b["p50_ms"],
        "baseline_p95_ms": b["p95_ms"],
        "p95_above_baseline_ms": round(k["p95_ms"] - b["p95_ms"], 1),
        "engine": "speech-dispatcher 0.11 + espeak-ng cmn, PulseAudio null sink",
        "window": "1080x1920 portrait, offscreen, software renderer",
    }, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
