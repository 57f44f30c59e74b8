"""A whole catalogue's name and keyword fields, built at once with numpy.

`field_entry` makes one item's posting keys as Python sets, which suits a change of a
few items; over a city's catalogue (10,000 items) that is two million keys, each a
Python object put in a dict of lists. Here each distinct character with its readings (a
*unit*) is read into its keys once, the keys are numbered, and the (key, item) pairs of
the whole catalogue are made, de-duplicated and grouped by numpy. The field is the one
`_Field.build` makes from the items' `field_entry`s, to the byte.
"""

from __future__ import annotations

import numpy as np

from kiosk.catalogue.search.pinyin_forms import _READING_SEP, _UNIT_END, _VALUE_SEP
from kiosk.catalogue.search.postings import Values, _Bits, _char_keys, _Field, _Postings


class _Keys:
    """Every posting key of a field, numbered as first met."""

    def __init__(self) -> None:
        self.number: dict[str, int] = {}

    def ids(self, keys) -> list[int]:
        number = self.number
        return [number.setdefault(key, len(number)) for key in keys]

    def ranks(self) -> tuple[list[str], np.ndarray]:
        """The keys in their stored (sorted) order, and each key number's place in it."""
        ordered = sorted(self.number)
        rank = np.empty(len(ordered), dtype=np.int64)
        rank[[self.number[key] for key in ordered]] = np.arange(len(ordered))
        return ordered, rank


class _Table:
    """Row -> key numbers, flat (one row a unit, or a pair of neighbouring units)."""

    def __init__(self, rows: list[list[int]]) -> None:
        self.lengths = np.fromiter(map(len, rows), dtype=np.int64, count=len(rows))
        self.starts = np.zeros(len(rows), dtype=np.int64)
        if len(rows):
            np.cumsum(self.lengths[:-1], out=self.starts[1:])
        self.flat = np.fromiter((key for row in rows for key in row), dtype=np.int64,
                                count=int(self.lengths.sum()))

    def pairs(self, rows: np.ndarray, items: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(key, item) for every key of each row in `rows`, `items` its item."""
        lengths = self.lengths[rows]
        ends = np.cumsum(lengths)
        offsets = np.repeat(self.starts[rows] - ends + lengths, lengths) + np.arange(
            int(ends[-1]) if len(ends) else 0)
        return self.flat[offsets], np.repeat(items, lengths)


class _Units:
    """Each distinct (character, readings) of a field numbered once, with its unit text
    and its keys: its own, its neighbour keys, its other readings' prefixes."""

    def __init__(self, keys: _Keys) -> None:
        self._keys = keys
        self._number: dict[tuple[str, tuple[str, ...]], int] = {}
        self.texts: list[str] = []
        self.own: list[list[int]] = []
        self.neighbour: list[tuple[str, ...]] = []
        self.other: list[list[int]] = []

    def of(self, text: str, readings: list[tuple[str, ...]]) -> list[int]:
        number = self._number
        found = []
        for unit in zip(text, readings, strict=True):
            n = number.get(unit)
            if n is None:
                n = number[unit] = len(self.texts)
                ch, choices = unit
                own, neighbour, others = _char_keys(ch, choices)
                self.texts.append(ch + _READING_SEP.join(choices) + _UNIT_END)
                self.own.append(self._keys.ids(own))
                self.neighbour.append(neighbour)
                self.other.append(self._keys.ids(others))
            found.append(n)
        return found


def bulk_field(values_of_items: list[Values], with_other_readings: bool, bits: _Bits) -> _Field:
    """The field of a catalogue from each item's values (in id order), as
    `_Field.build([field_entry(values, with_other_readings) ...])` makes it."""
    keys = _Keys()
    units = _Units(keys)
    known: dict[str, tuple[list[int], str]] = {}  # value -> its units (values repeat)
    flat: list[int] = []  # the units of every value of every item, in order
    starts: list[int] = []  # where each value that has characters starts in `flat`
    per_item: list[int] = []
    chars, unit_texts, shortest = [], [], []
    for values in values_of_items:
        before = len(flat)
        written = []
        for text, readings in values:
            value_units = known.get(text)
            if value_units is None:
                ids = units.of(text, readings)
                value_units = known[text] = (ids, "".join([units.texts[n] for n in ids]))
            if value_units[0]:
                starts.append(len(flat))
                flat += value_units[0]
            written.append(value_units[1])
        per_item.append(len(flat) - before)
        chars.append(_VALUE_SEP.join(text for text, _ in values))
        unit_texts.append(_VALUE_SEP.join(written))
        shortest.append(min((len(text) for text, _ in values), default=0))

    count = len(values_of_items)
    unit_of = np.asarray(flat, dtype=np.int64)
    item_of = np.repeat(np.arange(count, dtype=np.int64), per_item)
    first = np.zeros(len(flat), dtype=bool)
    first[starts] = True
    own = _Table(units.own)
    found = {"everywhere": own.pairs(unit_of, item_of),
             "at_start": own.pairs(unit_of[first], item_of[first])}
    # Neighbours within a value: each distinct pair of units read into its keys once.
    second = np.flatnonzero(~first)
    neighbours, which = np.unique(unit_of[second - 1] * max(len(units.texts), 1)
                                  + unit_of[second], return_inverse=True)
    pair_rows = []
    for code in neighbours.tolist():
        before, after = divmod(code, max(len(units.texts), 1))
        pair_rows.append(keys.ids([a + b for a in units.neighbour[before]
                                   for b in units.neighbour[after]]))
    found["pairs"] = _Table(pair_rows).pairs(which.reshape(-1), item_of[second])
    if with_other_readings:
        found["other_readings"] = _Table(units.other).pairs(unit_of, item_of)
    else:
        found["other_readings"] = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))

    ordered, rank = keys.ranks()
    postings = {name: _grouped(*found[name], rank, ordered, count, bits)
                for name in _Field.POSTINGS}
    return _Field(chars, unit_texts, shortest, postings)


def _grouped(key_ids: np.ndarray, items: np.ndarray, rank: np.ndarray, ordered: list[str],
             count: int, bits: _Bits) -> _Postings:
    """The postings of (key, item) pairs: each key once, in sorted order, with its items
    once each, ascending."""
    width = max(count, 1)
    pairs = _distinct(rank[key_ids] * width + items)
    key_of = pairs // width
    present = _distinct(key_of)
    counts = np.diff(np.searchsorted(key_of, present, side="left"), append=len(key_of))
    return _Postings([ordered[r] for r in present.tolist()], counts,
                     (pairs % width).astype(np.uint32), 0, bits)


def _distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, ascending (a sort: quicker than `np.unique`'s hashing here)."""
    values = np.sort(values)
    keep = np.ones(len(values), dtype=bool)
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]
