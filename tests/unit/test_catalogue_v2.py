"""Item schema version 2: popularity, English text and more identity documents, beside
version 1 items that keep loading; and what an English screen reads of an item."""

from __future__ import annotations

from kiosk.catalogue.loader import demo_catalogue_path, load_catalogue, load_catalogue_file
from kiosk.catalogue.model import IdentityProof
from kiosk.catalogue.wording import ItemWording
from tests.unit.test_catalogue_loader import document, good_item

ENGLISH = {
    "name": "Apply for a social security card",
    "summary": "Apply for your first third-generation social security card.",
    "conditions": ["Anyone insured in the city"],
    "materials": ["A recent one-inch photo", "The household register (original)"],
    "fields": {"delivery": {"label": "How to get the card",
                            "choices": {"post": "Free post to your home"}}},
}


def v2_item(code: str = "SB-0002", **changes) -> dict:
    return good_item(code, item_schema=2, popularity_rank=1, en=ENGLISH) | changes


def loaded(*items: dict, schema_version: int = 2):
    return load_catalogue(document(list(items)) | {"schema_version": schema_version})


def test_a_version_2_document_holds_items_of_both_versions():
    catalogue = loaded(good_item("SB-0001"), v2_item("SB-0002"))

    assert [i.code for i in catalogue.items] == ["SB-0001", "SB-0002"]
    old, new = catalogue.items
    assert (old.popularity_rank, old.english) == (None, None)
    assert new.popularity_rank == 1
    assert new.english.name == "Apply for a social security card"
    assert new.english.choice_labels[("delivery", "post")] == "Free post to your home"


def test_a_version_1_document_still_loads():
    assert len(loaded(good_item(), schema_version=1).items) == 1


def test_version_2_keys_in_an_item_that_says_nothing_of_its_schema_are_refused():
    catalogue = loaded(good_item(popularity_rank=3))

    assert catalogue.items == ()
    assert "popularity_rank" in catalogue.skipped[0].reason


def test_an_item_schema_this_kiosk_does_not_know_is_skipped_saying_so():
    catalogue = loaded(v2_item(item_schema=4), good_item("SB-0001"))

    assert [i.code for i in catalogue.items] == ["SB-0001"]
    assert "item_schema: 4" in catalogue.skipped[0].reason
    assert "update the kiosk" in catalogue.skipped[0].reason


def test_english_lists_must_line_up_with_the_chinese():
    short = dict(ENGLISH, materials=["A recent one-inch photo"])
    catalogue = loaded(v2_item(en=short))

    assert "en.materials: has 1 entries but materials has 2" in catalogue.skipped[0].reason


def test_english_for_a_field_the_item_lacks_is_refused():
    catalogue = loaded(v2_item(en=dict(ENGLISH, fields={"colour": {"label": "Colour"}})))

    assert "'colour' is not a field" in catalogue.skipped[0].reason


def test_residence_permits_are_identity_proofs_of_version_2_only():
    proofs = ["id_card", "hk_mo_tw_residence_permit", "foreign_permanent_residence_card"]
    catalogue = loaded(v2_item(identity_proofs=proofs), good_item("SB-0001",
                                                                  identity_proofs=proofs))

    assert [i.code for i in catalogue.items] == ["SB-0002"]
    assert IdentityProof.HK_MO_TW_RESIDENCE_PERMIT in catalogue.items[0].identity_proofs


def test_an_english_screen_reads_english_where_the_item_has_it_and_says_when_not():
    item = loaded(v2_item()).items[0]
    delivery = item.fields[1]
    words = ItemWording(item, "en")

    assert words.name == "Apply for a social security card"
    assert words.field_label(delivery) == "How to get the card"
    assert words.choice(delivery, delivery.choices[1]) == "Free post to your home"
    assert words.all_english
    assert words.choice(delivery, delivery.choices[0]) == "到银行网点领取"
    assert not words.all_english  # one part fell back to Chinese


def test_a_chinese_screen_reads_the_catalogue_as_it_is():
    item = loaded(v2_item()).items[0]
    words = ItemWording(item, "zh_CN")

    assert (words.name, words.conditions) == ("社会保障卡申领", ["在本市参加社会保险的人员"])
    assert not words.all_english


def test_the_demo_catalogue_ranks_its_most_used_items_and_has_english_for_the_first_twelve():
    items = load_catalogue_file(demo_catalogue_path()).items
    ranked = sorted((i for i in items if i.popularity_rank), key=lambda i: i.popularity_rank)

    assert [i.popularity_rank for i in ranked] == list(range(1, len(ranked) + 1))
    assert len(ranked) >= 12
    untranslated = [i.name for i in ranked[:12] if not _fully_english(i)]
    assert untranslated == []


def _fully_english(item) -> bool:
    words = ItemWording(item, "en")
    _ = (words.name, words.department, words.summary, words.conditions, words.process)
    _ = [words.material(m) for m in item.materials]
    for f in item.fields:
        _ = words.field_label(f), words.field_help(f), [words.choice(f, c) for c in f.choices]
    return words.all_english
