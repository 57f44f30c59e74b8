"""Voice mode: what the terminal says, through which output, how loud and how fast.

The screens hand over what a sighted resident reads first there (a `Speech`); this says
it through the speaker device, on a thread of its own, so no screen ever waits on the
speech engine. The newest request wins: a prompt nobody has heard yet is dropped when the
next screen's arrives. Each call to the engine runs on a short-lived thread of its own and
is abandoned when it does not come back in time; the engine is then restarted, the visit
goes on in silence meanwhile, and the technician sees it in the speaker's health.

On the loudspeaker the terminal never says the resident's own data: a `Speech` carries a
text for anyone's ears and, apart, the same with their data, said only into a headset and
only when they asked to hear it. As a last guard, a text for the loudspeaker loses any run
of four digits of this visit's ID and phone numbers and the resident's name.
Unplugging the headset silences it at once.
"""

from __future__ import annotations

import functools
import logging
import re
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from drivers.base import DeviceError
from drivers.speaker.protocol import (
    DEFAULT_RATE_STEP,
    DEFAULT_VOLUME_STEP,
    ELDER_RATE_STEP,
    RATE_STEPS,
    VOLUME_STEPS_DB,
    Output,
)

log = logging.getLogger(__name__)

CALL_TIMEOUT_S = 3.0  # an engine call not back by then is abandoned
OUTPUT_POLL_S = 0.05  # how often the headset jack is looked at (a cached value)
RETRY_ENGINE_S = 30.0  # a restart that failed is tried again after this long
DIGIT_RUN = re.compile(r"\d{5,}")  # numbers people read digit by digit (hotlines, receipts)
# Chinese characters with their punctuation: an English screen showing a service's
# Chinese text has those parts said by the Chinese voice (the English one cannot).
CHINESE_RUN = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+")


@dataclass(frozen=True)
class Speech:
    """What one screen (or one change on it) says. `text` is for anyone's ears; `private`
    is the same with the resident's own data, for their headset only."""

    text: str
    private: str = ""

    def for_output(self, output: Output, own_data: bool) -> str:
        if output is Output.HEADSET and own_data and self.private:
            return self.private
        return self.text


def spoken_form(text: str) -> str:
    """The text as the engine should read it: long numbers digit by digit ("12345" is a
    hotline, not twelve thousand), line breaks as pauses."""
    text = DIGIT_RUN.sub(lambda m: " ".join(m.group()), text)
    return re.sub(r"\s*\n+\s*", "。", text).strip()


def without_personal_data(text: str, personal: Iterable[str]) -> str:
    """`text` with every run of four or more digits taken from `personal` numbers, and
    every personal name, removed: the loudspeaker's last guard."""
    numbers = [re.sub(r"\D", "", p) for p in personal]
    numbers = [n for n in numbers if len(n) >= 4]
    names = [p for p in personal if p and not re.search(r"\d", p)]
    for name in names:
        text = text.replace(name, "")

    def scrub(match: re.Match) -> str:
        run = match.group()
        for number in numbers:
            for start in range(len(number) - 3):
                if number[start:start + 4] in run:
                    return ""
        return run

    return re.sub(r"\d{4,}", scrub, text)


def by_voice(text: str, language: str) -> list[tuple[str, str]]:
    """`text` as (part, language) to say one after the other: on an English screen, its
    runs of Chinese go to the Chinese voice."""
    if language != "en" or not CHINESE_RUN.search(text):
        return [(text, language)]
    parts: list[tuple[str, str]] = []
    at = 0
    for match in CHINESE_RUN.finditer(text):
        parts.append((text[at:match.start()], "en"))
        parts.append((match.group(), "zh_CN"))
        at = match.end()
    parts.append((text[at:], "en"))
    return [(part, voice) for part, voice in parts if re.search(r"\w", part)]


class VoiceGuide:
    """Voice mode for the visit at hand. Methods are called on the screens' thread and
    return at once; the engine is spoken to on this guide's own thread."""

    def __init__(self, speaker, *, personal_data: Callable[[], list[str]] = list,
                 call_timeout_s: float = CALL_TIMEOUT_S):
        self._speaker = speaker
        self._personal_data = personal_data  # the visit's numbers and names, for the guard
        self._timeout = call_timeout_s
        self._listeners: list[Callable[[], None]] = []
        self._lock = threading.Condition()
        # The newest prompt, waiting to be said: its parts, (text, language) each.
        self._pending: list[tuple[str, str]] | None = None
        self._stop_pending = False
        self._closing = False
        self.on = False
        self.own_data = False  # the resident asked to hear their data (headset only)
        self.screen_blanked = False
        self.volume_step = DEFAULT_VOLUME_STEP
        self.rate_step = DEFAULT_RATE_STEP
        self.output = Output.LOUDSPEAKER if speaker is None else self._read_output()
        self.engine_ok = speaker is not None
        self._restart_after = 0.0
        self._thread = threading.Thread(target=self._run, name="voice", daemon=True)
        if speaker is not None:
            self._thread.start()

    # -- what the screens call --------------------------------------------------------

    def on_change(self, listener: Callable[[], None]) -> None:
        """`listener()` runs (on the voice thread) when the output or the engine's state
        changes: the screens re-read `output`, `screen_blanked` and `engine_ok`."""
        self._listeners.append(listener)

    def turn_on(self) -> None:
        self.on = True

    def turn_off(self) -> None:
        self.on = False
        self._stop()

    def say(self, speech: Speech, language: str) -> None:
        """Say `speech` in voice mode, interrupting what is being said."""
        if not self.on or self._speaker is None:
            return
        text = speech.for_output(self.output, self.own_data)
        if self.output is Output.LOUDSPEAKER:
            text = without_personal_data(text, self._personal_data())
        text = spoken_form(text)
        if not text:
            return
        with self._lock:
            self._pending = by_voice(text, language)
            self._lock.notify()

    def silence(self) -> None:
        """Touching the screen or pressing a key: quiet at once (nothing to do while voice
        mode is off, so an ordinary touch never reaches the engine)."""
        if self.on:
            self._stop()

    def _stop(self) -> None:
        if self._speaker is None:
            return
        with self._lock:
            self._pending = None
            self._stop_pending = True
            self._lock.notify()

    def louder(self) -> bool:
        return self._step("volume_step", +1, len(VOLUME_STEPS_DB))

    def quieter(self) -> bool:
        return self._step("volume_step", -1, len(VOLUME_STEPS_DB))

    def faster(self) -> bool:
        return self._step("rate_step", +1, len(RATE_STEPS))

    def slower(self) -> bool:
        return self._step("rate_step", -1, len(RATE_STEPS))

    def _step(self, name: str, by: int, steps: int) -> bool:
        value = getattr(self, name) + by
        if not 0 <= value < steps:
            return False
        setattr(self, name, value)
        return True

    def hear_own_data(self, wanted: bool) -> bool:
        """Only into a headset; False when none is plugged in."""
        self.own_data = wanted and self.output is Output.HEADSET
        return self.own_data == wanted

    def blank_screen(self, blanked: bool) -> bool:
        """Only with a headset on (as ATMs do): the resident works by ear alone."""
        self.screen_blanked = blanked and self.output is Output.HEADSET
        return self.screen_blanked == blanked

    def elder_mode_on(self) -> None:
        """Elder mode speaks by default, a little slower unless the resident chose."""
        self.on = True
        if self.rate_step == DEFAULT_RATE_STEP:
            self.rate_step = ELDER_RATE_STEP

    def end_visit(self) -> None:
        """The wipe: off, defaults, the screen back, nothing remembered."""
        self.on = False
        self.own_data = False
        self.screen_blanked = False
        self.volume_step = DEFAULT_VOLUME_STEP
        self.rate_step = DEFAULT_RATE_STEP
        self._stop()

    @property
    def volume_db(self) -> float:
        return VOLUME_STEPS_DB[self.volume_step]

    @property
    def rate(self) -> float:
        return RATE_STEPS[self.rate_step]

    def close(self) -> None:
        with self._lock:
            self._closing = True
            self._lock.notify()
        if self._thread.is_alive():
            self._thread.join(timeout=self._timeout + 1)

    # -- the voice thread ---------------------------------------------------------------

    def _read_output(self) -> Output:
        try:
            return self._speaker.output()
        except Exception:  # noqa: BLE001 - a jack that cannot be read is the loudspeaker
            return Output.LOUDSPEAKER

    def _run(self) -> None:
        while True:
            with self._lock:
                self._lock.wait_for(lambda: self._closing or self._stop_pending
                                    or self._pending is not None, timeout=OUTPUT_POLL_S)
                if self._closing:
                    return
                stop, self._stop_pending = self._stop_pending, False
                pending, self._pending = self._pending, None
            if self._follow_output() is Output.LOUDSPEAKER:
                pending = None  # worded for the headset just pulled out: never aloud
            if not self.engine_ok and not self._try_restart():
                continue  # silent until the engine is back
            if stop or pending is not None:
                if not self._call(self._speaker.stop):
                    continue
            for n, (text, language) in enumerate(pending or []):
                if not self._call(functools.partial(
                        self._speaker.speak, text, language, volume_db=self.volume_db,
                        rate=self.rate, queued=n > 0)):
                    break

    def _follow_output(self) -> Output | None:
        """The output it has just changed to (None: no change)."""
        output = self._read_output()
        if output is self.output:
            return None
        self.output = output
        if output is Output.LOUDSPEAKER:  # unplugged: not one more word of theirs aloud
            self.own_data = False
            self.screen_blanked = False
            self._call(self._speaker.stop)
        self._tell()
        return output

    def _call(self, request: Callable[[], None]) -> bool:
        """One engine call; False (and the engine marked down) when it fails or does not
        come back in time."""
        failed = self._bounded(request, self._timeout)
        if failed:
            self._engine_down(failed)
        return not failed

    @staticmethod
    def _bounded(request: Callable[[], None], timeout_s: float) -> str:
        """Run `request` on a thread of its own: "" when it came back in time, else why
        not (a call that hangs is left behind on its thread)."""
        done = threading.Event()
        failure: list[BaseException] = []

        def run() -> None:
            try:
                request()
            except BaseException as exc:  # noqa: BLE001 - reported below, never lost
                failure.append(exc)
            finally:
                done.set()

        threading.Thread(target=run, name="voice-call", daemon=True).start()
        if not done.wait(timeout_s):
            return "no answer in time"
        if failure:
            exc = failure[0]
            return exc.message if isinstance(exc, DeviceError) else type(exc).__name__
        return ""

    def _engine_down(self, why: str) -> None:
        if self.engine_ok:
            log.warning("speech engine failing (%s): abandoned, restarting it", why)
            self.engine_ok = False
            self._tell()
        self._restart_after = 0.0

    def _try_restart(self) -> bool:
        if time.monotonic() < self._restart_after:
            return False
        self._restart_after = time.monotonic() + RETRY_ENGINE_S
        if self._bounded(self._speaker.restart, self._timeout * 3):
            return False
        log.info("speech engine restarted")
        self.engine_ok = True
        self._tell()
        return True

    def _tell(self) -> None:
        for listener in self._listeners:
            try:
                listener()
            except Exception as exc:  # noqa: BLE001 - a listener never stops the voice
                log.error("voice listener failed: %s", type(exc).__name__)
