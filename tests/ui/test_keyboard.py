"""The on-screen keyboard as a first-time resident meets it: every key says in words
what it does (no icon to decode, no blank key), and the switches between pinyin,
English and digits are found by their words and do what they say.

Keys are found and pressed by the words drawn on them, the way a resident finds them.
"""

from __future__ import annotations

import pytest

from tests.ui.fixtures import to_first_question


def open_search(t) -> None:
    t.tap("search")
    assert t.screen == "search"
    t.wait_until(t.keyboard_shown, "the keyboard to come up")


def typed(t) -> tuple[str, str]:
    field = t.window.activeFocusItem()
    return field.property("text"), field.property("preeditText")


@pytest.mark.parametrize("elder", [False, True], ids=["standard", "elder"])
def test_every_key_says_in_words_what_it_does(terminal, elder):
    t = terminal
    if elder:
        t.tap("elder-mode")
    open_search(t)

    def page(name: str, *special: str) -> None:
        faces = t.key_faces()
        assert "" not in faces, f"a key on the {name} page shows no words: {sorted(faces)}"
        assert {"删除", "空格", "收起", "中/英", *special} <= set(faces), (name, sorted(faces))

    page("pinyin", "数字符号")
    t.tap_key("数字符号")
    page("digits and signs", "拼音", "更多 1/3")
    t.tap_key("更多 1/3")
    page("more signs", "拼音", "更多 2/3")
    t.tap_key("拼音")
    t.tap_key("中/英")
    page("English", "数字符号", "大写")


def test_the_switches_do_what_they_say(terminal):
    t = terminal
    open_search(t)
    # 中/英: English letters go straight in, no words offered.
    t.tap_key("中/英")
    t.type_letters("ok")
    assert typed(t) == ("ok", "") and t.candidates() == []
    # And back: pinyin offers words again.
    t.tap_key("中/英")
    t.type_letters("ni")
    t.wait_until(lambda: t.candidates(), "words for 'ni'")
    assert typed(t) == ("ok", "ni")
    t.choose("你", "ok")
    # 数字符号: the digits; 拼音: back to the letters.
    t.tap_key("数字符号")
    assert {"1", "2", "0"} <= set(t.key_faces())
    t.tap_key("1")
    t.tap_key("拼音")
    assert {"q", "a", "z"} <= set(t.key_faces())
    assert typed(t) == ("ok你1", "")


def test_enter_takes_the_letters_or_closes_the_keyboard(terminal):
    """With pinyin waiting the enter key types the letters as they are; with nothing
    waiting it closes the keyboard, uncovering the screen's own buttons."""
    t = terminal
    to_first_question(t)
    t.type_digits("13800138000")
    t.tap("primary")
    t.tap("answer-field")
    t.wait_until(t.keyboard_shown, "the keyboard to come up")
    t.type_letters("abc")
    t.wait_until(lambda: typed(t)[1].replace(" ", "").replace("'", "") == "abc",
                 "the pinyin")
    t.tap_key("输入字母")
    assert typed(t) == ("abc", "") and t.keyboard_shown()
    t.tap_key("完成")
    t.wait_until(lambda: not t.keyboard_shown(), "the keyboard to close")
    assert t.can_tap("primary")
