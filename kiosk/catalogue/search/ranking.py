"""Scoring: which items a query finds, and on which rung of the ranking ladder.

Ranking is a ladder of stages (exact name, name prefix, name substring, pinyin of the
name, keywords, domain, department, summary); `Score` holds the rungs. `_QueryPlan`
gives the stages for one query, each computed only if `SearchIndex.search` reaches it:
stages run from the top and stop once enough items are found that no lower stage can
outrank.

Pinyin stages turn all parses of the query into one regular expression over unit
strings (`_units_matcher`), so mixes such as "shebk" or "社保k" match the way the
resident meant them; postings pick the candidates the expression is tried on.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

from kiosk.catalogue.search.pinyin_forms import (
    _ITEM_SEP,
    _LATIN_RUN,
    _VALUE_SEP,
    Token,
    _query_parses,
    _spelled_out,
)
from kiosk.catalogue.search.postings import Searched, _Field, _pair_key, _Shared


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


class _QueryPlan:
    """The stages for one (possibly rewritten) query; each is computed only if reached."""

    def __init__(self, index: Searched, text: str) -> None:
        self.index = index
        self.bits = index.bits
        self.text = text
        self._memo: dict[str, object] = {}

    def _once(self, key: str, compute: Callable[[], object]):
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def stages(self) -> list[tuple[float, Callable[[], int]]]:
        index = self.index
        name, keywords = index.name, index.keywords
        found = [
            (Score.NAME_EXACT, lambda: self._chars(name)[0]),
            (Score.NAME_PREFIX, lambda: self._chars(name)[1]),
            (Score.NAME_SUBSTRING, lambda: self._chars(name)[2]),
            (Score.KEYWORD_EXACT, lambda: self._chars(keywords)[0]),
            (Score.KEYWORD_PREFIX, lambda: self._chars(keywords)[1]),
            (Score.KEYWORD_SUBSTRING, lambda: self._chars(keywords)[2]),
            (Score.DOMAIN, lambda: self._shared_chars(index.domains)),
            (Score.DEPARTMENT, lambda: self._shared_chars(index.departments)),
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
                (Score.DOMAIN_PINYIN, lambda: self._shared_pinyin(index.domains)),
                (Score.DEPARTMENT_PINYIN, lambda: self._shared_pinyin(index.departments)),
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
        hay, starts = index.summary_haystack, index.summary_starts
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
        field = self.index.name
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


# --- matching units --------------------------------------------------------------------

_END = ("end", "")


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


def _starts(matcher: re.Pattern[str], units: str) -> bool:
    return any(matcher.match(value) for value in units.split(_VALUE_SEP))


def _equals(matcher: re.Pattern[str], units: str) -> bool:
    return any(matcher.fullmatch(value) for value in units.split(_VALUE_SEP))
