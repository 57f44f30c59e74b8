"""The catalogue loader: good items load, bad ones are skipped with a reason, and a
document that is unusable as a whole is refused with a message a technician understands."""

from __future__ import annotations

import copy
import json
import logging

import pytest
from jsonschema import Draft202012Validator

from kiosk.catalogue.loader import (
    CatalogueError,
    LoadedCatalogue,
    item_schema_file,
    load_catalogue,
    load_catalogue_file,
    schema_registry,
)
from kiosk.catalogue.model import (
    Choice,
    Domain,
    Fee,
    FieldType,
    FormField,
    IdentityProof,
    JourneyKind,
    Material,
    ServiceItem,
)


def good_item(code: str = "SB-0001", **changes) -> dict:
    item = {
        "code": code,
        "name": "社会保障卡申领",
        "department": "市社会保险事业管理中心",
        "domain": "social_security",
        "journey": "apply",
        "service_kind": "公共服务",
        "summary": "首次申领第三代社会保障卡。",
        "conditions": ["在本市参加社会保险的人员"],
        "materials": [
            {"name": "近期一寸白底免冠证件照"},
            {
                "name": "居民户口簿原件",
                "original": True,
                "capture": False,
                "bring_to": "市民服务中心二楼人社窗口",
                "bring_within_days": 5,
            },
        ],
        "fields": [
            {
                "key": "applicant_name",
                "label": "申请人姓名",
                "type": "text",
                "prefill": "name",
                "max_length": 30,
                "sensitive": True,
            },
            {
                "key": "delivery",
                "label": "领卡方式",
                "type": "choice",
                "choices": [
                    {"value": "branch", "label": "到银行网点领取"},
                    {"value": "post", "label": "免费邮寄到家"},
                ],
            },
            {"key": "phone", "label": "联系电话（手机）", "type": "phone", "sensitive": True},
        ],
        "process": ["在终端填写申请", "部门审核"],
        "legal_limit_days": 20,
        "promised_limit_days": 10,
        "fee": {"amount": 0, "note": "不收费"},
        "online_level": "zero_run",
        "channels": ["terminal", "online"],
        "identity_proofs": ["id_card", "social_security_card"],
        "keywords": ["社保卡"],
        "hotline": "12333",
        "version": 2,
    }
    item.update(changes)
    return item


def document(items: list) -> dict:
    return {
        "schema_version": 1,
        "catalogue_version": "test-1",
        "issued_at": "2025-06-01T08:00:00+08:00",
        "items": items,
    }


def without(item: dict, key: str) -> dict:
    item = dict(item)
    del item[key]
    return item


def with_field(index: int, **changes) -> dict:
    item = good_item()
    item["fields"] = [dict(f) for f in item["fields"]]
    item["fields"][index].update(changes)
    return item


def field_without(index: int, key: str) -> dict:
    item = good_item()
    item["fields"] = [dict(f) for f in item["fields"]]
    del item["fields"][index][key]
    return item


# Each bad item, and words its reason must contain: where (the field) and what.
BAD_ITEMS = {
    "missing name": (without(good_item(), "name"), ["name:", "missing"]),
    "unknown field type": (
        with_field(2, type="colour"),
        ["fields[2].type:", "'colour' is not one of"],
    ),
    "choice field without choices": (field_without(1, "choices"), ["fields[1].choices", "missing"]),
    "choice field with one choice": (
        with_field(1, choices=[{"value": "post", "label": "邮寄"}]),
        ["fields[1].choices", "at least 2"],
    ),
    "promised longer than legal": (
        good_item(legal_limit_days=10, promised_limit_days=15),
        ["promised_limit_days", "legal_limit_days"],
    ),
    "limit as text": (good_item(legal_limit_days="二十"), ["legal_limit_days:", "integer"]),
    "channels not a list": (good_item(channels="terminal"), ["channels:", "array"]),
    "copies as text": (
        good_item(materials=[{"name": "照片", "copies": "两份"}]),
        ["materials[0].copies:", "integer"],
    ),
    "required as text": (with_field(0, required="yes"), ["fields[0].required:", "boolean"]),
    "unknown domain": (good_item(domain="transport"), ["domain:", "'transport'"]),
    "unknown prefill": (with_field(0, prefill="mother_name"), ["fields[0].prefill:"]),
    "misspelt key": (
        {**without(good_item(), "legal_limit_days"), "legal_limit_day": 20},
        ["legal_limit_days", "missing", "unknown key 'legal_limit_day'"],
    ),
    "duplicate field key": (with_field(2, key="delivery"), ["fields[2].key:", "fields[1]"]),
    "duplicate choice value": (
        with_field(
            1, choices=[{"value": "post", "label": "邮寄"}, {"value": "post", "label": "快递"}]
        ),
        ["fields[1].choices", "'post'"],
    ),
    "bad regular expression": (with_field(0, pattern="[0-9"), ["fields[0].pattern:", "regular"]),
    "pattern that can run for minutes": (
        with_field(0, pattern=r"^(\w+\s?)+$"), ["fields[0].pattern:", "take minutes"]
    ),
    "pattern slow on a wrong answer": (
        with_field(0, pattern=r"^(\w|\w\w)+$"), ["fields[0].pattern:", "longer"]
    ),
    "min length above max": (
        with_field(0, min_length=40, max_length=30),
        ["fields[0].min_length:", "max_length"],
    ),
    "negative fee": (good_item(fee={"amount": -5}), ["fee.amount:", "minimum"]),
    "code in the wrong shape": (good_item(code="sb_1"), ["code:", "'sb_1'"]),
    "empty name": (good_item(name="  "), ["name:", "empty"]),
}


@pytest.mark.parametrize("case", BAD_ITEMS, ids=list(BAD_ITEMS))
def test_a_bad_item_is_skipped_with_a_reason_naming_the_field(case):
    bad, words = BAD_ITEMS[case]
    loaded = load_catalogue(document([good_item("SB-0001"), bad, good_item("SB-0002")]))

    assert [item.code for item in loaded.items] == ["SB-0001", "SB-0002"]
    [skipped] = loaded.skipped
    assert skipped.position == 1
    for word in words:
        assert word in skipped.reason, f"{word!r} not in {skipped.reason!r}"


def test_a_catalogue_with_many_bad_items_keeps_every_good_one():
    cases = list(BAD_ITEMS.values())
    items = [good_item("SB-0100")] + [bad for bad, _ in cases] + [good_item("SB-0200")]

    loaded = load_catalogue(json.dumps(document(items), ensure_ascii=False))

    assert [item.code for item in loaded.items] == ["SB-0100", "SB-0200"]
    assert [s.position for s in loaded.skipped] == list(range(1, len(cases) + 1))
    assert all(s.reason for s in loaded.skipped)


def test_committed_schema_rejects_the_same_items_as_the_loader():
    # The loader validates with a compiled copy that inlines $refs; it must agree with
    # the committed schema file on every case the schema decides.
    schema = json.loads(item_schema_file(1).read_text("utf-8"))
    committed = Draft202012Validator(schema, registry=schema_registry())
    rule_cases = {
        "promised longer than legal",
        "duplicate field key",
        "duplicate choice value",
        "bad regular expression",
        "pattern that can run for minutes",
        "pattern slow on a wrong answer",
        "min length above max",
    }

    assert committed.is_valid(good_item())
    for case, (bad, _) in BAD_ITEMS.items():
        loader_skips = bool(load_catalogue(document([bad])).skipped)
        assert loader_skips, case
        assert committed.is_valid(bad) is (case in rule_cases), case


def test_a_duplicate_code_skips_the_later_item_and_keeps_the_first():
    first = good_item("SB-0001", name="社会保障卡申领")
    later = good_item("SB-0001", name="社会保障卡补换领")

    loaded = load_catalogue(document([first, good_item("SB-0002"), later]))

    assert loaded.by_code("SB-0001").name == "社会保障卡申领"
    [skipped] = loaded.skipped
    assert (skipped.position, skipped.code) == (2, "SB-0001")
    assert skipped.reason.startswith("code:")
    assert "position 0" in skipped.reason


def test_a_skipped_item_does_not_claim_its_code():
    broken = without(good_item("SB-0001"), "name")
    fixed = good_item("SB-0001")

    loaded = load_catalogue(document([broken, fixed]))

    assert loaded.by_code("SB-0001") is not None
    assert [s.position for s in loaded.skipped] == [0]


def test_an_item_that_is_not_an_object_is_skipped_without_a_code():
    loaded = load_catalogue(document(["SB-0001", good_item("SB-0002")]))

    [skipped] = loaded.skipped
    assert skipped.code is None
    assert skipped.reason.startswith("item:")
    assert "object" in skipped.reason


def test_each_skipped_item_is_logged_with_its_code_and_reason(caplog):
    with caplog.at_level(logging.WARNING, logger="kiosk.catalogue.loader"):
        load_catalogue(document([good_item("SB-0001"), with_field(2, type="colour")]))

    [record] = caplog.records
    message = record.getMessage()
    assert "SB-0001" in message
    assert "fields[2].type" in message


def test_an_item_is_built_into_the_model_exactly():
    loaded = load_catalogue(document([good_item()]))

    assert loaded.version == "test-1"
    assert loaded.issued_at == "2025-06-01T08:00:00+08:00"
    assert loaded.by_code("SB-0001") == ServiceItem(
        code="SB-0001",
        name="社会保障卡申领",
        department="市社会保险事业管理中心",
        domain=Domain.SOCIAL_SECURITY,
        journey=JourneyKind.APPLY,
        service_kind="公共服务",
        summary="首次申领第三代社会保障卡。",
        conditions=("在本市参加社会保险的人员",),
        materials=(
            Material(name="近期一寸白底免冠证件照"),
            Material(
                name="居民户口簿原件",
                original=True,
                capture=False,
                bring_to="市民服务中心二楼人社窗口",
                bring_within_days=5,
            ),
        ),
        fields=(
            FormField(
                key="applicant_name",
                label="申请人姓名",
                type=FieldType.TEXT,
                prefill="name",
                max_length=30,
                sensitive=True,
            ),
            FormField(
                key="delivery",
                label="领卡方式",
                type=FieldType.CHOICE,
                choices=(Choice("branch", "到银行网点领取"), Choice("post", "免费邮寄到家")),
            ),
            FormField(key="phone", label="联系电话（手机）", type=FieldType.PHONE, sensitive=True),
        ),
        process=("在终端填写申请", "部门审核"),
        legal_limit_days=20,
        promised_limit_days=10,
        fee=Fee(amount=0.0, note="不收费"),
        online_level="zero_run",
        channels=("terminal", "online"),
        identity_proofs=(IdentityProof.ID_CARD, IdentityProof.SOCIAL_SECURITY_CARD),
        keywords=("社保卡",),
        hotline="12333",
        version=2,
    )


def test_optional_keys_take_the_model_defaults():
    item = good_item()
    for key in ("keywords", "hotline", "version"):
        del item[key]

    [loaded] = load_catalogue(document([item])).items

    assert (loaded.keywords, loaded.hotline, loaded.version) == ((), "12345", 1)


def test_whole_number_floats_become_ints():
    loaded = load_catalogue(document([good_item(legal_limit_days=20.0, promised_limit_days=5.0)]))

    [item] = loaded.items
    assert item.legal_limit_days == 20 and type(item.legal_limit_days) is int


def test_settled_on_the_spot_items_have_no_limits():
    [item] = load_catalogue(
        document([good_item(legal_limit_days=None, promised_limit_days=None)])
    ).items

    assert item.legal_limit_days is None and item.promised_limit_days is None


def test_by_code_finds_items_and_returns_none_for_unknown_codes():
    loaded = load_catalogue(document([good_item(f"SB-{n:04d}") for n in range(1, 51)]))

    assert loaded.by_code("SB-0037").code == "SB-0037"
    assert loaded.by_code("SB-9999") is None
    assert isinstance(loaded, LoadedCatalogue)


def test_loading_leaves_the_callers_dict_untouched():
    doc = document([good_item(), with_field(2, type="colour")])
    before = copy.deepcopy(doc)

    load_catalogue(doc)

    assert doc == before


def test_unknown_top_level_keys_are_ignored():
    doc = document([good_item()]) | {"signature": "MEUCIQ..."}

    assert len(load_catalogue(doc).items) == 1


def test_bytes_with_a_byte_order_mark_load():
    raw = "\ufeff".encode() + json.dumps(document([good_item()]), ensure_ascii=False).encode()

    assert len(load_catalogue(raw).items) == 1


# -- documents that are unusable as a whole --------------------------------------------


def refused(raw) -> str:
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(raw)
    return str(caught.value)


def test_not_json_is_refused_with_where_it_breaks():
    message = refused('{"schema_version": 1, "items": [')

    assert "not valid JSON" in message
    assert "line 1" in message


def test_bytes_that_are_not_utf8_are_refused():
    assert "UTF-8" in refused(b'{"name": "\xc9\xe7\xb1\xa3"}')


def test_an_empty_file_is_refused():
    assert "empty" in refused(b"  \n")


def test_nan_is_refused():
    text = json.dumps(document([good_item()])).replace('"amount": 0', '"amount": NaN')

    assert "NaN" in refused(text)


def test_a_newer_schema_version_is_refused_naming_the_versions_it_reads():
    message = refused(document([good_item()]) | {"schema_version": 3})

    assert "schema version 3" in message
    assert "schema version 1 or 2" in message


def test_a_missing_schema_version_is_refused():
    doc = document([good_item()])
    del doc["schema_version"]

    assert "schema_version" in refused(doc)


def test_a_list_at_the_top_is_refused():
    message = refused(json.dumps([good_item()]))

    assert "JSON object" in message
    assert "a list" in message


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"items": None}, ["items:", "array"]),
        ({"items": {"SB-0001": {}}}, ["items:", "array"]),
        ({"catalogue_version": ""}, ["catalogue_version:", "empty"]),
        ({"issued_at": "yesterday"}, ["issued_at:"]),
        ({"issued_at": "2025-13-45T08:00:00"}, ["issued_at:", "ISO 8601"]),
    ],
)
def test_a_broken_top_level_is_refused_naming_the_key(change, words):
    message = refused(document([good_item()]) | change)

    for word in words:
        assert word in message, f"{word!r} not in {message!r}"


def test_missing_items_is_refused():
    doc = document([])
    del doc["items"]

    message = refused(doc)

    assert "items" in message
    assert "missing" in message


def test_an_empty_catalogue_loads_with_no_items():
    loaded = load_catalogue(document([]))

    assert loaded.items == () and loaded.skipped == ()


def test_a_file_that_cannot_be_read_is_refused(tmp_path):
    with pytest.raises(CatalogueError, match="Cannot read the catalogue file"):
        load_catalogue_file(tmp_path / "missing.json")


def test_a_file_loads(tmp_path):
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps(document([good_item()]), ensure_ascii=False), "utf-8")

    assert load_catalogue_file(path).by_code("SB-0001").name == "社会保障卡申领"


def test_only_items_that_passed_before_skip_their_checks():
    """A catalogue that changed in a few items: the unchanged ones (passed before) are not
    checked again, and an item that changed is, so a bad change is still skipped."""
    unchanged = good_item("SB-0001")
    changed = good_item("SB-0002")
    del changed["name"]
    before = {json.dumps(unchanged, sort_keys=True)}
    loaded = load_catalogue(document([unchanged, changed]),
                            passed=lambda item: json.dumps(item, sort_keys=True) in before)
    assert [i.code for i in loaded.items] == ["SB-0001"]
    assert [s.code for s in loaded.skipped] == ["SB-0002"]
