"""Find a service the way residents type it on the touchscreen keyboard.

Residents search in characters ("社保卡"), full pinyin ("shebaoka"), pinyin initials
("sbk"), half-typed input ("shebao", "she", "社保k") and everyday words for official ones
("医保" for 医疗保险). This module answers all of these from one `SearchIndex`.

How it is built, and why:

* Every text is stored as a run of *units*, one per character: the character, then its
  pinyin reading(s), then a comma: ``社she,保bao,卡ka,``. Readings come from pypinyin at
  build time with phrase-level disambiguation, so 银行 is stored as ``银yin,行hang,``.
  For names, the other readings of a polyphonic character follow the first one
  (``行hang|xing|heng,``) and only match at a lower score.
* A query is split into tokens: characters match themselves; a run of latin letters is
  parsed every way it can be read as pinyin (full syllables, initials, a half-typed
  last syllable). All parses become one regular expression over the unit strings, so a
  mix such as "shebk" or "社保k" matches like the resident meant.
* Checking a regex against 10,000 items per key press is too slow for the terminal, so
  inverted postings (reading prefix or character -> items) narrow each parse down to
  candidates first; only those are checked.
* Ranking is a ladder of stages (exact name, name prefix, name substring, pinyin of the
  name, keywords, domain, department, summary). Stages run from the top and stop as soon
  as enough items are found that no lower stage can outrank; ties go to the shorter
  name, then the code.
* `to_bytes` stores the finished units and postings, so a kiosk that loads the index
  from its SQLite cache never runs pypinyin at start-up.
"""

from __future__ import annotations

import bisect
import heapq
import json
import re
import struct
import unicodedata
from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from kiosk.catalogue.model import Domain, ServiceItem
from kiosk.catalogue.synonyms import SYNONYM_GROUPS

# Bump whenever the stored layout or the meaning of a stored field changes: a cached
# index of another version is refused and rebuilt from the catalogue.
FORMAT_VERSION = 1
_MAGIC = b"KSRCHIDX"
_HEADER = struct.Struct("<8sHcI")  # magic, version, posting typecode, JSON length

MAX_QUERY_CHARS = 64  # after normalisation; longer input is cut, never refused
_MAX_RAW_CHARS = 256  # cut before normalising so a pasted novel costs nothing
_MAX_PARSES = 16  # pinyin readings of one latin run; more add cost, not hits
_MAX_VARIANTS = 4  # synonym rewrites tried per query

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
    NAME_OTHER_READING = 70.0  # matched only through a less likely polyphone reading
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
    SYNONYM_PENALTY = 3.0  # a rewritten query ranks just under what was typed


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


def _readings(text: str, other_readings: bool) -> list[tuple[str, ...]]:
    """Readings of each character of normalised `text`, most likely first."""
    from pypinyin import Style, lazy_pinyin, pinyin  # build time only: slow to import

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
                # Only the two commonest readings: rarer ones (信 as "shen") add noise.
                for alt in pinyin(ch, style=Style.NORMAL, heteronym=True)[0][:2]:
                    if alt not in choices and _READING_CHARS.fullmatch(alt):
                        choices.append(alt)
            readings[run.start() + offset] = tuple(choices)
    return readings


def _units(text: str, readings: list[tuple[str, ...]]) -> str:
    pairs = zip(text, readings, strict=True)
    return "".join(ch + _READING_SEP.join(choices) + _UNIT_END for ch, choices in pairs)


def _full_and_initials(readings: list[tuple[str, ...]]) -> tuple[str, str]:
    full = "".join(r[0] for r in readings)
    return full, "".join(r[0][:1] for r in readings)


# --- postings ----------------------------------------------------------------------------


class _Postings:
    """Key -> ids of the items whose field contains it.

    Built ones hold sets; loaded ones hold one packed array and turn a key into a set
    the first time a query asks for it, which keeps `from_bytes` fast.
    """

    def __init__(self) -> None:
        self._sets: dict[str, frozenset[int] | set[int]] = {}
        self._packed: dict[str, tuple[int, int]] = {}
        self._blob: array | None = None

    def add(self, key: str, item_id: int) -> None:
        bucket = self._sets.get(key)
        if bucket is None:
            self._sets[key] = {item_id}
        else:
            bucket.add(item_id)  # type: ignore[union-attr]

    def get(self, key: str) -> frozenset[int] | set[int]:
        found = self._sets.get(key)
        if found is None:
            where = self._packed.get(key)
            if where is None:
                return frozenset()
            start, count = where
            found = frozenset(self._blob[start : start + count])  # type: ignore[index]
            self._sets[key] = found
        return found

    def pack(self, blob: array) -> dict:
        keys = sorted(set(self._sets) | set(self._packed))
        counts = []
        for key in keys:
            ids = sorted(self.get(key))
            counts.append(len(ids))
            blob.extend(ids)
        return {"keys": _ITEM_SEP.join(keys), "counts": counts}

    @classmethod
    def unpack(cls, document: dict, blob: array, start: int) -> tuple[_Postings, int]:
        postings = cls()
        keys = document["keys"].split(_ITEM_SEP) if document["keys"] else []
        counts = document["counts"]
        if len(keys) != len(counts):
            raise ValueError("posting keys and counts differ in length")
        packed = {}
        for key, count in zip(keys, counts, strict=True):
            packed[key] = (start, count)
            start += count
        if start > len(blob):
            raise ValueError("postings run past the end of the data")
        postings._packed = packed
        postings._blob = blob
        return postings, start


def _pair_keys(ch: str, reading: str) -> tuple[str, ...]:
    """What one character contributes to adjacency keys: itself and its initial."""
    initial = reading[:1]
    return (ch, initial) if initial and initial != ch else (ch,)


# --- per-item fields -------------------------------------------------------------------------


class _Field:
    """A per-item text field matched in characters and in pinyin (names, keywords).

    Three postings narrow pinyin queries down: `everywhere` (a character, or a prefix of
    its reading, anywhere in a value), `at_start` (the same for the first character of a
    value) and `pairs` (two neighbouring characters, each as itself or its initial), so
    "sbk" only checks items where an s-character is followed by a b-character.
    """

    _POSTINGS = ("everywhere", "at_start", "pairs", "other_readings")

    def __init__(self, with_other_readings: bool = False) -> None:
        self.chars: list[str] = []  # normalised values, joined by _VALUE_SEP
        self.units: list[str] = []  # the same values as unit strings
        self.everywhere = _Postings()
        self.at_start = _Postings()
        self.pairs = _Postings()
        # Prefixes of the less likely readings of polyphones, only where they differ.
        self.other_readings = _Postings() if with_other_readings else None

    def add(self, values: list[tuple[str, list[tuple[str, ...]]]]) -> None:
        item_id = len(self.chars)
        self.chars.append(_VALUE_SEP.join(text for text, _ in values))
        self.units.append(_VALUE_SEP.join(_units(text, readings) for text, readings in values))
        for text, readings in values:
            previous: tuple[str, ...] = ()
            for position, (ch, choices) in enumerate(zip(text, readings, strict=True)):
                first = choices[0]
                keys = {ch} | {first[:n] for n in range(1, len(first) + 1)}
                for key in keys:
                    self.everywhere.add(key, item_id)
                    if position == 0:
                        self.at_start.add(key, item_id)
                current = _pair_keys(ch, first)
                for before in previous:
                    for after in current:
                        self.pairs.add(before + after, item_id)
                previous = current
                if self.other_readings is not None:
                    for alt in choices[1:]:
                        for n in range(1, len(alt) + 1):
                            if alt[:n] not in keys:
                                self.other_readings.add(alt[:n], item_id)

    def prepare(self) -> None:
        """Derive the lookup aids that are cheap to compute and so never stored."""
        self.haystack = _ITEM_SEP.join(self.chars)
        self.starts = array("i")
        offset = 0
        for text in self.chars:
            self.starts.append(offset)
            offset += len(text) + 1
        # Length of the shortest value of each item: bounds which items can be exact.
        self.shortest = [
            min(map(len, text.split(_VALUE_SEP))) if text else 0 for text in self.chars
        ]
        self._any_cache: dict[str, frozenset[int]] = {}

    def pack(self, blob: array) -> dict:
        document: dict = {"chars": _ITEM_SEP.join(self.chars), "units": _ITEM_SEP.join(self.units)}
        for name in self._POSTINGS:
            postings = getattr(self, name)
            if postings is not None:
                document[name] = postings.pack(blob)
        return document

    @classmethod
    def unpack(cls, document: dict, blob: array, start: int, count: int) -> tuple[_Field, int]:
        field = cls()
        field.chars = document["chars"].split(_ITEM_SEP) if count else []
        field.units = document["units"].split(_ITEM_SEP) if count else []
        if len(field.chars) != count or len(field.units) != count:
            raise ValueError("field values do not match the number of items")
        for name in cls._POSTINGS:
            if name in document:
                postings, start = _Postings.unpack(document[name], blob, start)
                setattr(field, name, postings)
        return field, start

    def item_at(self, position: int) -> int:
        return bisect.bisect_right(self.starts, position) - 1

    def any_reading(self, key: str) -> frozenset[int] | set[int]:
        """Items with `key` under any of their readings (see `other_readings`)."""
        if self.other_readings is None:
            return self.everywhere.get(key)
        found = self._any_cache.get(key)
        if found is None:
            found = frozenset(self.everywhere.get(key) | self.other_readings.get(key))
            self._any_cache[key] = found
        return found


class _Shared:
    """A field with few distinct values shared by many items (departments, domains)."""

    def __init__(self, chars: list[str], units: list[str], of_item: list[int]) -> None:
        if len(chars) != len(units) or any(not 0 <= v < len(chars) for v in of_item):
            raise ValueError("shared field values and item references disagree")
        self.chars = chars
        self.units = units
        self.of_item = of_item
        self.items: list[set[int]] = [set() for _ in chars]
        for item_id, value in enumerate(of_item):
            self.items[value].add(item_id)

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


_ANY = "[0-9a-z]*"
_MORE_READINGS = r"(?:\|[0-9a-z]+)*"
_EARLIER_READINGS = r"(?:[0-9a-z]+\|)*"


def _token_pattern(token: Token, any_reading: bool) -> str:
    kind, text = token
    if kind == "chr":
        return re.escape(text) + _ANY + _MORE_READINGS + ","
    before = "." + (_EARLIER_READINGS if any_reading else "")
    if kind == "syl":
        return before + text + _MORE_READINGS + ","
    return before + text + _ANY + _MORE_READINGS + ","


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


def _pair_key(token: Token) -> str:
    return token[1] if token[0] == "chr" else token[1][0]


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
        # Items are stored in tie-break order (shorter name, then code): an item's id is
        # its rank among equals, so picking the best ids needs no extra sort key.
        if not len(codes) == len(names) == len(summaries) == len(departments.of_item):
            raise ValueError("item lists differ in length")
        self._codes = codes
        self._names = names
        self._name = name
        self._keywords = keywords
        self._departments = departments
        self._domains = domains
        self._summaries = summaries
        self._synonyms = synonyms
        name.prepare()
        keywords.prepare()
        self._summary_haystack = _ITEM_SEP.join(summaries)
        self._summary_starts = array("i")
        offset = 0
        for text in summaries:
            self._summary_starts.append(offset)
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
        readings = _ReadingCache()
        name = _Field(with_other_readings=True)
        keywords = _Field()
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
            return _Shared(list(ids), [_units(v, readings.of(v)) for v in ids], of_item)

        synonyms = [
            [[text, *_full_and_initials(readings.of(text))] for text in map(normalize, group)]
            for group in SYNONYM_GROUPS
        ]
        return cls(
            codes=[item.code for item in ordered],
            names=[item.name for item in ordered],
            name=name,
            keywords=keywords,
            departments=shared(department_ids, of_department),
            domains=shared(domain_ids, of_domain),
            summaries=[normalize(item.summary) for item in ordered],
            synonyms=synonyms,
        )

    # -- caching ----------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        typecode = "H" if len(self._codes) <= 0xFFFF else "I"
        blob = array(typecode)
        document = {
            "codes": _ITEM_SEP.join(self._codes),
            "names": _ITEM_SEP.join(self._names),
            "name": self._name.pack(blob),
            "keywords": self._keywords.pack(blob),
            "departments": self._departments.pack(),
            "domains": self._domains.pack(),
            "summaries": _ITEM_SEP.join(self._summaries),
            "synonyms": self._synonyms,
        }
        body = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
        header = _HEADER.pack(_MAGIC, FORMAT_VERSION, typecode.encode(), len(body))
        return header + body + blob.tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> SearchIndex:
        """Load a cached index; ValueError if it is not one, is damaged or is of another
        format version (then build a new one from the catalogue)."""
        if not isinstance(data, bytes | bytearray | memoryview) or len(data) < _HEADER.size:
            raise ValueError("not a search index: too short")
        magic, version, typecode, body_length = _HEADER.unpack_from(data)
        if magic != _MAGIC:
            raise ValueError("not a search index")
        if version != FORMAT_VERSION:
            raise ValueError(f"search index format {version}, this kiosk reads {FORMAT_VERSION}")
        try:
            end = _HEADER.size + body_length
            document = json.loads(bytes(data[_HEADER.size : end]).decode())
            blob = array(typecode.decode())
            blob.frombytes(bytes(data[end:]))
            codes = document["codes"].split(_ITEM_SEP) if document["codes"] else []
            name, start = _Field.unpack(document["name"], blob, 0, len(codes))
            keywords, start = _Field.unpack(document["keywords"], blob, start, len(codes))
            if start != len(blob):
                raise ValueError("postings do not fill the data")
            summaries = document["summaries"].split(_ITEM_SEP) if codes else []
            return cls(
                codes=codes,
                names=document["names"].split(_ITEM_SEP) if codes else [],
                name=name,
                keywords=keywords,
                departments=_Shared(*document["departments"]),
                domains=_Shared(*document["domains"]),
                summaries=summaries,
                synonyms=document["synonyms"],
            )
        except (KeyError, TypeError, ValueError, IndexError, AttributeError) as error:
            raise ValueError(f"damaged search index: {error}") from error

    # -- searching --------------------------------------------------------------------

    def search(self, query: str, limit: int = 10) -> list[SearchHit]:
        """The best `limit` items for what a resident typed; [] for nothing usable."""
        text = normalize_query(query)
        if not text or not isinstance(limit, int) or limit <= 0:
            return []
        stages: list[tuple[float, Callable[[], Iterable[int]]]] = []
        for variant, penalty in [(text, 0.0), *self._synonym_variants(text)]:
            plan = _QueryPlan(self, variant)
            stages.extend((score - penalty, run) for score, run in plan.stages())
        stages.sort(key=lambda stage: -stage[0])

        best: dict[int, float] = {}
        for position, (score, run) in enumerate(stages):
            for item_id in run():
                best.setdefault(item_id, score)  # stages come best first
            next_score = stages[position + 1][0] if position + 1 < len(stages) else None
            if len(best) >= limit and (next_score is None or next_score < score):
                break  # nothing later can outrank what is already found
        top = heapq.nsmallest(limit, best, key=lambda item_id: (-best[item_id], item_id))
        return [SearchHit(self._codes[i], self._names[i], best[i]) for i in top]

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
    """The stages for one (possibly rewritten) query, each computed only if reached."""

    def __init__(self, index: SearchIndex, text: str) -> None:
        self.index = index
        self.text = text
        self._memo: dict[str, object] = {}

    def _once(self, key: str, compute: Callable[[], object]):
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def stages(self) -> list[tuple[float, Callable[[], Iterable[int]]]]:
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

    def _chars(self, field: _Field) -> tuple[set[int], set[int], set[int]]:
        """Items whose value equals, starts with, or contains the query as typed."""

        def compute() -> tuple[set[int], set[int], set[int]]:
            exact: set[int] = set()
            prefix: set[int] = set()
            anywhere: set[int] = set()
            hay, text = field.haystack, self.text
            end_of_hay, size = len(hay), len(text)
            boundaries = _VALUE_SEP + _ITEM_SEP
            position = hay.find(text)
            while position >= 0:
                item_id = field.item_at(position)
                anywhere.add(item_id)
                if position == 0 or hay[position - 1] in boundaries:
                    prefix.add(item_id)
                    after = position + size
                    if after == end_of_hay or hay[after] in boundaries:
                        exact.add(item_id)
                position = hay.find(text, position + 1)
            return exact, prefix, anywhere

        return self._once(f"chars-{id(field)}", compute)  # type: ignore[return-value]

    def _shared_chars(self, shared: _Shared) -> set[int]:
        found: set[int] = set()
        for value, text in enumerate(shared.chars):
            if self.text in text:
                found |= shared.items[value]
        return found

    def _summary(self) -> set[int]:
        index = self.index
        hay, starts = index._summary_haystack, index._summary_starts
        found: set[int] = set()
        position = hay.find(self.text)
        while position >= 0:
            item_id = bisect.bisect_right(starts, position) - 1
            found.add(item_id)
            # One hit per item is enough: jump to the next item's summary.
            next_start = starts[item_id + 1] if item_id + 1 < len(starts) else len(hay)
            position = hay.find(self.text, next_start)
        return found

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
        first: Callable[[str], frozenset[int] | set[int]],
        later: Callable[[str], frozenset[int] | set[int]],
        pairs: Callable[[str], frozenset[int] | set[int]] | None,
    ) -> tuple[set[int], set[int]]:
        """Items that may match, from postings: (sure matches, to be checked).

        Postings lose the order of characters, so parses of several tokens only give
        candidates; a one-token parse is exact as it stands.
        """
        sure: set[int] = set()
        maybe: set[int] = set()

        def walk(node: dict, current, depth: int, before: str) -> None:
            for token, child in node.items():
                if token == _END:
                    (sure if depth == 1 else maybe).update(current)
                    continue
                if depth == 0:
                    narrowed = first(token[1])
                elif pairs is not None:
                    # Pairs first: they are the smallest sets, and `&` costs the smaller side.
                    narrowed = current & pairs(before + _pair_key(token))
                    if narrowed:
                        narrowed &= later(token[1])
                else:
                    narrowed = current & later(token[1])
                if narrowed:
                    walk(child, narrowed, depth + 1, _pair_key(token))

        walk(trie, None, 0, "")
        maybe -= sure
        return sure, maybe

    def _pinyin_start(self, field: _Field) -> tuple[set[int], set[int]]:
        """Items with a value that is, or starts with, the query read as pinyin."""

        def compute() -> tuple[set[int], set[int]]:
            matcher = self._matcher()
            sure, maybe = self._candidates(
                self._trie(), field.at_start.get, field.everywhere.get, field.pairs.get
            )
            prefix = sure | {i for i in maybe if _starts(matcher, field.units[i])}
            # A value can only equal the query if it has no more characters than the
            # longest parse has tokens; this skips most of a broad prefix set cheaply.
            longest = max(map(len, self._parses()))
            exact = {
                i
                for i in prefix
                if field.shortest[i] <= longest and _equals(matcher, field.units[i])
            }
            return exact, prefix

        return self._once(f"start-{id(field)}", compute)  # type: ignore[return-value]

    def _pinyin_anywhere(self, field: _Field) -> set[int]:
        def compute() -> set[int]:
            matcher = self._matcher()
            prefix = self._pinyin_start(field)[1]
            sure, maybe = self._candidates(
                self._trie(), field.everywhere.get, field.everywhere.get, field.pairs.get
            )
            maybe -= prefix
            return sure | prefix | {i for i in maybe if matcher.search(field.units[i])}

        return self._once(f"anywhere-{id(field)}", compute)  # type: ignore[return-value]

    def _other_reading(self) -> set[int]:
        """Names matched only when polyphones may take their less likely reading.

        Only parses made of whole syllables count here: someone who typed "yinxing"
        for 银行 misread it, but "yx" is too little to guess that from.
        """
        parses = [p for p in self._parses() if _spelled_out(p)]
        if not parses:
            return set()
        field = self.index._name
        matcher = self._matcher_for(parses)
        sure, maybe = self._candidates(_trie(parses), field.any_reading, field.any_reading, None)
        return sure | {i for i in maybe if matcher.search(field.units[i])}

    def _matcher_for(self, parses: list[tuple[Token, ...]]) -> re.Pattern[str]:
        return self._once(  # type: ignore[return-value]
            "matcher-other", lambda: _units_matcher(_trie(parses), any_reading=True)
        )

    def _shared_pinyin(self, shared: _Shared) -> set[int]:
        matcher = self._matcher()
        found: set[int] = set()
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
