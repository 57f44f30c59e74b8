"""The core of voice mode (kiosk/voice.py) against the emulated speaker: no Qt, its own
thread, the newest prompt winning, the loudspeaker's guard, the headset, the visit's
settings, and an engine that crashes or hangs."""

from __future__ import annotations

import threading
import time

import pytest

from drivers.speaker.emulator import EmulatedSpeaker
from drivers.speaker.protocol import DEFAULT_VOLUME_STEP, VOLUME_STEPS_DB, Output
from kiosk.voice import Speech, VoiceGuide, spoken_form, without_personal_data

WANG_ID = "110101196803120028"
PHONE = "13800138000"


def wait_for(condition, what: str, limit_s: float = 10) -> None:
    """Until `condition()`; the limit only stops a hung test."""
    deadline = time.monotonic() + limit_s
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.01)


@pytest.fixture
def speaker():
    return EmulatedSpeaker()


@pytest.fixture
def guide(speaker):
    personal = [WANG_ID, "王秀兰", "秀兰", PHONE]
    guide = VoiceGuide(speaker, personal_data=lambda: personal, call_timeout_s=0.5)
    guide.turn_on()
    yield guide
    speaker.release()
    guide.close()


def test_nothing_is_said_until_voice_mode_is_on(speaker):
    guide = VoiceGuide(speaker)
    guide.say(Speech("首页"), "zh_CN")
    time.sleep(0.2)
    assert speaker.said() == []
    guide.turn_on()
    guide.say(Speech("首页"), "zh_CN")
    wait_for(lambda: speaker.said() == ["首页"], "the prompt")
    guide.close()


def test_the_newest_prompt_wins_while_the_engine_is_busy(guide, speaker):
    speaker.fail("hang")
    guide.say(Speech("第一屏"), "zh_CN")
    wait_for(lambda: not guide.engine_ok, "the hung call to be abandoned")
    for screen in ("第二屏", "第三屏", "第四屏"):
        guide.say(Speech(screen), "zh_CN")
    wait_for(lambda: speaker.said(), "speech after the restart")
    assert speaker.said() == ["第四屏"]  # the screens nobody heard are not read late
    assert speaker.restarts == 1


def test_saying_never_waits_for_a_hung_engine(guide, speaker):
    speaker.fail("hang")
    returned = threading.Event()

    def screens_thread():
        for n in range(5):
            guide.say(Speech(f"屏幕{n}"), "zh_CN")
            guide.silence()
        returned.set()

    threading.Thread(target=screens_thread, daemon=True).start()
    assert returned.wait(5), "say() or silence() waited on the engine"


def test_a_crashed_engine_is_restarted_and_the_listeners_told(guide, speaker):
    told = []
    guide.on_change(lambda: told.append(guide.engine_ok))
    speaker.fail("crash")
    guide.say(Speech("首页"), "zh_CN")
    wait_for(lambda: told[:2] == [False, True], "down, then back")
    guide.say(Speech("我要办"), "zh_CN")
    wait_for(lambda: speaker.said() == ["我要办"], "speech after the restart")


def test_the_loudspeaker_never_says_personal_numbers_or_names(guide, speaker):
    guide.say(Speech("王秀兰您好，证件号码110101196803120028，尾号0028，手机13800138000。"
                     "受理编号 DEMO01-20261127-00001，热线12345。"), "zh_CN")
    wait_for(lambda: speaker.said(), "the prompt")
    text = speaker.said()[0]
    for secret in ("王秀兰", "秀兰", "0028", "1101", "1380", "8000"):
        assert secret not in text.replace(" ", "")
    assert "2 0 2 6 1 1 2 7" in text and "1 2 3 4 5" in text  # not personal: kept


def test_a_headset_hears_the_private_text_only_when_asked(guide, speaker):
    speech = Speech("已读取您的证件。", "王秀兰，证件号码尾号0028。")
    speaker.plug_headset(True)
    wait_for(lambda: guide.output is Output.HEADSET, "the headset")
    guide.say(speech, "zh_CN")
    wait_for(lambda: len(speaker.said()) == 1, "the prompt")
    assert guide.hear_own_data(True)
    guide.say(speech, "zh_CN")
    wait_for(lambda: len(speaker.said()) == 2, "the private prompt")
    assert speaker.said() == ["已读取您的证件。", "王秀兰，证件号码尾号0028。"]
    assert speaker.utterances[1].output is Output.HEADSET


def test_own_data_and_a_blank_screen_need_a_headset(guide):
    assert not guide.hear_own_data(True) and not guide.own_data
    assert not guide.blank_screen(True) and not guide.screen_blanked


def test_unplugging_silences_at_once_and_ends_privacy(guide, speaker):
    speaker.plug_headset(True)
    wait_for(lambda: guide.output is Output.HEADSET, "the headset")
    guide.hear_own_data(True)
    guide.blank_screen(True)
    guide.say(Speech("很长的一段话" * 20), "zh_CN")
    wait_for(lambda: speaker.speaking, "speech")
    speaker.plug_headset(False)
    wait_for(lambda: not speaker.speaking, "silence")
    assert not guide.own_data and not guide.screen_blanked


def test_volume_spans_its_steps_and_the_visit_resets_it(guide, speaker):
    while guide.quieter():
        pass
    assert guide.volume_db == VOLUME_STEPS_DB[0]
    while guide.louder():
        pass
    assert guide.volume_db - VOLUME_STEPS_DB[0] >= 18  # EN 301 549: at least 18 dB
    guide.say(Speech("大声"), "zh_CN")
    wait_for(lambda: speaker.utterances, "the prompt")
    assert speaker.utterances[0].volume_db == VOLUME_STEPS_DB[-1]
    guide.end_visit()
    assert not guide.on and guide.volume_step == DEFAULT_VOLUME_STEP


def test_elder_mode_speaks_a_little_slower():
    guide = VoiceGuide(None)
    guide.elder_mode_on()
    assert guide.on and guide.rate < 1.0


def test_long_numbers_are_read_digit_by_digit():
    assert spoken_form("请拨打12345\n受理编号 00042") == "请拨打1 2 3 4 5。受理编号 0 0 0 4 2"
    assert spoken_form("2026年") == "2026年"


def test_the_guard_leaves_numbers_that_are_not_the_residents():
    assert without_personal_data("共 1968 项", [PHONE]) == "共 1968 项"
    assert without_personal_data("共 1968 项", [WANG_ID]) == "共  项"


def test_an_english_screen_has_its_chinese_said_by_the_chinese_voice(guide, speaker):
    guide.say(Speech("Step 2 of 9 联系电话（手机） Type your answer."), "en")
    wait_for(lambda: len(speaker.utterances) == 3, "the three parts")
    assert [(u.text.strip(), u.language) for u in speaker.utterances] == [
        ("Step 2 of 9", "en"), ("联系电话（手机）", "zh_CN"), ("Type your answer.", "en")]


def test_a_chinese_screen_is_one_utterance(guide, speaker):
    guide.say(Speech("搜索事项：输入汉字或拼音，如“社保卡”或“sbk”"), "zh_CN")
    wait_for(lambda: speaker.utterances, "the prompt")
    time.sleep(0.1)
    assert len(speaker.utterances) == 1 and speaker.utterances[0].language == "zh_CN"


def test_a_prompt_for_the_headset_pulled_out_before_it_is_said_is_dropped(guide, speaker):
    speaker.plug_headset(True)
    wait_for(lambda: guide.output is Output.HEADSET, "the headset")
    guide.hear_own_data(True)
    with guide._lock:  # the voice thread waits: the screens' thread still sees a headset
        speaker.plug_headset(False)
        guide.say(Speech("已读取您的证件。", "王秀兰，尾号0028。"), "zh_CN")
    wait_for(lambda: guide.output is Output.LOUDSPEAKER, "the unplugging")
    guide.say(Speech("首页"), "zh_CN")
    wait_for(lambda: speaker.said(), "the next prompt")
    assert speaker.said() == ["首页"]
