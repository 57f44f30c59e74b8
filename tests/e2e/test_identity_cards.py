"""Residence permits of Hong Kong, Macao and Taiwan residents and foreigners' permanent
residence cards laid on the ID card reader: accepted where the service lists them,
refused in plain words with what to do instead where it does not, and refused as proof
once past their validity (every kind of card, the resident ID card included)."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from drivers.id_reader.emulator import CARDS_DIR, card_from_file
from kiosk.catalogue.model import IdentityProof, JourneyKind
from kiosk.journeys import JourneyError, StepKind
from tests.e2e.conftest import FIXED_NOW, lay_id_card

PERMIT = "chen_jiaxin_residence_permit"
EXPIRED_PERMIT = "lin_zhiwei_residence_permit_expired"
PR_2017 = "smith_john_permanent_residence_2017"
PR_2023 = "mueller_anna_permanent_residence_2023"
FOREIGN = (PR_2017, PR_2023)
PROOF = {
    PERMIT: IdentityProof.HK_MO_TW_RESIDENCE_PERMIT,
    PR_2017: IdentityProof.FOREIGN_PERMANENT_RESIDENCE_CARD,
    PR_2023: IdentityProof.FOREIGN_PERMANENT_RESIDENCE_CARD,
}


def item_named(kiosk, name):
    return next(i for i in kiosk.catalogue.items if i.name == name)


def refusing_apply_item(kiosk):
    """An apply service that takes the resident ID card but neither permit."""
    return next(i for i in kiosk.catalogue.by_journey(JourneyKind.APPLY)
                if IdentityProof.ID_CARD in i.identity_proofs
                and IdentityProof.HK_MO_TW_RESIDENCE_PERMIT not in i.identity_proofs
                and IdentityProof.FOREIGN_PERMANENT_RESIDENCE_CARD not in i.identity_proofs)


def at_identify(kiosk, item):
    journey = kiosk.start(item.journey.value, item.code)
    while journey.step.kind is not StepKind.IDENTIFY:
        journey.next()
    return journey


def refusal(kiosk, card) -> JourneyError:
    kiosk.emulators["id_reader"].present_card(card)
    with pytest.raises(JourneyError) as refused:
        for _ in range(6):
            kiosk.poll_cards()
    return refused.value


@pytest.mark.parametrize("key", [PERMIT, *FOREIGN])
def test_a_permit_or_residence_card_identifies_where_the_service_lists_it(kiosk, key):
    item = item_named(kiosk, "无犯罪记录证明")
    assert PROOF[key] in item.identity_proofs
    journey = at_identify(kiosk, item)
    assert lay_id_card(kiosk, key)
    card = kiosk.emulators["id_reader"].cards[key].data
    assert journey.identity.proof is PROOF[key]
    assert journey.step.kind is not StepKind.IDENTIFY  # moved on
    # What the card told is not asked: the name (Chinese, else English) and the number.
    assert journey.answers["applicant_name"] == (card.name or card.english_name)
    assert journey.answers["applicant_id_number"] == card.id_number


def test_a_lookup_takes_a_foreigners_card_too(kiosk):
    item = item_named(kiosk, "个人权益记录查询（社保缴费记录查询）")
    journey = at_identify(kiosk, item)
    assert lay_id_card(kiosk, PR_2017)
    assert journey.identity.english_name == "SMITH JOHN"
    assert journey.identity.nationality == "USA"


@pytest.mark.parametrize(
    ("key", "card_words"),
    [
        (PERMIT, "港澳台居民居住证"),
        (PR_2017, "外国人永久居留身份证"),
        (PR_2023, "外国人永久居留身份证"),
    ],
)
def test_a_service_that_does_not_list_the_card_refuses_it_and_says_where_to_go(
    kiosk, key, card_words
):
    item = refusing_apply_item(kiosk)
    journey = at_identify(kiosk, item)
    message = refusal(kiosk, key).message
    assert "需要居民身份证" in message and card_words in message
    assert item.department in message and item.hotline in message  # what to do instead
    assert journey.identity is None and journey.step.kind is StepKind.IDENTIFY


def expired_copy(tmp_path, key):
    raw = json.loads((CARDS_DIR / f"{key}.json").read_text("utf-8"))
    raw["valid_from"], raw["valid_to"] = "2014-01-01", "2024-01-01"
    path = tmp_path / f"{key}.json"
    path.write_text(json.dumps(raw, ensure_ascii=False), "utf-8")
    return card_from_file(path)


@pytest.mark.parametrize(
    ("key", "renew_at"),
    [
        (PERMIT, "派出所"),
        (PR_2017, "出入境管理部门"),
        (PR_2023, "出入境管理部门"),
        ("wang_xiulan", "派出所"),
    ],
)
def test_an_expired_card_of_any_kind_is_refused_with_where_to_renew_it(kiosk, tmp_path, key,
                                                                        renew_at):
    item = item_named(kiosk, "无犯罪记录证明")
    journey = at_identify(kiosk, item)
    card = expired_copy(tmp_path, key)
    assert card.data.valid_to < FIXED_NOW.date()
    message = refusal(kiosk, card).message
    assert "已过有效期" in message and renew_at in message
    assert journey.identity is None and journey.step.kind is StepKind.IDENTIFY


def test_the_sample_expired_permit_is_refused_and_a_valid_card_then_identifies(kiosk):
    item = item_named(kiosk, "无犯罪记录证明")
    journey = at_identify(kiosk, item)
    assert "已过有效期" in refusal(kiosk, EXPIRED_PERMIT).message
    kiosk.emulators["id_reader"].remove_card()
    for _ in range(3):
        kiosk.poll_cards()
    assert lay_id_card(kiosk, PERMIT)
    assert journey.identity.proof is IdentityProof.HK_MO_TW_RESIDENCE_PERMIT


def test_a_card_valid_to_today_still_identifies(kiosk):
    item = item_named(kiosk, "无犯罪记录证明")
    journey = at_identify(kiosk, item)
    card = kiosk.emulators["id_reader"].cards[PR_2023]
    today = replace(card, data=replace(card.data, valid_to=FIXED_NOW.date()))
    kiosk.emulators["id_reader"].present_card(today)
    for _ in range(3):
        kiosk.poll_cards()
    assert journey.identity is not None


def test_a_card_that_never_reads_well_is_refused_in_plain_words_not_taken_as_proof(kiosk):
    journey = at_identify(kiosk, refusing_apply_item(kiosk))
    kiosk.emulators["id_reader"].damage_next_reads(10)  # the line damages every read

    refused = refusal(kiosk, "wang_xiulan")

    assert "没有读准" in refused.message and "人工窗口" in refused.message
    assert journey.step.kind is StepKind.IDENTIFY
    assert kiosk.session.identity is None
