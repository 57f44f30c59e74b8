"""Fees paid by QR: one order per visit however often created, the amount from the
platform, expiry read when the order is read, the provider's payment (refunded after
expiry or cancellation, never charged twice), and the resident's payment look-up."""

from __future__ import annotations

import uuid

import pytest

from tests.central.conftest import new_database
from tests.central.harness import CentralServer, enroll
from tests.central.issue_items import MEDICAL_FEE, PAYMENTS_LOOKUP, PENSION_FEE, load

WANG = "110101196803120028"  # 王秀兰 in the demo records
LI = "310104197510010010"  # 李建国, her family member in these tests
LIN = "830000198809230013"  # 林志伟 in the demo records
ZHAO = "510104199203150027"  # the platform holds no name for this resident


def _server(request, engine, work, *args) -> CentralServer:
    server = CentralServer(db=new_database(request, engine, work), log=work / "central.log",
                           extra_args=list(args)).start()
    load(server, work)
    return server


@pytest.fixture(scope="module")
def central(request, engine, tmp_path_factory):
    server = _server(request, engine, tmp_path_factory.mktemp("payments"))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def expiring(request, engine, tmp_path_factory):
    """A platform whose orders expire as soon as they are made."""
    server = _server(request, engine, tmp_path_factory.mktemp("expiring"),
                     "--payment-minutes", "0")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def paying(request, engine, tmp_path_factory):
    """The test mode: an awaiting order reads paid from its creation on."""
    server = _server(request, engine, tmp_path_factory.mktemp("paying"), "--pay-after", "0")
    yield server
    server.stop()


def create(terminal, service_code=MEDICAL_FEE, *, payer=WANG, request_id=None, tier=None,
           for_id_number=None, proof="card", test=False):
    body = {"request_id": request_id or uuid.uuid4().hex, "service_code": service_code,
            "tier": tier, "id_number": payer, "for_id_number": for_id_number, "test": test}
    if proof == "card":
        body["proof"] = terminal.card_proof(payer)
    return terminal.http.post(terminal.url("/v1/payments"), json=body)


def read(terminal, order_number: str):
    return terminal.http.get(terminal.url(f"/v1/payments/{order_number}"))


def lookup(terminal, id_number: str) -> dict:
    answer = terminal.http.post(terminal.url("/v1/records/query"), json={
        "service_code": PAYMENTS_LOOKUP, "id_number": id_number,
        "proof": terminal.card_proof(id_number)})
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_a_retried_create_answers_the_same_order_and_the_amount_is_the_platforms(central):
    terminal = enroll(central)
    before = central.report()
    request_id = uuid.uuid4().hex
    first = create(terminal, PENSION_FEE, tier="400", request_id=request_id)
    assert first.status_code == 201, first.text
    order = first.json()
    assert order["order_number"].startswith("ZF2026-")
    assert (order["amount_cents"], order["amount_text"]) == (40000, "400.00")
    assert (order["payee"], order["year"], order["tier"]) == ("市社会保险事业管理中心", 2026, "400")
    assert order["beneficiary_masked"] == "王*兰（1101**********0028）"
    assert order["status"] == "awaiting" and order["paid_at"] is None
    assert order["order_number"] in order["qr_text"] and not order["replayed"]

    again = create(terminal, PENSION_FEE, tier="400", request_id=request_id)
    assert again.status_code == 200
    assert again.json() == order | {"replayed": True}
    reused = create(terminal, PENSION_FEE, tier="600", request_id=request_id)
    assert reused.status_code == 422 and reused.json()["code"] == "request_id_reused"
    assert central.report()["payments_created"] - before["payments_created"] == 1

    medical = create(terminal, for_id_number=ZHAO).json()
    assert (medical["amount_text"], medical["tier"]) == ("400.00", None)
    assert medical["beneficiary_masked"] == "5101**********0027"


def test_an_order_is_read_only_by_the_terminal_that_created_it(central):
    creator, other = enroll(central), enroll(central)
    order = create(creator).json()
    assert read(creator, order["order_number"]).json()["status"] == "awaiting"
    refused = read(other, order["order_number"])
    assert refused.status_code == 404 and refused.json()["code"] == "order_not_found"


def test_what_cannot_be_paid_is_refused(central):
    terminal = enroll(central)
    assert create(terminal, "JY-0001").json()["code"] == "not_payable"
    assert create(terminal, PENSION_FEE).json()["code"] == "tier_unknown"
    assert create(terminal, PENSION_FEE, tier="450").json()["code"] == "tier_unknown"
    assert create(terminal, MEDICAL_FEE, tier="400").json()["code"] == "tier_unknown"
    bare = create(terminal, proof=None)
    assert bare.status_code == 403 and bare.json()["code"] == "proof_missing"


def test_a_payment_before_the_deadline_is_paid_once_and_shown_in_the_look_ups(central):
    terminal = enroll(central)
    before = central.report()
    order = create(terminal, PENSION_FEE, payer=WANG, tier="300", for_id_number=LI).json()
    paid = central.admin("pay", "--order", order["order_number"], cli=True)
    assert "paid" in paid.stdout
    first = read(terminal, order["order_number"]).json()
    assert first["status"] == "paid" and first["paid_at"]

    twice = central.admin("pay", "--order", order["order_number"])
    assert "already paid" in twice.stdout and "nothing changed" in twice.stdout
    assert read(terminal, order["order_number"]).json() == first
    after = central.report()
    assert after["payments_paid"] - before["payments_paid"] == 1

    # The family member's contribution for the year is paid: a second order is refused.
    refused = create(terminal, PENSION_FEE, payer=LI, tier="300")
    assert refused.status_code == 409
    assert refused.json() | {"message": ""} == {
        "code": "already_paid", "message": "", "order_number": order["order_number"]}

    for resident in (WANG, LI):  # the payer and the one paid for both see it
        answer = lookup(terminal, resident)
        assert answer["columns"] == ["订单号", "事项", "缴费对象", "金额(元)", "状态", "日期"]
        row = next(r for r in answer["rows"] if r[0] == order["order_number"])
        assert row[1:5] == ["城乡居民养老保险缴费", "李*国（3101**********0010）", "300.00",
                            "已缴费"]
        assert {"label": "已缴费", "value": f"{sum(r[4] == '已缴费' for r in answer['rows'])}笔"} \
            in answer["summary"]


def test_two_orders_made_before_either_was_paid_charge_the_resident_once(central):
    """Two terminals (or two visits) made orders for one resident's year before either
    was paid; both QR codes get paid: the second payment is refunded at once."""
    first_terminal, second_terminal = enroll(central), enroll(central)
    before = central.report()
    first = create(first_terminal, PENSION_FEE, payer=LIN, tier="500").json()
    second = create(second_terminal, PENSION_FEE, payer=LIN, tier="500").json()
    assert first["status"] == second["status"] == "awaiting"
    assert "paid" in central.admin("pay", "--order", first["order_number"]).stdout
    twice = central.admin("pay", "--order", second["order_number"])
    assert "refunded" in twice.stdout and first["order_number"] in twice.stdout
    assert twice.stdout.strip().count("\n") == 0
    shown = read(second_terminal, second["order_number"]).json()
    assert shown["status"] == "refunded" and shown["paid_at"] and shown["refunded_at"]
    assert read(first_terminal, first["order_number"]).json()["status"] == "paid"
    after = central.report()
    assert after["payments_paid"] - before["payments_paid"] == 1
    assert after["payments_refunded"] - before["payments_refunded"] == 1
    rows = {r[0]: r[4] for r in lookup(first_terminal, LIN)["rows"]}
    assert (rows[first["order_number"]], rows[second["order_number"]]) == ("已缴费", "已退款")
    # A test order neither counts nor is refused: it is paid.
    trial = create(first_terminal, PENSION_FEE, payer=LIN, tier="500", test=True).json()
    assert central.admin("pay", "--order", trial["order_number"]).stdout.startswith(
        f"order {trial['order_number']} paid")


def test_a_payment_after_cancellation_is_refunded(central):
    terminal = enroll(central)
    order = create(terminal, payer=LIN).json()
    assert "cancelled" in central.admin("cancel-order", "--order", order["order_number"],
                                       cli=True).stdout
    assert read(terminal, order["order_number"]).json()["status"] == "cancelled"
    refunded = central.admin("pay", "--order", order["order_number"])
    assert "was cancelled" in refunded.stdout and "refunded" in refunded.stdout
    shown = read(terminal, order["order_number"]).json()
    assert shown["status"] == "refunded" and shown["paid_at"] and shown["refunded_at"]
    again = central.admin("pay", "--order", order["order_number"])
    assert "already paid and refunded" in again.stdout
    assert read(terminal, order["order_number"]).json() == shown
    row = next(r for r in lookup(terminal, LIN)["rows"] if r[0] == order["order_number"])
    assert row[4] == "已退款"


def test_an_order_past_its_deadline_reads_expired_and_a_late_payment_is_refunded(expiring):
    terminal = enroll(expiring)
    before = expiring.report()
    order = create(terminal).json()
    assert read(terminal, order["order_number"]).json()["status"] == "expired"
    late = expiring.admin("pay", "--order", order["order_number"])
    assert "had expired" in late.stdout and "refunded" in late.stdout
    assert read(terminal, order["order_number"]).json()["status"] == "refunded"
    after = expiring.report()
    assert after["payments_refunded"] - before["payments_refunded"] == 1
    assert after["payments_paid"] == before["payments_paid"]
    # An expired order paid nothing: the resident may pay again.
    assert create(terminal).status_code == 201


def test_the_test_mode_pays_an_order_by_itself(paying):
    terminal = enroll(paying)
    order = create(terminal).json()
    shown = read(terminal, order["order_number"]).json()
    assert shown["status"] == "paid" and shown["paid_at"] == shown["created_at"]
    assert paying.report()["payments_paid"] >= 1
