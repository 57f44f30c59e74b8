"""The visit's lifetime: idle warning, more time, the wipe, cards, the last-resort guard."""

import logging

import pytest

from kiosk.catalogue.model import IdentityProof
from kiosk.config import SessionConfig
from kiosk.identity import Identity
from kiosk.session import Session, SessionState, new_session_id

ID_NUMBER = "11010519491231002X"


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += seconds


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def audit():
    return []


@pytest.fixture
def session(clock, audit):
    config = SessionConfig(idle_warning_s=60, countdown_s=30, max_extensions=10,
                           card_reminder_s=20)
    return Session(config, clock=clock,
                   audit=lambda sid, event, **detail: audit.append((sid, event, detail)))


def card_identity():
    return Identity(ID_NUMBER, IdentityProof.ID_CARD, name="王秀兰")


def test_idle_warns_then_counts_down_then_wipes(session, clock):
    session.touch()
    session.language = "en"
    clock.advance(59)
    assert session.tick() is None
    clock.advance(1)
    event = session.tick()
    assert event.kind == "warn" and event.seconds_left == 30
    clock.advance(10)
    assert session.tick().seconds_left == 20
    clock.advance(20)
    event = session.tick()
    assert event.kind == "wiped"
    assert session.state is SessionState.IDLE
    assert session.language == "zh_CN"


def test_elder_mode_gives_twice_the_time_before_the_warning_and_in_it(session, clock):
    session.touch()
    session.elder_mode = True
    clock.advance(119)
    assert session.tick() is None
    clock.advance(1)
    event = session.tick()
    assert event.kind == "warn" and event.seconds_left == 60
    clock.advance(59)
    assert session.tick().seconds_left == 1
    clock.advance(1)
    assert session.tick().kind == "wiped"
    assert session.elder_mode is False  # the next resident starts in the standard mode


def test_more_time_at_least_ten_times_then_no_more(session, clock):
    session.touch()
    for _ in range(10):
        clock.advance(60)
        assert session.tick().kind == "warn"
        assert session.extend()
    clock.advance(60)
    assert session.tick().kind == "warn"
    assert not session.can_extend
    assert not session.extend()
    clock.advance(30)
    assert session.tick().kind == "wiped"


def test_a_touch_during_the_warning_keeps_the_session(session, clock):
    session.touch()
    clock.advance(61)
    session.tick()
    session.touch()
    assert session.state is SessionState.ACTIVE
    clock.advance(59)
    assert session.tick() is None


def test_wipe_clears_identity_and_tells_every_holder(session, clock):
    wiped = []
    session.on_wipe(lambda: wiped.append(True))
    session.touch()
    session.card_read("id_reader", card_identity())
    session.card_removed("id_reader")
    assert session.identity is not None
    clock.advance(60)
    assert session.tick().kind == "warn"
    clock.advance(30)
    assert session.tick().kind == "wiped"
    assert session.identity is None and wiped == [True]


def test_the_end_waits_for_the_card_to_be_taken(session, clock):
    session.touch()
    session.card_read("id_reader", card_identity())
    event = session.end()
    assert event.kind == "remind_card" and "取走" in event.message
    assert session.state is SessionState.TAKE_CARD
    assert session.identity is not None  # not ended silently
    clock.advance(20)
    assert session.tick().kind == "remind_card"  # reminded again
    session.card_removed("id_reader")
    assert session.state is SessionState.IDLE and session.identity is None


def test_a_card_left_behind_never_enters_the_next_session(session, clock, audit):
    session.touch()
    session.card_read("card_reader", card_identity())
    clock.advance(60)
    session.tick()
    clock.advance(30)
    assert session.tick().kind == "wiped"
    assert any(event == "card_left_behind" for _, event, _ in audit)
    # Next resident: the same card is reported again by the reader; it must be ignored.
    session.touch()
    assert session.card_read("card_reader", card_identity()) is False
    assert session.identity is None
    session.card_removed("card_reader")
    assert session.card_read("card_reader", card_identity()) is True


def test_an_unexpected_exception_becomes_a_plain_message_and_a_wipe(session, caplog):
    session.touch()
    session.card_read("id_reader", card_identity())

    def broken_step():
        raise RuntimeError(f"bug while handling {ID_NUMBER}")

    with caplog.at_level(logging.ERROR):
        assert session.guard(broken_step, default="fallback") == "fallback"
    assert session.state is SessionState.IDLE and session.identity is None
    assert "回到首页" in session.last_message
    assert "RuntimeError" in caplog.text
    assert ID_NUMBER not in caplog.text  # the exception's text may hold personal data


def test_the_audit_trail_holds_no_personal_data(session, clock, audit):
    session.touch()
    session.card_read("id_reader", card_identity())
    session.card_removed("id_reader")
    clock.advance(200)
    session.tick()
    session.tick()
    text = repr(audit)
    assert ID_NUMBER not in text and "王秀兰" not in text
    assert [e for _, e, _ in audit][:2] == ["session_started", "identified"]


def test_no_session_id_looks_like_personal_data_to_the_audit_trail():
    # Hex ids did once in about 3,000 sessions, and the audit trail then refused every
    # event of that session, its wipe's too: the terminal never left it.
    from offline_cache.personal_data import personal_value

    ids = [new_session_id() for _ in range(20_000)]
    assert not [i for i in ids if personal_value("session_id", i)]
    assert len(set(ids)) == len(ids)
    assert all(len(i) == 12 for i in ids)
