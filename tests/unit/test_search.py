"""Search as residents type it: characters, pinyin, initials, half-typed input, synonyms."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kiosk.catalogue.loader import demo_catalogue_path, load_catalogue_file
from kiosk.catalogue.model import (
    Domain,
    Fee,
    IdentityProof,
    JourneyKind,
    ServiceItem,
)
from kiosk.catalogue.search import FORMAT_VERSION, Score, SearchHit, SearchIndex

QUERY_TABLE = Path(__file__).with_name("search_queries.tsv")


def service(
    code: str,
    name: str,
    *,
    keywords: tuple[str, ...] = (),
    department: str = "市政务服务中心",
    domain: Domain = Domain.SOCIAL_SECURITY,
    summary: str = "",
    popularity_rank: int | None = None,
) -> ServiceItem:
    return ServiceItem(
        code=code,
        name=name,
        department=department,
        domain=domain,
        journey=JourneyKind.APPLY,
        service_kind="公共服务",
        summary=summary,
        conditions=(),
        materials=(),
        fields=(),
        process=(),
        legal_limit_days=None,
        promised_limit_days=None,
        fee=Fee(),
        online_level="zero_run",
        channels=("terminal",),
        identity_proofs=(IdentityProof.ID_CARD,),
        keywords=keywords,
        popularity_rank=popularity_rank,
    )


FIXTURE_ITEMS = [
    service("T-01", "社保卡申领", keywords=("办社保卡",)),
    service("T-02", "社保查询"),
    service("T-03", "银行卡信息变更", keywords=("换卡",)),
    service("T-04", "重新申领居住证", domain=Domain.PUBLIC_SAFETY, department="市公安局"),
    service("T-05", "长期护理保险待遇申请", domain=Domain.HEALTHCARE),
    service("T-06", "便利店食品经营许可", domain=Domain.BUSINESS),
    service("T-07", "住房公积金提取", domain=Domain.HOUSING_SECURITY),
    service("T-08", "医疗保险参保登记", domain=Domain.HEALTHCARE, department="市医疗保障局"),
    service("T-09", "医保个人账户查询", domain=Domain.HEALTHCARE, department="市医疗保障局"),
    service("T-10", "最低生活保障申请", domain=Domain.SOCIAL_ASSISTANCE),
    service("T-11", "失业登记", keywords=("没工作",), domain=Domain.EMPLOYMENT),
    service(
        "T-12",
        "就业见习申请",
        keywords=("实习",),
        domain=Domain.EMPLOYMENT,
        department="市公共就业服务中心",
        summary="高校毕业生到见习单位参加岗位实践，可领取见习补贴。",
    ),
]


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex.build(FIXTURE_ITEMS)


def codes(hits: list[SearchHit]) -> list[str]:
    return [hit.code for hit in hits]


def score_of(index: SearchIndex, query: str, code: str) -> float | None:
    return next((hit.score for hit in index.search(query) if hit.code == code), None)


# --- the acceptance table, on the bundled demo catalogue -------------------------------


def test_every_query_in_the_table_finds_its_item_in_the_top_three():
    """... and first, where the line says so (the abbreviations residents type)."""
    catalogue = load_catalogue_file(demo_catalogue_path())
    index = SearchIndex.build(catalogue.items)
    known = {item.code for item in catalogue.items}
    lines = [
        line.split("\t")
        for line in QUERY_TABLE.read_text("utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert len(lines) >= 45
    failures = []
    for query, expected, why, *first in lines:
        assert expected in known, f"table names an unknown code {expected}"
        top = index.search(query, limit=3)
        wanted = codes(top)[:1] if first == ["first"] else codes(top)
        if expected not in wanted:
            shown = ", ".join(f"{h.code} {h.name} ({h.score:g})" for h in top) or "nothing"
            failures.append(f"{query!r} -> expected {expected} ({why}); got {shown}")
    print("\n".join(failures))
    assert not failures, f"{len(failures)} of {len(lines)} lines failed:\n" + "\n".join(failures)


# --- characters ---------------------------------------------------------------------------


def test_exact_name_beats_prefix_beats_substring():
    index = SearchIndex.build(
        [
            service("C-1", "社保卡申领与换领补办"),
            service("C-2", "补办社保卡"),
            service("C-3", "社保卡"),
        ]
    )
    assert codes(index.search("社保卡")) == ["C-3", "C-1", "C-2"]


def test_shorter_names_win_ties_then_the_code_decides():
    index = SearchIndex.build(
        [
            service("B-2", "社保卡补办申请"),
            service("B-9", "社保卡挂失"),
            service("B-1", "社保卡补办"),
        ]
    )
    assert codes(index.search("社保卡")) == ["B-1", "B-9", "B-2"]


def test_the_city_s_most_used_item_comes_first_among_equal_matches():
    index = SearchIndex.build(
        [
            service("P-1", "社保卡挂失"),
            service("P-2", "社保卡补办申请", popularity_rank=9),
            service("P-3", "社保卡申领与换领", popularity_rank=2),
        ]
    )
    # All three names start with 社保卡: the most used first, then the next, then the
    # unranked one (which would be first by its short name alone).
    assert codes(index.search("社保卡")) == ["P-3", "P-2", "P-1"]


def test_popularity_never_lifts_a_weaker_match_above_a_better_one():
    index = SearchIndex.build(
        [
            service("R-1", "补办社保卡", popularity_rank=1),  # 社保卡 inside the name
            service("R-2", "社保卡挂失"),  # the name starts with it
        ]
    )
    assert codes(index.search("社保卡")) == ["R-2", "R-1"]


def test_an_abbreviation_typed_alone_finds_what_it_stands_for_first():
    index = SearchIndex.build(
        [
            service("A-1", "商标注册申请", domain=Domain.BUSINESS),  # shang biao: s b
            service("A-2", "个税年度申报", domain=Domain.BUSINESS),  # shen bao: s b
            service("A-3", "个人社保缴费查询"),
            service("A-4", "社会保险关系转移"),
        ]
    )
    hits = codes(index.search("sb"))
    assert hits[:2] == ["A-4", "A-3"]  # 社会保险 opens its name; 社保 inside
    assert set(hits[2:]) == {"A-1", "A-2"}  # read as initials, still found, below
    # Letters that only start an abbreviation are still read as pinyin as usual.
    assert codes(index.search("sbj"))[0] == "A-3"  # she bao jiao


def test_a_name_match_ranks_above_keyword_department_and_summary_matches():
    index = SearchIndex.build(
        [
            service("S-1", "岗位补贴申领", summary="见习期满后发放见习补贴。"),
            service("S-2", "人才公寓申请", department="市见习管理办公室"),
            service("S-3", "实践补贴", keywords=("见习补贴",)),
            service("S-4", "见习补贴申领"),
        ]
    )
    assert codes(index.search("见习补贴")) == ["S-4", "S-3", "S-1"]
    assert codes(index.search("见习")) == ["S-4", "S-3", "S-2", "S-1"]


def test_blank_or_punctuation_only_queries_find_nothing(index):
    for query in ["", "   ", "\t\n", "，。！？", "---", "　"]:
        assert index.search(query) == []


def test_full_width_and_capital_letters_are_read_as_plain_pinyin(index):
    plain = index.search("shebao")
    assert plain
    assert index.search("ＳＨＥＢＡＯ") == plain
    assert index.search("She Bao") == plain
    assert index.search("shè bǎo") == plain  # tone marks from a pasted text


def test_limit_caps_the_number_of_hits(index):
    assert len(index.search("s", limit=2)) == 2
    assert index.search("s", limit=0) == []


# --- pinyin ---------------------------------------------------------------------------------


def test_initials_find_the_service(index):
    assert codes(index.search("sbcx"))[0] == "T-02"
    assert codes(index.search("gjj"))[0] == "T-07"
    assert codes(index.search("sbk"))[0] == "T-01"


def test_half_typed_pinyin_finds_the_service(index):
    assert codes(index.search("shebao"))[:2] == ["T-02", "T-01"]  # shorter name first
    assert "T-01" in codes(index.search("she"))
    assert codes(index.search("shebaok")) == ["T-01"]


def test_characters_mixed_with_pinyin_still_being_typed(index):
    assert codes(index.search("社保k")) == ["T-01"]  # 社保查询 does not go on with a k
    assert codes(index.search("社保c")) == ["T-02"]
    assert codes(index.search("shebk")) == ["T-01"]  # a full syllable, then initials


def test_polyphones_are_read_in_context(index):
    # 银行 is yinhang: found by its reading in context and by its initials ...
    for query in ["yinhang", "yhk", "yinhangka", "yinhangkaxinxi"]:
        hits = index.search(query)
        assert codes(hits)[0] == "T-03", query
        assert hits[0].score >= Score.NAME_PINYIN_SUBSTRING, query
    # ... and the reading 行 has on its own (xing) only matches below that.
    assert score_of(index, "yinxing", "T-03") < score_of(index, "yinhang", "T-03")
    assert codes(index.search("chongxin"))[0] == "T-04"  # 重新, not zhongxin
    assert codes(index.search("cxsl"))[0] == "T-04"
    assert codes(index.search("changqi"))[0] == "T-05"  # 长期, not zhangqi
    assert codes(index.search("bianli"))[0] == "T-06"  # 便利, not pianli


def test_pinyin_ranks_an_exact_whole_name_first(index):
    hits = index.search("shiyedengji")
    assert codes(hits)[0] == "T-11"
    assert hits[0].score == Score.NAME_PINYIN_EXACT


# --- synonyms ------------------------------------------------------------------------------


def test_synonyms_work_in_both_directions(index):
    assert "T-09" in codes(index.search("医疗保险"))  # named 医保...
    assert "T-08" in codes(index.search("医保"))  # named 医疗保险...
    assert codes(index.search("低保"))[0] == "T-10"  # named 最低生活保障...
    assert codes(index.search("公积金"))[0] == "T-07"


def test_synonyms_also_work_in_pinyin(index):
    assert "T-08" in codes(index.search("yibao"))
    assert "T-10" in codes(index.search("dibao"))


def test_what_the_resident_typed_ranks_above_its_synonym(index):
    hits = index.search("医疗保险")
    assert codes(hits)[0] == "T-08"  # the item with these very words comes first
    assert hits[0].score > hits[1].score


# --- odd input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "😀",
        "社保😀卡",
        "x" * 10_000,
        "shebao" * 500,
        "社" * 5_000,
        "\x00\x01\x7f",
        "\ud800",  # a lone surrogate, as a broken keyboard driver may send
        "מס הכנסה",
        "ｓｈｅｂａｏ" * 40,
        "e\u0301\u0301\u0301",
        "1234567890",
        "🇨🇳🇨🇳",
        "zhzhzhzhzhzhzhzhzhzhzhzhzhzhzhzhzhzhzh",
        "aoeaoeaoeaoeaoeaoeaoe",
    ],
)
def test_odd_input_never_raises(index, query):
    hits = index.search(query)
    assert isinstance(hits, list)
    assert len(hits) <= 10


def test_a_very_long_query_is_cut_rather_than_refused(index):
    assert index.search("社保卡申领" + "的" * 200) == []
    assert codes(index.search("社保卡申领" + " " * 200)) == ["T-01"]


# --- caching ---------------------------------------------------------------------------------


QUERIES = ["社保", "shebao", "sbk", "社保k", "yinhang", "yinxing", "医保", "dibao", "见习", "实习"]


def test_a_reloaded_index_answers_exactly_like_the_built_one(index):
    reloaded = SearchIndex.from_bytes(index.to_bytes())
    assert len(reloaded) == len(index)
    for query in QUERIES:
        assert reloaded.search(query) == index.search(query), query
    assert reloaded.to_bytes() == index.to_bytes()


def test_loading_and_searching_a_cached_index_never_loads_pypinyin(index, tmp_path):
    cached = tmp_path / "index.bin"
    cached.write_bytes(index.to_bytes())
    script = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from kiosk.catalogue.search import SearchIndex
        index = SearchIndex.from_bytes(Path({str(cached)!r}).read_bytes())
        hits = index.search("yinhang") + index.search("社保k")
        print(sorted({{hit.code for hit in hits}}), "pypinyin" in sys.modules)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["['T-01',", "'T-03']", "False"]


def test_an_index_of_another_format_version_is_refused(index):
    data = bytearray(index.to_bytes())
    data[8:10] = (FORMAT_VERSION + 1).to_bytes(2, "little")
    with pytest.raises(ValueError, match="format"):
        SearchIndex.from_bytes(bytes(data))


@pytest.mark.parametrize("cut", [0, 5, 40, 400, -3])
def test_damaged_or_foreign_data_is_refused_with_value_error(index, cut):
    data = index.to_bytes()
    with pytest.raises(ValueError):
        SearchIndex.from_bytes(data[:cut])
    with pytest.raises(ValueError):
        SearchIndex.from_bytes(b"SQLite format 3\x00" + data[16:])


def test_postings_that_point_past_the_last_item_are_refused(index):
    data = bytearray(index.to_bytes())
    data[-2:] = b"\xff\xff"  # the last posting entry now names item 65535
    with pytest.raises(ValueError, match="do not exist"):
        SearchIndex.from_bytes(bytes(data))


def test_an_empty_catalogue_gives_an_index_that_finds_nothing():
    empty = SearchIndex.build([])
    assert empty.search("社保") == []
    assert SearchIndex.from_bytes(empty.to_bytes()).search("shebao") == []


ODD_ITEMS = [
    service("X-01", "ＡＢＣ123证明打印", keywords=("", "！！", "abc", "银行行长", "银行行长")),
    service("X-02", "——", keywords=("重置密码", "还款")),
    service("X-03", "长长长长", keywords=()),
    service("X-04", "e", keywords=("1",)),
]


def test_a_whole_catalogue_is_indexed_as_its_items_one_by_one():
    """The whole-catalogue build (numpy over every key at once) makes the postings that
    reading each item's keys on its own makes, as a catalogue change does: search finds
    the same items either way."""
    from kiosk.catalogue.search.bulk_postings import bulk_field
    from kiosk.catalogue.search.index import ItemTexts
    from kiosk.catalogue.search.pinyin_forms import ReadingCache
    from kiosk.catalogue.search.postings import _Bits, _Field, field_entry

    items = [*load_catalogue_file(demo_catalogue_path()).items, *FIXTURE_ITEMS, *ODD_ITEMS]
    readings = ReadingCache()
    texts = sorted((ItemTexts.of(item, readings) for item in items), key=ItemTexts.rank)
    bits = _Bits(len(texts))
    for values, other_readings in (([[t.name_read] for t in texts], True),
                                   ([t.keywords for t in texts], False)):
        whole = bulk_field(values, other_readings, bits)
        one_by_one = _Field.build([field_entry(v, other_readings) for v in values], bits)
        (whole_document, whole_ids), (each_document, each_ids) = whole.pack(), one_by_one.pack()
        assert whole_document == each_document
        assert [ids.tolist() for ids in whole_ids] == [ids.tolist() for ids in each_ids]
    assert bulk_field([], True, _Bits(0)).pack()[0] == _Field.build([], _Bits(0)).pack()[0]
