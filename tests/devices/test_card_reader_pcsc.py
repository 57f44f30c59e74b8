"""The real social security card driver over the real PC/SC stack.

pyscard -> libpcsclite -> a private pcscd -> vpcd -> the emulated card over TCP on
127.0.0.1 (tests/devices/pcsc_stack.py). Nothing here is mocked: every APDU crosses
pcscd. Waits poll for the state they need; their timeouts only stop a hang.
"""

from __future__ import annotations

import datetime as dt
import select
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from drivers.base import DeviceError, DeviceState
from drivers.card_reader import ssc
from drivers.card_reader.emulated_card import SocialSecurityCardEmulator, load_cards
from drivers.card_reader.pcsc import open_pcsc_card_reader
from drivers.card_reader.protocol import CardRead, CardRemoved
from tests.devices.pcsc_stack import READY_TIMEOUT_S, tool, wait_for

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def cards() -> dict[str, SocialSecurityCardEmulator]:
    return load_cards()  # fresh cards per test: their APDU logs start empty


@pytest.fixture
def reader(pcscd):
    driver = open_pcsc_card_reader(pcscd.reader_prefix)
    yield driver
    driver.close()


@pytest.fixture
def slot(pcscd, cards):
    card_slot = pcscd.card_slot(cards["li_jianguo"])
    yield card_slot
    card_slot.remove()


def poll_until(reader, done, timeout: float = READY_TIMEOUT_S) -> list:
    """Poll as the kiosk does and collect what comes (events and DeviceErrors).

    Any other exception escapes and fails the test: poll must raise nothing else.
    """
    outcomes: list = []
    deadline = time.monotonic() + timeout
    while True:
        try:
            outcome = reader.poll()
        except DeviceError as exc:
            outcome = exc
        if outcome is not None:
            outcomes.append(outcome)
        if done(outcomes):
            return outcomes
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting; outcomes so far: {outcomes!r}")
        time.sleep(0.02)


def until_event(kind):
    return lambda outcomes: any(isinstance(o, kind) for o in outcomes)


def polls_while_pcscd_checks(reader, card_slot, checks: int = 3) -> list:
    """Outcomes of polls made while pcscd runs `checks` more presence checks on the card."""
    target = card_slot.presence_checks + checks
    return poll_until(reader, lambda _: card_slot.presence_checks >= target)


def polls_with_slot_empty(pcscd, reader, polls: int = 5) -> list:
    """Once pcscd's watcher has seen the slot empty, what a few more polls bring."""
    assert wait_for(pcscd.slot_seen_empty)
    return [outcome for outcome in (reader.poll() for _ in range(polls)) if outcome is not None]


def test_card_read_through_pcscd_decodes_every_field(pcscd, reader, slot):
    slot.insert()
    outcomes = poll_until(reader, until_event(CardRead))
    assert len(outcomes) == 1, outcomes
    data = outcomes[0].data
    # Spelled out rather than compared with the emulator's copy alone.
    assert data.card_number == "F10012345"
    assert data.social_security_number == "310104197510010010"
    assert data.name == "李建国"
    assert (data.sex, data.nation, data.birthplace) == ("男", "汉族", "310104")
    assert data.birth_date == dt.date(1975, 10, 1)
    assert data == slot.card.expected
    assert slot.card.apdus[0] == ssc.select_application()  # it crossed pcscd to the card
    assert reader.state() is DeviceState.CARD_PRESENT


def test_health_names_the_reader_picked_among_several(pcscd, reader):
    health = reader.health()
    assert health.state is DeviceState.NO_CARD
    assert health.extra["reader"].startswith(f"{pcscd.reader_name(0)} (first of 2 readers")
    assert pcscd.reader_name(1) in health.extra["reader"]


def test_insertion_and_removal_are_each_reported_once(pcscd, reader, slot, cards):
    slot.insert()
    assert [type(o) for o in poll_until(reader, until_event(CardRead))] == [CardRead]
    sent = len(slot.card.apdus)
    assert polls_while_pcscd_checks(reader, slot) == []
    assert len(slot.card.apdus) == sent  # a card left in the slot is not read again

    slot.remove()
    assert poll_until(reader, until_event(CardRemoved)) == [CardRemoved()]
    assert polls_with_slot_empty(pcscd, reader) == []

    slot.insert(cards["wang_xiulan"])  # the next resident; this card chains with 61 xx
    outcomes = poll_until(reader, until_event(CardRead))
    assert [o.data for o in outcomes] == [cards["wang_xiulan"].expected]
    assert any(apdu[:2] == [0x00, 0xC0] for apdu in cards["wang_xiulan"].apdus)
    slot.remove()
    assert poll_until(reader, until_event(CardRemoved)) == [CardRemoved()]


class KioskPoller:
    """Polls on a thread of its own, as the kiosk's device worker does, so the test's hand
    can swap cards meanwhile; the driver is only ever touched from this thread."""

    def __init__(self, reader):
        self.outcomes: list = []
        self._reader = reader
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="kiosk-poller")
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                outcome = self._reader.poll()
            except DeviceError as exc:
                outcome = exc
            if outcome is not None:
                self.outcomes.append(outcome)
            time.sleep(0.02)

    def stop(self) -> list:
        self._stop.set()
        self._thread.join()
        return self.outcomes


def test_card_swapped_for_another_is_removed_then_read(pcscd, reader, slot, cards):
    poller = KioskPoller(reader)
    try:
        slot.insert(cards["liu_guifang"])  # the card that needs a PIN: take it, try another
        assert wait_for(lambda: len(poller.outcomes) == 1)
        slot.swap(cards["li_jianguo"])
        assert wait_for(lambda: len(poller.outcomes) == 3)
    finally:
        outcomes = poller.stop()
    assert isinstance(outcomes[0], ssc.NeedsPin)
    assert outcomes[1:] == [CardRemoved(), CardRead(cards["li_jianguo"].expected)]


def test_pin_protected_card_reports_needs_pin_not_broken(pcscd, reader, slot, cards):
    card = cards["liu_guifang"]
    slot.insert(card)
    outcomes = poll_until(reader, lambda found: bool(found))
    assert len(outcomes) == 1 and isinstance(outcomes[0], ssc.NeedsPin), outcomes
    assert outcomes[0].state is DeviceState.NEEDS_PIN
    assert "needs a PIN or a secure module" in outcomes[0].message
    assert reader.state() is DeviceState.NEEDS_PIN
    assert reader.health().state is DeviceState.NEEDS_PIN
    sent = len(card.apdus)
    assert polls_while_pcscd_checks(reader, slot) == []  # a final answer: not retried
    assert len(card.apdus) == sent
    slot.remove()
    assert poll_until(reader, until_event(CardRemoved)) == [CardRemoved()]
    assert reader.state() is DeviceState.NO_CARD


def test_card_pulled_mid_read_is_a_clear_state_and_the_next_card_reads(
    pcscd, reader, slot, cards
):
    slot.pull_after(3)  # answers the application and EF05 selects and one record
    slot.insert()
    outcomes = poll_until(reader, lambda found: bool(found))
    assert len(outcomes) == 1 and isinstance(outcomes[0], DeviceError), outcomes
    assert outcomes[0].state is DeviceState.NO_CARD
    assert "pulled out while it was being read" in outcomes[0].message
    assert len(slot.card.apdus) == 3
    assert slot.out_reason == "pulled out while being read"
    # Never read, so there is no removal to report; the reader simply waits.
    assert polls_with_slot_empty(pcscd, reader) == []
    assert reader.state() is DeviceState.NO_CARD

    slot.insert(cards["wang_xiulan"])
    outcomes = poll_until(reader, until_event(CardRead))
    assert [o.data for o in outcomes] == [cards["wang_xiulan"].expected]


def test_pcscd_killed_and_restarted_the_same_driver_reads_again(pcscd, reader, slot, cards):
    slot.insert()
    poll_until(reader, until_event(CardRead))
    slot.remove()
    poll_until(reader, until_event(CardRemoved))

    pcscd.kill()
    outcomes = poll_until(reader, lambda found: bool(found))
    assert [o.state for o in outcomes] == [DeviceState.NO_DEVICE]
    assert "pcscd" in outcomes[0].message
    assert reader.health().state is DeviceState.NO_DEVICE

    pcscd.start()  # a new daemon, a new namespace, the same socket path
    assert poll_until(reader, lambda _: reader.state() is DeviceState.NO_CARD) == []
    assert reader.health().state is DeviceState.NO_CARD
    slot.insert(cards["wang_xiulan"])
    outcomes = poll_until(reader, until_event(CardRead))
    assert [o.data for o in outcomes] == [cards["wang_xiulan"].expected]


def test_pcscd_killed_with_the_card_in_then_back(pcscd, reader, slot):
    slot.insert()
    poll_until(reader, until_event(CardRead))
    pcscd.kill()
    assert slot.wait_until_out(READY_TIMEOUT_S)  # vpcd went with pcscd
    with pytest.raises(DeviceError) as caught:
        reader.poll()
    assert caught.value.state is DeviceState.NO_DEVICE
    pcscd.start()
    # pcscd lost the card with the daemon; the driver sees an empty slot and says so once.
    assert poll_until(reader, until_event(CardRemoved)) == [CardRemoved()]
    slot.insert()
    assert [type(o) for o in poll_until(reader, until_event(CardRead))] == [CardRead]


def test_reader_missing_from_pcscd_is_no_device_naming_what_it_lists(pcscd, reader):
    assert reader.health().state is DeviceState.NO_CARD
    pcscd.stop()
    pcscd.start(friendly_name="Some Other Reader")
    outcomes = poll_until(reader, lambda found: bool(found))
    assert [o.state for o in outcomes] == [DeviceState.NO_DEVICE]
    message = outcomes[0].message
    assert f"no card reader matches {pcscd.reader_prefix!r}" in message
    assert "Some Other Reader 00 00" in message
    pcscd.stop()
    pcscd.start()
    assert poll_until(reader, lambda _: reader.state() is DeviceState.NO_CARD) == []


def test_reader_picked_by_substring_reads_its_own_slot(pcscd, cards):
    driver = open_pcsc_card_reader(pcscd.reader_name(1))
    second = pcscd.card_slot(cards["wang_xiulan"], reader=1)
    try:
        assert driver.health().extra["reader"] == pcscd.reader_name(1)
        second.insert()
        outcomes = poll_until(driver, until_event(CardRead))
        assert [o.data for o in outcomes] == [cards["wang_xiulan"].expected]
    finally:
        second.remove()
        driver.close()


def test_empty_substring_takes_the_first_reader(pcscd):
    driver = open_pcsc_card_reader("")
    try:
        described = driver.health().extra["reader"]
        assert described.startswith(pcscd.reader_name(0))
        assert "readers listed" in described
    finally:
        driver.close()


def test_no_pcscd_at_all_is_no_device_and_the_reader_is_found_once_it_runs(pcsc_stack):
    assert not pcsc_stack.running
    driver = open_pcsc_card_reader(pcsc_stack.reader_prefix)  # must not fail
    try:
        health = driver.health()
        assert health.state is DeviceState.NO_DEVICE
        assert "pcscd is not running" in health.detail
        assert "SCARD_E_NO_SERVICE" in health.detail
        for _ in range(3):
            with pytest.raises(DeviceError) as caught:
                driver.poll()
            assert caught.value.state is DeviceState.NO_DEVICE
            assert "pcscd is not running" in caught.value.message
        pcsc_stack.start()
        assert driver.poll() is None
        assert driver.state() is DeviceState.NO_CARD
    finally:
        driver.close()
        pcsc_stack.stop()


def _start_cli(pcscd, *args: str) -> subprocess.Popen:
    # nsenter: the command line connects to 127.0.0.1 inside pcscd's network namespace.
    return subprocess.Popen(
        [tool("nsenter"), f"--net=/proc/{pcscd.process.pid}/ns/net", sys.executable,
         "-m", "drivers.card_reader.vpcd_card", "--port", str(pcscd.port), *args],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def _first_line(process: subprocess.Popen) -> str:
    ready, _, _ = select.select([process.stdout], [], [], READY_TIMEOUT_S)
    if not ready:
        process.kill()
        raise AssertionError(f"the card printed nothing: {process.communicate()}")
    return process.stdout.readline()


@pytest.mark.parametrize(
    ("args", "outcome"),
    [(["--card", "wang_xiulan"], "read"), (["--card", "li_jianguo", "--pin-protected"], "pin")],
)
def test_command_line_card_until_ctrl_c(pcscd, reader, cards, args, outcome):
    process = _start_cli(pcscd, *args)
    try:
        line = _first_line(process)
        assert line == f"card {args[1]} is in the virtual reader on 127.0.0.1:{pcscd.port}\n"
        outcomes = poll_until(reader, lambda found: bool(found))
        if outcome == "read":
            assert [o.data for o in outcomes] == [cards["wang_xiulan"].expected]
        else:
            assert [type(o) for o in outcomes] == [ssc.NeedsPin]
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=READY_TIMEOUT_S) == 0
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate()
    assert poll_until(reader, until_event(CardRemoved)) == [CardRemoved()]
