"""Pinyin on both sides of a search: readings of characters, and what typed letters mean.

* Catalogue side (build time only): `_readings` gives the reading(s) of every character
  of a normalised text, from pypinyin with phrase-level disambiguation (银行 reads
  ``yin hang``) plus fixes for words its dictionary gets wrong. `_units` writes a text
  as a run of *units*, one per character: the character, its reading(s), a comma:
  ``社she,保bao,卡ka,``; the second reading of a polyphone follows the first
  (``行hang|xing,``). pypinyin is imported inside these functions only, so a kiosk that
  loads a cached index never imports it.
* Query side: `_query_parses` reads a query every way it can be meant. Characters stand
  for themselves; a run of latin letters becomes full syllables, initials, or a
  half-typed last syllable ("shebk" -> she, b, k).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

_MAX_PARSES = 16  # pinyin readings of one query; more add cost, not hits

# --- pinyin syllables ------------------------------------------------------------------

# Every toneless reading pypinyin produces (Style.NORMAL, v for ü).
_SYLLABLES = frozenset(
    """
    a ai an ang ao ba bai ban bang bao bei ben beng bi bian biang biao bie bin bing bo bong
    bu ca cai can cang cao ce cei cen ceng cha chai chan chang chao che chen cheng chi chong
    chou chu chua chuai chuan chuang chui chun chuo ci cong cou cu cuan cui cun cuo da dai dan
    dang dao de dei den deng di dia dian diao die din ding diu dong dou du duan dui dun duo e
    ei en eng er fa fan fang fei fen feng fiao fo fou fu ga gai gan gang gao ge gei gen geng
    gong gou gu gua guai guan guang gui gun guo ha hai han hang hao he hei hen heng hm hng hong
    hou hu hua huai huan huang hui hun huo ji jia jian jiang jiao jie jin jing jiong jiu ju juan
    jue jun ka kai kan kang kao ke kei ken keng kong kou ku kua kuai kuan kuang kui kun kuo la
    lai lan lang lao le lei len leng li lia lian liang liao lie lin ling liu lo long lou lu luan
    lun luo lv lve m ma mai man mang mao me mei men meng mi mian miao mie min ming miu mo mou mu
    n na nai nan nang nao ne nei nen neng ng ni nia nian niang niao nie nin ning niu nong nou nu
    nuan nun nuo nv nve o ou pa pai pan pang pao pei pen peng pi pian piao pie pin ping po pou
    pu qi qia qian qiang qiao qie qin qing qiong qiu qu quan que qun ran rang rao re ren reng ri
    rong rou ru rua ruan rui run ruo sa sai san sang sao se sen seng sha shai shan shang shao
    she shei shen sheng shi shou shu shua shuai shuan shuang shui shun shuo si song sou su suan
    sui sun suo ta tai tan tang tao te tei teng ti tian tiao tie ting tong tou tu tuan tui tun
    tuo wa wai wan wang wei wen weng wo wong wu xi xia xian xiang xiao xie xin xing xiong xiu xu
    xuan xue xun ya yan yang yao ye yi yin ying yo yong you yu yuan yue yun za zai zan zang zao
    ze zei zen zeng zha zhai zhan zhang zhao zhe zhei zhen zheng zhi zhong zhou zhu zhua zhuai
    zhuan zhuang zhui zhun zhuo zi zong zou zu zuan zui zun zuo
    """.split()
)
_SYLLABLE_PREFIXES = frozenset(s[:n] for s in _SYLLABLES for n in range(1, len(s) + 1))
_LONGEST_SYLLABLE = max(map(len, _SYLLABLES))
_TWO_LETTER_INITIALS = ("zh", "ch", "sh")
_NOT_INITIALS = "iuv"  # no syllable starts with these

_CJK_RUN = re.compile("[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")
_LATIN_RUN = re.compile("[a-z]+")
_READING_CHARS = re.compile("[0-9a-z]+")
_READING_CHAR_SET = frozenset("0123456789abcdefghijklmnopqrstuvwxyz")


# --- units: what the index stores per text ---------------------------------------------

_UNIT_END = ","  # closes one character's unit
_READING_SEP = "|"  # between the readings of one character
_VALUE_SEP = ";"  # between the values of a field with several (keywords)
_ITEM_SEP = "\n"  # between items in a haystack


# Words pypinyin's phrase dictionary reads wrongly, as catalogues write them. The right
# reading goes first; pypinyin's stays as the second (it still matches, lower).
_READING_FIXES: dict[str, tuple[str, ...]] = {
    "重置": ("chong", "zhi"),
    "查重": ("cha", "chong"),
    "还款": ("huan", "kuan"),
    "还房贷": ("huan", "fang", "dai"),
}


@functools.cache
def _pypinyin():
    """pypinyin's parts this module uses, imported on first use (build time only: slow to
    import) and then looked up once, not at each of a catalogue's ten thousand texts."""
    from types import SimpleNamespace

    from pypinyin import Style, lazy_pinyin, pinyin
    from pypinyin.constants import PHRASES_DICT, RE_HANS
    from pypinyin.seg import mmseg
    from pypinyin.seg.simpleseg import seg

    return SimpleNamespace(NORMAL=Style.NORMAL, lazy_pinyin=lazy_pinyin, pinyin=pinyin,
                           phrases=PHRASES_DICT, hans=RE_HANS, cut=mmseg.seg.cut, seg=seg)


@functools.lru_cache(maxsize=8192)
def _common_readings(ch: str) -> tuple[str, ...]:
    """The two commonest readings of a character: rarer ones (信 as "shen") add noise."""
    pypinyin = _pypinyin()
    readings = pypinyin.pinyin(ch, style=pypinyin.NORMAL, heteronym=True)[0][:2]
    return tuple(r for r in readings if _READING_CHARS.fullmatch(r))


def _readings(text: str, other_readings: bool,
              run_reading: Callable[[str], list[str]] | None = None) -> list[tuple[str, ...]]:
    """Readings of each character of normalised `text`, most likely first.

    `run_reading` reads one run of Chinese characters (pypinyin's `lazy_pinyin`, or the
    same through a cache of its words: `ReadingCache`)."""
    run_reading = run_reading or _read_run
    readings: list[tuple[str, ...]] = [
        (ch,) if ch in _READING_CHAR_SET else ("",) for ch in text
    ]
    for run in _CJK_RUN.finditer(text):
        # Whole runs, not characters, so pypinyin can read polyphones in context.
        primary = run_reading(run.group())
        if len(primary) != len(run.group()):
            primary = [_read_run(ch)[0] for ch in run.group()]
        start = run.start()
        for offset, (ch, first) in enumerate(zip(run.group(), primary, strict=True)):
            readings[start + offset] = _choices(ch, first, other_readings)
    for phrase, fixed in _READING_FIXES.items():
        for found in re.finditer(phrase, text):
            for offset, right in enumerate(fixed):
                position = found.start() + offset
                wrong = readings[position]
                if wrong[0] != right:
                    readings[position] = (right, *wrong[: 1 if other_readings else 0])
    return readings


@functools.lru_cache(maxsize=65536)
def _choices(ch: str, first: str, other_readings: bool) -> tuple[str, ...]:
    """A character's readings: `first` (read in context), then its other common ones."""
    first = first if _READING_CHARS.fullmatch(first) else ""
    choices = [first]
    if other_readings:
        choices += [alt for alt in _common_readings(ch) if alt not in choices]
    return tuple(choices)


def _read_run(run: str) -> list[str]:
    pypinyin = _pypinyin()
    return pypinyin.lazy_pinyin(run, style=pypinyin.NORMAL, v_to_u=False)


def _read_words(words: list[str]) -> list[str]:
    """The readings of words already cut (pypinyin reads a list as cut, word by word)."""
    pypinyin = _pypinyin()
    return pypinyin.lazy_pinyin(words, style=pypinyin.NORMAL, v_to_u=False)


def _words(run: str) -> list[str]:
    """pypinyin's own cut of a run into the words it reads one by one. A run of only
    the characters pypinyin reads goes straight to its phrase cutter (what `seg` does
    for it after a slow walk over every character)."""
    pypinyin = _pypinyin()
    if pypinyin.phrases and pypinyin.hans.match(run):
        return list(pypinyin.cut(run))
    return pypinyin.seg(run)


def _units(text: str, readings: list[tuple[str, ...]]) -> str:
    pairs = zip(text, readings, strict=True)
    return "".join(ch + _READING_SEP.join(choices) + _UNIT_END for ch, choices in pairs)


def _parse_units(units: str) -> tuple[str, list[tuple[str, ...]]]:
    """A text and its readings back from its units (`_units`): ``行hang|xing,`` -> 行,
    (hang, xing). Normalised text holds neither commas nor bars."""
    parts = units.split(_UNIT_END)[:-1]
    return "".join(p[0] for p in parts), [tuple(p[1:].split(_READING_SEP)) for p in parts]


def _full_and_initials(readings: list[tuple[str, ...]]) -> tuple[str, str]:
    full = "".join(r[0] for r in readings)
    return full, "".join(r[0][:1] for r in readings)


class ReadingCache:
    """pypinyin, remembered per text and per word, for one terminal's catalogue.

    Catalogues repeat keywords and departments a lot, and names are made of a few
    thousand words ("社会保障卡", "申领"): pypinyin reads a run of characters as the words
    it cuts it into, each on its own, so reading each word once gives the same readings
    as reading every name whole, at a fraction of the cost. Both memories are bounded:
    past `LIMIT` entries they start again."""

    LIMIT = 200_000

    def __init__(self) -> None:
        self._texts: dict[tuple[str, bool], list[tuple[str, ...]]] = {}
        self._word_readings: dict[str, list[str]] = {}

    def prepare(self) -> None:
        """Load pypinyin and its phrase dictionary, which the first reading waits for."""
        self.of("办事")

    def of(self, text: str, other_readings: bool = False) -> list[tuple[str, ...]]:
        key = (text, other_readings)
        found = self._texts.get(key)
        if found is None:
            if len(self._texts) >= self.LIMIT:
                self._texts.clear()
            found = self._texts[key] = _readings(text, other_readings, self._read_run)
        return found

    def _read_run(self, run: str) -> list[str]:
        known = self._word_readings
        if len(known) >= self.LIMIT:
            known.clear()
        readings: list[str] = []
        for word in _words(run):
            found = known.get(word)
            if found is None:
                found = known[word] = _read_words([word])
            readings += found
        return readings


# --- what typed letters can mean -------------------------------------------------------

Token = tuple[str, str]  # ("chr", "社") | ("syl", "bao") | ("pre", "k")


def _latin_parses(letters: str, ends_query: bool) -> list[tuple[Token, ...]]:
    """Ways to read a run of latin letters as one token per character.

    A token is a full syllable, an initial (one letter, or zh/ch/sh), or, at the very end
    of the query, the start of a syllable still being typed. Longer syllables come first
    so the cap on parses drops the least likely readings.
    """
    memo: dict[int, list[tuple[Token, ...]]] = {}

    def from_(i: int) -> list[tuple[Token, ...]]:
        if i == len(letters):
            return [()]
        if i in memo:
            return memo[i]
        options: list[tuple[Token, int]] = []
        rest = letters[i:]
        if ends_query and rest in _SYLLABLE_PREFIXES:
            options.append((("pre", rest), len(letters)))
        for j in range(min(len(letters), i + _LONGEST_SYLLABLE), i + 1, -1):
            if letters[i:j] in _SYLLABLES and not (ends_query and j == len(letters)):
                options.append((("syl", letters[i:j]), j))
        if letters[i : i + 2] in _TWO_LETTER_INITIALS and len(rest) > 2:
            options.append((("pre", letters[i : i + 2]), i + 2))
        if not (ends_query and len(rest) == 1) and letters[i] not in _NOT_INITIALS:
            options.append((("pre", letters[i]), i + 1))
        found: list[tuple[Token, ...]] = []
        seen: set[tuple[Token, ...]] = set()
        for token, j in options:
            for tail in from_(j):
                parse = (token, *tail)
                if parse not in seen:
                    seen.add(parse)
                    found.append(parse)
                if len(found) >= _MAX_PARSES:
                    break
            if len(found) >= _MAX_PARSES:
                break
        memo[i] = found
        return found

    return from_(0)


def _query_parses(query: str) -> list[tuple[Token, ...]]:
    """Every token sequence a query can mean; characters other than a-z stand for themselves."""
    pieces = [m.group() for m in re.finditer("[a-z]+|[^a-z]", query)]
    parses: list[tuple[Token, ...]] = [()]
    for index, piece in enumerate(pieces):
        if piece[0].isascii() and piece[0].isalpha():
            choices = _latin_parses(piece, ends_query=index == len(pieces) - 1)
        else:
            choices = [(("chr", piece),)]
        parses = [p + c for p in parses for c in choices][:_MAX_PARSES]
    return [p for p in parses if p]


def _spelled_out(parse: tuple[Token, ...]) -> bool:
    """True for a parse of whole syllables (the last may be half-typed, 2+ letters)."""
    latin = [token for token in parse if token[0] != "chr"]
    return bool(latin) and all(kind == "syl" or len(text) >= 2 for kind, text in latin)
