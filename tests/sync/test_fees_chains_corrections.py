"""Fees by QR code, life events, corrections and delivery by post, end to end: the real
journeys of a kiosk on a real store, the real reference platform on loopback (and its
command line standing in for the payment provider and the office), the fault proxy
between them where an answer must get lost."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.app import Kiosk
from kiosk.catalogue.model import IdentityProof
from kiosk.config import KioskConfig
from kiosk.identity import Identity
from kiosk.journeys import StepKind
from kiosk.validators import id_check_char
from tests.e2e.conftest import answer_all_questions
from tests.fault_proxy import FaultProxy
from tests.sync.conftest import enrolled, fast_platform_config

MEDICAL_FEE = "YL-0026"
PENSION_FEE = "SB-0025"
PAYMENTS_LOOKUP = "SB-0027"
NEWBORN_EVENT = "YL-0027"
NO_RECORD_CERTIFICATE = "GA-0004"  # may be posted
PAY_CHILD = Path(__file__).with_name("pay_child.py")


def valid(first17: str) -> str:
    """An ID number with its right check character."""
    return first17 + id_check_char(first17)


# Fictional residents, one per test: a payment or case of one never shows in another's.
PAYER = valid("11010119900101001")
PAYERS_CHILD = valid("11010120150101001")
KILLED_PAYER = valid("11010119900202001")
LATE_PAYER = valid("11010119900303001")
REFUSED_PARENT = valid("11010119880505001")
PARENT = valid("11010119880606001")
CORRECTING = valid("11010119870707001")
POSTING = valid("11010119860808001")
SLOW_PAYER = valid("11010119850909001")


def resident(id_number: str) -> Identity:
    return Identity(id_number=id_number, proof=IdentityProof.ID_CARD, name="王秀兰",
                    address="北京市东城区景山前街4号")


def open_kiosk(data_dir: Path) -> Kiosk:
    return Kiosk(KioskConfig(platform=fast_platform_config()), data_dir)


@pytest.fixture
def kiosk(tmp_path) -> Iterator[Kiosk]:
    opened = open_kiosk(tmp_path / "k")
    try:
        yield opened
    finally:
        opened.close()


def linked(kiosk: Kiosk, server, url: str | None = None) -> Kiosk:
    enrolled(kiosk.store, server, url)
    kiosk.relink()
    kiosk.sync.run_once(("heartbeat",))
    return kiosk


def at_the_qr_code(kiosk: Kiosk, id_number: str, *, code: str = MEDICAL_FEE,
                   family: str | None = None):
    journey = kiosk.start("pay", code)
    journey.next()
    journey.identify(resident(id_number))
    assert journey.answer("family" if family else "self") is None
    if family:
        assert journey.answer(family) is None
    while journey.step.kind is StepKind.QUESTION:  # the tier
        journey.answer(journey.step.field.choices[2].value)
    journey.go_pay()
    assert journey.order_due
    journey.take_order(journey.fetch_order())
    assert journey.order is not None, journey.order_problem
    return journey


def payments_shown(kiosk: Kiosk, id_number: str) -> list[tuple[str, ...]]:
    """The resident's payments look-up, as a new visit shows it."""
    kiosk.finish()
    journey = kiosk.start("lookup", PAYMENTS_LOOKUP)
    journey.identify(resident(id_number))
    result = journey.look_up()
    assert result.record is not None, result.notice
    return list(result.record.rows)


def upload(kiosk: Kiosk) -> None:
    report = kiosk.sync.run_once(("uploads",))
    assert not kiosk.store.outbox.pending(), report


def platform_case(server, tracking_number: str) -> dict:
    listed = json.loads(server.admin("submissions", "--json").stdout)
    return next(c for c in listed if c["tracking_number"] == tracking_number)


def test_a_payment_made_after_the_terminal_stopped_waiting_counts_and_shows(kiosk, central):
    linked(kiosk, central)
    journey = at_the_qr_code(kiosk, PAYER, family=PAYERS_CHILD)
    order = journey.order
    assert order.status == "awaiting" and journey.seconds_left() > 60
    assert order.amount_text == "400.00"
    assert "1101" in order.beneficiary_masked and PAYERS_CHILD not in \
        order.beneficiary_masked
    kiosk.finish()  # the resident walked away; nothing is cancelled

    central.admin("pay", "--order", order.order_number)
    rows = payments_shown(kiosk, PAYER)
    mine = [row for row in rows if order.order_number in row]
    assert len(mine) == 1 and "已缴费" in mine[0]


def test_a_lost_answer_and_a_killed_terminal_still_make_one_order_and_one_charge(
        tmp_path, central):
    before = central.report()
    proxy = FaultProxy(central.url).start()
    try:
        data = tmp_path / "k"
        first = open_kiosk(data)
        linked(first, central, proxy.url)
        first.close()
        # The platform creates the order; its answer is lost on the way back.
        proxy.force("drop_response", path_prefix="/v1/payments")
        child = subprocess.Popen([sys.executable, str(PAY_CHILD), str(data),
                                  KILLED_PAYER], stdout=subprocess.PIPE, text=True)
        try:
            line = child.stdout.readline().strip()
            assert line.startswith("ORDER "), line
            time.sleep(0.5)  # asking how it stands when it is killed
            child.send_signal(signal.SIGKILL)
        finally:
            child.kill()
            child.wait(10)
            child.stdout.close()
        number = line.removeprefix("ORDER ")
    finally:
        proxy.stop()

    again = open_kiosk(data)
    try:
        again.store.platform.move(central.url)  # the faulty network is gone
        again.relink()
        again.sync.run_once()
        assert central.report()["payments_created"] == before["payments_created"] + 1
        central.admin("pay", "--order", number)
        central.admin("pay", "--order", number)  # the provider reports it twice
        report = central.report()
        assert (report["payments_paid"] - before["payments_paid"],
                report["payments_refunded"] - before["payments_refunded"]) == (1, 0)
        linked_rows = payments_shown(again, KILLED_PAYER)
        assert [row for row in linked_rows if number in row and "已缴费" in row]
    finally:
        again.close()


def test_a_payment_after_the_deadline_is_refunded_and_shown_refunded(tmp_path):
    from tests.central.harness import CentralServer

    server = CentralServer(db=tmp_path / "c.sqlite3", log=tmp_path / "c.log",
                           extra_args=["--payment-minutes", "0.02"]).start()
    kiosk = open_kiosk(tmp_path / "k")
    try:
        linked(kiosk, server)
        journey = at_the_qr_code(kiosk, LATE_PAYER, code=PENSION_FEE)
        time.sleep(1.5)  # past the order's deadline
        journey.take_state(journey.fetch_state())
        assert journey.order.status == "expired" and "关闭" in journey.closed_message
        server.admin("pay", "--order", journey.order.order_number)
        journey.take_state(journey.fetch_state())
        assert journey.order.status == "refunded" and "退回" in journey.closed_message
        rows = payments_shown(kiosk, LATE_PAYER)
        assert any("已退款" in row for row in rows)
        assert server.report()["payments_refunded"] == 1
    finally:
        kiosk.close()
        server.stop()


def file(kiosk: Kiosk, kind: str, code: str, id_number: str, *, photograph: bool = True):
    """The resident's visit to its submission, collected at the counter; papers
    photographed, or all brought later; the confirmation."""
    journey = kiosk.start(kind, code)
    journey.next()
    journey.identify(resident(id_number))
    kiosk.emulators["camera"].show_document()
    while journey.step.kind is not StepKind.CHECK:
        if journey.step.kind is not StepKind.MATERIAL:
            answer_all_questions(journey, {"delivery_method": "counter"})
        elif photograph:
            journey.capture(kiosk.camera_frame())
            journey.accept_capture()
        else:
            journey.bring_it_later()
    return journey.submit()


def file_newborn_event(kiosk: Kiosk, id_number: str):
    return file(kiosk, "event", NEWBORN_EVENT, id_number)


def test_a_life_event_link_refused_leaves_the_others_standing(kiosk, central):
    linked(kiosk, central)
    confirmation = file_newborn_event(kiosk, REFUSED_PARENT)
    upload(kiosk)
    births, insurance, card = (link.tracking_number for link in confirmation.links)
    assert platform_case(central, insurance)["status"] == "waiting"
    central.admin("reject", "--case", births, "--reason", "出生医学证明不清晰")
    assert platform_case(central, insurance)["status"] == "waiting"
    assert platform_case(central, card)["status"] == "waiting"
    assert central.report()["chains"] >= 1

    kiosk.finish()
    progress = kiosk.start("progress")
    progress.identify(resident(REFUSED_PARENT))
    states = {c.tracking_number: str(c.state) for c in progress.look_up().cases}
    assert "出生医学证明不清晰" in states[births]
    assert states[insurance].startswith("等待中") or "接着办" in states[insurance]


def test_the_links_run_in_order_with_the_first_ones_results(kiosk, central):
    linked(kiosk, central)
    confirmation = file_newborn_event(kiosk, PARENT)
    upload(kiosk)
    births, insurance, card = (link.tracking_number for link in confirmation.links)
    central.admin("complete", "--case", births, "--output", "id_number=110101202612010012")
    assert platform_case(central, insurance)["status"] == "routed"
    assert platform_case(central, card)["status"] == "waiting"  # it waits on insurance too
    central.admin("complete", "--case", insurance, "--output", "insurance_number=YB2026001")
    assert platform_case(central, card)["status"] == "routed"


def test_a_correction_is_answered_with_a_photo_and_the_case_goes_back_to_review(
        kiosk, central, tmp_path):
    linked(kiosk, central)
    number = file(kiosk, "apply", NO_RECORD_CERTIFICATE, CORRECTING,
                  photograph=False).tracking_number
    upload(kiosk)
    asked = tmp_path / "correction.json"
    asked.write_text(json.dumps({"note": "请补充现住址，并拍户口簿本人页", "items": [
        {"kind": "answer", "key": "home_address", "label": "现住址", "type": "address"},
        {"kind": "photo", "name": "户口簿本人页"}]}, ensure_ascii=False), "utf-8")
    central.admin("correct", "--case", number, "--file", str(asked))

    kiosk.finish()
    progress = kiosk.start("progress")
    progress.identify(resident(CORRECTING))
    progress.look_up()
    [case] = progress.corrections
    assert case.tracking_number == number and "户口簿" in case.correction.note
    correction = kiosk.start_correction(case.correction)
    correction.identify(resident(CORRECTING))  # the visit's card (the screens' session has it)
    assert correction.answer("北京市朝阳区和平街5号") is None
    kiosk.emulators["camera"].show_document()
    correction.capture(kiosk.camera_frame())
    correction.accept_capture()
    correction.submit()
    upload(kiosk)
    assert platform_case(central, number)["status"] == "review"
    assert central.report()["corrections_answered"] == 1


def test_a_posted_delivery_reaches_the_platform_with_its_address(kiosk, central):
    linked(kiosk, central)
    journey = kiosk.start("apply", NO_RECORD_CERTIFICATE)
    journey.next()
    journey.identify(resident(POSTING))
    while journey.step.kind is not StepKind.CHECK:
        if journey.step.kind is StepKind.MATERIAL:
            journey.bring_it_later()
        elif journey.step.field.key == "delivery_method":
            journey.answer("post")
        elif journey.step.field.key == "delivery_address":
            assert journey.drafts["delivery_address"] == "北京市东城区景山前街4号"
            journey.answer("北京市朝阳区和平街5号2单元301")
        else:
            answer_all_questions(journey)
    number = journey.submit().tracking_number
    upload(kiosk)
    delivery = platform_case(central, number)["delivery"]
    assert delivery["method"] == "post"
    assert delivery["address"] == "北京市朝阳区和平街5号2单元301"
    assert delivery["recipient"] == "王秀兰"


def test_an_order_answered_after_the_resident_changed_the_tier_is_not_shown(kiosk, central):
    linked(kiosk, central)
    journey = kiosk.start("pay", PENSION_FEE)
    journey.next()
    journey.identify(resident(SLOW_PAYER))
    journey.answer("self")
    tiers = journey.step.field.choices
    journey.answer(tiers[0].value)
    journey.go_pay()
    asked = journey.order_request()
    slow = journey.fetch_order(asked)  # its answer comes after she went back
    assert journey.back() and journey.step.kind is StepKind.CHECK
    journey.change("question:tier")
    journey.answer(tiers[4].value)
    journey.go_pay()
    journey.take_order(slow, asked)
    assert journey.order is None  # not the order for the tier she no longer wants
    again = journey.order_request()
    journey.take_order(journey.fetch_order(again), again)
    assert journey.order.tier == tiers[4].value != slow.tier
    assert journey.order.order_number != slow.order_number
    assert journey.tier_label == tiers[4].label
