"""Catalogue field patterns, matched under a time bound.

A pattern comes from the platform, and a backtracking engine can take minutes on a
pattern like `^(\\w+\\s?)+$` and a 30-character answer: the screen would freeze with the
resident in front of it. Answers are therefore matched with the `regex` module, which
stops a match after `MATCH_TIMEOUT_S` and speaks Python's own syntax (`\\uXXXX` ranges for
Chinese characters, Unicode `\\d` that takes full-width digits, Unicode `\\w`), so every
pattern keeps the meaning it has today; an engine without backtracking (RE2) would make
`\\d` and `\\w` ASCII-only and refuse `\\uXXXX`.

The catalogue check refuses a pattern that could run long (`unbounded_problem`), so the
time bound is a last line of defence, not a daily event.
"""

from __future__ import annotations

import re
import re._parser as sre_parse  # Python's own parse of a pattern: the structure we look at
from typing import Any

import regex

MATCH_TIMEOUT_S = 0.05

# Probes for the catalogue check: long runs of one kind of character, then a character
# that makes the match fail at the very end (the case that makes backtracking explode).
_PROBE_CHARS = ("a", "A", "1", "１", "中", " ", "-", ".", "_")
_PROBE_LENGTH = 64
_REPEATS = {sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT, sre_parse.POSSESSIVE_REPEAT}


class PatternTimeout(Exception):
    """The answer could not be checked against the pattern in time."""


def fullmatch(pattern: str, value: str) -> bool:
    """Whether all of `value` matches `pattern`; PatternTimeout when it takes too long."""
    try:
        return regex.fullmatch(pattern, value, timeout=MATCH_TIMEOUT_S) is not None
    except TimeoutError:
        raise PatternTimeout(pattern) from None


def unbounded_problem(pattern: str) -> str | None:
    """Why matching `pattern` could take too long on some answer, or None.

    Refused: a repetition of something that itself repeats a varying number of times
    (`(\\w+\\s?)+`, `(\\d{1,3},?)*`), and any pattern that does not answer within the
    time bound on a long run of one character followed by one that cannot match.
    The pattern must already compile.
    """
    if _nested_repetition(sre_parse.parse(pattern)):
        return ("repeats a part that itself repeats a varying number of times; such a "
                "pattern can take minutes on a wrong answer")
    for char in _PROBE_CHARS:
        for probe in (char * _PROBE_LENGTH + "!", (char + "1") * (_PROBE_LENGTH // 2) + "!"):
            try:
                fullmatch(pattern, probe)
            except PatternTimeout:
                return ("takes longer than an answer may wait on a long wrong answer "
                        "(overlapping alternatives under a repetition?)")
    return None


def _nested_repetition(parsed: Any, under_repeat: bool = False) -> bool:
    """Whether a repetition of varying count sits inside another repetition."""
    for op, av in parsed:
        if op in _REPEATS:
            low, high, body = av
            if under_repeat and low != high:
                return True
            if _nested_repetition(body, under_repeat or high > 1):
                return True
        elif _in_children(av, under_repeat):
            return True
    return False


def _in_children(av: Any, under_repeat: bool) -> bool:
    if isinstance(av, sre_parse.SubPattern):
        return _nested_repetition(av, under_repeat)
    if isinstance(av, (tuple, list)):
        return any(_in_children(part, under_repeat) for part in av)
    return False


def compile_problem(pattern: str) -> str | None:
    """Why `pattern` is not a usable regular expression, or None."""
    try:
        re.compile(pattern)
        regex.compile(pattern)
    except (re.error, regex.error) as exc:
        return f"not a valid regular expression ({exc})"
    return None
