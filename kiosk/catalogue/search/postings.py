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

from collections.abc import Iterable, Iterator

import numpy as np

from kiosk.catalogue.search.pinyin_forms import _ITEM_SEP, _VALUE_SEP, Token, _units

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
