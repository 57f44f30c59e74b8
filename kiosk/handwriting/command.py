"""`kiosk handwriting recognize`: what the pad would offer for strokes in a file."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from kiosk.handwriting import handwriting_dir
from kiosk.handwriting.ink import BadStrokes, parse_strokes
from kiosk.handwriting.recognizer import HandwritingRecognizer, WritingContext, WritingKind
from kiosk.handwriting.zinnia import HandwritingUnavailable


def _read_strokes(source: str):
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BadStrokes(f"cannot read {source}: {exc}") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadStrokes(f"{source} is not JSON ({exc.msg}, line {exc.lineno})") from exc
    return parse_strokes(data)


def recognize_command(config, data_dir: Path, source: str, *, top: int, as_json: bool,
                      kind: str, before: str) -> int:
    if top < 1:
        print("kiosk: --top must be at least 1", file=sys.stderr)
        return 2
    try:
        strokes = _read_strokes(source)
        recognizer = HandwritingRecognizer(cache_dir=handwriting_dir(data_dir))
    except BadStrokes as exc:
        print(f"kiosk: bad strokes: {exc}", file=sys.stderr)
        return 2
    except HandwritingUnavailable as exc:
        print(f"kiosk: handwriting is not available here: {exc}", file=sys.stderr)
        return 1
    context = WritingContext(WritingKind(kind), before)
    if context.kind is WritingKind.SEARCH:
        recognizer.set_vocabulary(_catalogue_words(config, data_dir))
    candidates = recognizer.recognize(strokes, context, top=top)
    if as_json:
        print(json.dumps({"candidates": candidates}, ensure_ascii=False))
    else:
        print(" ".join(candidates) if candidates else "no candidates")
    return 0


def _catalogue_words(config, data_dir: Path) -> set[str]:
    from kiosk.catalogue.repository import open_catalogue
    from kiosk.storage import open_store

    store = open_store(config, data_dir)
    try:
        return open_catalogue(store, config.catalogue).vocabulary()
    finally:
        store.close()
