"""Life events, delivery by post, fees and corrections, headless on the emulated devices
and a real store, with no platform (the platform's side: tests/sync/test_sync_issue15)."""

from __future__ import annotations

import pytest

from kiosk.journeys import JourneyError, StepKind
from kiosk.journeys.correction import correction_from_case
from tests.e2e.conftest import answer_all_questions, lay_id_card
from tests.e2e.test_journeys import printed

NEWBORN_EVENT = "YL-0027"
CERTIFICATE_OF_NO_RECORD = "GA-0004"  # 无犯罪记录证明: may be posted
MEDICAL_FEE = "YL-0026"
CARD_ADDRESS_START = "北京市东城区"  # the emulated ID card's address


def photograph_all(kiosk, journey) -> list[str]:
    kiosk.emulators["camera"].show_document()
    names = []
    while journey.step.kind is StepKind.MATERIAL:
        names.append(journey.step.material.name)
        journey.capture(kiosk.camera_frame())
        journey.accept_capture()
    return names


def test_a_newborn_is_one_visit_filing_three_linked_applications(kiosk):
    journey = kiosk.start("event", NEWBORN_EVENT)
    assert [item.name for item in journey.links] == [
        "新生儿出生登记", "新生儿参保登记", "新生儿社会保障卡申领"]
    assert [item.name for item in journey.first] == ["出生医学证明首次签发指南"]
    journey.next()
    assert lay_id_card(kiosk)
    asked = []
    while journey.step.kind in (StepKind.QUESTION, StepKind.MATERIAL):
        if journey.step.kind is StepKind.MATERIAL:
            asked += [f"photo:{n}" for n in photograph_all(kiosk, journey)]
        else:
            field = journey.step.field
            if field.key == "delivery_method":
                asked.append(field.key)
                assert journey.answer("post") is None
                continue
            asked += answer_all_questions(journey, {"delivery_address": "北京市东城区幸福路1号"})
    # Asked once although two or three links ask it; never what a link's result fills.
    assert asked.count("child_name") == 1 and asked.count("phone") == 1
    assert "child_id_number" not in asked and "child_insurance_number" not in asked
    assert asked.count("photo:出生医学证明") == 1
    assert journey.step.kind is StepKind.CHECK

    confirmation = journey.submit()
    entries = sorted((e for e in kiosk.store.outbox.pending() if e.kind == "application"),
                     key=lambda e: e.payload["chain"]["position"])
    assert [e.service_code for e in entries] == ["GA-0010", "YL-0002", "SB-0026"]
    numbers = [e.tracking_number for e in entries]
    assert [link.tracking_number for link in confirmation.links] == numbers
    # A link that waits is expected after the links it waits on.
    dates = [link.promised_by for link in confirmation.links]
    assert dates[0] < dates[1] and max(dates[:2]) < dates[2]
    chains = [e.payload["chain"] for e in entries]
    assert len({c["id"] for c in chains}) == 1 and all(c["links"] == numbers for c in chains)
    assert chains[1]["waits_on"] == [numbers[0]]
    assert chains[2]["waits_on"] == numbers[:2]
    assert {"field": "child_id_number", "from": numbers[0], "output": "id_number"} in \
        chains[2]["inputs"]
    # Each link carries its own answers and its own papers.
    assert "register_with" in entries[0].payload["answers"]
    assert "register_with" not in entries[1].payload["answers"]
    captured = [e.payload["materials_captured"] for e in entries]
    assert "出生医学证明" in captured[0] and "出生医学证明" in captured[1]
    assert "新生儿近期一寸免冠照片" in captured[2] and "出生医学证明" not in captured[2]
    # The one photo goes with each link that needs it.
    photos = [{a.name: kiosk.store.outbox.attachment_content(e.client_id, a)
               for a in kiosk.store.outbox.stored_attachments(e.client_id)} for e in entries]
    assert photos[0]["出生医学证明.jpg"] == photos[1]["出生医学证明.jpg"]
    # Only the social security card is posted; the address is the one typed.
    assert "delivery" not in entries[0].payload
    assert entries[2].payload["delivery"]["method"] == "post"
    assert entries[2].payload["delivery"]["address"] == "北京市东城区幸福路1号"

    assert kiosk.print_receipt(journey).printed
    text, _ = printed(kiosk)
    assert all(number in text for number in numbers)
    assert "等新生儿出生登记、新生儿参保登记办好后接着办" in text
    assert "幸福路1号" not in text  # the address is masked on paper


def test_the_address_for_post_starts_as_the_cards_and_can_be_changed(kiosk):
    journey = kiosk.start("apply", CERTIFICATE_OF_NO_RECORD)
    journey.next()
    assert lay_id_card(kiosk)
    answer_all_questions(journey)
    photograph_all(kiosk, journey)
    assert journey.step.field.key == "delivery_method"
    assert journey.answer("post") is None
    assert journey.step.field.key == "delivery_address"
    assert journey.drafts["delivery_address"].startswith(CARD_ADDRESS_START)
    assert journey.answer("北京市朝阳区和平街5号2单元301") is None
    assert journey.step.kind is StepKind.CHECK
    rows = {label: value for label, value, _key in journey.check_rows()}
    assert rows["邮寄地址"] == "北京市朝阳区和平街5号2单元301"

    # Changed to collection at the counter: no address goes to the platform.
    journey.change(next(key for _l, _v, key in journey.check_rows()
                        if key == "question:delivery_method"))
    assert journey.answer("counter") is None
    assert journey.step.kind is StepKind.CHECK
    journey.submit()
    delivery = kiosk.store.outbox.get(journey.client_id).payload["delivery"]
    assert delivery == {"method": "counter", "recipient": "王秀兰", "phone": None,
                        "address": None}


def test_a_fee_offline_says_it_needs_the_network_and_names_the_counter(kiosk):
    journey = kiosk.start("pay", MEDICAL_FEE)
    assert journey.offline_notice and "网络不通" in journey.offline_notice
    with pytest.raises(JourneyError) as refused:
        journey.next()
    assert "缴费" in refused.value.message
    assert journey.step.kind is StepKind.GUIDE


@pytest.mark.parametrize("broken", [
    {"items": []},
    {"items": [{"kind": "answer", "key": "Bad Key", "label": "x", "type": "text"}]},
    {"items": [{"kind": "answer", "key": "phone", "label": "<b>手机</b>", "type": "phone"}]},
    {"items": [{"kind": "video", "name": "x"}]},
    {"items": "all of it"},
])
def test_a_correction_the_screens_cannot_show_is_left_out_not_a_crash(broken):
    case = {"case_number": "GS2026-AAAA", "tracking_number": "T-1", "service_code": "GA-0004",
            "status": "correction", "correction": {"note": "请补充", **broken}}
    assert correction_from_case(case) is None


def test_a_correction_is_answered_as_its_own_submission_naming_the_case(kiosk):
    case = {"case_number": "GS2026-AAAA-BBBB", "tracking_number": "DEMO01-20261120-00001",
            "service_code": CERTIFICATE_OF_NO_RECORD, "status": "correction",
            "correction": {"note": "请补充现住址和户口簿", "requested_at": "2026-11-26T10:00:00Z",
                           "answered_at": None,
                           "items": [{"kind": "answer", "key": "home_address",
                                      "label": "现住址", "type": "address"},
                                     {"kind": "photo", "name": "户口簿本人页"}]}}
    asked = correction_from_case(case)
    assert asked is not None
    lay_id_card(kiosk)
    journey = kiosk.start_correction(asked)
    assert journey.step.kind is StepKind.QUESTION and journey.step.field.key == "home_address"
    assert journey.answer("北京市朝阳区和平街5号") is None
    with pytest.raises(JourneyError):  # what the office asked for is photographed now
        journey.bring_it_later()
    assert photograph_all(kiosk, journey) == ["户口簿本人页"]
    confirmation = journey.submit()
    assert confirmation.tracking_number == "DEMO01-20261120-00001"
    entry = kiosk.store.outbox.get(journey.client_id)
    assert entry.kind == "correction" and entry.service_code == CERTIFICATE_OF_NO_RECORD
    assert entry.payload["case_number"] == "GS2026-AAAA-BBBB"
    assert entry.payload["answers"] == {"home_address": "北京市朝阳区和平街5号"}
    assert len(entry.attachments) == 1
