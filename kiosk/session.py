"""One resident's visit: from the first touch to the wipe.

The session owns the journey in progress, the idle timer (warn, let the resident ask for
more time, then wipe), the cards in the readers, and the guard that turns any unexpected
exception into a plain message, a wipe and the home screen. It holds no Qt: screens call
it and read its state; a timer in the UI calls `tick()`.

Card rules: a session never ends silently while a card is still in a reader (the end
asks the resident to take it and waits for the removal); and a card left behind when a
session is wiped anyway never enters the next session: a read from that reader is
ignored until the reader has reported the card gone.
"""

from __future__ import annotations

import enum
import logging
import secrets
import string
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from kiosk.config import SessionConfig
from kiosk.i18n import QT_TRANSLATE_NOOP, Message
from kiosk.identity import Identity
from kiosk.journeys.base import Journey, JourneyError

log = logging.getLogger(__name__)
T = TypeVar("T")
# How long a card read in this visit opens the resident's records without being read again:
# under the platform's window for a card-read statement (5 minutes), with room for the look-up.
RECORDS_PROOF_FRESH_S = 240.0


def new_session_id() -> str:
    """Twelve random letters. No digits: the audit trail refuses any detail that looks
    like an ID or mobile number, and twelve hex digits did once in about 3,000 sessions
    ("a13812345678"); every event of that session was refused then, the wipe's too, so
    the session never ended and every visit after it failed until a restart."""
    return "".join(secrets.choice(string.ascii_lowercase) for _ in range(12))

SOMETHING_WENT_WRONG = QT_TRANSLATE_NOOP(
    "session",
    "刚才出了点问题，已为您回到首页，填写的内容已清除，没有提交。请重新开始，"
    "或拨打12345求助。",
)
TAKE_YOUR_CARD = QT_TRANSLATE_NOOP("session", "请取走您的卡片。")
TIMED_OUT = QT_TRANSLATE_NOOP("session", "由于长时间没有操作，已为您清除填写的内容，回到首页。")


class SessionState(enum.Enum):
    IDLE = "idle"  # home screen, nobody's data in memory
    ACTIVE = "active"
    WARNING = "warning"  # "are you still there?" with a countdown
    TAKE_CARD = "take_card"  # ending: waiting for the resident to take a card


@dataclass(frozen=True)
class SessionEvent:
    kind: str  # "warn", "remind_card", "wiped"
    message: Message | None = None
    seconds_left: int = 0


class Session:
    def __init__(
        self,
        config: SessionConfig,
        *,
        audit: Callable[..., None] = lambda session_id, event, **detail: None,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.config = config
        self._audit = audit
        self._clock = clock
        self.state = SessionState.IDLE
        self.id = ""
        self.journey: Journey | None = None
        self.identity: Identity | None = None
        self.elder_mode = False
        self.language = "zh_CN"
        self.extensions_used = 0
        self.last_message: Message | None = None
        self.cards_in_readers: set[str] = set()  # reader kinds holding a card right now
        self.left_behind: set[str] = set()  # readers whose card belongs to a wiped session
        self._last_touch = clock()
        self._warned_at = 0.0
        self._reminded_at = 0.0
        self._wipe_listeners: list[Callable[[], None]] = []

    def now(self) -> float:
        """The session's clock (monotonic seconds), for screens that time a gesture."""
        return self._clock()

    def personal_data(self) -> list[str]:
        """This visit's numbers and names that the loudspeaker must never say: the
        identity read or typed (name, given name, ID number) and every number answered
        or typed so far."""
        found: list[str] = []
        identity = self.identity or (self.journey.identity if self.journey else None)
        if identity is not None:
            given = identity.name[1:]  # one character alone is too common a word
            found += [identity.id_number, identity.name, identity.english_name,
                      given if len(given) >= 2 else ""]
        if self.journey is not None:
            typed = [*self.journey.answers.values(), *self.journey.drafts.values()]
            found += [value for value in typed if sum(c.isdigit() for c in value) >= 4]
        return [value for value in found if value]

    # -- lifetime -------------------------------------------------------------------

    def on_wipe(self, listener: Callable[[], None]) -> None:
        """Other holders of session data (view-models, keyboard, camera) clear themselves."""
        self._wipe_listeners.append(listener)

    def touch(self) -> None:
        """Any touch: the resident is here. Starts a session on the first one."""
        self._last_touch = self._clock()
        if self.state is SessionState.IDLE:
            self.id = new_session_id()
            self.state = SessionState.ACTIVE
            self.extensions_used = 0
            self.last_message = None
            self._audit(self.id, "session_started")
        elif self.state is SessionState.WARNING:
            self.state = SessionState.ACTIVE

    def start(self, journey: Journey) -> Journey:
        self.touch()
        if self.journey is not None:
            self.journey.wipe()
        self.journey = journey
        if self.identity is not None and not self._too_old_for(journey):
            # Proven once in this visit: not asked again.
            self.guard(lambda: journey.identify(self.identity), default=None)
        self._audit(self.id, "journey_started", journey=journey.kind,
                    service=journey.item.code if journey.item else "-")
        return journey

    def _too_old_for(self, journey: Journey) -> bool:
        """A card read minutes ago proves the resident to an application, but a journey
        that opens their records asks the platform with it, which takes it for a few
        minutes only: then the card is asked for again (not "the network is down")."""
        return (journey.opens_records and self.identity is not None
                and time.time() - self.identity.proven_at > RECORDS_PROOF_FRESH_S)

    def hand_over(self) -> None:
        """The resident goes to the counter instead (a question needs typing they cannot
        do here): the journey's answers go; the audit says where it stopped."""
        if self.journey is not None:
            self._audit(self.id, "journey_handed_over", step=self.journey.step.key)
            self.journey.wipe()
            self.journey = None

    def abandon_journey(self) -> None:
        """Home from inside a journey (after the screen asked): drop its answers."""
        if self.journey is not None:
            self._audit(self.id, "journey_abandoned", step=self.journey.step.key)
            self.journey.wipe()
            self.journey = None

    # -- cards ----------------------------------------------------------------------

    def card_read(self, reader: str, identity: Identity) -> bool:
        """A card was read. Returns False if it was ignored (a card left behind)."""
        self.cards_in_readers.add(reader)
        if reader in self.left_behind:
            log.warning("ignored a card left in the %s by an earlier session", reader)
            return False
        self.touch()
        self.identity = identity
        self._audit(self.id, "identified", proof=identity.proof.value, reader=reader)
        if self.journey is not None:
            self.journey.identify(identity)
        return True

    def identified(self, identity: Identity, how: str) -> None:
        """Proof without a card to take back (an e-ID code on the resident's phone)."""
        self.touch()
        self.identity = identity
        self._audit(self.id, "identified", proof=identity.proof.value, reader=how)
        if self.journey is not None:
            self.journey.identify(identity)

    def card_removed(self, reader: str) -> None:
        self.cards_in_readers.discard(reader)
        self.left_behind.discard(reader)
        if self.state is SessionState.TAKE_CARD and not self.cards_in_readers:
            self._wipe("ended")

    def end(self) -> SessionEvent | None:
        """The resident is done. With a card still in a reader, ask them to take it first."""
        if self.cards_in_readers:
            self.state = SessionState.TAKE_CARD
            self._reminded_at = self._clock()
            self._audit(self.id, "take_card_reminder")
            return SessionEvent("remind_card", TAKE_YOUR_CARD)
        self._wipe("ended")
        return None

    def shut_down(self) -> None:
        """The terminal stops (its service manager, a technician): the visit in progress,
        if any, is wiped as if it had ended."""
        if self.id or self.journey is not None or self.identity is not None:
            self._wipe("shutdown")

    # -- the idle timer -------------------------------------------------------------

    @property
    def idle_warning_s(self) -> int:
        """How long a still screen waits before it warns; elder mode gives twice as long."""
        return int(self.config.idle_warning_s * self.pace)

    @property
    def countdown_s(self) -> int:
        """The warning's countdown, doubled in elder mode too (at least 20 s either way)."""
        return int(self.config.countdown_s * self.pace)

    @property
    def pace(self) -> int:
        """Every time limit a resident meets is multiplied by this: 2 in elder mode."""
        return 2 if self.elder_mode else 1

    def tick(self) -> SessionEvent | None:
        """Called about once a second by the UI's timer."""
        now = self._clock()
        if self.state is SessionState.ACTIVE:
            if now - self._last_touch >= self.idle_warning_s:
                self.state = SessionState.WARNING
                self._warned_at = now
                self._audit(self.id, "idle_warning")
                return SessionEvent("warn", seconds_left=self.countdown_s)
        elif self.state is SessionState.WARNING:
            left = self.countdown_s - (now - self._warned_at)
            if left <= 0:
                return self._timeout()
            return SessionEvent("warn", seconds_left=int(left + 0.999))
        elif self.state is SessionState.TAKE_CARD:
            if now - self._reminded_at >= self.config.card_reminder_s:
                self._reminded_at = now
                if now - self._last_touch >= self.idle_warning_s + self.countdown_s:
                    return self._timeout()
                return SessionEvent("remind_card", TAKE_YOUR_CARD)
        return None

    @property
    def can_extend(self) -> bool:
        return self.extensions_used < self.config.max_extensions

    def extend(self) -> bool:
        """"I need more time". False once the extensions are used up."""
        if self.state is not SessionState.WARNING or not self.can_extend:
            return False
        self.extensions_used += 1
        self._audit(self.id, "extended", count=self.extensions_used)
        self._last_touch = self._clock()
        self.state = SessionState.ACTIVE
        return True

    def _timeout(self) -> SessionEvent:
        if self.cards_in_readers:
            # Nobody is there to take it. Wipe anyway, and make sure that card can never
            # identify the next resident; tell the technician log.
            self.left_behind |= self.cards_in_readers
            log.warning("session timed out with a card left in: %s",
                        ", ".join(sorted(self.cards_in_readers)))
            self._audit(self.id, "card_left_behind", readers=",".join(sorted(self.left_behind)))
        self._wipe("timed_out", TIMED_OUT)
        return SessionEvent("wiped", TIMED_OUT)

    # -- the guard and the wipe -----------------------------------------------------

    def guard(self, action: Callable[[], T], default: T | None = None) -> T | None:
        """Run a journey or device step; the unexpected never reaches the resident.

        A JourneyError is an expected refusal and is passed on with its message. Anything
        else is logged without its message (it may hold personal data), then the session
        is wiped and the resident goes home with a plain sentence.
        """
        try:
            return action()
        except JourneyError:
            raise
        except Exception as exc:  # noqa: BLE001 - this is the last line of defence
            frames = traceback.extract_tb(exc.__traceback__)
            where = " <- ".join(f"{f.name}@{f.filename.rsplit('/', 1)[-1]}:{f.lineno}"
                                for f in reversed(frames))
            log.error("unexpected %s in a journey step at %s; session wiped",
                      type(exc).__name__, where)
            self._audit(self.id or "-", "unexpected_error", error=type(exc).__name__)
            self._wipe("error", SOMETHING_WENT_WRONG)
            return default

    def _wipe(self, reason: str, message: Message | None = None) -> None:
        """Forget the visit; `message` is what the home screen then tells the resident."""
        if self.journey is not None:
            self.journey.wipe()
        self.journey = None
        self.identity = None
        self.elder_mode = False
        self.language = "zh_CN"
        self.extensions_used = 0
        self.last_message = message
        if self.id:
            self._audit(self.id, "session_wiped", reason=reason)
        self.id = ""
        self.state = SessionState.IDLE
        for listener in self._wipe_listeners:
            try:
                listener()
            except Exception as exc:  # noqa: BLE001 - one failing listener must not stop the wipe
                log.error("a wipe listener failed: %s", type(exc).__name__)
