"""Display width and wrapping: what decides how a receipt line breaks."""

from __future__ import annotations

import pytest

from drivers.textwidth import display_width, wrap, wrap_pair


@pytest.mark.parametrize(
    ("text", "width"),
    [
        ("abc", 3),
        ("中文", 4),
        ("：，。（）", 10),  # full-width punctuation
        ("Ａ１", 4),  # full-width Latin and digits
        ("e\u0301", 1),  # e + combining acute
        ("ｶ", 1),  # half-width katakana
        ("😀", 2),
        ("", 0),
    ],
)
def test_display_width(text, width):
    assert display_width(text) == width


def test_ambiguous_characters_are_wide_only_when_asked():
    assert display_width("·—“") == 3
    assert display_width("·—“", ambiguous_wide=True) == 6


def test_latin_breaks_at_spaces():
    assert wrap("the quick brown fox jumps", 10) == ["the quick", "brown fox", "jumps"]


def test_word_longer_than_the_line_is_split():
    lines = wrap("KS20240101000123456789", 8)
    assert lines == ["KS202401", "01000123", "456789"]


def test_cjk_breaks_anywhere_but_counts_double():
    lines = wrap("请妥善保管本凭条凭此查询", 8)
    assert lines == ["请妥善保", "管本凭条", "凭此查询"]


def test_closing_punctuation_never_starts_a_line():
    lines = wrap("请妥善保管，凭此查询。", 10)
    assert all(display_width(line) <= 10 for line in lines)
    assert not any(line.startswith(("，", "。")) for line in lines)
    assert "".join(lines) == "请妥善保管，凭此查询。"


def test_opening_punctuation_never_ends_a_line():
    lines = wrap("养老保险登（个人）", 10)
    assert not any(line.endswith("（") for line in lines)
    assert "".join(lines) == "养老保险登（个人）"


def test_combining_marks_stay_with_their_letter():
    lines = wrap("cafe\u0301 cafe\u0301", 4)
    assert lines == ["cafe\u0301", "cafe\u0301"]


def test_wide_character_is_never_split():
    for line in wrap("😀😀😀", 3):
        assert line in ("😀",)


def test_explicit_newlines_and_empty_text():
    assert wrap("甲\n乙", 10) == ["甲", "乙"]
    assert wrap("", 10) == [""]


def test_hanging_indent():
    lines = wrap("办理事项：城乡居民养老保险登记", 14, hanging_indent=10)
    assert lines[0] == "办理事项：城乡"
    assert lines[1:] == ["          居民", "          养老", "          保险", "          登记"]
    assert all(display_width(line) <= 14 for line in lines)


def test_pair_hangs_under_the_value_and_caps_a_wide_label():
    lines = wrap_pair("受理编号：", "KS-2024-0101-000123-ABCDEF", 20)
    assert lines[0].startswith("受理编号：KS")
    assert all(line.startswith(" " * 10) for line in lines[1:])

    narrow = wrap_pair("受理编号：", "KS-2024-0101-000123", 16)
    assert all(line.startswith("  ") and not line.startswith("   ") for line in narrow[1:])
    assert all(display_width(line) <= 16 for line in narrow)


def test_width_must_be_positive():
    with pytest.raises(ValueError):
        wrap("x", 0)
