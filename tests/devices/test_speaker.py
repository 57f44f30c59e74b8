"""The speaker: speech-dispatcher on a private PulseAudio (what reaches the null sink is
recorded and measured), and the emulator where the contract is the same."""

from __future__ import annotations

import subprocess
import sys
import threading
import wave
from pathlib import Path

import pytest

from drivers.base import DeviceError, DeviceState
from drivers.speaker.dispatcher import SpeechDispatcherSpeaker
from drivers.speaker.emulator import EmulatedSpeaker
from drivers.speaker.protocol import VOLUME_STEPS_DB, Output, Speaker
from tests.devices.audio_stack import wait_for

SENTENCE = "您好，欢迎使用自助终端。"
LONG = "语音测试：您好，这是自助终端的语音引导。请将身份证放在读卡区，然后按屏幕上的提示操作。"
TIMEOUT_S = 2.0


@pytest.fixture
def speaker(audio_stack):
    speaker = SpeechDispatcherSpeaker(str(audio_stack.socket_path), timeout_s=TIMEOUT_S)
    yield speaker
    speaker.close()


def speak_and_hear(speaker, monitor, text=SENTENCE, volume_db=0.0) -> float:
    """Speak `text`; the time its first sound reached the sink."""
    start = monitor.latest()
    speaker.speak(text, "zh_CN", volume_db=volume_db, rate=1.0)
    assert wait_for(lambda: monitor.first_sound_after(start) is not None), "no sound came"
    return monitor.first_sound_after(start)


# -- the contract, real engine and emulator alike ---------------------------------------


@pytest.fixture(params=["speech-dispatcher", "emulated"])
def any_speaker(request):
    if request.param == "emulated":
        yield EmulatedSpeaker()
    else:
        yield request.getfixturevalue("speaker")


def test_every_speaker_speaks_both_languages_with_named_voices(any_speaker):
    assert isinstance(any_speaker, Speaker)
    chinese, english = any_speaker.voice("zh_CN"), any_speaker.voice("en")
    assert (chinese.name, chinese.language) == ("cmn", "zh")
    assert english.language == "en" and english.name.lower().startswith("en")
    any_speaker.speak(SENTENCE, "zh_CN", volume_db=0.0, rate=1.0)
    any_speaker.speak("Welcome.", "en", volume_db=-8.0, rate=1.2)
    any_speaker.stop()
    health = any_speaker.health()
    assert health.kind == "speaker" and health.state is DeviceState.READY
    assert health.extra == {"voice": "cmn", "output": "loudspeaker"}
    assert any_speaker.output() is Output.LOUDSPEAKER  # the null sink has no headphone port


# -- the real engine, measured at the sink -------------------------------------------------


def test_chinese_speech_reaches_the_loudspeaker(speaker, monitor):
    speak_and_hear(speaker, monitor)
    assert speaker.health().state is DeviceState.READY


def test_stop_silences_the_loudspeaker_within_100_ms(speaker, monitor):
    first = speak_and_hear(speaker, monitor, LONG)
    assert wait_for(lambda: monitor.latest() > first + 0.3)  # well into the sentence
    assert monitor.silent_since() is None, "still speaking when stop() is called"
    stopped = monitor.latest()
    speaker.stop()
    assert wait_for(lambda: monitor.latest() > stopped + 0.5)  # half a second of record
    quiet_from = monitor.silent_since()
    assert quiet_from is not None, "sound went on after stop()"
    assert quiet_from - stopped <= 0.100, f"sound for {quiet_from - stopped:.3f} s after stop()"


def test_lowest_and_highest_volume_steps_differ_by_at_least_18_db(speaker, monitor):
    levels = []
    for volume_db in (VOLUME_STEPS_DB[0], VOLUME_STEPS_DB[-1]):
        # The same first second of the same sentence at each step (speech-dispatcher
        # 0.11 does not report 702 END to clients, so the whole sentence is not awaited).
        first = speak_and_hear(speaker, monitor, volume_db=volume_db)
        assert wait_for(lambda first=first: monitor.latest() > first + 1.0)
        levels.append(monitor.rms_db(first, first + 1.0))
    quiet, loud = levels
    assert loud - quiet >= 18.0, f"only {loud - quiet:.1f} dB between the steps"


def test_a_killed_engine_fails_the_next_call_and_restart_brings_speech_back(
        audio_stack, speaker, monitor):
    speak_and_hear(speaker, monitor, LONG)
    audio_stack.kill_dispatcher()  # SIGKILL mid-sentence
    with pytest.raises(DeviceError):
        speaker.speak(SENTENCE, "zh_CN", volume_db=0.0, rate=1.0)
    assert speaker.health().state is DeviceState.HARDWARE_ERROR
    speaker.restart()  # nothing listens now: the driver starts its own speech-dispatcher
    assert speaker.started_engine_pid is not None
    speak_and_hear(speaker, monitor)
    assert speaker.health().state is DeviceState.READY


def test_without_an_audio_server_calls_return_in_time_and_health_says_why(silent_stack):
    speaker = SpeechDispatcherSpeaker(str(silent_stack.socket_path), timeout_s=TIMEOUT_S)
    try:
        for _ in range(3):  # this speech-dispatcher stops answering after a few texts
            for call in (lambda: speaker.speak(SENTENCE, "zh_CN", volume_db=0.0, rate=1.0),
                         speaker.stop):
                returned = threading.Event()

                def run(call=call, returned=returned):
                    try:
                        call()
                    except DeviceError:
                        pass  # a stuck engine: the timeout ended the call
                    returned.set()

                threading.Thread(target=run, daemon=True).start()
                assert returned.wait(TIMEOUT_S * 2), "a call hung past its timeout"
        health = speaker.health()
        assert health.state is DeviceState.HARDWARE_ERROR
        assert "no audio server answers" in health.detail  # the cause, for the technician
    finally:
        speaker.close()


# -- the technician's speak-test ---------------------------------------------------------------


def run_kiosk(tmp_path: Path, speaker_section: str, *args: str):
    config = tmp_path / "kiosk.toml"
    config.write_text(f"[devices.speaker]\n{speaker_section}\n")
    # A process of its own, as a technician runs it; it must not load Qt.
    code = ("import sys; from kiosk.cli import main; rc = main(sys.argv[1:]); "
            "assert 'PySide6' not in sys.modules, 'speak-test loaded Qt'; sys.exit(rc)")
    return subprocess.run([sys.executable, "-c", code, "devices", "speak-test", "--config",
                           str(config), *args], capture_output=True, text=True, timeout=60,
                          check=False)


def test_speak_test_speaks_names_the_voice_and_writes_the_rendering(
        audio_stack, monitor, tmp_path):
    start = monitor.latest()
    out = tmp_path / "test.wav"
    done = run_kiosk(tmp_path, f'driver = "speech-dispatcher"\n'
                               f'socket = "{audio_stack.socket_path}"', "--out", str(out))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "voice: cmn (language zh)" in done.stdout
    assert f"to {out}" in done.stdout
    assert monitor.first_sound_after(start) is not None, "the technician heard nothing"
    with wave.open(str(out)) as rendering:
        assert rendering.getnframes() > rendering.getframerate()  # over a second of speech


def test_speak_test_refuses_a_chinese_voice_that_is_not_chinese(audio_stack, tmp_path):
    done = run_kiosk(tmp_path, f'driver = "speech-dispatcher"\n'
                               f'socket = "{audio_stack.socket_path}"\nzh_voice = "en-US"')
    assert done.returncode == 1
    assert "speaks 'en', not zh" in done.stdout and len(done.stdout.splitlines()) == 3


def test_speak_test_names_a_missing_voice(audio_stack, tmp_path):
    done = run_kiosk(tmp_path, f'driver = "speech-dispatcher"\n'
                               f'socket = "{audio_stack.socket_path}"\nzh_voice = "xx-nothing"')
    assert done.returncode == 1
    assert done.stdout.startswith("kiosk devices: speaker: speech-dispatcher has no voice "
                                  "'xx-nothing' (install speech-dispatcher")
    assert len(done.stdout.splitlines()) == 1


def test_speak_test_without_an_audio_server_says_so(silent_stack, tmp_path):
    done = run_kiosk(tmp_path, f'driver = "speech-dispatcher"\n'
                               f'socket = "{silent_stack.socket_path}"')
    assert done.returncode == 1
    assert done.stdout.startswith("kiosk devices: speaker: no audio server answers")


def test_speak_test_with_the_emulated_speaker(tmp_path):
    done = run_kiosk(tmp_path, 'driver = "emulated"')
    assert done.returncode == 0, done.stdout + done.stderr
    assert "voice: cmn (language zh)" in done.stdout
    assert "the emulated speaker took the sentence" in done.stdout
