"""Find a service the way residents type it on the touchscreen keyboard.

Residents search in characters ("社保卡"), full pinyin ("shebaoka"), pinyin initials
("sbk"), half-typed input ("shebao", "she", "社保k") and everyday words for official ones
("医保" for 医疗保险). This module answers all of these from one `SearchIndex`.

How it works, and why:

* Every text is stored as a run of *units*, one per character: the character, its pinyin
  reading(s), a comma: ``社she,保bao,卡ka,``. Readings come from pypinyin at build time
  with phrase-level disambiguation, so 银行 is stored as ``银yin,行hang,``. In names, the
  second reading of a polyphone follows the first (``行hang|xing,``) and only matches at
  a lower score.
* A query is split into tokens: characters match themselves; a run of latin letters is
  parsed every way it can be read as pinyin (full syllables, initials, a half-typed last
  syllable). All parses become one regular expression over unit strings, so mixes such
  as "shebk" or "社保k" match the way the resident meant them.
* A regex over 10,000 items per key press is too slow, so postings (character, reading
  prefix, or neighbouring pair -> items) narrow each parse to candidates first. Postings
  are bitsets held in Python ints: `&` over 10,000 items costs well under a microsecond,
  and ints are invisible to the garbage collector, which otherwise stalls on big sets.
* Ranking is a ladder of stages (exact name, name prefix, name substring, pinyin of the
  name, keywords, domain, department, summary). Stages run from the top and stop once
  enough items are found that no lower stage can outrank. Items are numbered in
  tie-break order (shorter name, then code), so within a stage the lowest bits win.
* `to_bytes` stores the finished units and postings, so a kiosk that loads the index
  from its SQLite cache never runs pypinyin at start-up.
"""

from __future__ import annotations

import bisect
import functools
import json
import re
import struct
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import numpy as np

from kiosk.catalogue.model import Domain, ServiceItem
from kiosk.catalogue.synonyms import SYNONYM_GROUPS

# Bump whenever the stored layout or the meaning of a stored field changes: a cached
# index of another version is refused and rebuilt from the catalogue.
FORMAT_VERSION = 2
_MAGIC = b"KSRCHIDX"
_HEADER = struct.Struct("<8sHcI")  # magic, version, posting id width, JSON length

MAX_QUERY_CHARS = 64  # after normalisation; longer input is cut, never refused
_MAX_RAW_CHARS = 256  # cut before normalising so a pasted novel costs nothing
_MAX_PARSES = 16  # pinyin readings of one query; more add cost, not hits
_MAX_VARIANTS = 4  # synonym rewrites tried per query
_MAX_CACHED_BITSETS = 4096  # per posting list: at most 5 MB each at 10,000 items

# Labels residents may type to reach a whole domain.
DOMAIN_LABELS: dict[Domain, str] = {
    Domain.EDUCATION: "教育",
    Domain.HEALTHCARE: "医疗卫生",
    Domain.SOCIAL_ASSISTANCE: "社会救助",
    Domain.SOCIAL_WELFARE: "社会福利",
    Domain.EMPLOYMENT: "就业创业",
    Domain.SOCIAL_SECURITY: "社会保障",
    Domain.HOUSING_SECURITY: "住房保障",
    Domain.PUBLIC_SAFETY: "公安服务",
    Domain.BUSINESS: "企业开办",
}


class Score:
    """The ranking ladder. Higher rungs always beat lower ones."""

    NAME_EXACT = 100.0
    NAME_PREFIX = 90.0
    NAME_PINYIN_EXACT = 88.0
    NAME_PINYIN_PREFIX = 84.0
    NAME_SUBSTRING = 80.0
    NAME_PINYIN_SUBSTRING = 76.0
    NAME_OTHER_READING = 70.0  # matched only through the less likely polyphone reading
    KEYWORD_EXACT = 64.0
    KEYWORD_PINYIN_EXACT = 62.0
    KEYWORD_PREFIX = 60.0
    KEYWORD_PINYIN_PREFIX = 58.0
    KEYWORD_SUBSTRING = 56.0
    KEYWORD_PINYIN_SUBSTRING = 54.0
    DOMAIN = 46.0
    DOMAIN_PINYIN = 44.0
    DEPARTMENT = 42.0
    DEPARTMENT_PINYIN = 38.0
    SUMMARY = 30.0
    # A query rewritten through a synonym: its name matches land among the keyword
    # matches, below everything that matched the words the resident actually typed.
    SYNONYM_PENALTY = 25.0


@dataclass(frozen=True)
class SearchHit:
    code: str
    name: str
    score: float


# --- text normalisation --------------------------------------------------------------


def normalize(text: str, limit: int | None = None) -> str:
    """Lower-case half-width letters, digits and CJK only; punctuation and spaces go.

    Full-width input from the keyboard becomes half-width (NFKC); tone marks typed or
    pasted with pinyin are dropped; ü is written v, as pinyin keyboards do.
    """
    text = unicodedata.normalize("NFKC", text).lower().replace("ü", "v")
    text = unicodedata.normalize("NFD", text)
    kept = "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN")
    kept = unicodedata.normalize("NFC", kept)
    return kept if limit is None else kept[:limit]


def normalize_query(query: str) -> str:
    if not isinstance(query, str):
        return ""
    return normalize(query[:_MAX_RAW_CHARS], MAX_QUERY_CHARS)


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


@functools.lru_cache(maxsize=8192)
def _common_readings(ch: str) -> tuple[str, ...]:
    """The two commonest readings of a character: rarer ones (信 as "shen") add noise."""
    from pypinyin import Style, pinyin

    readings = pinyin(ch, style=Style.NORMAL, heteronym=True)[0][:2]
    return tuple(r for r in readings if _READING_CHARS.fullmatch(r))


def _readings(text: str, other_readings: bool) -> list[tuple[str, ...]]:
    """Readings of each character of normalised `text`, most likely first."""
    from pypinyin import Style, lazy_pinyin  # build time only: slow to import

    readings: list[tuple[str, ...]] = [
        (ch,) if _READING_CHARS.fullmatch(ch) else ("",) for ch in text
    ]
    for run in _CJK_RUN.finditer(text):
        # Whole runs, not characters, so pypinyin can read polyphones in context.
        primary = lazy_pinyin(run.group(), style=Style.NORMAL, v_to_u=False)
        if len(primary) != len(run.group()):
            primary = [lazy_pinyin(ch, style=Style.NORMAL)[0] for ch in run.group()]
        for offset, (ch, first) in enumerate(zip(run.group(), primary, strict=True)):
            first = first if _READING_CHARS.fullmatch(first) else ""
            choices = [first]
            if other_readings:
                choices += [alt for alt in _common_readings(ch) if alt not in choices]
            readings[run.start() + offset] = tuple(choices)
    for phrase, fixed in _READING_FIXES.items():
        for found in re.finditer(phrase, text):
            for offset, right in enumerate(fixed):
                position = found.start() + offset
                wrong = readings[position]
                if wrong[0] != right:
                    readings[position] = (right, *wrong[: 1 if other_readings else 0])
    return readings


def _units(text: str, readings: list[tuple[str, ...]]) -> str:
    pairs = zip(text, readings, strict=True)
    return "".join(ch + _READING_SEP.join(choices) + _UNIT_END for ch, choices in pairs)


def _full_and_initials(readings: list[tuple[str, ...]]) -> tuple[str, str]:
    full = "".join(r[0] for r in readings)
    return full, "".join(r[0][:1] for r in readings)


# --- bitsets: sets of item ids as Python ints ------------------------------------------


class _Bits:
    """Conversions between item ids and int bitsets for a catalogue of `size` items."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._bytes = (size + 7) // 8

    def from_ids(self, ids: Iterable[int] | np.ndarray) -> int:
        flags = np.zeros(self._bytes * 8, dtype=bool)
        flags[np.fromiter(ids, dtype=np.int64) if not isinstance(ids, np.ndarray) else ids] = True
        return int.from_bytes(np.packbits(flags, bitorder="little").tobytes(), "little")

    def ids(self, bits: int) -> np.ndarray:
        packed = np.frombuffer(bits.to_bytes(self._bytes, "little"), dtype=np.uint8)
        return np.flatnonzero(np.unpackbits(packed, bitorder="little"))


def _lowest(bits: int, count: int) -> Iterator[int]:
    """The `count` lowest ids in `bits`: the best-ranked items of a stage."""
    while bits and count > 0:
        low = bits & -bits
        yield low.bit_length() - 1
        bits ^= low
        count -= 1


# --- postings ----------------------------------------------------------------------------


class _Postings:
    """Key -> bitset of the items whose field contains it.

    Stored as one packed array of ids; a key becomes a bitset the first time a query
    asks for it, so loading stays fast and memory follows what residents search for.
    """

    def __init__(
        self, keys: list[str], counts: list[int], blob: np.ndarray, start: int, bits: _Bits
    ) -> None:
        if len(keys) != len(counts) or not all(type(c) is int and c >= 0 for c in counts):
            raise ValueError("posting keys and counts disagree")
        self._where: dict[str, tuple[int, int]] = {}
        for key, count in zip(keys, counts, strict=True):
            self._where[key] = (start, count)
            start += count
        if start > len(blob):
            raise ValueError("postings run past the end of the data")
        self.end = start
        self._blob = blob
        self._bits = bits
        self._cache: dict[str, int] = {}

    def get(self, key: str) -> int:
        found = self._cache.get(key)
        if found is None:
            where = self._where.get(key)
            if where is None:
                return 0
            start, count = where
            found = self._bits.from_ids(self._blob[start : start + count])
            if len(self._cache) >= _MAX_CACHED_BITSETS:
                self._cache.clear()
            self._cache[key] = found
        return found

    def pack(self) -> tuple[dict, np.ndarray]:
        keys = list(self._where)
        counts = [self._where[key][1] for key in keys]
        parts = [self._blob[s : s + c] for s, c in (self._where[key] for key in keys)]
        return {"keys": _ITEM_SEP.join(keys), "counts": counts}, _concat(parts)

    @classmethod
    def from_lists(cls, lists: dict[str, list[int]], bits: _Bits) -> _Postings:
        keys = sorted(lists)
        counts = [len(lists[key]) for key in keys]
        blob = _concat([np.asarray(lists[key], dtype=np.uint32) for key in keys])
        return cls(keys, counts, blob, 0, bits)

    @classmethod
    def unpack(cls, document: dict, blob: np.ndarray, start: int, bits: _Bits) -> _Postings:
        keys = document["keys"].split(_ITEM_SEP) if document["keys"] else []
        return cls(keys, document["counts"], blob, start, bits)


def _concat(parts: list[np.ndarray]) -> np.ndarray:
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.uint32)


def _pair_keys(ch: str, reading: str) -> tuple[str, ...]:
    """What one character contributes to neighbour keys: itself and its initial."""
    initial = reading[:1]
    return (ch, initial) if initial and initial != ch else (ch,)


def _pair_key(token: Token) -> str:
    return token[1] if token[0] == "chr" else token[1][0]


# --- per-item fields -------------------------------------------------------------------------


class _FieldBuilder:
    """Collects one text field (names, or keywords) item by item, in id order."""

    def __init__(self, with_other_readings: bool = False) -> None:
        self.chars: list[str] = []
        self.units: list[str] = []
        self.shortest: list[int] = []
        self.postings: dict[str, dict[str, list[int]]] = {n: {} for n in _Field.POSTINGS}
        self.with_other_readings = with_other_readings

    def add(self, values: list[tuple[str, list[tuple[str, ...]]]]) -> None:
        item_id = len(self.chars)
        self.chars.append(_VALUE_SEP.join(text for text, _ in values))
        self.shortest.append(min((len(text) for text, _ in values), default=0))
        self.units.append(_VALUE_SEP.join(_units(text, readings) for text, readings in values))
        keys: dict[str, set[str]] = {name: set() for name in _Field.POSTINGS}
        for text, readings in values:
            previous: tuple[str, ...] = ()
            for position, (ch, choices) in enumerate(zip(text, readings, strict=True)):
                first = choices[0]
                own = {ch} | {first[:n] for n in range(1, len(first) + 1)}
                keys["everywhere"] |= own
                if position == 0:
                    keys["at_start"] |= own
                current = _pair_keys(ch, first)
                keys["pairs"].update(a + b for a in previous for b in current)
                previous = current
                if self.with_other_readings:
                    for alt in choices[1:]:
                        keys["other_readings"].update(
                            alt[:n] for n in range(1, len(alt) + 1) if alt[:n] not in own
                        )
        for name, found in keys.items():
            postings = self.postings[name]
            for key in found:
                postings.setdefault(key, []).append(item_id)

    def finish(self, bits: _Bits) -> _Field:
        postings = {n: _Postings.from_lists(p, bits) for n, p in self.postings.items()}
        return _Field(self.chars, self.units, self.shortest, postings)


class _Field:
    """A per-item text field matched in characters and in pinyin (names, keywords).

    Postings narrow pinyin queries down: `everywhere` (a character, or a prefix of its
    reading, anywhere in a value), `at_start` (the same for the first character of a
    value), `pairs` (two neighbours, each as itself or its initial: "sbk" only checks
    items where an s-character is followed by a b-character) and `other_readings`
    (prefixes of the second reading of polyphones, where it differs).
    """

    POSTINGS = ("everywhere", "at_start", "pairs", "other_readings")

    def __init__(
        self,
        chars: list[str],
        units: list[str],
        shortest: list[int],
        postings: dict[str, _Postings],
    ) -> None:
        if not len(chars) == len(units) == len(shortest):
            raise ValueError("field values differ in length")
        if not all(type(n) is int for n in shortest):
            raise ValueError("field lengths are not whole numbers")
        self.chars = chars  # normalised values of each item, joined by _VALUE_SEP
        self.units = units  # the same as unit strings
        # Length of each item's shortest value: bounds which items can match exactly.
        # Stored, because splitting every item's values on the first query is slow.
        self.shortest = shortest
        self.everywhere, self.at_start, self.pairs, self.other_readings = (
            postings[name] for name in self.POSTINGS
        )
        self.haystack = _ITEM_SEP.join(chars)
        self.starts = np.zeros(len(chars), dtype=np.int64)
        if chars:
            lengths = np.fromiter(map(len, chars), dtype=np.int64, count=len(chars)) + 1
            self.starts[1:] = np.cumsum(lengths)[:-1]

    def item_at(self, position: int) -> int:
        return int(np.searchsorted(self.starts, position, side="right")) - 1

    def any_reading(self, key: str) -> int:
        return self.everywhere.get(key) | self.other_readings.get(key)

    def pack(self) -> tuple[dict, list[np.ndarray]]:
        document: dict = {
            "chars": _ITEM_SEP.join(self.chars),
            "units": _ITEM_SEP.join(self.units),
            "shortest": self.shortest,
        }
        arrays = []
        for name in self.POSTINGS:
            document[name], ids = getattr(self, name).pack()
            arrays.append(ids)
        return document, arrays

    @classmethod
    def unpack(
        cls, document: dict, blob: np.ndarray, start: int, count: int, bits: _Bits
    ) -> tuple[_Field, int]:
        chars = document["chars"].split(_ITEM_SEP) if count else []
        units = document["units"].split(_ITEM_SEP) if count else []
        if len(chars) != count:
            raise ValueError("field values do not match the number of items")
        postings = {}
        for name in cls.POSTINGS:
            postings[name] = _Postings.unpack(document[name], blob, start, bits)
            start = postings[name].end
        return cls(chars, units, document["shortest"], postings), start


class _Shared:
    """A field with few distinct values shared by many items (departments, domains)."""

    def __init__(self, chars: list[str], units: list[str], of_item: list[int], bits: _Bits):
        if len(chars) != len(units) or any(not 0 <= v < len(chars) for v in of_item):
            raise ValueError("shared field values and item references disagree")
        self.chars = chars
        self.units = units
        self.of_item = of_item
        grouped: list[list[int]] = [[] for _ in chars]
        for item_id, value in enumerate(of_item):
            grouped[value].append(item_id)
        self.items = [bits.from_ids(ids) for ids in grouped]

    def pack(self) -> list:
        return [self.chars, self.units, self.of_item]


# --- query parsing -------------------------------------------------------------------------

_END = ("end", "")
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


def _trie(parses: list[tuple[Token, ...]]) -> dict:
    root: dict = {}
    for parse in parses:
        node = root
        for token in parse:
            node = node.setdefault(token, {})
        node[_END] = {}
    return root


_REST_OF_UNIT = "[^,]*,"  # a unit never contains a comma, so this stops at its end
_EARLIER_READINGS = r"(?:[0-9a-z]+\|)*"


def _token_pattern(token: Token, any_reading: bool) -> str:
    """Regex for one unit. Kept short: Python compiles regexes slowly, once per query."""
    kind, text = token
    if kind == "chr":
        return re.escape(text) + _REST_OF_UNIT
    before = "." + (_EARLIER_READINGS if any_reading else "")
    if kind == "syl":
        return before + text + "(?=[|,])" + _REST_OF_UNIT  # the whole reading
    return before + text + _REST_OF_UNIT  # the start of a reading


def _trie_pattern(node: dict, any_reading: bool) -> str:
    branches = [
        ""
        if token == _END
        else _token_pattern(token, any_reading) + _trie_pattern(child, any_reading)
        for token, child in node.items()
    ]
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def _units_matcher(trie: dict, any_reading: bool) -> re.Pattern[str]:
    """One regex for all parses, matching whole units only (never inside a reading).

    `match` finds values that start with the query, `fullmatch` values equal to it and
    `search` the query anywhere.
    """
    return re.compile("(?<![^,;])" + _trie_pattern(trie, any_reading))


# --- the index -------------------------------------------------------------------------------


class SearchIndex:
    """Search over a catalogue; build once per catalogue, cache with `to_bytes`."""

    def __init__(
        self,
        codes: list[str],
        names: list[str],
        name: _Field,
        keywords: _Field,
        departments: _Shared,
        domains: _Shared,
        summaries: list[str],
        synonyms: list[list[list[str]]],
    ) -> None:
        count = len(codes)
        if not all(
            isinstance(term, list) and len(term) == 3 and all(isinstance(f, str) for f in term)
            for group in synonyms
            for term in group
        ):
            raise ValueError("synonym terms must each have characters, pinyin and initials")
        if not (
            len(names) == len(summaries) == len(name.chars) == len(keywords.chars) == count
            and len(departments.of_item) == len(domains.of_item) == count
        ):
            raise ValueError("item lists differ in length")
        self._codes = codes  # in tie-break order: id 0 is the shortest name
        self._names = names
        self._name = name
        self._keywords = keywords
        self._departments = departments
        self._domains = domains
        self._summaries = summaries
        self._synonyms = synonyms
        self._bits = _Bits(count)
        self._summary_haystack = _ITEM_SEP.join(summaries)
        self._summary_starts = [0] * count
        offset = 0
        for item_id, text in enumerate(summaries):
            self._summary_starts[item_id] = offset
            offset += len(text) + 1
        # (form, kind, group): kind 0 characters, 1 full pinyin, 2 initials.
        self._synonym_forms = sorted(
            (
                (form, kind, group_index)
                for group_index, group in enumerate(synonyms)
                for term in group
                for kind, form in enumerate(term)
                if len(form) >= 2
            ),
            key=lambda entry: -len(entry[0]),
        )

    def __len__(self) -> int:
        return len(self._codes)

    # -- building ---------------------------------------------------------------------

    @classmethod
    def build(cls, items: Iterable[ServiceItem]) -> SearchIndex:
        """Index a catalogue. Runs pypinyin over every text: do it once per catalogue."""
        ordered = sorted(items, key=lambda item: (len(item.name), item.code))
        bits = _Bits(len(ordered))
        readings = _ReadingCache()
        name = _FieldBuilder(with_other_readings=True)
        keywords = _FieldBuilder()
        department_ids: dict[str, int] = {}
        domain_ids: dict[str, int] = {}
        of_department: list[int] = []
        of_domain: list[int] = []
        for item in ordered:
            text = normalize(item.name)
            name.add([(text, readings.of(text, other_readings=True))])
            words = [w for w in dict.fromkeys(normalize(k) for k in item.keywords) if w]
            keywords.add([(w, readings.of(w)) for w in words])
            department = normalize(item.department)
            of_department.append(department_ids.setdefault(department, len(department_ids)))
            label = DOMAIN_LABELS.get(item.domain, "")
            of_domain.append(domain_ids.setdefault(label, len(domain_ids)))

        def shared(ids: dict[str, int], of_item: list[int]) -> _Shared:
            return _Shared(list(ids), [_units(v, readings.of(v)) for v in ids], of_item, bits)

        synonyms = [
            [[text, *_full_and_initials(readings.of(text))] for text in map(normalize, group)]
            for group in SYNONYM_GROUPS
        ]
        return cls(
            codes=[item.code for item in ordered],
            names=[item.name for item in ordered],
            name=name.finish(bits),
            keywords=keywords.finish(bits),
            departments=shared(department_ids, of_department),
            domains=shared(domain_ids, of_domain),
            summaries=[normalize(item.summary) for item in ordered],
            synonyms=synonyms,
        )

    # -- caching ----------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        """The index as bytes for the catalogue cache; `from_bytes` reads it back."""
        width = b"H" if len(self._codes) <= 0xFFFF else b"I"
        name_document, name_ids = self._name.pack()
        keyword_document, keyword_ids = self._keywords.pack()
        document = {
            "codes": _ITEM_SEP.join(self._codes),
            "names": _ITEM_SEP.join(self._names),
            "name": name_document,
            "keywords": keyword_document,
            "departments": self._departments.pack(),
            "domains": self._domains.pack(),
            "summaries": _ITEM_SEP.join(self._summaries),
            "synonyms": self._synonyms,
        }
        body = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
        blob = _concat(name_ids + keyword_ids).astype(_ID_TYPES[width])
        return _HEADER.pack(_MAGIC, FORMAT_VERSION, width, len(body)) + body + blob.tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> SearchIndex:
        """Load a cached index without any pinyin work.

        Raises ValueError for data that is not an index, is damaged, or was written in
        another format version: then build a new index from the catalogue.
        """
        if not isinstance(data, bytes | bytearray | memoryview) or len(data) < _HEADER.size:
            raise ValueError("not a search index: too short")
        data = bytes(data)
        magic, version, width, body_length = _HEADER.unpack_from(data)
        if magic != _MAGIC:
            raise ValueError("not a search index")
        if version != FORMAT_VERSION:
            raise ValueError(f"search index format {version}, this kiosk reads {FORMAT_VERSION}")
        try:
            end = _HEADER.size + body_length
            document = json.loads(data[_HEADER.size : end])
            blob = np.frombuffer(data, dtype=_ID_TYPES[width], offset=end)
            codes = document["codes"].split(_ITEM_SEP) if document["codes"] else []
            if len(blob) and int(blob.max()) >= len(codes):
                raise ValueError("postings refer to items that do not exist")
            bits = _Bits(len(codes))
            name, start = _Field.unpack(document["name"], blob, 0, len(codes), bits)
            keywords, start = _Field.unpack(document["keywords"], blob, start, len(codes), bits)
            if start != len(blob):
                raise ValueError("postings do not fill the data")
            return cls(
                codes=codes,
                names=document["names"].split(_ITEM_SEP) if codes else [],
                name=name,
                keywords=keywords,
                departments=_Shared(*document["departments"], bits),
                domains=_Shared(*document["domains"], bits),
                summaries=document["summaries"].split(_ITEM_SEP) if codes else [],
                synonyms=document["synonyms"],
            )
        except (KeyError, TypeError, ValueError, IndexError, AttributeError) as error:
            raise ValueError(f"damaged search index: {error}") from error

    # -- searching --------------------------------------------------------------------

    def search(self, query: str, limit: int = 10) -> list[SearchHit]:
        """The best `limit` items for what a resident typed; [] for nothing usable."""
        text = normalize_query(query)
        if not text or not isinstance(limit, int) or limit <= 0 or not self._codes:
            return []
        stages: list[tuple[float, Callable[[], int]]] = []
        for variant, penalty in [(text, 0.0), *self._synonym_variants(text)]:
            plan = _QueryPlan(self, variant)
            stages.extend((score - penalty, run) for score, run in plan.stages())
        stages.sort(key=lambda stage: -stage[0])

        found = 0  # every item placed so far
        by_score: dict[float, int] = {}  # items first placed at each score
        for position, (score, run) in enumerate(stages):
            new = run() & ~found
            if new:
                by_score[score] = by_score.get(score, 0) | new
                found |= new
            next_score = stages[position + 1][0] if position + 1 < len(stages) else None
            if (next_score is None or next_score < score) and found.bit_count() >= limit:
                break  # nothing later can outrank what is already found
        hits: list[SearchHit] = []
        for score in sorted(by_score, reverse=True):
            for item_id in _lowest(by_score[score], limit - len(hits)):
                hits.append(SearchHit(self._codes[item_id], self._names[item_id], score))
        return hits

    def _synonym_variants(self, text: str) -> list[tuple[str, float]]:
        """The query with everyday words swapped for their equivalents, and back."""
        variants: dict[str, None] = {}
        taken: list[tuple[int, int, str]] = []
        for form, kind, group_index in self._synonym_forms:
            start = text.find(form)
            if start < 0 or (kind == 2 and start != 0):
                continue  # initials are too short to trust anywhere but at the start
            end = start + len(form)
            if any(s < end and start < e and f != form for s, e, f in taken):
                continue  # a longer term already covers this stretch
            taken.append((start, end, form))
            for term in self._synonyms[group_index]:
                if term[kind] != form:
                    variant = (text[:start] + term[kind] + text[end:])[:MAX_QUERY_CHARS]
                    if variant != text:
                        variants[variant] = None
        return [(v, Score.SYNONYM_PENALTY) for v in list(variants)[:_MAX_VARIANTS]]


_ID_TYPES = {b"H": np.dtype("<u2"), b"I": np.dtype("<u4")}


class _ReadingCache:
    """pypinyin per distinct text: catalogues repeat keywords and departments a lot."""

    def __init__(self) -> None:
        self._seen: dict[tuple[str, bool], list[tuple[str, ...]]] = {}

    def of(self, text: str, other_readings: bool = False) -> list[tuple[str, ...]]:
        key = (text, other_readings)
        if key not in self._seen:
            self._seen[key] = _readings(text, other_readings)
        return self._seen[key]


class _QueryPlan:
    """The stages for one (possibly rewritten) query; each is computed only if reached."""

    def __init__(self, index: SearchIndex, text: str) -> None:
        self.index = index
        self.bits = index._bits
        self.text = text
        self._memo: dict[str, object] = {}

    def _once(self, key: str, compute: Callable[[], object]):
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def stages(self) -> list[tuple[float, Callable[[], int]]]:
        index = self.index
        name, keywords = index._name, index._keywords
        found = [
            (Score.NAME_EXACT, lambda: self._chars(name)[0]),
            (Score.NAME_PREFIX, lambda: self._chars(name)[1]),
            (Score.NAME_SUBSTRING, lambda: self._chars(name)[2]),
            (Score.KEYWORD_EXACT, lambda: self._chars(keywords)[0]),
            (Score.KEYWORD_PREFIX, lambda: self._chars(keywords)[1]),
            (Score.KEYWORD_SUBSTRING, lambda: self._chars(keywords)[2]),
            (Score.DOMAIN, lambda: self._shared_chars(index._domains)),
            (Score.DEPARTMENT, lambda: self._shared_chars(index._departments)),
            (Score.SUMMARY, self._summary),
        ]
        if _LATIN_RUN.search(self.text):
            found += [
                (Score.NAME_PINYIN_EXACT, lambda: self._pinyin_start(name)[0]),
                (Score.NAME_PINYIN_PREFIX, lambda: self._pinyin_start(name)[1]),
                (Score.NAME_PINYIN_SUBSTRING, lambda: self._pinyin_anywhere(name)),
                (Score.NAME_OTHER_READING, self._other_reading),
                (Score.KEYWORD_PINYIN_EXACT, lambda: self._pinyin_start(keywords)[0]),
                (Score.KEYWORD_PINYIN_PREFIX, lambda: self._pinyin_start(keywords)[1]),
                (Score.KEYWORD_PINYIN_SUBSTRING, lambda: self._pinyin_anywhere(keywords)),
                (Score.DOMAIN_PINYIN, lambda: self._shared_pinyin(index._domains)),
                (Score.DEPARTMENT_PINYIN, lambda: self._shared_pinyin(index._departments)),
            ]
        return found

    # -- characters as typed --------------------------------------------------------------

    def _chars(self, field: _Field) -> tuple[int, int, int]:
        """Items whose value equals, starts with, or contains the query as typed."""

        def compute() -> tuple[int, int, int]:
            exact: list[int] = []
            prefix: list[int] = []
            anywhere: list[int] = []
            hay, text = field.haystack, self.text
            end_of_hay, size = len(hay), len(text)
            boundaries = _VALUE_SEP + _ITEM_SEP
            position = hay.find(text)
            while position >= 0:
                item_id = field.item_at(position)
                anywhere.append(item_id)
                if position == 0 or hay[position - 1] in boundaries:
                    prefix.append(item_id)
                    after = position + size
                    if after == end_of_hay or hay[after] in boundaries:
                        exact.append(item_id)
                position = hay.find(text, position + 1)
            return (
                self.bits.from_ids(exact),
                self.bits.from_ids(prefix),
                self.bits.from_ids(anywhere),
            )

        return self._once(f"chars-{id(field)}", compute)  # type: ignore[return-value]

    def _shared_chars(self, shared: _Shared) -> int:
        found = 0
        for value, text in enumerate(shared.chars):
            if self.text in text:
                found |= shared.items[value]
        return found

    def _summary(self) -> int:
        index = self.index
        hay, starts = index._summary_haystack, index._summary_starts
        found: list[int] = []
        position = hay.find(self.text)
        while position >= 0:
            item_id = bisect.bisect_right(starts, position) - 1
            found.append(item_id)
            # One hit per item is enough: jump to the next item's summary.
            next_start = starts[item_id + 1] if item_id + 1 < len(starts) else len(hay)
            position = hay.find(self.text, next_start)
        return self.bits.from_ids(found)

    # -- pinyin --------------------------------------------------------------------------

    def _parses(self) -> list[tuple[Token, ...]]:
        return self._once("parses", lambda: _query_parses(self.text))  # type: ignore[return-value]

    def _trie(self) -> dict:
        return self._once("trie", lambda: _trie(self._parses()))  # type: ignore[return-value]

    def _matcher(self) -> re.Pattern[str]:
        return self._once(  # type: ignore[return-value]
            "matcher", lambda: _units_matcher(self._trie(), any_reading=False)
        )

    def _candidates(
        self,
        trie: dict,
        first: Callable[[str], int],
        later: Callable[[str], int],
        pairs: Callable[[str], int] | None,
    ) -> tuple[int, int]:
        """Items that may match, from postings: (sure matches, to be checked).

        Postings lose the order of characters, so parses of several tokens only give
        candidates; a one-token parse is exact as it stands.
        """
        sure = maybe = 0

        def walk(node: dict, current: int, depth: int, before: str) -> None:
            nonlocal sure, maybe
            for token, child in node.items():
                if token == _END:
                    if depth == 1:
                        sure |= current
                    else:
                        maybe |= current
                    continue
                narrowed = first(token[1]) if depth == 0 else current & later(token[1])
                if narrowed and depth and pairs is not None:
                    narrowed &= pairs(before + _pair_key(token))
                if narrowed:
                    walk(child, narrowed, depth + 1, _pair_key(token))

        walk(trie, 0, 0, "")
        return sure, maybe & ~sure

    def _checked(self, candidates: int, test: Callable[[int], object]) -> int:
        """The candidates (by item id) that pass `test`."""
        if not candidates:
            return 0
        return self.bits.from_ids([i for i in self.bits.ids(candidates).tolist() if test(i)])

    def _pinyin_start(self, field: _Field) -> tuple[int, int]:
        """Items with a value that is, or starts with, the query read as pinyin."""

        def compute() -> tuple[int, int]:
            matcher = self._matcher()
            sure, maybe = self._candidates(
                self._trie(), field.at_start.get, field.everywhere.get, field.pairs.get
            )
            units = field.units
            prefix = sure | self._checked(maybe, lambda i: _starts(matcher, units[i]))
            # A value can only equal the query if it has no more characters than the
            # longest parse has tokens; this skips most of a broad prefix set cheaply.
            longest = max(map(len, self._parses()))
            shortest = field.shortest
            exact = self._checked(
                prefix, lambda i: shortest[i] <= longest and _equals(matcher, units[i])
            )
            return exact, prefix

        return self._once(f"start-{id(field)}", compute)  # type: ignore[return-value]

    def _pinyin_anywhere(self, field: _Field) -> int:
        def compute() -> int:
            prefix = self._pinyin_start(field)[1]
            sure, maybe = self._candidates(
                self._trie(), field.everywhere.get, field.everywhere.get, field.pairs.get
            )
            search, units = self._matcher().search, field.units
            return sure | prefix | self._checked(maybe & ~prefix, lambda i: search(units[i]))

        return self._once(f"anywhere-{id(field)}", compute)  # type: ignore[return-value]

    def _other_reading(self) -> int:
        """Names matched only when polyphones may take their less likely reading.

        Only parses of whole syllables count here: someone who typed "yinxing" for 银行
        misread it, but "yx" is too little to guess that from.
        """
        parses = [p for p in self._parses() if _spelled_out(p)]
        if not parses:
            return 0
        field = self.index._name
        trie = _trie(parses)
        sure, maybe = self._candidates(trie, field.any_reading, field.any_reading, None)
        matcher = _units_matcher(trie, any_reading=True)
        units = field.units
        return sure | self._checked(maybe, lambda i: matcher.search(units[i]))

    def _shared_pinyin(self, shared: _Shared) -> int:
        matcher = self._matcher()
        found = 0
        for value, units in enumerate(shared.units):
            if matcher.search(units):
                found |= shared.items[value]
        return found


def _spelled_out(parse: tuple[Token, ...]) -> bool:
    """True for a parse of whole syllables (the last may be half-typed, 2+ letters)."""
    latin = [token for token in parse if token[0] != "chr"]
    return bool(latin) and all(kind == "syl" or len(text) >= 2 for kind, text in latin)


def _starts(matcher: re.Pattern[str], units: str) -> bool:
    return any(matcher.match(value) for value in units.split(_VALUE_SEP))


def _equals(matcher: re.Pattern[str], units: str) -> bool:
    return any(matcher.fullmatch(value) for value in units.split(_VALUE_SEP))
