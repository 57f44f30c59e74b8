"""The maintenance PIN: a salted slow hash in the configuration (the old SHA-256 still
read), the demo's PIN only in the demo, five tries, then locks that grow longer."""

from __future__ import annotations

import grp
import hashlib
import logging
import os

import pytest

from kiosk.app import Kiosk
from kiosk.config import DEMO_PIN_SHA256, KioskConfig, TechnicianConfig, load_config
from kiosk.set_pin import set_pin_command, with_pin_hash
from kiosk.technician import (
    LOCK_S,
    MAX_LOCK_S,
    MAX_TRIES,
    TechnicianGate,
    hash_pin,
    pin_matches,
    pin_sha256,
)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


PIN = "482915"
STORED = hash_pin(PIN)


def test_the_pin_is_kept_as_a_salted_scrypt_string_and_only_its_pin_matches():
    again = hash_pin(PIN)
    assert STORED.startswith("$scrypt$ln=14,r=8,p=1$")
    assert again != STORED  # a fresh salt each time: equal PINs do not look equal
    assert PIN not in STORED and pin_sha256(PIN) not in STORED
    assert pin_matches(PIN, STORED) and pin_matches(PIN, again)
    assert not pin_matches("482916", STORED)
    assert not pin_matches("４８２９１５", STORED)  # full-width digits are not the PIN


def test_the_old_sha256_is_still_read_with_a_warning(caplog):
    with caplog.at_level(logging.WARNING):
        gate = TechnicianGate(pin_sha256(PIN).upper())
    assert gate.check(PIN).accepted
    assert "set-pin" in caplog.text


def test_the_demo_pin_opens_maintenance_only_in_the_demo(tmp_path):
    assert DEMO_PIN_SHA256 == hashlib.sha256(b"000000").hexdigest()
    in_service = Kiosk(KioskConfig(), tmp_path / "a")
    demo = Kiosk(KioskConfig(), tmp_path / "b", demo=True)
    try:
        refused = in_service.technician_gate.check("000000")
        assert not refused.accepted and refused.not_set_up
        assert demo.technician_gate.check("000000").accepted
    finally:
        in_service.close()
        demo.close()
    no_pin = TechnicianGate("")
    assert no_pin.check("").not_set_up and no_pin.check("123456").not_set_up


def test_five_wrong_pins_lock_and_each_lock_is_longer_up_to_an_hour():
    clock = Clock()
    gate = TechnicianGate(STORED, clock=clock)
    lefts = [TechnicianGate(STORED).check("111111").tries_left]
    locks = []
    for _ in range(6):
        lefts += [gate.check("111111").tries_left for _ in range(MAX_TRIES - 1)]
        locking = gate.check("111111")
        assert not locking.accepted
        locks.append(locking.locked_for_s)
        refused = gate.check(PIN)  # even the right one, while locked
        assert not refused.accepted and refused.locked_for_s == locking.locked_for_s
        clock.now += locking.locked_for_s
    assert locks[0] == LOCK_S == 300
    assert locks == [300, 600, 1200, 2400, MAX_LOCK_S, MAX_LOCK_S]
    assert lefts[:5] == [4, 4, 3, 2, 1]
    assert gate.locks == 6 and gate.refused_total == 6 * MAX_TRIES
    assert gate.check(PIN).accepted
    assert gate.check("0").tries_left == MAX_TRIES - 1  # counted afresh


def test_set_pin_writes_the_hash_and_keeps_the_rest_of_the_file(tmp_path, monkeypatch, capsys):
    path = tmp_path / "kiosk.toml"
    path.write_text(f'[terminal]\nid = "T1"  # the branch\n\n[technician]\n'
                    f'pin_sha256 = "{pin_sha256("1111")}"\n\n[screen]\norientation = '
                    f'"landscape"\n', encoding="utf-8")
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO(PIN + "\n"))
    assert set_pin_command(path, pin_stdin=True) == 0
    config = load_config(path)
    assert config.terminal.id == "T1" and config.screen.orientation == "landscape"
    assert '# the branch' in path.read_text(encoding="utf-8")
    assert "pin_sha256" not in path.read_text(encoding="utf-8")  # the old form goes
    assert TechnicianGate(config.technician.stored_pin).check(PIN).accepted


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another group needs root")
def test_set_pin_as_root_leaves_an_installed_terminals_file_readable_by_its_group(
        tmp_path, monkeypatch, capsys):
    """An installed terminal's configuration is root's, 0640, group kiosk: the kiosk
    still reads it after a technician sets the PIN as root."""
    path = tmp_path / "kiosk.toml"
    path.write_text('[terminal]\nid = "T1"\n', encoding="utf-8")
    group = grp.getgrnam("nogroup").gr_gid
    os.chown(path, 0, group)
    path.chmod(0o640)
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO(PIN + "\n"))
    assert set_pin_command(path, pin_stdin=True) == 0
    after = path.stat()
    assert (after.st_uid, after.st_gid, after.st_mode & 0o777) == (0, group, 0o640)
    assert "pin_hash" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("pin", ["000000", "1111", "12ab", "123"])
def test_set_pin_refuses_a_pin_anyone_would_guess_or_the_pad_cannot_type(tmp_path, monkeypatch,
                                                                          pin, capsys):
    path = tmp_path / "kiosk.toml"
    path.write_text('[terminal]\nid = "T1"\n', encoding="utf-8")
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO(pin + "\n"))
    assert set_pin_command(path, pin_stdin=True) == 1
    assert path.read_text(encoding="utf-8") == '[terminal]\nid = "T1"\n'
    assert "nothing changed" in capsys.readouterr().err


def test_a_file_without_a_technician_section_gains_one():
    assert with_pin_hash('[terminal]\nid = "T1"\n', "$scrypt$x") == \
        '[terminal]\nid = "T1"\n\n[technician]\npin_hash = "$scrypt$x"\n'
    assert TechnicianConfig(pin_hash="$a").stored_pin == "$a"
