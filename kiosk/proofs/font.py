"""Which font file a proof is drawn from: the project's face (drivers/fonts.py), or a
prepared subset of it holding the common characters, which makes a proof several times
faster to render.

Noto Sans CJK SC has 65,535 CFF glyphs; reading that face and cutting each proof's glyphs
out of it costs about a second per proof in fontTools. A copy of the face cut down once to
the characters of GB 2312 (all 6,763 hanzi and its symbols), ASCII, CJK and full-width
punctuation takes some 15 s to make and then a proof renders in a fraction of that. The
copy is made on request (prepare_common_subset, e.g. on a worker thread after start-up)
into a cache directory the caller names; a proof whose text has a character outside the
copy is drawn from the full face, correctly and at the slower speed.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import fontTools
from fontTools import subset, ttLib

from drivers import fonts


class ProofFontMissing(RuntimeError):
    """The font the proof is drawn in is not installed (no proof rather than tofu)."""


@dataclass(frozen=True)
class FontFile:
    path: str
    index: int  # the face within a collection (.ttc); 0 for a single font


def _gb2312() -> set[str]:
    characters = set()
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                characters.add(bytes((high, low)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return characters


def _block(first: int, last: int) -> set[str]:
    return {chr(code) for code in range(first, last + 1)}


COMMON_CHARACTERS = frozenset(
    _gb2312()
    | _block(0x20, 0x7E)  # ASCII
    | _block(0xA0, 0xFF)  # Latin-1: ° × · ...
    | _block(0x2010, 0x2027)  # dashes, quotes, ellipsis
    | _block(0x3000, 0x303F)  # CJK punctuation
    | _block(0xFF01, 0xFF5E)  # full-width forms
)


def full_face() -> FontFile:
    face = fonts.regular_face()
    if face is None:
        raise ProofFontMissing(fonts.MISSING)
    return FontFile(face.path, face.index)


def _subset_path(cache_dir: Path, face: FontFile) -> Path:
    """A name that changes with the installed face and the fontTools that cut it."""
    stat = os.stat(face.path)
    key = f"{face.path}|{face.index}|{stat.st_size}|{stat.st_mtime_ns}|{fontTools.version}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    return cache_dir / f"proof-font-common-{digest}.otf"


def prepared_subset(cache_dir: Path) -> FontFile | None:
    """The common-characters copy in `cache_dir` if it has been made, else None."""
    path = _subset_path(cache_dir, full_face())
    return FontFile(str(path), 0) if path.is_file() else None


def prepare_common_subset(cache_dir: Path) -> FontFile:
    """Make the common-characters copy of the face in `cache_dir` unless it is there (slow:
    seconds of CPU). Written to a temporary name and renamed, so a reader never sees half."""
    face = full_face()
    target = _subset_path(cache_dir, face)
    if target.is_file():
        return FontFile(str(target), 0)
    cache_dir.mkdir(parents=True, exist_ok=True)
    font = ttLib.TTFont(face.path, fontNumber=face.index, lazy=True, recalcTimestamp=False)
    options = subset.Options(notdef_outline=True, recommended_glyphs=True, desubroutinize=True)
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "VORG", "vhea", "vmtx"]
    cutter = subset.Subsetter(options)
    cutter.populate(unicodes=[ord(char) for char in COMMON_CHARACTERS])
    try:
        cutter.subset(font)
        handle, temporary = tempfile.mkstemp(dir=cache_dir, suffix=".otf.part")
        try:
            with os.fdopen(handle, "wb") as out:
                font.save(out)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    finally:
        font.close()
    return FontFile(str(target), 0)


def font_for(text: str, cache_dir: Path | None) -> FontFile:
    """The prepared copy when it exists and has every character of `text`, else the face."""
    if cache_dir is not None:
        prepared = prepared_subset(cache_dir)
        if prepared is not None and all(c in COMMON_CHARACTERS or c.isspace() for c in text):
            return prepared
    return full_face()
