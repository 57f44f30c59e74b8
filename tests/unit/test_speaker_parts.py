"""The speaker driver's parts that need no engine: the headset jack read from the audio
server's sink list, SSIP's text escaping, and the volume and rate scales.

The jack is the one part the tests cannot plug for real (the private audio stack's null
sink has no ports), so it is checked on sink lists as `pactl --format=json list sinks`
prints them on a terminal's on-board codec (PulseAudio 16) and on an older server.
"""

from __future__ import annotations

import json
import math

import pytest

from drivers.speaker.audio_server import headset_plugged
from drivers.speaker.dispatcher import engine_rate, engine_volume, pick_voice
from drivers.speaker.protocol import RATE_STEPS, VOLUME_STEPS_DB
from drivers.speaker.ssip import escape_text


def onboard_sink(headphones: str, active: str) -> dict:
    return json.loads(f"""{{
      "index": 0, "state": "RUNNING",
      "name": "alsa_output.pci-0000_00_1f.3.analog-stereo",
      "description": "Built-in Audio Analog Stereo", "driver": "module-alsa-card.c",
      "mute": false, "monitor_source": "alsa_output.pci-0000_00_1f.3.analog-stereo.monitor",
      "ports": [
        {{"name": "analog-output-speaker", "description": "Speakers", "type": "Speaker",
          "priority": 10000, "availability_group": "Legacy 1",
          "availability": "availability unknown"}},
        {{"name": "analog-output-headphones", "description": "Headphones",
          "type": "Headphones", "priority": 9900, "availability_group": "Legacy 2",
          "availability": "{headphones}"}}
      ],
      "active_port": "{active}", "formats": ["pcm"]
    }}""")


HDMI = {"index": 1, "name": "alsa_output.pci-0000_00_1f.3.hdmi-stereo",
        "ports": [{"name": "hdmi-output-0", "description": "HDMI / DisplayPort",
                   "type": "HDMI", "availability": "available"}],
        "active_port": "hdmi-output-0"}


def test_a_plugged_headphone_jack_is_a_headset():
    sinks = [onboard_sink("available", "analog-output-headphones"), HDMI]
    assert headset_plugged(sinks)


def test_an_empty_jack_is_the_loudspeaker_even_with_a_screen_on_hdmi():
    assert not headset_plugged([onboard_sink("not available", "analog-output-speaker"), HDMI])


def test_an_older_server_without_port_types_is_read_by_the_port_name():
    sink = onboard_sink("available", "analog-output-headphones")
    for port in sink["ports"]:
        del port["type"]
    assert headset_plugged([sink])
    sink["ports"][1]["availability"] = "not available"
    assert not headset_plugged([sink])


def test_a_null_sink_or_no_sinks_is_the_loudspeaker():
    assert not headset_plugged([{"name": "kiosk_test", "ports": [], "active_port": None}])
    assert not headset_plugged([])


def test_a_text_line_starting_with_a_dot_cannot_end_the_text():
    assert escape_text("第一行\n.\n.隐藏\r\n末行") == ["第一行", "..", "..隐藏", "末行"]


def test_volume_steps_span_the_engine_scale_as_measured():
    volumes = [engine_volume(db) for db in VOLUME_STEPS_DB]
    assert volumes[-1] == 100 and volumes == sorted(volumes)
    # speech-dispatcher scales samples by (VOLUME + 100) / 200: the steps' dB come back
    for db, volume in zip(VOLUME_STEPS_DB, volumes, strict=True):
        assert 20 * math.log10((volume + 100) / 200) == pytest.approx(db, abs=0.1)


def test_rate_steps_are_the_engine_normal_rate_at_one_and_in_order():
    rates = [engine_rate(factor) for factor in RATE_STEPS]
    assert rates == sorted(rates) and engine_rate(1.0) == 0
    assert all(-100 <= r <= 100 for r in rates)


def test_a_voice_is_picked_by_its_name_or_language_column_plain_variant_first():
    voices = [("Chinese (Mandarin, latin as English)+Adam", "cmn", "Adam"),
              ("Chinese (Mandarin, latin as English)", "cmn", "none"),
              ("English (America)", "en-US", "none")]
    assert pick_voice(voices, "cmn") == ("Chinese (Mandarin, latin as English)", "cmn")
    assert pick_voice(voices, "english (america)") == ("English (America)", "en-US")
    assert pick_voice(voices, "yue") is None
