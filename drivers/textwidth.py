"""How wide text is on a fixed-pitch device, and how to wrap it to a width.

Receipt printers and fixed-pitch displays give a CJK character two columns and a Latin
letter one, so `len()` is the wrong measure: a 16-character Chinese line already fills
58 mm paper. Width follows `unicodedata.east_asian_width`: W and F count 2, combining
marks and other zero-width characters count 0, everything else 1. East Asian
"ambiguous" characters (·, —, “, °, ×) count 1 unless `ambiguous_wide` is set, which is
right for GB-encoded printers: they print every double-byte character full width.
"""

from __future__ import annotations

import unicodedata

__all__ = ["char_width", "display_width", "wrap", "wrap_pair"]

# A line should not start with closing punctuation nor end with opening punctuation
# (the basic rule of Chinese typesetting); the wrapper carries one character over instead.
_NO_LINE_START = set("，。、：；！？）》」』】〕〉”’,.:;!?)]}%·…—～")
_NO_LINE_END = set("（《「『【〔〈“‘([{")

_ZERO_WIDTH = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}


def char_width(ch: str, *, ambiguous_wide: bool = False) -> int:
    """Columns one code point takes: 2 for wide/full-width, 0 for combining, else 1."""
    if ch in _ZERO_WIDTH or unicodedata.combining(ch):
        return 0
    category = unicodedata.category(ch)
    if category in ("Mn", "Me", "Cf"):
        return 0
    kind = unicodedata.east_asian_width(ch)
    if kind in ("W", "F"):
        return 2
    if kind == "A" and ambiguous_wide:
        return 2
    return 1


def display_width(text: str, *, ambiguous_wide: bool = False) -> int:
    """Columns `text` takes on a fixed-pitch device (CJK counts 2, combining marks 0)."""
    return sum(char_width(ch, ambiguous_wide=ambiguous_wide) for ch in text)


def _clusters(text: str) -> list[str]:
    """Split into base characters with their combining marks, so a break never strands one."""
    clusters: list[str] = []
    for ch in text:
        if clusters and char_width(ch) == 0 and not ch.isspace():
            clusters[-1] += ch
        else:
            clusters.append(ch)
    return clusters


def _tokens(text: str) -> list[str]:
    """Break opportunities: runs of spaces, Latin words, and each wide character alone."""
    tokens: list[str] = []
    for cluster in _clusters(text):
        base = cluster[0]
        wide = unicodedata.east_asian_width(base) in ("W", "F")
        if tokens and not wide:
            last = tokens[-1]
            last_base = last[-1]
            same_kind = last_base.isspace() == base.isspace()
            last_wide = unicodedata.east_asian_width(last[0]) in ("W", "F")
            if same_kind and not last_wide:
                tokens[-1] = last + cluster
                continue
        tokens.append(cluster)
    return tokens


def wrap(
    text: str,
    width: int,
    *,
    hanging_indent: int = 0,
    ambiguous_wide: bool = False,
) -> list[str]:
    """Wrap `text` so that no line is wider than `width` display columns.

    Latin text breaks at spaces when it can; a word wider than the line is split between
    characters; CJK text may break between any two characters, except that a line never
    starts with closing punctuation (，。：）...) nor ends with opening punctuation when the
    previous character can be carried over. Lines after the first start with
    `hanging_indent` spaces (the value column of a label/value pair). Explicit newlines
    start a new line. Empty text gives one empty line.
    """
    if width < 1:
        raise ValueError("width must be at least 1")
    if hanging_indent >= width:
        hanging_indent = 0
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(_wrap_paragraph(paragraph, width, hanging_indent, ambiguous_wide, lines))
    return lines


def _wrap_paragraph(
    paragraph: str, width: int, indent: int, ambiguous_wide: bool, done: list[str]
) -> list[str]:
    def w(s: str) -> int:
        return display_width(s, ambiguous_wide=ambiguous_wide)

    out: list[str] = []
    current: list[str] = []  # clusters on the line being built
    current_width = 0

    def prefix_width() -> int:
        # The very first line of the whole text has no indent; every later one has.
        return 0 if not (out or done) else indent

    def limit() -> int:
        return width - prefix_width()

    def finish_line() -> None:
        nonlocal current, current_width
        line = "".join(current).rstrip()
        out.append(" " * prefix_width() + line if line else "")
        current = []
        current_width = 0

    def carry_over_for(next_cluster: str) -> list[str]:
        """Clusters to move down so the next line does not start badly."""
        if len(current) < 2 or current[-1][0].isspace():
            return []
        if next_cluster[0] in _NO_LINE_START or current[-1][0] in _NO_LINE_END:
            return [current[-1]]
        return []

    for token in _tokens(paragraph):
        token_width = w(token)
        if token[0].isspace():
            if current and current_width + token_width <= limit():
                current.append(token)
                current_width += token_width
            elif current:
                finish_line()  # a break at a space swallows the space
            continue
        if current_width + token_width <= limit():
            current.extend(_clusters(token))
            current_width += token_width
            continue
        clusters = _clusters(token)
        if current and token_width <= width - indent:
            moved = carry_over_for(clusters[0])
            if moved:
                del current[-len(moved) :]
            finish_line()
            current.extend(moved)
            current_width = sum(w(c) for c in moved)
        for cluster in clusters:
            cluster_width = w(cluster)
            if current and current_width + cluster_width > limit():
                moved = carry_over_for(cluster)
                if moved:
                    del current[-len(moved) :]
                finish_line()
                current.extend(moved)
                current_width = sum(w(c) for c in moved)
            if not current and cluster_width > limit():
                # Wider than the whole line (a 2-column character on a 1-column line).
                current.append("?")
                current_width = 1
                continue
            current.append(cluster)
            current_width += cluster_width
    if current or not out:
        finish_line()
    return out


def wrap_pair(label: str, value: str, width: int, *, ambiguous_wide: bool = False) -> list[str]:
    """Wrap "受理编号：" + value so continuation lines line up under the value.

    A label wider than half the line would leave too little room for the value, so the
    hanging indent is capped at two columns then.
    """
    label_width = display_width(label, ambiguous_wide=ambiguous_wide)
    indent = label_width if label_width <= width // 2 else 2
    return wrap(label + value, width, hanging_indent=indent, ambiguous_wide=ambiguous_wide)
