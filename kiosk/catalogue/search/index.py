"""The search index: building it from a catalogue, storing it, and answering queries.

`SearchIndex.build` runs pypinyin over every text once per catalogue, in tie-break order
(`tie_break`: the city's most used items first, then shorter names, then code).
`to_bytes` stores the finished units and postings behind a versioned header, so a kiosk
that loads the index from its SQLite cache never runs pypinyin at start-up; `from_bytes`
refuses data of another FORMAT_VERSION. `search` tries the query as typed, as the words
a known abbreviation stands for, and rewritten through synonyms, and walks the ranking
ladder.
"""

from __future__ import annotations

import json
import struct
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from kiosk.catalogue.model import Domain, ServiceItem
from kiosk.catalogue.search.normalize import MAX_QUERY_CHARS, normalize, normalize_query
from kiosk.catalogue.search.pinyin_forms import (
    _ITEM_SEP,
    ReadingCache,
    _full_and_initials,
    _units,
)
from kiosk.catalogue.search.postings import (
    _Bits,
    _concat,
    _Field,
    _FieldBuilder,
    _lowest,
    _Shared,
)
from kiosk.catalogue.search.ranking import Score, _QueryPlan
from kiosk.catalogue.synonyms import ABBREVIATIONS, SYNONYM_GROUPS

# Bump whenever the stored layout or the meaning of a stored field changes: a cached
# index of another version is refused and rebuilt from the catalogue.
FORMAT_VERSION = 3  # 3: items ordered by popularity rank first (tie_break)
_MAGIC = b"KSRCHIDX"
_HEADER = struct.Struct("<8sHcI")  # magic, version, posting id width, JSON length
_ID_TYPES = {b"H": np.dtype("<u2"), b"I": np.dtype("<u4")}

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


def tie_break(item: ServiceItem) -> tuple:
    """The order of items that match a query equally well (on one rung of the ladder).

    The catalogue's `popularity_rank` (1 the item the city's residents use most) first:
    of the items a query finds equally well, the one most residents come for is the one
    this resident most likely wants. Unranked items follow, shorter names first (the
    general service before its special cases), then by code, so that the order never
    depends on the order of the catalogue.
    Popularity only orders items within a rung: an item found by the words typed always
    ranks above one found by a weaker match, however popular.
    """
    rank = item.popularity_rank
    return (rank is None, rank or 0, len(item.name), item.code)


@dataclass(frozen=True)
class SearchHit:
    code: str
    name: str
    score: float


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
        self._codes = codes  # in tie_break order: id 0 ranks first among equals
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
    def build(cls, items: Iterable[ServiceItem],
              readings: ReadingCache | None = None) -> SearchIndex:
        """Index a catalogue. Runs pypinyin over every text not in `readings` (a cache
        kept from the last build, when the catalogue changes only in part)."""
        ordered = sorted(items, key=tie_break)
        bits = _Bits(len(ordered))
        readings = readings or ReadingCache()
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
        readings.forget_unused()
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
        for variant, penalty in self._variants(text):
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

    def _variants(self, text: str) -> list[tuple[str, float]]:
        """(query to try, score penalty): as typed, and rewritten through synonyms.

        A query that is exactly a known abbreviation ("sb") is tried as its words
        (社保, 社会保险) at full score, and as typed (pinyin initials) one synonym penalty
        lower: the resident meant the word, not every name whose characters happen to
        start with those letters."""
        typed = [(text, 0.0), *self._synonym_variants(text)]
        words = ABBREVIATIONS.get(text)
        if not words:
            return typed
        return [(word, 0.0) for word in words] + [
            (variant, penalty + Score.SYNONYM_PENALTY) for variant, penalty in typed
        ]

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
