"""The bundled demo catalogue: complete, consistent, and what its build script makes."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest
from jsonschema import Draft202012Validator

from kiosk.catalogue.demo import build
from kiosk.catalogue.loader import (
    SCHEMA_VERSION,
    SCHEMA_VERSIONS,
    catalogue_schema_file,
    demo_catalogue_path,
    item_schema_file,
    load_catalogue_file,
    schema_registry,
)
from kiosk.catalogue.model import Domain, FieldType, JourneyKind

PERSONAL_TYPES = {FieldType.ID_NUMBER, FieldType.PHONE, FieldType.ADDRESS}
PERSONAL_PREFILLS = {"name", "id_number", "birth_date", "address"}


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue_file(demo_catalogue_path())


@pytest.fixture(scope="module")
def raw_items():
    return json.loads(demo_catalogue_path().read_text("utf-8"))["items"]


def test_loads_with_nothing_skipped(catalogue):
    assert catalogue.skipped == ()
    assert len(catalogue.items) >= 200


def test_every_domain_has_at_least_15_items(catalogue):
    per_domain = Counter(item.domain for item in catalogue.items)

    assert {domain: per_domain[domain] for domain in Domain if per_domain[domain] < 15} == {}


def test_journeys_are_mixed_roughly_as_planned(catalogue):
    share = Counter(item.journey for item in catalogue.items)
    total = len(catalogue.items)

    assert 0.45 <= share[JourneyKind.APPLY] / total <= 0.65
    assert 0.20 <= share[JourneyKind.LOOKUP] / total <= 0.40
    assert 0.08 <= share[JourneyKind.GUIDE] / total <= 0.25


def test_codes_are_unique_and_prefixed_by_domain(raw_items):
    codes = [item["code"] for item in raw_items]
    prefix_of = {domain.value: prefix for domain, prefix, _ in build.TABLES}

    assert len(set(codes)) == len(codes)
    for item in raw_items:
        assert re.fullmatch(rf"{prefix_of[item['domain']]}-\d{{4}}", item["code"]), item["code"]


def test_names_are_unique_and_real(catalogue):
    names = [item.name for item in catalogue.items]

    assert len(set(names)) == len(names)
    assert not [name for name in names if re.search(r"\d+$|事项\d", name)]


def test_apply_items_ask_2_to_6_questions_and_list_1_to_4_materials(catalogue):
    applies = [item for item in catalogue.items if item.journey is JourneyKind.APPLY]

    assert applies
    for item in applies:
        assert 2 <= len(item.fields) <= 6, item.code
        assert 1 <= len(item.materials) <= 4, item.code


def test_guides_ask_nothing_at_the_terminal(catalogue):
    guides = [item for item in catalogue.items if item.journey is JourneyKind.GUIDE]

    assert guides and all(not item.fields for item in guides)


def test_every_item_is_offered_at_the_terminal(catalogue):
    assert [item.code for item in catalogue.items if "terminal" not in item.channels] == []


def test_materials_brought_in_person_say_where(catalogue):
    for item in catalogue.items:
        for material in item.materials:
            if not material.capture:
                assert material.bring_to, (item.code, material.name)


def test_apply_items_mix_scanned_and_brought_materials(catalogue):
    materials = [m for i in catalogue.items if i.needs_submission for m in i.materials]

    assert any(m.capture for m in materials)
    assert any(not m.capture and m.bring_within_days for m in materials)


def test_personal_fields_are_sensitive(catalogue):
    for item in catalogue.items:
        for field in item.fields:
            if field.type in PERSONAL_TYPES or field.prefill in PERSONAL_PREFILLS:
                assert field.sensitive, (item.code, field.key)


def test_forms_use_every_kind_of_field_a_resident_meets(catalogue):
    used = {field.type for item in catalogue.items for field in item.fields}
    prefills = {field.prefill for item in catalogue.items for field in item.fields}

    assert {
        FieldType.TEXT,
        FieldType.ID_NUMBER,
        FieldType.CREDIT_CODE,
        FieldType.PHONE,
        FieldType.DATE,
        FieldType.CHOICE,
        FieldType.ADDRESS,
        FieldType.AMOUNT,
    } <= used
    assert {"name", "id_number", "address"} <= prefills


def test_most_items_accept_both_cards_and_some_accept_a_typed_number(catalogue):
    """A typed number may start an application the office verifies; look-ups that list it
    are overridden by the kiosk (kiosk.journeys.base.Journey.opens_records)."""
    cards = [
        item
        for item in catalogue.items
        if {"id_card", "social_security_card"} <= set(item.identity_proofs)
    ]
    typed = [item for item in catalogue.items if item.accepts_typed_id]

    assert len(cards) > len(catalogue.items) / 2
    assert typed
    assert any(item.journey is JourneyKind.APPLY for item in typed)


def test_most_services_are_free_and_every_item_has_keywords(catalogue):
    free = [item for item in catalogue.items if item.fee.free]

    assert len(free) > 0.8 * len(catalogue.items)
    assert [item.code for item in catalogue.items if not item.keywords] == []


@pytest.mark.parametrize(
    "schema_file",
    [f(v) for v in SCHEMA_VERSIONS for f in (catalogue_schema_file, item_schema_file)],
    ids=lambda path: path.name,
)
def test_schema_files_are_valid_draft_2020_12(schema_file):
    Draft202012Validator.check_schema(json.loads(schema_file.read_text("utf-8")))


def test_the_whole_document_passes_the_committed_catalogue_schema():
    schema = json.loads(catalogue_schema_file(SCHEMA_VERSION).read_text("utf-8"))
    validator = Draft202012Validator(schema, registry=schema_registry())

    errors = list(validator.iter_errors(json.loads(demo_catalogue_path().read_text("utf-8"))))

    assert [error.message for error in errors[:3]] == []


def test_committed_json_is_what_the_build_script_makes():
    assert demo_catalogue_path().read_text("utf-8") == build.render(build.build_document()), (
        "catalogue.json is stale: run python -m kiosk.catalogue.demo.build"
    )
