"""A resident's look-up answered from the platform's records, through the real journey
and the real reference platform on loopback: personal records only with this visit's
proof, one page at a time; public reference data with no identity; and when there is no
answer, words that tell the network's fault from the platform's."""

from __future__ import annotations

import dataclasses
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from kiosk.app import Kiosk
from kiosk.catalogue.model import IdentityProof
from kiosk.config import KioskConfig
from kiosk.identity import Identity
from kiosk.journeys import StepKind
from kiosk.sync.records import PROOF_AGAIN
from offline_cache.platform_link import PlatformLink
from tests.pdf_reading import page_texts, qr_on_page
from tests.sync.conftest import RESIDENT_ID, enrolled, fast_platform_config, link_to_nowhere

LI_JIANGUO = "310104197510010010"  # the emulated cards' working resident


def card_read_now(id_number: str = RESIDENT_ID) -> Identity:
    return Identity(id_number=id_number, proof=IdentityProof.ID_CARD, name="居民")


@pytest.fixture
def kiosk(tmp_path) -> Iterator[Kiosk]:
    opened = Kiosk(KioskConfig(platform=fast_platform_config()), tmp_path / "k")
    try:
        yield opened
    finally:
        opened.close()


def linked(kiosk: Kiosk, central) -> Kiosk:
    enrolled(kiosk.store, central)
    kiosk.relink()
    return kiosk


def open_record(kiosk: Kiosk, code: str, identity: Identity | None = None, text: str = "东"):
    journey = kiosk.start("lookup", code)
    if identity is not None:
        journey.identify(identity)
    while journey.step.kind is not StepKind.LOOKUP_RESULT:
        field = journey.step.field
        if field is not None:  # a question: its first choice, or any text
            journey.answer(field.choices[0].value if field.choices else text)
        else:
            journey.next()
    return journey


def test_contributions_come_by_month_a_page_at_a_time_with_the_proof_of_this_visit(
        kiosk, central):
    linked(kiosk, central)
    journey = open_record(kiosk, "SB-0014", card_read_now(LI_JIANGUO))  # 2025's months
    assert journey.answer_due  # nothing asked until the screen asks

    first = journey.look_up().record
    assert first.columns[0] == "月份" and first.pages > 1
    assert first.summary and first.as_of
    second = journey.fetch(page=2).record
    assert second.page == 2 and set(second.rows).isdisjoint(first.rows)
    assert first.total_rows == second.total_rows > len(first.rows)
    terminal_id = kiosk.store.platform.load().terminal_id
    queries = json.loads(central.admin("case-queries", "--json", "--terminal",
                                       terminal_id).stdout)
    # Asked once, with the card read of this visit: the second screen came with the first
    # (every ask counts against the terminal's limit at the platform).
    assert [(q["query"], q["proof_kind"]) for q in queries] == [("records", "card_read")]


def test_a_public_look_up_asks_nobody_who_they_are(kiosk, central):
    linked(kiosk, central)
    journey = open_record(kiosk, "JY-0016", text="幸福里")  # which school serves this street
    assert StepKind.IDENTIFY not in [s.kind for s in journey.steps]
    result = journey.look_up()
    assert result.record is not None and result.record.rows, result.notice
    assert journey.identity is None


def test_a_typed_number_cannot_open_a_personal_record(kiosk, central):
    linked(kiosk, central)
    journey = kiosk.start("lookup", "YL-0015")
    assert not journey.takes_typed_number


def test_offline_the_resident_hears_it_is_the_network_and_where_else_to_ask(kiosk):
    link_to_nowhere(kiosk.store)
    kiosk.relink()
    kiosk.sync.run_once()  # finds nobody there
    item = kiosk.catalogue.item("YL-0015")
    notice = open_record(kiosk, item.code, card_read_now()).look_up().notice
    assert "网络暂时不通" in notice and item.hotline in notice and "窗口" in notice


class _Garbage(BaseHTTPRequestHandler):
    """A platform that is there, and answers every look-up with something else."""

    def do_POST(self):  # noqa: N802 - the library's name
        body = json.dumps({"code": "internal_error", "message": "boom"}).encode()
        self.send_response(500)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


def test_a_platform_that_answers_wrongly_is_not_called_a_network_fault(kiosk):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Garbage)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        kiosk.store.platform.save(PlatformLink(f"http://127.0.0.1:{server.server_address[1]}",
                                               "T0000TEST", "token", "A" * 43 + "=", "k1"))
        kiosk.relink()
        notice = open_record(kiosk, "YL-0019").look_up().notice  # public: no proof needed
    finally:
        server.shutdown()
        server.server_close()
    assert "网络是通的" in notice and "网络暂时不通" not in notice


def test_a_proof_of_insurance_prints_on_a4_with_a_code_the_platform_answers_for(
        kiosk, central):
    linked(kiosk, central)
    printer = kiosk.emulators["document_printer"]
    journey = open_record(kiosk, "SB-0017", card_read_now(LI_JIANGUO))
    shown = journey.look_up().record
    assert journey.offers_proof

    outcome = kiosk.start_printing_proof(journey).result(timeout=60)

    assert outcome.printed, outcome.message
    pdf = printer.printed()[-1].data
    text = "".join(page_texts(pdf))
    flat = "".join(text.split())
    assert outcome.code in text
    for label, value in shown.summary:  # what the resident was shown, digits included
        assert "".join(value.split()) in flat, (label, value)
    assert "310104" not in flat.replace(outcome.code, "")  # the number only masked
    assert qr_on_page(pdf, 0).endswith(outcome.code)
    checked = json.loads(central.admin("verify-proof", "--code", outcome.code, "--json").stdout)
    assert checked["kind"] == "insurance" and "*" in checked["holder_name_masked"]


def test_a_proof_that_jammed_prints_again_with_the_same_code(kiosk, central):
    linked(kiosk, central)
    printer = kiosk.emulators["document_printer"]
    journey = open_record(kiosk, "SB-0017", card_read_now(LI_JIANGUO))
    journey.look_up()
    printer.set_fault("media-jam-error")

    jammed = kiosk.start_printing_proof(journey).result(timeout=60)
    assert not jammed.printed and jammed.code in jammed.message and "卡纸" in jammed.message

    printer.set_fault()  # the jam cleared: the held job does not come out for the next person
    assert printer.printed() == []
    again = kiosk.start_printing_proof(journey).result(timeout=60)
    assert again.printed and again.code == jammed.code
    assert len(printer.printed()) == 1


def test_a_driver_that_breaks_mid_proof_leaves_words_and_the_next_print_working(
        kiosk, central):
    linked(kiosk, central)
    printer = kiosk.emulators["document_printer"]
    journey = open_record(kiosk, "SB-0017", card_read_now(LI_JIANGUO))
    journey.look_up()
    works = printer.print_pdf

    def breaks(data, title):
        raise RuntimeError("a driver bug")

    printer.print_pdf = breaks
    broken = kiosk.start_printing_proof(journey).result(timeout=60)
    assert not broken.printed and "人工窗口" in broken.message
    printer.print_pdf = works
    assert kiosk.start_printing_proof(journey).result(timeout=60).printed


def test_going_back_to_change_the_question_asks_the_platform_again(kiosk, central):
    linked(kiosk, central)
    journey = open_record(kiosk, "JY-0016", text="幸福里")
    first = journey.look_up().record
    assert any("幸福里" in row[0] for row in first.rows)
    request_id = journey.proof_request_id

    assert journey.back() and journey.step.kind is StepKind.QUESTION
    journey.answer("和平路")
    assert journey.answer_due and journey.proof_request_id != request_id
    again = journey.look_up().record
    assert again.rows and all("和平路" in row[0] for row in again.rows)


def test_a_card_read_again_after_the_platform_asked_for_it_brings_the_answer(kiosk, central):
    linked(kiosk, central)
    journey = open_record(kiosk, "YL-0015", card_read_now(LI_JIANGUO))
    stale = dataclasses.replace(card_read_now(LI_JIANGUO), proven_at=time.time() - 3600)
    journey.identify(stale)  # a read the platform no longer takes as proof
    assert journey.look_up().unavailable == PROOF_AGAIN
    journey.back()
    journey.identify(card_read_now(LI_JIANGUO))  # the card laid on the reader again
    assert journey.answer_due
    assert journey.look_up().record is not None
