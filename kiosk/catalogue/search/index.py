"""The search index: building it from a catalogue, storing it, and answering queries.

`SearchIndex.build` runs pypinyin over every text once per catalogue, in tie-break order
(`tie_break`: the city's most used items first, then shorter names, then code), and
makes the postings of the whole catalogue at once (`bulk_postings`).
`to_bytes` stores the finished units and postings behind a versioned header, so a kiosk
that loads the index from its SQLite cache never runs pypinyin at start-up; `from_bytes`
refuses data of another FORMAT_VERSION. `search` tries the query as typed, as the words
a known abbreviation stands for, and rewritten through synonyms, and walks the ranking
ladder.
"""

from __future__ import annotations

import bisect
import functools
import json
import struct
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from kiosk.catalogue.model import Domain, ServiceItem
from kiosk.catalogue.search.bulk_postings import bulk_field
from kiosk.catalogue.search.normalize import MAX_QUERY_CHARS, normalize, normalize_query
from kiosk.catalogue.search.pinyin_forms import (
    _ITEM_SEP,
    ReadingCache,
    _full_and_initials,
    _parse_units,
    _units,
)
from kiosk.catalogue.search.postings import (
    Searched,
    Values,
    _Bits,
    _concat,
    _Field,
    _lowest,
    _Shared,
    field_entry,
)
from kiosk.catalogue.search.ranking import Score, _QueryPlan
from kiosk.catalogue.synonyms import ABBREVIATIONS, SYNONYM_GROUPS

# Bump whenever the stored layout or the meaning of a stored field changes: a cached
# index of another version is refused and rebuilt from the catalogue.
FORMAT_VERSION = 4  # 3: items ordered by popularity rank first (tie_break); 4: ranks kept
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
    return _rank_key(item.popularity_rank, item.name, item.code)


def _rank_key(popularity: int | None, name: str, code: str) -> tuple:
    return (popularity is None, popularity or 0, len(name), code)


# Catalogue texts that repeat from item to item (keywords, departments, summaries),
# normalised once each.
_normalized = functools.lru_cache(maxsize=1 << 15)(normalize)


@dataclass(frozen=True)
class ItemTexts:
    """What one item puts in the index: its texts, normalised, with their readings.

    Read once per changed item on the sync thread (pypinyin); kept in the store as JSON
    (`to_json`) while the stored index predates the item, so that a restart brings the
    index up to date without pypinyin (`from_json`)."""

    code: str
    name: str
    popularity: int | None
    name_read: tuple[str, list[tuple[str, ...]]]
    keywords: Values
    department: tuple[str, list[tuple[str, ...]]]
    domain: tuple[str, list[tuple[str, ...]]]
    summary: str

    @classmethod
    def of(cls, item: ServiceItem, readings: ReadingCache) -> ItemTexts:
        name = normalize(item.name)
        words = [w for w in dict.fromkeys(map(_normalized, item.keywords)) if w]
        department = _normalized(item.department)
        label = DOMAIN_LABELS.get(item.domain, "")
        return cls(item.code, item.name, item.popularity_rank,
                   (name, readings.of(name, other_readings=True)),
                   [(w, readings.of(w)) for w in words],
                   (department, readings.of(department)), (label, readings.of(label)),
                   _normalized(item.summary))

    def rank(self) -> tuple:
        return _rank_key(self.popularity, self.name, self.code)

    def to_json(self) -> str:
        return json.dumps([
            self.code, self.name, self.popularity, _units(*self.name_read),
            [_units(*value) for value in self.keywords], _units(*self.department),
            _units(*self.domain), self.summary], ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str | bytes) -> ItemTexts:
        """Raises ValueError for text that is not what `to_json` wrote."""
        try:
            code, name, popularity, name_units, keywords, department, domain, summary = (
                json.loads(text))
            return cls(code, name, popularity, _parse_units(name_units),
                       [_parse_units(units) for units in keywords], _parse_units(department),
                       _parse_units(domain), summary)
        except (TypeError, ValueError, IndexError) as error:
            raise ValueError(f"damaged search entry: {error}") from None


class _Renumbering:
    """Item ids before and after a change: the kept items in their order, each added one
    put in at its place in tie-break order (`positions`: among the kept, ascending)."""

    def __init__(self, count: int, keep: list[int], positions: list[int]) -> None:
        self.keep = keep
        self.positions = positions
        self.count = len(keep) + len(positions)
        self.added_ids = [position + n for n, position in enumerate(positions)]
        self.remap = np.full(count, -1, dtype=np.int64)
        shift = np.searchsorted(np.asarray(positions, dtype=np.int64),
                                np.arange(len(keep)), side="right")
        self.remap[np.asarray(keep, dtype=np.int64)] = np.arange(len(keep)) + shift

    def list(self, old: list, added: list) -> list:
        """A per-item list in the new order, `added` holding the added items' values."""
        kept = old if len(self.keep) == len(old) else [old[i] for i in self.keep]
        result: list = []
        previous = 0
        for position, value in zip(self.positions, added, strict=True):
            result += kept[previous:position]
            result.append(value)
            previous = position
        result += kept[previous:]
        return result


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
        popularity: list[int | None],
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
            and len(departments.of_item) == len(domains.of_item) == len(popularity) == count
        ):
            raise ValueError("item lists differ in length")
        if not all(rank is None or type(rank) is int for rank in popularity):
            raise ValueError("popularity ranks are not whole numbers")
        self._codes = codes  # in tie_break order: id 0 ranks first among equals
        self._names = names
        self._popularity = popularity
        self._id_of: dict[str, int] | None = None  # made on the first change
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
        self._searched = Searched(self._bits, name, keywords, domains, departments,
                                  self._summary_haystack, self._summary_starts)
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
        kept from one catalogue to the next)."""
        readings = readings or ReadingCache()
        texts = sorted((ItemTexts.of(item, readings) for item in items), key=ItemTexts.rank)
        bits = _Bits(len(texts))
        department_ids: dict[str, int] = {}
        domain_ids: dict[str, int] = {}
        department_units: list[str] = []
        domain_units: list[str] = []
        of_department: list[int] = []
        of_domain: list[int] = []
        for entry in texts:
            for (text, read), ids, units, of_item in (
                    (entry.department, department_ids, department_units, of_department),
                    (entry.domain, domain_ids, domain_units, of_domain)):
                value = ids.get(text)
                if value is None:
                    value = ids[text] = len(units)
                    units.append(_units(text, read))
                of_item.append(value)
        synonyms = [
            [[text, *_full_and_initials(readings.of(text))] for text in map(normalize, group)]
            for group in SYNONYM_GROUPS
        ]
        return cls(
            codes=[entry.code for entry in texts],
            names=[entry.name for entry in texts],
            popularity=[entry.popularity for entry in texts],
            name=bulk_field([[entry.name_read] for entry in texts], True, bits),
            keywords=bulk_field([entry.keywords for entry in texts], False, bits),
            departments=_Shared(list(department_ids), department_units, of_department, bits),
            domains=_Shared(list(domain_ids), domain_units, of_domain, bits),
            summaries=[entry.summary for entry in texts],
            synonyms=synonyms,
        )

    def updated(self, removed: Iterable[str], added: Iterable[ItemTexts]) -> SearchIndex:
        """This index after a catalogue change: the items coded `removed` taken out and
        `added` put in (replacing any item of the same code), without a rebuild; the
        answer to every query is what `build` over the changed catalogue would give.
        This index is left as it was (screens may be searching it meanwhile)."""
        added = sorted(added, key=ItemTexts.rank)
        id_of = self._ids()
        if all(code not in id_of for code in set(removed) - {e.code for e in added}) and all(
                e.code in id_of and self._rank(id_of[e.code]) == e.rank() for e in added):
            return self._replaced([id_of[e.code] for e in added], added)
        gone = set(removed) | {entry.code for entry in added}
        keep = [item_id for item_id, code in enumerate(self._codes) if code not in gone]
        positions = [bisect.bisect_left(keep, entry.rank(), key=self._rank) for entry in added]
        renumbering = _Renumbering(len(self._codes), keep, positions)
        bits = _Bits(renumbering.count)
        return SearchIndex(
            codes=renumbering.list(self._codes, [entry.code for entry in added]),
            names=renumbering.list(self._names, [entry.name for entry in added]),
            popularity=renumbering.list(self._popularity, [e.popularity for e in added]),
            name=self._name.updated(renumbering, [field_entry([e.name_read], True)
                                                  for e in added], bits),
            keywords=self._keywords.updated(renumbering, [field_entry(e.keywords, False)
                                                          for e in added], bits),
            departments=self._departments.updated(
                renumbering, [(e.department[0], _units(*e.department)) for e in added], bits),
            domains=self._domains.updated(
                renumbering, [(e.domain[0], _units(*e.domain)) for e in added], bits),
            summaries=renumbering.list(self._summaries, [e.summary for e in added]),
            synonyms=self._synonyms,
        )

    def _replaced(self, item_ids: list[int], added: list[ItemTexts]) -> SearchIndex:
        """The common change, items edited in place of the same rank (a summary, a
        keyword, materials): every id stays, and only the postings of the keys the
        edited items gained or lost are touched."""
        names, summaries = list(self._names), list(self._summaries)
        for item_id, entry in zip(item_ids, added, strict=True):
            names[item_id], summaries[item_id] = entry.name, entry.summary
        bits = _Bits(len(self._codes))
        return SearchIndex(
            codes=self._codes,
            names=names,
            popularity=self._popularity,
            name=self._name.replaced(
                item_ids, [field_entry([e.name_read], True) for e in added], bits, True),
            keywords=self._keywords.replaced(
                item_ids, [field_entry(e.keywords, False) for e in added], bits, False),
            departments=self._departments.replaced(
                item_ids, [(e.department[0], _units(*e.department)) for e in added], bits),
            domains=self._domains.replaced(
                item_ids, [(e.domain[0], _units(*e.domain)) for e in added], bits),
            summaries=summaries,
            synonyms=self._synonyms,
        )

    def _ids(self) -> dict[str, int]:
        if self._id_of is None:
            self._id_of = {code: item_id for item_id, code in enumerate(self._codes)}
        return self._id_of

    def _rank(self, item_id: int) -> tuple:
        return _rank_key(self._popularity[item_id], self._names[item_id], self._codes[item_id])

    def codes(self) -> list[str]:
        """The codes of the items indexed, best ranked first among equals."""
        return list(self._codes)

    # -- caching ----------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        """The index as bytes for the catalogue cache; `from_bytes` reads it back."""
        width = b"H" if len(self._codes) <= 0xFFFF else b"I"
        name_document, name_ids = self._name.pack()
        keyword_document, keyword_ids = self._keywords.pack()
        document = {
            "codes": _ITEM_SEP.join(self._codes),
            "names": _ITEM_SEP.join(self._names),
            "popularity": self._popularity,
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
                popularity=document["popularity"],
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
            plan = _QueryPlan(self._searched, variant)
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
