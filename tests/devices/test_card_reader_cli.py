"""`kiosk devices read-card` as a technician runs it, against a social security card in
pcscd's virtual reader (the private stack of pcsc_stack.py): the command is a subprocess
whose PC/SC client talks to that pcscd."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from drivers.card_reader.emulated_card import SocialSecurityCardEmulator, load_cards
from tests.devices.pcsc_stack import SOCKET_ENV

ROOT = Path(__file__).resolve().parents[2]


def read_card(pcscd, tmp_path, *args):
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[devices.card_reader]\ndriver = "pcsc"\nreader = "{pcscd.reader_prefix}"\n'
                      "poll_interval_ms = 100\n", encoding="utf-8")
    env = {**os.environ, SOCKET_ENV: str(pcscd.socket_path)}
    return subprocess.run(
        [sys.executable, "-m", "kiosk", "devices", "read-card", "--config", str(config),
         "--data-dir", str(tmp_path), *args], cwd=ROOT, env=env, capture_output=True,
        text=True, timeout=120)


def test_read_card_shows_the_card_masked_then_revealed(pcscd, tmp_path):
    cards = load_cards()
    card = cards["li_jianguo"]
    slot = pcscd.card_slot(card)
    slot.insert()
    try:
        masked = read_card(pcscd, tmp_path, "--json", "--timeout", "15")
        assert masked.returncode == 0, masked.stdout + masked.stderr[-2000:]
        fields = json.loads(masked.stdout)
        assert set(fields) >= {"card_number", "ssn", "name", "sex", "nation", "birth_date"}
        ssn = card.expected.social_security_number
        assert fields["ssn"] == ssn[:4] + "*" * 10 + ssn[-4:]
        assert fields["name"] == "李*国" and fields["sex"] == "男"
        assert ssn not in masked.stdout + masked.stderr

        revealed = read_card(pcscd, tmp_path, "--json", "--reveal", "--timeout", "15")
        assert revealed.returncode == 0, revealed.stderr[-2000:]
        fields = json.loads(revealed.stdout)
        assert fields["ssn"] == ssn and fields["name"] == "李建国"
        assert fields["card_number"] == card.expected.card_number
    finally:
        slot.remove()


def test_read_card_with_no_card_fails_with_one_line(pcscd, tmp_path):
    result = read_card(pcscd, tmp_path, "--timeout", "1")
    assert result.returncode == 1
    assert result.stdout.strip().splitlines() == [
        "kiosk devices: no social security card was inserted within 1 s"]


def test_read_card_of_a_pin_card_says_so(pcscd, tmp_path):
    pin_card = SocialSecurityCardEmulator(load_cards()["li_jianguo"].expected,
                                          pin_protected=True)
    slot = pcscd.card_slot(pin_card)
    slot.insert()
    try:
        result = read_card(pcscd, tmp_path, "--timeout", "10")
        assert result.returncode == 1
        assert result.stdout.startswith("kiosk devices: social security card reader:")
        assert "PIN" in result.stdout
    finally:
        slot.remove()
