"""The session on screen: warned, given more time (at least ten times), then wiped.

The session's clock is a fake one the test moves; the bridge's once-a-second tick is
called as its QTimer would, so the warning, countdown and wipe arrive through the same
path as on the terminal.
"""

from __future__ import annotations

import pytest

from kiosk.config import KioskConfig
from kiosk.session import SessionState
from tests.ui.fixtures import PHONE, to_first_question
from ui.bridge import DIM_AFTER_IDLE_S
from ui.rehearsal.driver import TapFailed

IDLE_S = 30
COUNTDOWN_S = 20  # the least the config rules allow (WCAG 2.2.1)
EXTENSIONS = 10


@pytest.fixture
def short_config() -> KioskConfig:
    config = KioskConfig()
    config.session.idle_warning_s = IDLE_S
    config.session.countdown_s = COUNTDOWN_S
    config.session.max_extensions = EXTENSIONS
    return config


def test_warned_given_more_time_ten_times_then_wiped(make_terminal, short_config):
    t = make_terminal(config=short_config, fake_clock=True)
    standard_heading = t.item("heading").property("font").pixelSize()
    t.tap("elder-mode")
    t.tap("language")
    assert t.vm.elderMode and t.vm.language == "en"
    assert t.text_of("language") == "中文"
    assert t.item("heading").property("text") != "政务服务自助终端"  # English now
    session = t.kiosk.session
    idle, countdown = session.idle_warning_s, session.countdown_s
    assert (idle, countdown) == (2 * IDLE_S, 2 * COUNTDOWN_S)  # elder mode: twice the time
    to_first_question(t)
    t.type_digits(PHONE)
    t.tap("primary")
    journey = t.journey.journey
    t.tap("answer-field")
    t.type_letters("wang")  # a word half typed: pinyin waiting for a candidate
    assert t.candidates()

    # Idle, but not yet for long enough: nothing shows.
    t.advance(idle - 1)
    assert not t.vm.sessionWarning and t.item("countdown") is None

    t.advance(1)
    assert t.vm.sessionWarning
    assert t.text_of("countdown") == str(countdown)
    assert "more-time" in t.names()
    with pytest.raises(TapFailed, match="covered"):
        t.tap("primary")  # the warning is in front of everything, keyboard included
    t.advance(5)
    assert t.text_of("countdown") == str(countdown - 5)  # it counts down, visibly

    for extension in range(1, EXTENSIONS + 1):
        t.tap("more-time")
        assert not t.vm.sessionWarning and t.screen == "question"
        assert t.kiosk.session.extensions_used == extension
        assert journey.answers and t.journey.journey is journey  # the session continues
        t.advance(idle)
        assert t.vm.sessionWarning

    # Extensions used up: the warning has no button now, and a touch on it does nothing.
    assert "more-time" not in t.names()
    t.tap_raw(t.driver.centre(t.item("countdown")))
    assert t.vm.sessionWarning
    t.advance(countdown - 1)
    assert t.screen == "question" and t.text_of("countdown") == "1"
    t.advance(1)

    # The wipe: home, nothing of the resident's left, settings back to the defaults.
    assert t.screen == "home"
    assert "清除填写的内容" in t.text_of("notice")
    session = t.kiosk.session
    assert session.state is SessionState.IDLE and session.journey is None
    assert session.identity is None and t.journey.journey is None
    assert not journey.answers and not journey.drafts and journey.identity is None
    assert not t.vm.elderMode and t.vm.language == "zh_CN"
    assert t.text_of("language") == "English" and t.text_of("elder-mode") == "长辈模式"
    assert t.item("heading").property("font").pixelSize() == standard_heading
    assert t.item("heading").property("text") == "政务服务自助终端"
    # The keyboard: down, and the half-typed word gone with its candidates.
    assert not t.keyboard_shown()
    t.tap("notice-ok")
    t.tap("search")
    t.tap("search-field")
    assert t.keyboard_shown()
    assert t.candidates() == [] and t.text_of("search-field") == ""


def test_the_wipe_notice_goes_by_itself_before_the_next_resident_comes(
        make_terminal, short_config):
    """The notice after a time-out is for the resident who walked away: it stays long
    enough to be read by someone still near, then goes, so whoever comes next meets the
    home screen and not a message about somebody else's visit."""
    t = make_terminal(config=short_config, fake_clock=True)
    to_first_question(t)
    t.advance(IDLE_S + COUNTDOWN_S)
    assert t.screen == "home" and "清除填写的内容" in t.text_of("notice")

    t.advance(5)  # long enough to read it
    assert t.item("notice") is not None
    with pytest.raises(TapFailed, match="covered"):
        t.tap("tile-apply")

    t.advance(10)  # and gone within 15 s, untouched
    assert t.item("notice") is None and t.vm.notice == ""
    assert t.screen == "home"
    t.tap("tile-apply")  # the home screen is there to use
    assert t.screen == "services"


def test_a_touch_on_the_warning_continues_only_by_its_button(make_terminal, short_config):
    t = make_terminal(config=short_config, fake_clock=True)
    to_first_question(t)
    t.advance(IDLE_S)
    assert t.vm.sessionWarning
    t.tap_raw(t.driver.centre(t.item("countdown")))  # not the button
    assert t.vm.sessionWarning and t.kiosk.session.extensions_used == 0
    t.tap("more-time")
    assert not t.vm.sessionWarning and t.kiosk.session.state is SessionState.ACTIVE


def test_the_first_touch_on_a_dimmed_screen_wakes_it_and_presses_nothing(make_terminal):
    t = make_terminal(fake_clock=True)
    t.advance(DIM_AFTER_IDLE_S - 1)
    assert not t.vm.dimmed
    t.advance(1)
    assert t.vm.dimmed and t.item("dim") is not None

    tile = t.driver.find("tile-apply")
    with pytest.raises(TapFailed, match="covered"):
        t.tap("tile-apply")
    t.tap_raw(t.driver.centre(tile))  # a finger on the tile under the dimmed layer
    assert not t.vm.dimmed and t.item("dim") is None
    assert t.screen == "home"  # the tile was not pressed
    assert t.kiosk.session.state is SessionState.IDLE  # and no visit started

    t.tap("tile-apply")
    assert t.screen == "services"
