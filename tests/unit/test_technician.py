"""The maintenance PIN: a digest in the configuration, five tries, then five minutes' lock."""

from __future__ import annotations

import hashlib

from kiosk.config import DEMO_PIN_SHA256
from kiosk.technician import LOCK_S, MAX_TRIES, TechnicianGate, pin_sha256


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_digest_is_plain_sha256_and_the_demo_pin_is_six_zeros():
    assert pin_sha256("482915") == hashlib.sha256(b"482915").hexdigest()
    assert DEMO_PIN_SHA256 == pin_sha256("000000")
    assert TechnicianGate(DEMO_PIN_SHA256).demo_pin
    assert not TechnicianGate(pin_sha256("482915")).demo_pin


def test_the_right_pin_opens_and_the_case_of_the_digest_does_not_matter():
    gate = TechnicianGate(pin_sha256("482915").upper())
    assert gate.check("482915").accepted
    assert not gate.check("482916").accepted
    assert not gate.check("４８２９１５").accepted  # full-width digits are not the PIN


def test_five_wrong_pins_lock_for_five_minutes_even_the_right_one():
    clock = Clock()
    gate = TechnicianGate(pin_sha256("482915"), clock=clock)
    lefts = [gate.check("111111").tries_left for _ in range(MAX_TRIES - 1)]
    assert lefts == [4, 3, 2, 1]
    locking = gate.check("111111")
    assert not locking.accepted and locking.locked_for_s == LOCK_S == 300

    clock.now += LOCK_S - 1
    refused = gate.check("482915")
    assert not refused.accepted and refused.locked_for_s == 1
    assert gate.locked_for() == 1

    clock.now += 1
    assert gate.locked_for() == 0
    assert gate.check("482915").accepted


def test_after_the_lock_five_tries_again_and_a_right_pin_resets_the_count():
    clock = Clock()
    gate = TechnicianGate(pin_sha256("482915"), clock=clock)
    for _ in range(MAX_TRIES):
        gate.check("0")
    clock.now += LOCK_S
    assert gate.check("0").tries_left == MAX_TRIES - 1
    assert gate.check("482915").accepted
    assert gate.check("0").tries_left == MAX_TRIES - 1  # counted afresh
