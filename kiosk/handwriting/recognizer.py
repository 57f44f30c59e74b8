"""Handwriting to characters: two readers, one ranking, the field's context.

1. Zinnia reads the strokes (their count, order and directions) and names its 50 best.
2. The font-shape reader (shapes.py) compares the picture of the ink with every
   character and adds its 30 best: writing that Zinnia misreads by its strokes is
   still found by its look.
3. Every candidate is scored by both, less a penalty where it needs other than the
   strokes written (Unihan's counts; joined strokes cost less than extra ones), plus a
   small preference for common characters, the catalogue's words in a search and an
   address's words in an address. In a name's first place the likely surnames come
   first.
"""

from __future__ import annotations

import enum
import functools
import math
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.handwriting.ink import Strokes, tidy
from kiosk.handwriting.lexicon import Lexicon, shared_lexicon
from kiosk.handwriting.zinnia import MODEL_PATH, ZinniaModel, check_installed, open_model

if TYPE_CHECKING:
    from kiosk.handwriting.shapes import FontShapes

STROKE_READER_BEST = 50
SHAPE_READER_BEST = 60  # wide: a likely character just past a narrow cut is never scored
NOT_NAMED_SCORE = -1.5  # Zinnia's score for a character it did not name (its scores: ~-2..1)
SHAPE_WEIGHT = 12.0
FEWER_STROKES_PENALTY = 0.25  # per stroke the character has beyond those written (joined)
MORE_STROKES_PENALTY = 0.3  # per stroke written beyond the character's own
FREQUENCY_WEIGHT = 0.04  # per e-fold of a character's occurrences
CONTEXT_BONUS = 0.5  # a catalogue word's character in a search; an address's own words
# The characters addresses are made of, past the place names themselves.
ADDRESS_CHARACTERS = frozenset("省市区县镇乡村街道路巷弄里号楼栋幢单元室层组队社小屯庄园苑院")
FOLLOWS_BONUS = 0.5  # the character continues a catalogue word after the one before
# In a name's first place, surnames come before other characters scoring at most this
# much better: the surname a resident wrote, never one the ink does not resemble.
SURNAME_MARGIN = 1.0
# Characters one shape at two sizes: on a pad any size is written, so the common one
# leads and the rare enclosure follows (Zinnia reads a box written large as 囗).
SIZE_TWINS = {"囗": "口", "曰": "日"}


class WritingKind(enum.StrEnum):
    TEXT = "text"  # free text: a complaint, a comment
    NAME = "name"  # a person's name: surnames first
    ADDRESS = "address"  # 省 市 区 路 号 楼 室 first among look-alikes
    SEARCH = "search"  # the catalogue's words first


@dataclass(frozen=True)
class WritingContext:
    kind: WritingKind = WritingKind.TEXT
    before: str = ""  # the field's text before the cursor


def _common_twin_first(ranked: list[str]) -> list[str]:
    for rare, common in SIZE_TWINS.items():
        if rare in ranked and (common not in ranked or ranked.index(common) > ranked.index(rare)):
            rest = [c for c in ranked if c != common]
            at = rest.index(rare)
            ranked = rest[:at] + [common] + rest[at:]
    return ranked


class HandwritingRecognizer:
    """Built at start without opening anything: the model (0.4 s) is opened by the first
    prepare() or recognize(), off the UI thread."""

    def __init__(self, model: Path = MODEL_PATH, cache_dir: Path | None = None) -> None:
        check_installed(model)  # HandwritingUnavailable when not installed
        self._model = model
        self._opening = threading.Lock()
        self._font_shapes: FontShapes | None = None
        self._cache_dir = cache_dir
        self._word_characters: frozenset[str] = frozenset()
        self._pairs: frozenset[str] = frozenset()

    @property
    def _zinnia(self) -> ZinniaModel:
        return open_model(self._model)  # once a process; HandwritingUnavailable if damaged

    @functools.cached_property
    def characters(self) -> frozenset[str]:
        return frozenset(self._zinnia.characters)

    @property
    def _shapes(self) -> FontShapes:
        with self._opening:  # one table, whichever thread asks first
            if self._font_shapes is None:
                from kiosk.handwriting.shapes import FontShapes  # NumPy, OpenCV: not at start

                self._font_shapes = FontShapes(self._zinnia.characters, self._cache_dir)
            return self._font_shapes

    def prepare(self) -> None:
        """Everything the first recognition would otherwise wait for (seconds: the
        font's shapes, Unihan's tables), kept in the cache for the next start. Call it
        from a worker thread at start."""
        self._shapes.keep()
        self.lexicon()

    def lexicon(self) -> Lexicon:
        return shared_lexicon(self.characters, self._cache_dir)

    def covers(self, character: str) -> bool:
        """Whether the character can be written on the pad at all."""
        return character in self.characters

    def set_vocabulary(self, words: Iterable[str]) -> None:
        """The catalogue's words (service names, keywords), preferred in a search."""
        words = frozenset(w for w in words if w)
        self._word_characters = frozenset(c for w in words for c in w)
        self._pairs = frozenset(w[i:i + 2] for w in words for i in range(len(w) - 1))

    def bare(self, strokes: Strokes, top: int = 10) -> list[str]:
        """Zinnia alone on the strokes as written: the yardstick the bench compares with."""
        return [c for c, _ in self._zinnia.classify(strokes, top)]

    def recognize(self, strokes: Strokes, context: WritingContext = WritingContext(),
                  top: int = 10) -> list[str]:
        """The `top` likeliest characters for `strokes`, best first."""
        if not strokes:
            return []
        ink = tidy(strokes)
        named = dict(self._zinnia.classify(ink, STROKE_READER_BEST))
        similarity = self._shapes.similarities(ink)
        rows = self._shapes.row
        candidates = set(named)
        best_shapes = similarity.argpartition(-SHAPE_READER_BEST)[-SHAPE_READER_BEST:]
        candidates.update(self._shapes.characters[i] for i in best_shapes)
        lexicon = self.lexicon()
        written = len(strokes)

        def score(character: str) -> float:
            own = lexicon.strokes.get(character, written)
            penalty = ((own - written) * FEWER_STROKES_PENALTY if own >= written
                       else (written - own) * MORE_STROKES_PENALTY)
            return (named.get(character, NOT_NAMED_SCORE)
                    + SHAPE_WEIGHT * float(similarity[rows[character]])
                    - penalty
                    + FREQUENCY_WEIGHT * math.log1p(lexicon.frequency.get(character, 0))
                    + self._context_bonus(character, context))

        scores = {c: score(c) for c in candidates}
        ranked = _common_twin_first(sorted(candidates, key=scores.__getitem__, reverse=True))
        if context.kind is WritingKind.NAME and not context.before:
            ranked = self._surnames_first(ranked, scores, lexicon)
        return ranked[:top]

    @staticmethod
    def _surnames_first(ranked: list[str], scores: dict[str, float],
                        lexicon: Lexicon) -> list[str]:
        """A name starts with its surname: the surnames among the likely candidates
        move before the characters that score less than SURNAME_MARGIN better."""
        surnames = [c for c in ranked if c in lexicon.surnames
                    and scores[c] >= scores[ranked[0]] - SURNAME_MARGIN]
        if not surnames:
            return ranked
        return surnames + [c for c in ranked if c not in surnames]

    def _context_bonus(self, character: str, context: WritingContext) -> float:
        if context.kind is WritingKind.ADDRESS:
            return CONTEXT_BONUS if character in ADDRESS_CHARACTERS else 0.0
        if context.kind is WritingKind.SEARCH:
            bonus = CONTEXT_BONUS if character in self._word_characters else 0.0
            if context.before and context.before[-1] + character in self._pairs:
                bonus += FOLLOWS_BONUS
            return bonus
        return 0.0
