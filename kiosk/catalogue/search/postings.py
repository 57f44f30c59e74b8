"""The stored fields of an index and the postings that narrow a query to candidates.

A regex over 10,000 items per key press is too slow, so postings (character, reading
prefix, or neighbouring pair -> items) narrow each parse of a query to candidates
first. Postings are bitsets held in Python ints: `&` over 10,000 items costs well under
a microsecond, and ints are invisible to the garbage collector, which otherwise stalls
on big sets. Items are numbered in tie-break order, so the lowest bits rank first.

`_Field` holds a per-item text field (names, keywords) with its postings; `_Shared` a
field with few distinct values (departments, domains). Both pack into the JSON document
and id array that `SearchIndex.to_bytes` stores.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np

from kiosk.catalogue.search.pinyin_forms import (
    _ITEM_SEP,
    _VALUE_SEP,
    Token,
    _parse_units,
    _units,
)

_MAX_CACHED_BITSETS = 4096  # per posting list: at most 5 MB each at 10,000 items


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

    Stored as one packed array of ids, a key's ids side by side; a key becomes a bitset
    the first time a query asks for it, so loading stays fast and memory follows what
    residents search for. `updated` gives the postings after a catalogue change with
    numpy over the packed ids, never a loop over every key.
    """

    def __init__(
        self, keys: list[str], counts: list[int] | np.ndarray, blob: np.ndarray, start: int,
        bits: _Bits, index: dict[str, int] | None = None,
    ) -> None:
        counts = np.asarray(counts, dtype=np.int64)
        if len(keys) != len(counts) or (len(counts) and int(counts.min()) < 0):
            raise ValueError("posting keys and counts disagree")
        self._keys = keys
        self._index = dict(zip(keys, range(len(keys)), strict=True)) if index is None else index
        if len(self._index) != len(keys):
            raise ValueError("a posting key appears twice")
        self._counts = counts
        self._starts = np.empty(len(counts), dtype=np.int64)
        if len(counts):
            self._starts[0] = start
            np.cumsum(counts[:-1], out=self._starts[1:])
            self._starts[1:] += start
        self.begin = start
        self.end = start + int(counts.sum())
        if self.end > len(blob):
            raise ValueError("postings run past the end of the data")
        self._blob = blob
        self._bits = bits
        self._cache: dict[str, int] = {}
        # Keys whose ids a change replaced, with their ids now (see `replaced`).
        self._changed: dict[str, np.ndarray] = {}

    def ids_of(self, key: str) -> np.ndarray:
        changed = self._changed.get(key)
        if changed is not None:
            return changed
        where = self._index.get(key)
        if where is None:
            return np.zeros(0, dtype=np.uint32)
        start = self._starts[where]
        return self._blob[start : start + self._counts[where]]

    def get(self, key: str) -> int:
        found = self._cache.get(key)
        if found is None:
            ids = self.ids_of(key)
            if not len(ids):
                return 0
            found = self._bits.from_ids(ids)
            if len(self._cache) >= _MAX_CACHED_BITSETS:
                self._cache.clear()
            self._cache[key] = found
        return found

    def pack(self) -> tuple[dict, np.ndarray]:
        if self._changed:
            return self._flat().pack()
        return ({"keys": _ITEM_SEP.join(self._keys), "counts": self._counts.tolist()},
                self._blob[self.begin : self.end])

    def _flat(self) -> _Postings:
        """The same postings in one packed array again (after `replaced`)."""
        keys = self._keys + [key for key in self._changed if key not in self._index]
        parts = [self.ids_of(key) for key in keys]
        return _Postings(keys, [len(p) for p in parts], _concat(parts).astype(np.uint32), 0,
                         self._bits)

    def replaced(self, removed: dict[str, set[int]], added: dict[str, set[int]],
                 bits: _Bits) -> _Postings:
        """These postings with the ids `removed` taken from their keys and those `added`
        put under theirs, ids keeping their numbers: only the keys named are touched."""
        result = _Postings.__new__(_Postings)
        result.__dict__.update(self.__dict__)
        result._bits, result._cache, result._changed = bits, {}, dict(self._changed)
        for key in removed.keys() | added.keys():
            ids = self.ids_of(key)
            gone = removed.get(key)
            if gone:
                ids = ids[~np.isin(ids, list(gone))]
            new = added.get(key)
            if new:
                ids = np.concatenate([ids, np.asarray(sorted(new), dtype=np.uint32)])
            result._changed[key] = ids.astype(np.uint32, copy=False)
        return result

    def updated(self, remap: np.ndarray, added: dict[str, list[int]], bits: _Bits) -> _Postings:
        """These postings with each id `i` renumbered `remap[i]` (dropped where it is -1),
        and the ids of `added` put under their keys (new keys go last)."""
        if self._changed:
            return self._flat().updated(remap, added, bits)
        mapped = remap[self._blob[self.begin : self.end]]
        alive = mapped >= 0
        kept = mapped[alive]
        before = np.zeros(len(alive) + 1, dtype=np.int64)
        np.cumsum(alive, out=before[1:])
        relative = self._starts - self.begin
        counts = before[relative + self._counts] - before[relative]
        ends = np.cumsum(counts)  # where each key's kept ids end in `kept`
        positions: list[int] = []
        values: list[int] = []
        keys, index = self._keys, self._index
        grown = [key for key in added if key not in index]
        if grown:
            keys = keys + grown
            index = dict(index)
            index.update(zip(grown, range(len(self._keys), len(keys)), strict=True))
            counts = np.concatenate([counts, np.zeros(len(grown), dtype=np.int64)])
        extra = np.zeros(len(counts), dtype=np.int64)
        tail: list[int] = []  # the ids of new keys, in the order of `grown`
        for key in self._keys_in(added, grown, index):
            ids = added[key]
            where = index[key]
            extra[where] = len(ids)
            if where < len(self._keys):
                positions += [int(ends[where])] * len(ids)
                values += ids
            else:
                tail += ids
        blob = np.insert(kept, positions, values) if positions else kept
        if tail:
            blob = np.concatenate([blob, np.asarray(tail, dtype=blob.dtype)])
        return _Postings(keys, counts + extra, blob.astype(np.uint32, copy=False), 0, bits,
                         index)

    @staticmethod
    def _keys_in(added: dict[str, list[int]], grown: list[str],
                 index: dict[str, int]) -> list[str]:
        """The keys of `added` in the order of the blob: ids inserted at one position
        (where one key ends and an empty one ends too) land in this order."""
        new = set(grown)
        return sorted((key for key in added if key not in new), key=index.__getitem__) + grown

    @classmethod
    def from_lists(cls, lists: dict[str, list[int]], bits: _Bits) -> _Postings:
        keys = sorted(lists)
        counts = [len(lists[key]) for key in keys]
        blob = np.fromiter(itertools.chain.from_iterable(map(lists.__getitem__, keys)),
                           dtype=np.uint32, count=sum(counts))
        return cls(keys, counts, blob, 0, bits)

    @classmethod
    def unpack(cls, document: dict, blob: np.ndarray, start: int, bits: _Bits) -> _Postings:
        keys = document["keys"].split(_ITEM_SEP) if document["keys"] else []
        counts = document["counts"]
        if not isinstance(counts, list) or not all(type(c) is int for c in counts):
            raise ValueError("posting counts are not whole numbers")
        return cls(keys, counts, blob, start, bits)


def _concat(parts: list[np.ndarray]) -> np.ndarray:
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.uint32)


def _pair_keys(ch: str, reading: str) -> tuple[str, ...]:
    """What one character contributes to neighbour keys: itself and its initial."""
    initial = reading[:1]
    return (ch, initial) if initial and initial != ch else (ch,)


def _pair_key(token: Token) -> str:
    return token[1] if token[0] == "chr" else token[1][0]


# --- per-item fields -------------------------------------------------------------------------


Values = list[tuple[str, list[tuple[str, ...]]]]  # a field's texts of one item, read


@functools.lru_cache(maxsize=65536)
def _char_keys(ch: str, choices: tuple[str, ...]) -> tuple[frozenset, tuple, frozenset]:
    """What one character puts in postings: itself and the prefixes of its reading, its
    neighbour keys, and the prefixes of its other readings that differ."""
    first = choices[0]
    own = frozenset({ch, *(first[:n] for n in range(1, len(first) + 1))})
    others = frozenset(alt[:n] for alt in choices[1:] for n in range(1, len(alt) + 1)
                       if alt[:n] not in own)
    return own, _pair_keys(ch, first), others


def field_entry(values: Values, with_other_readings: bool) -> tuple[str, str, int, tuple]:
    """One item's field as the index keeps it: characters, units, the length of its
    shortest value, and its keys per posting list (in `_Field.POSTINGS` order). Postings
    of changed items are made here; a whole catalogue's at once by `bulk_postings`, to
    the same keys."""
    parts = [_value_keys(text, readings, with_other_readings) for text, readings in values]
    if len(parts) == 1:
        keys = parts[0][1:]
    else:
        keys = tuple(set().union(*(part[n] for part in parts)) for n in range(1, 5))
    return (
        _VALUE_SEP.join(text for text, _ in values),
        _VALUE_SEP.join(part[0] for part in parts),
        min((len(text) for text, _ in values), default=0),
        keys,
    )


def _value_keys(text: str, readings: list[tuple[str, ...]], with_other_readings: bool):
    """(units, and the keys of each posting list) of one value of a field."""
    everywhere: set[str] = set()
    at_start: set[str] = set()
    pairs: set[str] = set()
    other: set[str] = set()
    previous: tuple[str, ...] = ()
    for position, (ch, choices) in enumerate(zip(text, readings, strict=True)):
        own, current, others = _char_keys(ch, choices)
        everywhere |= own
        if position == 0:
            at_start |= own
        if previous:
            pairs.update([a + b for a in previous for b in current])
        previous = current
        if with_other_readings and others:
            other |= others
    return _units(text, readings), everywhere, at_start, pairs, other


def _grouped(entries: Iterable[tuple[int, tuple]]) -> list[dict[str, list[int]]]:
    """Per posting list, key -> ids, from (id, field entry) pairs."""
    lists: list[dict[str, list[int]]] = [{} for _ in _Field.POSTINGS]
    for item_id, entry in entries:
        for found, postings in zip(entry[3], lists, strict=True):
            for key in found:
                ids = postings.get(key)
                if ids is None:
                    postings[key] = [item_id]
                else:
                    ids.append(item_id)
    return lists


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

    @classmethod
    def build(cls, entries: list[tuple], bits: _Bits) -> _Field:
        """The field of a catalogue from its items' `field_entry`s, in id order."""
        lists = _grouped(enumerate(entries))
        postings = {name: _Postings.from_lists(found, bits)
                    for name, found in zip(cls.POSTINGS, lists, strict=True)}
        return cls([e[0] for e in entries], [e[1] for e in entries], [e[2] for e in entries],
                   postings)

    def updated(self, renumbering, added: list[tuple], bits: _Bits) -> _Field:
        """The field after a change: ids renumbered, the `added` entries (in the order of
        `renumbering.added_ids`) put in."""
        lists = _grouped(zip(renumbering.added_ids, added, strict=True))
        postings = {name: getattr(self, name).updated(renumbering.remap, found, bits)
                    for name, found in zip(self.POSTINGS, lists, strict=True)}
        return _Field(renumbering.list(self.chars, [e[0] for e in added]),
                      renumbering.list(self.units, [e[1] for e in added]),
                      renumbering.list(self.shortest, [e[2] for e in added]), postings)

    def replaced(self, item_ids: list[int], entries: list[tuple], bits: _Bits,
                 with_other_readings: bool) -> _Field:
        """The field with the items `item_ids` (keeping their ids) given new `entries`
        (made with `with_other_readings`, as the field's were)."""
        removed: list[dict[str, set[int]]] = [{} for _ in self.POSTINGS]
        added: list[dict[str, set[int]]] = [{} for _ in self.POSTINGS]
        chars, units, shortest = list(self.chars), list(self.units), list(self.shortest)
        for item_id, entry in zip(item_ids, entries, strict=True):
            before = self.entry_of(item_id, with_other_readings)
            for n in range(len(self.POSTINGS)):
                old_keys, new_keys = before[3][n], entry[3][n]
                for key in old_keys - new_keys:
                    removed[n].setdefault(key, set()).add(item_id)
                for key in new_keys - old_keys:
                    added[n].setdefault(key, set()).add(item_id)
            chars[item_id], units[item_id], shortest[item_id] = entry[:3]
        postings = {name: getattr(self, name).replaced(removed[n], added[n], bits)
                    for n, name in enumerate(self.POSTINGS)}
        return _Field(chars, units, shortest, postings)

    def entry_of(self, item_id: int, with_other_readings: bool) -> tuple:
        """The `field_entry` an item was indexed with, from its stored units."""
        units = self.units[item_id]
        values = [_parse_units(value) for value in units.split(_VALUE_SEP)] if units else []
        return field_entry(values, with_other_readings)

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

    def updated(self, renumbering, added: list[tuple[str, str]], bits: _Bits) -> _Shared:
        """After a change: ids renumbered, the `added` items' (text, units) put in."""
        chars, units = list(self.chars), list(self.units)
        known = {text: value for value, text in enumerate(chars)}
        values = []
        for text, text_units in added:
            value = known.get(text)
            if value is None:
                value = known[text] = len(chars)
                chars.append(text)
                units.append(text_units)
            values.append(value)
        return _Shared(chars, units, renumbering.list(self.of_item, values), bits)

    def replaced(self, item_ids: list[int], added: list[tuple[str, str]], bits: _Bits) -> _Shared:
        """The items `item_ids` (keeping their ids) given new (text, units)."""
        chars, units, of_item = list(self.chars), list(self.units), list(self.of_item)
        known = {text: value for value, text in enumerate(chars)}
        items = list(self.items)
        for item_id, (text, text_units) in zip(item_ids, added, strict=True):
            value = known.get(text)
            if value is None:
                value = known[text] = len(chars)
                chars.append(text)
                units.append(text_units)
                items.append(0)
            flag = 1 << item_id
            items[of_item[item_id]] &= ~flag
            items[value] |= flag
            of_item[item_id] = value
        result = _Shared.__new__(_Shared)
        result.chars, result.units, result.of_item, result.items = chars, units, of_item, items
        return result


@dataclass(frozen=True)
class Searched:
    """What a query's ranking (ranking.py) reads of a search index: the index hands it
    over, so the two modules never import each other."""

    bits: _Bits
    name: _Field
    keywords: _Field
    domains: _Shared
    departments: _Shared
    summary_haystack: str  # every item's summary, _ITEM_SEP between them
    summary_starts: list[int]  # where each item's summary starts in the haystack
