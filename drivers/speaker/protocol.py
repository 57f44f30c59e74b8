"""What the core may ask of the terminal's speaker, whatever engine speaks.

Speech is a device like the printer. The core (kiosk/voice.py) calls it from its own
thread, never from the screens' thread, and abandons a call that does not come back.
Every call here is bounded by the driver's own timeout; none waits for speech to end.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from drivers.base import DeviceHealth

# The resident's volume steps, in dB below the loudest: six steps over 20 dB (EN 301 549
# 5.1.3 and ADA 707.5 ask for at least 18 dB). The driver turns them into the engine's
# own scale; the contract tests measure the real engine's output at each step.
VOLUME_STEPS_DB = (-20.0, -16.0, -12.0, -8.0, -4.0, 0.0)
DEFAULT_VOLUME_STEP = 3
# Speaking rates as a factor of the engine's normal rate: five steps.
RATE_STEPS = (0.7, 0.85, 1.0, 1.2, 1.4)
DEFAULT_RATE_STEP = 2
ELDER_RATE_STEP = 1  # a little slower for elder mode, until the resident changes it

LANGUAGES = ("zh_CN", "en")  # the screens' languages; each has its voice


class Output(enum.Enum):
    """Where the sound goes: the loudspeaker everyone nearby hears, or a headset."""

    LOUDSPEAKER = "loudspeaker"
    HEADSET = "headset"


@dataclass(frozen=True)
class Voice:
    name: str  # the engine's name for it ("cmn", "en-us" ...)
    language: str  # the language it speaks, as the engine says ("zh", "en")


@runtime_checkable
class Speaker(Protocol):
    def speak(self, text: str, language: str, *, volume_db: float, rate: float,
              queued: bool = False) -> None:
        """Stop whatever is being said and start saying `text` with the voice for
        `language` (one of LANGUAGES); `queued`: say it after what is being said instead
        (the next part of one prompt in another language). Returns once the engine has
        taken it, never waiting for the speech to end; raises DeviceError when the engine
        cannot speak."""
        ...

    def stop(self) -> None:
        """Silence at once (whatever is being said, and anything queued)."""
        ...

    def output(self) -> Output:
        """Where sound goes now: HEADSET while one is plugged in. Cheap: it never waits
        on the engine (the driver watches the jack on its own)."""
        ...

    def voice(self, language: str) -> Voice:
        """The voice this speaker uses for `language`."""
        ...

    def restart(self) -> None:
        """Abandon the engine and start a fresh one; DeviceError when it cannot."""
        ...

    def health(self) -> DeviceHealth:
        """kind "speaker"; extra holds "voice" (the Chinese voice's name) and "output"."""
        ...

    def close(self) -> None: ...
