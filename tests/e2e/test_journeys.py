"""Every journey kind end to end, headless, on the emulated devices and a real store."""

from __future__ import annotations

import pytest

from drivers.printer.escpos_decoder import decode
from kiosk.app import Kiosk
from kiosk.catalogue.model import FieldType, IdentityProof, JourneyKind
from kiosk.config import KioskConfig
from kiosk.identity import identity_from_typed_number
from kiosk.journeys import JourneyError, Rating, StepKind
from tests.e2e.conftest import (
    FIXED_NOW,
    answer_all_questions,
    lay_id_card,
    lift_id_card,
)

WANG_ID = "110101196803120028"
WANG_NAME = "王秀兰"


def apply_item(kiosk, *, capture=True, prefill=True):
    """An apply item with a capturable material and a field the ID card fills."""
    for item in kiosk.catalogue.by_journey(JourneyKind.APPLY):
        has_capture = any(m.capture for m in item.materials)
        has_prefill = any(f.prefill == "name" for f in item.fields)
        asks_something = any(not f.prefill and f.type is not FieldType.ATTACHMENT
                             for f in item.fields)
        if has_capture == capture and (has_prefill or not prefill) and asks_something:
            return item
    raise AssertionError("the demo catalogue has no such apply item")


def printed(kiosk):
    paper = kiosk.emulators["printer"]
    receipt = decode(bytes(paper.output), kiosk.devices.devices["printer"].profile.encoding)
    return "\n".join(receipt.lines), receipt.qr_codes


def run_application(kiosk, item, *, bring_later=False):
    journey = kiosk.start("apply", item.code)
    assert journey.step.kind is StepKind.GUIDE
    journey.next()
    assert journey.step.kind is StepKind.IDENTIFY
    assert lay_id_card(kiosk)
    asked = answer_all_questions(journey)
    kiosk.emulators["camera"].show_document()
    while journey.step.kind is StepKind.MATERIAL:
        if bring_later:
            journey.bring_it_later()
        else:
            journey.capture(kiosk.camera_frame())
            journey.accept_capture()
    assert journey.step.kind is StepKind.CHECK
    return journey, asked


def test_apply_end_to_end_with_receipt_rating_and_card_reminder(kiosk):
    item = apply_item(kiosk)
    journey, asked = run_application(kiosk, item)

    # Never asked what the card told us.
    prefilled = [f.key for f in item.fields if f.prefill]
    assert prefilled and not set(prefilled) & set(asked)
    assert journey.answers[next(f.key for f in item.fields if f.prefill == "name")] == WANG_NAME

    confirmation = journey.submit()
    number = confirmation.tracking_number
    assert number.startswith(f"{kiosk.config.terminal.id}-20261127-")
    assert journey.step.kind is StepKind.CONFIRMATION

    entry = kiosk.store.outbox.get(journey.client_id)
    assert entry.tracking_number == number and entry.kind == "application"
    assert len(entry.attachments) == sum(1 for m in item.materials if m.capture)
    assert all(kiosk.store.outbox.attachment_content(entry.client_id, a)[:2] == b"\xff\xd8"
               for a in kiosk.store.outbox.stored_attachments(entry.client_id))

    outcome = kiosk.print_receipt(journey)
    assert outcome.printed
    text, qr_codes = printed(kiosk)
    assert number in text and qr_codes == [number]
    assert "王*兰" in text and "1101**********0028" in text
    assert WANG_NAME not in text and WANG_ID not in text
    assert item.name[:8] in text
    if confirmation.promised_by:
        assert f"{confirmation.promised_by.month}月{confirmation.promised_by.day}日" in text

    journey.next()
    assert journey.step.kind is StepKind.RATING
    assert journey.rate(Rating(level=5, reasons=("办事效率高",))) is None
    assert journey.step.kind is StepKind.END
    ratings = [e for e in kiosk.store.outbox.pending() if e.kind == "rating"]
    assert len(ratings) == 1
    assert ratings[0].payload["case_tracking_number"] == number
    assert ratings[0].payload["service_code"] == item.code

    reminders = kiosk.finish()
    assert [str(r) for r in reminders] == [
        "请取走您的卡片。", "请取走打印出来的回执，凭它查询办理进度。"]
    assert kiosk.session.identity is not None  # waits for the card
    assert lift_id_card(kiosk)
    assert kiosk.session.identity is None and kiosk.session.journey is None


def test_a_double_tap_on_submit_files_one_application(kiosk):
    journey, _ = run_application(kiosk, apply_item(kiosk))
    first = journey.submit()
    assert journey.submit() == first
    applications = [e for e in kiosk.store.outbox.pending() if e.kind == "application"]
    assert len(applications) == 1


def test_a_wrong_answer_keeps_what_was_typed_and_says_how_to_fix_it(kiosk):
    item = next(i for i in kiosk.catalogue.by_journey(JourneyKind.APPLY)
                if any(f.type is FieldType.PHONE for f in i.fields))
    journey = kiosk.start("apply", item.code)
    journey.next()
    lay_id_card(kiosk)
    while journey.step.field is None or journey.step.field.type is not FieldType.PHONE:
        answer_all_questions_once(journey)
    step = journey.step
    problem = journey.answer("1380013800")
    assert problem and "11位" in problem
    assert journey.step == step
    assert journey.drafts[step.field.key] == "1380013800"
    assert journey.answer("13800138000") is None
    assert journey.step != step


def answer_all_questions_once(journey):
    from kiosk.demo import sample_answer

    assert journey.answer(sample_answer(journey.step.field, FIXED_NOW.date())) is None


def test_change_from_the_check_screen_comes_back_to_it(kiosk):
    journey, asked = run_application(kiosk, apply_item(kiosk))
    rows = journey.check_rows()
    changeable = [r for r in rows if r[2].startswith("question:")]
    label, _, key = changeable[0]
    journey.change(key)
    assert journey.step.key == key
    field = journey.step.field
    from kiosk.demo import sample_answer

    assert journey.answer(sample_answer(field, FIXED_NOW.date())) is None
    assert journey.step.kind is StepKind.CHECK


def test_materials_brought_later_are_on_the_receipt_with_where_and_by_when(kiosk):
    item = apply_item(kiosk)
    journey, _ = run_application(kiosk, item, bring_later=True)
    confirmation = journey.submit()
    brought = {m.name for m in confirmation.materials_to_bring}
    assert {m.name for m in item.materials if m.capture} <= brought
    assert kiosk.print_receipt(journey).printed
    text, _ = printed(kiosk)
    assert "请带上以下材料" in text
    assert next(iter(brought))[:6] in text


def test_printer_out_of_paper_keeps_the_submission_and_says_what_to_do(kiosk):
    journey, _ = run_application(kiosk, apply_item(kiosk))
    confirmation = journey.submit()
    kiosk.emulators["printer"].paper = "out"
    outcome = kiosk.print_receipt(journey)
    assert not outcome.printed
    assert "缺纸" in outcome.message and "受理编号" in outcome.message
    assert kiosk.store.outbox.find_by_tracking(confirmation.tracking_number) is not None


def test_a_full_store_closes_submissions_but_not_the_guides(tmp_path):
    config = KioskConfig()
    config.storage.min_free_mb = 1 << 40  # more than any disk: "nearly full"
    kiosk = Kiosk(config, tmp_path / "full", now=lambda: FIXED_NOW)
    item = apply_item(kiosk)
    journey, _ = run_application(kiosk, item)
    guide = next(i for i in kiosk.catalogue.items if i.journey is JourneyKind.GUIDE)
    assert kiosk.is_open(item)[0] is False and "人工窗口" in kiosk.is_open(item)[1]
    assert kiosk.is_open(guide) == (True, None)
    with pytest.raises(JourneyError) as refused:
        journey.submit()
    assert "还没有提交" in refused.value.message
    assert journey.confirmation is None and journey.answers  # nothing lost
    assert kiosk.store.outbox.count() == 0
    kiosk.close()


def test_typed_numbers_are_claims_that_only_some_services_accept(kiosk):
    claim = identity_from_typed_number(WANG_ID)
    strict = next(i for i in kiosk.catalogue.by_journey(JourneyKind.APPLY)
                  if IdentityProof.TYPED_ID_NUMBER not in i.identity_proofs)
    journey = kiosk.start("apply", strict.code)
    journey.next()
    with pytest.raises(JourneyError) as refused:
        journey.identify(claim)
    assert "刷身份证" in refused.value.message
    lenient = next(i for i in kiosk.catalogue.by_journey(JourneyKind.APPLY)
                   if IdentityProof.TYPED_ID_NUMBER in i.identity_proofs)
    journey = kiosk.start("apply", lenient.code)
    journey.next()
    journey.identify(claim)  # an application the office verifies may start with a claim
    assert journey.step.kind is StepKind.QUESTION
    number_field = next(f.key for f in lenient.fields if f.prefill == "id_number")
    assert journey.answers[number_field] == WANG_ID


def test_a_typed_number_never_shows_or_acts_on_existing_cases(kiosk):
    """Wang Xiulan filed an application with her card and left. Someone types her number:
    no journey that shows or acts on her cases takes it, whatever the catalogue says;
    each refusal points to the cards, the phone's e-ID code and the counter."""
    journey, _ = run_application(kiosk, apply_item(kiosk))
    number = journey.submit().tracking_number
    assert lift_id_card(kiosk)
    kiosk.session.end()
    claim = identity_from_typed_number(WANG_ID)
    record = next(i for i in kiosk.catalogue.by_journey(JourneyKind.LOOKUP)
                  if not i.record.public)

    for kind, code in (("progress", None), ("lookup", record.code), ("rate", None),
                       ("complain", None)):
        journey = kiosk.start(kind, code)
        with pytest.raises(JourneyError) as refused:
            journey.identify(claim)
        assert not journey.takes_typed_number, kind
        assert journey.identity is None and journey.step.kind is StepKind.IDENTIFY, kind
        message = refused.value.message
        assert all(way in message for way in ("身份证", "社保卡", "电子身份证码", "人工窗口"))
        with pytest.raises(JourneyError):  # nothing to answer before a real identity
            journey.answer(number)
        assert getattr(journey, "result", None) is None, kind
        kiosk.session.abandon_journey()
    assert [e.kind for e in kiosk.store.outbox.pending()] == ["application"]  # filed nothing


def test_progress_lookup_finds_the_application_filed_here(kiosk):
    journey, _ = run_application(kiosk, apply_item(kiosk))
    number = journey.submit().tracking_number
    kiosk.session.abandon_journey()
    lookup = kiosk.start("progress")  # same visit: the card is not asked again
    assert lookup.step.kind is StepKind.LOOKUP_RESULT and lookup.answer_due
    lookup.look_up()
    assert [c.tracking_number for c in lookup.result.cases] == [number]
    assert "等待上传" in lookup.result.cases[0].state


def test_a_card_read_minutes_ago_is_asked_for_again_before_records_open(kiosk):
    """The platform takes a card read as proof for a few minutes: a resident who spent
    longer on an application is asked for the card again on progress, not told the
    network is down; an application in the same visit still does not ask."""
    import dataclasses
    import time

    from kiosk.session import RECORDS_PROOF_FRESH_S

    run_application(kiosk, apply_item(kiosk))
    kiosk.session.abandon_journey()
    kiosk.session.identity = dataclasses.replace(
        kiosk.session.identity, proven_at=time.time() - RECORDS_PROOF_FRESH_S - 1)
    progress = kiosk.start("progress")
    assert progress.step.kind is StepKind.IDENTIFY and progress.identity is None
    kiosk.session.abandon_journey()
    again = kiosk.start("apply", apply_item(kiosk).code)
    assert again.identity is not None  # an application takes the earlier read


def test_a_record_lookup_on_a_terminal_with_no_platform_says_so_and_where_to_ask(kiosk):
    item = kiosk.catalogue.item("YL-0015")  # the medical insurance account's balance
    journey = kiosk.start("lookup", item.code)
    lay_id_card(kiosk)
    assert journey.step.kind is StepKind.LOOKUP_RESULT
    notice = journey.look_up().notice
    assert "还没有连接" in notice and item.hotline in notice
    assert "网络" not in notice  # the network is not what is missing


def test_guide_prints_the_materials_checklist(kiosk):
    item = next(i for i in kiosk.catalogue.by_journey(JourneyKind.GUIDE) if i.materials)
    journey = kiosk.start("guide", item.code)
    assert journey.step.kind is StepKind.GUIDE
    assert kiosk.print_checklist(item).printed
    text, _ = printed(kiosk)
    assert "办事材料清单" in text
    assert item.materials[0].name[:6] in text
    journey.next()
    assert journey.step.kind is StepKind.END
    assert kiosk.store.outbox.count() == 0


def test_rate_a_case_later_by_its_tracking_number(kiosk):
    journey, _ = run_application(kiosk, apply_item(kiosk))
    number = journey.submit().tracking_number
    kiosk.session.abandon_journey()
    rate = kiosk.start("rate")
    assert rate.step.kind is StepKind.QUESTION
    problem = rate.answer("DEMO01-20991231-00001")
    assert problem and "没有找到" in problem
    assert rate.answer(number) is None
    assert rate.step.kind is StepKind.RATING
    problem = rate.rate(Rating(level=1, reasons=("办事效率高",)))
    assert problem and "列出的原因" in problem  # a praise reason for a dissatisfied level
    assert rate.rate(Rating(level=1, reasons=("办理时间太长",), text="等了很久")) is None
    rating = next(e for e in kiosk.store.outbox.pending() if e.kind == "rating")
    assert rating.payload["level"] == 1 and rating.payload["case_tracking_number"] == number


def test_complaint_is_queued_with_a_tracking_number(kiosk):
    journey = kiosk.start("complain")
    lay_id_card(kiosk)
    answer_all_questions(journey, {"subject": "terminal", "description": "屏幕反应很慢，按了没反应",
                                   "case_tracking_number": ""})
    assert journey.step.kind is StepKind.CHECK
    confirmation = journey.submit()
    entry = kiosk.store.outbox.find_by_tracking(confirmation.tracking_number)
    assert entry.kind == "complaint" and entry.payload["subject"] == "terminal"
    assert confirmation.promised_by is not None


def test_an_exception_inside_a_journey_step_goes_home_without_crashing(kiosk, monkeypatch):
    journey, _ = run_application(kiosk, apply_item(kiosk))

    def broken(*args, **kwargs):
        raise ZeroDivisionError("injected")

    monkeypatch.setattr(journey, "submit", broken)
    assert kiosk.session.guard(journey.submit) is None
    assert kiosk.session.journey is None and kiosk.session.identity is None
    assert "回到首页" in kiosk.session.last_message
    assert kiosk.store.outbox.count() == 0


def test_an_exception_inside_a_device_callback_goes_home_without_crashing(kiosk, monkeypatch):
    journey = kiosk.start("apply", apply_item(kiosk).code)
    journey.next()
    reader = kiosk.devices.devices["id_reader"]

    def broken_poll():
        raise KeyError("injected driver bug")

    monkeypatch.setattr(reader, "poll", broken_poll)
    assert kiosk.poll_cards() == []
    assert kiosk.session.journey is None
    assert "回到首页" in kiosk.session.last_message
    monkeypatch.undo()
    assert lay_id_card(kiosk)  # the next resident is served


def test_an_expired_id_card_is_refused_with_what_to_do(kiosk, tmp_path):
    import json

    from drivers.id_reader.emulator import card_from_file

    expired = tmp_path / "expired.json"
    expired.write_text(json.dumps({
        "name": "赵大海", "sex": "男", "nation": "汉", "birth_date": "1990-03-07",
        "address": "北京市东城区示例路1号", "id_number": "110101199003070011",
        "issuing_authority": "北京市公安局东城分局", "valid_from": "2006-01-01",
        "valid_to": "2016-01-01"}, ensure_ascii=False), encoding="utf-8")
    journey = kiosk.start("apply", apply_item(kiosk).code)
    journey.next()
    kiosk.emulators["id_reader"].present_card(card_from_file(expired))
    with pytest.raises(JourneyError) as refused:
        for _ in range(6):
            kiosk.poll_cards()
    assert "有效期" in refused.value.message
    assert journey.identity is None and journey.step.kind is StepKind.IDENTIFY


def test_the_step_count_stays_the_same_when_the_card_answers_questions(kiosk):
    item = apply_item(kiosk)
    journey = kiosk.start("apply", item.code)
    journey.next()
    assert journey.step.kind is StepKind.IDENTIFY
    number, total = journey.position
    assert number == 1

    assert lay_id_card(kiosk)

    assert journey.step.kind is StepKind.QUESTION
    assert journey.position == (2, total)  # the questions the card answered were never counted
    answer_all_questions(journey)
    while journey.step.kind is StepKind.MATERIAL:
        journey.bring_it_later()
    assert journey.position == (total, total)  # the check screen is the last counted step


def test_the_confirmation_tells_what_happens_next_not_what_the_resident_just_did(kiosk):
    item = apply_item(kiosk)
    assert any("终端" in step or "拍摄上传" in step for step in item.process)
    journey, _ = run_application(kiosk, item)

    confirmation = journey.submit()

    assert confirmation.next_steps  # the department's part is still told
    assert not [s for s in confirmation.next_steps if "终端" in s or "拍摄上传" in s]
    assert confirmation.next_steps == item.process[-len(confirmation.next_steps):]


def test_a_receipt_that_did_not_print_calls_no_complaint_an_application():
    from kiosk.app import RECEIPT_NOT_PRINTED

    assert "申请" not in RECEIPT_NOT_PRINTED.format(problem="缺纸")
