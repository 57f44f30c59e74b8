"""Voice mode as a resident meets it, through the emulated speaker (an in-process engine
that records each utterance and where it went): turned on, what each screen says, the
echo of keys, silence on a touch, privacy on the loudspeaker, the headset, the end of the
visit, and an engine that hangs or crashes. tests/devices/test_speaker_ui.py runs the
same kiosk against the real engine on a private audio server."""

from __future__ import annotations

import re

from drivers.speaker.protocol import DEFAULT_RATE_STEP, DEFAULT_VOLUME_STEP, Output
from tests.ui.fixtures import CHILD_ID, PHONE, WANG_ID, WANG_NAME, to_first_question
from tests.ui.test_privacy_ui import fill_in_by_taps

CHINESE_DIGITS = str.maketrans("零〇一二三四五六七八九两幺", "0012345678921")
GIVEN_NAME = WANG_NAME[1:]


def speaker(t):
    return t.kiosk.emulators["speaker"]


def said(t) -> list[str]:
    return speaker(t).said()


def hear(t, action, fragment: str | None = None):
    """Do `action()`; then the first utterance it caused that holds `fragment` (by
    default the heading on screen after the action)."""
    start = len(said(t))
    action()
    return wait_to_hear(t, fragment or t.text_of("heading"), start)


def wait_to_hear(t, fragment: str, start: int = 0):
    """The first utterance since the `start`th that holds `fragment`."""
    t.wait_until(lambda: any(fragment in text for text in said(t)[start:]),
                 f"the speaker to say '{fragment}'")
    return next(u for u in speaker(t).utterances[start:] if fragment in u.text)


def voice_on(t) -> None:
    hear(t, lambda: t.tap("voice"))


def normalised(text: str) -> str:
    """Chinese numerals as digits; spaces and punctuation gone."""
    return re.sub(r"[\W_]+", "", text.translate(CHINESE_DIGITS))


def personal_runs(text: str) -> list[str]:
    """Runs of four digits from the residents' ID and phone numbers, and the given name."""
    found = [GIVEN_NAME] if GIVEN_NAME in text else []
    plain = normalised(text)
    for number in (WANG_ID, PHONE, CHILD_ID):
        found += [number[i:i + 4] for i in range(len(number) - 3) if number[i:i + 4] in plain]
    return found


def test_the_voice_button_turns_voice_on_and_the_screen_is_said(terminal):
    t = terminal
    assert said(t) == []  # silent until asked
    heard = hear(t, lambda: t.tap("voice"))
    assert "我要办" in heard.text and heard.language == "zh_CN"
    assert t.text_of("voice") == "语音设置"

    heard = hear(t, lambda: t.tap("tile-apply"))
    assert "请点选要办理的事项" in heard.text


def test_a_touch_silences_the_voice(terminal):
    t = terminal
    voice_on(t)
    assert speaker(t).speaking
    t.tap_raw(t.item("heading").mapToScene(t.item("heading").boundingRect().center()))
    t.wait_until(lambda: not speaker(t).speaking, "the touch to silence the speaker")
    assert speaker(t).stops >= 1


def test_an_error_is_said_alone_when_it_appears(terminal):
    t = terminal
    voice_on(t)
    to_first_question(t)
    t.type_digits("138")
    heard = hear(t, lambda: t.tap("primary"), "您输入了3位")
    assert t.text_of("heading") not in heard.text  # the same screen: only what changed


def test_without_typing_the_identify_screen_says_where_to_go_and_why_a_number_is_refused(
        terminal):
    """Progress opens only to a card or an e-ID code: voice mode says where a resident
    without a card goes, and says the refusal of a number typed all the same."""
    t = terminal
    voice_on(t)
    heard = hear(t, lambda: t.tap("tile-progress"))
    assert t.text_of("no-card-hint") in heard.text and "人工窗口" in heard.text
    assert "输入身份证号码" not in heard.text  # no way offered to type the number
    refusal = hear(t, lambda: t.journey.typeIdNumber(WANG_ID), "人工窗口")
    assert refusal.text.startswith("手动输入的身份证号码不能用来查看或办理已有的业务")
    assert WANG_ID[-4:] not in normalised(refusal.text)


def test_the_loudspeaker_never_says_the_residents_data(terminal):
    """A whole application by taps with voice on: card read, phone, the resident's name as
    a sensitive answer, an ID number, the check screen that shows them all."""
    t = terminal
    voice_on(t)
    fill_in_by_taps(t)
    hear(t, lambda: t.tap("primary"), "受理编号")  # submitted
    utterances = speaker(t).utterances
    assert all(u.output is Output.LOUDSPEAKER for u in utterances)
    assert any("已输入 11 位" in u.text for u in utterances)  # the phone's echo
    assert any("已输入 18 位" in u.text for u in utterances)
    leaks = {u.text: personal_runs(u.text) for u in utterances if personal_runs(u.text)}
    assert leaks == {}
    assert not any(symbol in u.text for u in utterances for symbol in "*＊")


def test_with_a_headset_the_resident_may_hear_their_own_data(terminal):
    t = terminal
    speaker(t).plug_headset(True)
    t.wait_until(lambda: t.vm.voice.on, "the headset to turn voice mode on")
    t.tap("voice")  # its settings
    t.tap("voice-own-data")
    t.tap("voice-close")
    to_first_question(t)
    hear(t, lambda: t.type_digits(PHONE[:3]), "8")
    heard = [u for u in speaker(t).utterances if u.output is Output.HEADSET]
    assert heard and any(u.text == "8" for u in heard)  # each digit echoed as typed

    speaker(t).plug_headset(False)  # pulled out: not one more digit aloud
    t.wait_until(lambda: not t.vm.voice.headset, "the unplugging")
    heard = hear(t, lambda: t.type_digits("0"), "已输入 4 位")
    assert heard.output is Output.LOUDSPEAKER


def test_unplugging_the_headset_brings_the_screen_back_and_stops_speech(terminal):
    t = terminal
    speaker(t).plug_headset(True)
    t.wait_until(lambda: t.vm.voice.on, "the headset to turn voice mode on")
    t.tap("voice")
    hear(t, lambda: t.tap("voice-blank"), "屏幕已关闭")
    assert t.item("blank") is not None  # drawn over everything
    assert speaker(t).speaking
    speaker(t).plug_headset(False)
    t.wait_until(lambda: t.item("blank") is None, "the screen to come back")
    assert not speaker(t).speaking


def test_settings_and_voice_mode_end_with_the_visit(terminal):
    t = terminal
    voice_on(t)
    t.tap("voice")
    hear(t, lambda: t.tap("voice-louder"), "音量：第 5 级")
    t.tap("voice-slower")
    assert speaker(t).utterances[-1].volume_db > speaker(t).utterances[0].volume_db
    t.tap("voice-close")
    t.kiosk.session.end()  # the wipe
    t.frame()
    guide = t.kiosk.voice
    assert not guide.on and not t.vm.voice.panelShown
    assert (guide.volume_step, guide.rate_step) == (DEFAULT_VOLUME_STEP, DEFAULT_RATE_STEP)
    assert t.text_of("voice") == "语音引导"


def test_elder_mode_speaks_by_default(terminal):
    t = terminal
    heard = hear(t, lambda: t.tap("elder-mode"))
    assert heard.rate < 1.0  # a little slower
    t.tap("voice")
    t.tap("voice-off")
    assert not t.vm.voice.on


def test_english_screens_speak_english(terminal):
    t = terminal
    t.tap("language")
    heard = hear(t, lambda: t.tap("voice"))
    assert heard.language == "en" and "Choose one" in heard.text


def test_a_hung_engine_never_holds_up_the_screens(terminal, caplog):
    """The engine stops answering mid-visit: the resident goes on, in silence; the
    engine is abandoned and restarted, and speaks again after."""
    t = terminal
    voice_on(t)
    speaker(t).fail("hang")
    t.tap("tile-apply")
    assert t.screen == "services"  # the tap went through at once
    t.tap("back")
    assert t.screen == "home"
    t.wait_until(lambda: speaker(t).restarts >= 1, "the engine to be restarted", limit_s=20)
    assert "speech engine failing" in caplog.text
    hear(t, lambda: t.tap("tile-apply"))


def test_a_crashed_engine_is_restarted_and_the_visit_goes_on(terminal):
    t = terminal
    voice_on(t)
    speaker(t).fail("crash")
    t.tap("tile-apply")
    t.wait_until(lambda: speaker(t).restarts >= 1, "the engine to be restarted", limit_s=20)
    assert t.screen == "services"
    hear(t, lambda: t.tap("next-page"), "第 2 页")


def test_the_help_key_turns_voice_on_then_says_the_screen_again(terminal):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    t = terminal
    first = hear(t, lambda: QTest.keyClick(t.window, Qt.Key.Key_F1))
    assert t.vm.voice.on and "我要办" in first.text
    again = hear(t, lambda: QTest.keyClick(t.window, Qt.Key.Key_Help))
    assert again.text == first.text
