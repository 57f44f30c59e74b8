"""Papers the government already holds, against the real reference platform: a resident
who proved who they are at this visit lets the office take a licence from the e-licence
library instead of photographing it; the application carries a reference to it, the check
screen and the receipt say so. A typed number never opens the library; offline, or when
the library does not hold the paper, the photo path is as it always was. An ID card read
here is never photographed."""

from __future__ import annotations

import dataclasses
import json
import time

import pytest

from kiosk.app import Kiosk
from kiosk.catalogue.model import IdentityProof
from kiosk.config import KioskConfig
from kiosk.identity import identity_from_typed_number
from kiosk.journeys import ApplyJourney, JourneyError, StepKind
from kiosk.receipts import application_receipt, as_text
from tests.e2e.conftest import FIXED_NOW, answer_all_questions, lay_id_card, poll_until
from tests.sync.conftest import (
    enrolled,
    fast_platform_config,
    link_to_nowhere,
    platform_submissions,
)

WANG_ID = "110101196803120028"  # the emulators' sample ID card (王秀兰)
WANG_HOUSEHOLD_REGISTER = "110101015523"  # the platform's demo records for her
LI_ID = "310104197510010010"  # the sample social security card (李建国)
SCHOOL_ENTRY = "JY-0001"  # household register, property certificate, vaccination proof
REPORT_LOSS = "SB-0002"  # the resident ID card's two sides
HOUSEHOLD_REGISTER = "居民户口簿首页及本人页"
PROPERTY = "房产证或不动产权证书"
ID_CARD_SIDES = "居民身份证正反面"
WAIT_LIMIT_S = 30  # a safety net for a hung call, not a performance figure


def wait_until(condition, limit=WAIT_LIMIT_S) -> bool:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


@pytest.fixture
def online(central, tmp_path):
    kiosk = Kiosk(KioskConfig(platform=fast_platform_config()), tmp_path / "k",
                  now=lambda: FIXED_NOW)
    try:
        enrolled(kiosk.store, central)
        kiosk.relink()
        kiosk.sync.run_once()  # online, its signing key registered
        assert kiosk.sync_status().online is True
        yield kiosk
    finally:
        kiosk.close()


def library_queries(central, kiosk) -> list[dict]:
    terminal_id = kiosk.store.platform.load().terminal_id
    rows = json.loads(central.admin("case-queries", "--json", "--terminal", terminal_id).stdout)
    return [r for r in rows if r["query"] == "elicences"]


def to_materials(kiosk, code: str, identify) -> ApplyJourney:
    journey = kiosk.start("apply", code)
    journey.next()
    assert journey.step.kind is StepKind.IDENTIFY
    identify()
    answer_all_questions(journey)
    return journey


def at(journey, material: str) -> None:
    assert journey.step.kind is StepKind.MATERIAL and journey.step.material.name == material


def test_the_household_register_comes_from_the_library_with_consent_and_no_photo(
        central, online):
    kiosk = online
    journey = to_materials(kiosk, SCHOOL_ENTRY, lambda: lay_id_card(kiosk))
    assert wait_until(lambda: journey.library_settled)
    [query] = library_queries(central, kiosk)
    assert (query["proof_kind"], query["outcome"]) == ("card_read", "answered")

    at(journey, HOUSEHOLD_REGISTER)
    offered = journey.licence_offered
    assert offered.title == "居民户口簿" and offered.number == WANG_HOUSEHOLD_REGISTER
    assert offered.number_masked == "1101****5523"
    assert WANG_HOUSEHOLD_REGISTER not in repr(offered)  # never in a log line
    journey.take_from_library()  # 同意调取

    # She holds her property certificate too, and chooses to photograph it anyway.
    at(journey, PROPERTY)
    assert journey.licence_offered.type == "property_certificate"
    journey.photograph_instead()
    assert journey.licence_offered is None
    kiosk.emulators["camera"].show_document()
    journey.capture(kiosk.camera_frame())
    journey.accept_capture()

    # A paper no library holds: the photo path as ever, nothing to wait for.
    assert journey.step.kind is StepKind.MATERIAL
    assert journey.licence_offered is None and not journey.library_pending
    journey.bring_it_later()

    rows = {label: value for label, value, _ in journey.check_rows()}
    assert rows[HOUSEHOLD_REGISTER] == "已从电子证照库调取"
    assert rows[PROPERTY] == "已拍摄"

    references_before = central.report()["elicence_references"]
    confirmation = journey.submit()
    entry = kiosk.store.outbox.get(journey.client_id)
    assert entry.payload["elicences"] == [{"type": "household_register",
                                           "number": WANG_HOUSEHOLD_REGISTER,
                                           "material": HOUSEHOLD_REGISTER}]
    [photo] = entry.attachments  # the property certificate's; none of the register
    assert PROPERTY in photo.name
    assert HOUSEHOLD_REGISTER not in [m.name for m in confirmation.materials_to_bring]

    receipt = as_text(application_receipt(confirmation, journey.identity,
                                           kiosk.config.terminal))
    assert f"{HOUSEHOLD_REGISTER}：已从电子证照库调取" in receipt
    assert "1101****5523" in receipt and WANG_HOUSEHOLD_REGISTER not in receipt

    assert kiosk.sync.run_once().delivered == 1
    [case] = [s for s in platform_submissions(central)
              if s["tracking_number"] == confirmation.tracking_number]
    assert [(e["type"], e["number"]) for e in case["elicences"]] == [
        ("household_register", WANG_HOUSEHOLD_REGISTER)]
    assert "elicences" not in case["payload"]  # beside the answers, not among them
    assert central.report()["elicence_references"] == references_before + 1

    journey.wipe()  # the visit ends: the library's answer goes with it
    assert not journey.from_library and journey.licence_offered is None
    assert journey.library_settled


def test_a_typed_number_never_opens_the_library(central, online):
    kiosk = online
    item = kiosk.catalogue.item(SCHOOL_ENTRY)
    typed_ok = dataclasses.replace(item, identity_proofs=(
        *item.identity_proofs, IdentityProof.TYPED_ID_NUMBER))
    journey = kiosk.session.start(ApplyJourney(typed_ok, kiosk.context))
    journey.next()
    journey.identify(identity_from_typed_number(WANG_ID))
    answer_all_questions(journey)

    at(journey, HOUSEHOLD_REGISTER)
    assert journey.library_settled and not journey.library_pending
    assert journey.licence_offered is None
    assert library_queries(central, kiosk) == []  # the platform was never asked
    assert kiosk.sync.elicences_for(journey.identity, kiosk.session.id) is None


def test_offline_the_papers_are_photographed_or_brought_as_before(tmp_path):
    kiosk = Kiosk(KioskConfig(platform=fast_platform_config()), tmp_path / "k",
                  now=lambda: FIXED_NOW)
    try:
        link_to_nowhere(kiosk.store)
        kiosk.relink()
        journey = to_materials(kiosk, SCHOOL_ENTRY, lambda: lay_id_card(kiosk))
        assert wait_until(lambda: journey.library_settled)
        at(journey, HOUSEHOLD_REGISTER)
        assert journey.licence_offered is None
        with pytest.raises(JourneyError, match="没带"):
            journey.next()  # neither photographed nor to be brought: not done yet
        journey.bring_it_later()
        while journey.step.kind is StepKind.MATERIAL:
            journey.bring_it_later()
        confirmation = journey.submit()
        entry = kiosk.store.outbox.get(journey.client_id)
        assert "elicences" not in entry.payload
        assert HOUSEHOLD_REGISTER in [m.name for m in confirmation.materials_to_bring]
    finally:
        kiosk.close()


def test_the_id_card_read_here_is_never_photographed(central, online):
    kiosk = online
    item = kiosk.catalogue.item(REPORT_LOSS)
    journey = to_materials(kiosk, REPORT_LOSS, lambda: lay_id_card(kiosk))
    assert journey.step.kind is StepKind.CHECK  # no photo of the card just read
    assert not any(s.material for s in journey.steps)
    rows = {label: (value, key) for label, value, key in journey.check_rows()}
    assert rows[ID_CARD_SIDES] == ("已读取您的身份证，不用拍照", "")

    confirmation = journey.submit()
    entry = kiosk.store.outbox.get(journey.client_id)
    assert entry.payload["elicences"] == [{"type": "resident_id_card", "number": WANG_ID,
                                           "material": ID_CARD_SIDES}]
    assert not entry.attachments
    receipt = as_text(application_receipt(confirmation, journey.identity,
                                          kiosk.config.terminal))
    assert f"{ID_CARD_SIDES}：已读取身份证" in receipt
    assert item.code == confirmation.service_code
    assert kiosk.sync.run_once().delivered == 1
    [case] = [s for s in platform_submissions(central)
              if s["tracking_number"] == confirmation.tracking_number]
    assert [(e["type"], e["number"]) for e in case["elicences"]] == [
        ("resident_id_card", WANG_ID)]


def test_with_a_social_security_card_the_id_card_comes_from_the_library(central, online):
    kiosk = online

    def insert_card():
        kiosk.emulators["card_reader"].insert("li_jianguo")
        assert poll_until(kiosk, "card_reader", "read")

    journey = to_materials(kiosk, REPORT_LOSS, insert_card)
    at(journey, ID_CARD_SIDES)  # a social security card is not the ID card
    assert wait_until(lambda: journey.library_settled)
    offered = journey.licence_offered
    assert (offered.type, offered.number) == ("resident_id_card", LI_ID)
    journey.take_from_library()
    assert journey.step.kind is StepKind.CHECK
    journey.submit()
    entry = kiosk.store.outbox.get(journey.client_id)
    assert entry.payload["elicences"] == [{"type": "resident_id_card", "number": LI_ID,
                                           "material": ID_CARD_SIDES}]
