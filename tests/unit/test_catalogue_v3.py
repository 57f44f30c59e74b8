"""Item schema version 3: what a look-up answers (personal or public records) and which
materials are licences the government issued; older items keep loading beside it."""

from __future__ import annotations

import pytest

from kiosk.catalogue.loader import demo_catalogue_path, load_catalogue, load_catalogue_file
from kiosk.catalogue.model import JourneyKind, RecordScope
from tests.unit.test_catalogue_loader import document, good_item


def lookup_item(code: str = "SB-0014", record: dict | None = None, **changes) -> dict:
    item = good_item(code, item_schema=3, journey="lookup", materials=[])
    item["fields"] = []
    if record is not None:
        item["record"] = record
    return item | changes


def loaded(*items: dict):
    return load_catalogue(document(list(items)))


def test_a_personal_look_up_says_what_it_answers_and_which_proof_it_prints():
    catalogue = loaded(lookup_item(record={
        "scope": "personal", "kind": "contribution_history", "account": "pension",
        "proof": "contributions"}))

    record = catalogue.by_code("SB-0014").record
    assert record.scope is RecordScope.PERSONAL and not record.public
    assert (record.kind, record.account, record.proof) == (
        "contribution_history", "pension", "contributions")


def test_version_2_items_load_beside_version_3_ones():
    catalogue = loaded(good_item("SB-0001", item_schema=2),
                       lookup_item(record={"scope": "public", "kind": "reference"}))

    assert [i.code for i in catalogue.items] == ["SB-0001", "SB-0014"]
    assert catalogue.by_code("SB-0001").record is None
    assert catalogue.by_code("SB-0014").record.public


@pytest.mark.parametrize("item, words", [
    (lookup_item(), "record: is required on a look-up item"),
    (good_item("SB-0014", item_schema=3, record={"scope": "public", "kind": "reference"}),
     "only look-up items answer from records"),
    (lookup_item(record={"scope": "public", "kind": "rows"}), "does not fit kind 'rows'"),
    (lookup_item(record={"scope": "personal", "kind": "reference"}),
     "does not fit kind 'reference'"),
    (lookup_item(record={"scope": "personal", "kind": "account_balance"}),
     "record.account: a record of kind 'account_balance' needs it"),
    (lookup_item(record={"scope": "personal", "kind": "rows", "licence_type": "business_licence"}),
     "record.licence_type: a record of kind 'rows' does not take it"),
    (lookup_item(record={"scope": "personal", "kind": "case_progress"}),
     "record.cases_of: a record of kind 'case_progress' needs it"),
    (lookup_item(record={"scope": "personal", "kind": "balance"}), "record.kind"),
], ids=["missing", "on-apply", "public-rows", "personal-reference", "no-account",
        "stray-licence", "no-cases", "unknown-kind"])
def test_a_record_that_cannot_be_answered_is_skipped_with_a_reason(item, words):
    catalogue = loaded(item, good_item("SB-0001"))

    assert [i.code for i in catalogue.items] == ["SB-0001"]
    assert words in catalogue.skipped[0].reason


def test_a_material_marked_as_a_licence_names_its_type_and_an_unknown_type_is_refused():
    item = good_item("SB-0001", item_schema=3)
    item["materials"] = [{"name": "居民户口簿首页及本人页", "elicence": "household_register"}]
    wrong = good_item("SB-0002", item_schema=3)
    wrong["materials"] = [{"name": "户口簿", "elicence": "hukou"}]

    catalogue = loaded(item, wrong)

    assert catalogue.by_code("SB-0001").materials[0].elicence == "household_register"
    assert [s.code for s in catalogue.skipped] == ["SB-0002"]
    assert "materials[0].elicence" in catalogue.skipped[0].reason


def test_the_demo_catalogue_marks_its_65_look_ups_9_of_them_public():
    items = load_catalogue_file(demo_catalogue_path()).items
    lookups = [i for i in items if i.journey is JourneyKind.LOOKUP]
    public = sorted(i.code for i in lookups if i.record.public)

    assert len(lookups) == 65
    assert public == ["JC-0017", "JC-0020", "JY-0016", "QY-0015", "QY-0018", "SF-0017",
                      "SJ-0018", "YL-0019", "YL-0021"]
    # A personal record opens only with a card or an e-ID code: typing is not offered.
    assert not [i.code for i in lookups if not i.record.public and i.accepts_typed_id]
    codes = {i.code for i in items}
    for item in lookups:
        assert set(item.record.cases_of) <= codes, item.code


def test_the_demo_marks_the_licences_residents_used_to_photograph():
    items = load_catalogue_file(demo_catalogue_path()).items
    licences = {m.name: m.elicence for i in items for m in i.materials if m.elicence}

    assert licences["居民户口簿首页及本人页"] == "household_register"
    assert licences["居民身份证正反面"] == "resident_id_card"
    assert licences["营业执照正本或副本"] == "business_licence"
    # Only papers the camera would have captured: an original shown at a counter stays.
    assert all(m.capture for i in items for m in i.materials if m.elicence)
