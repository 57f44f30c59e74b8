"""Chinese handwriting for the on-screen pad: recognized offline on the terminal."""

from pathlib import Path

from kiosk.handwriting.ink import BOX, BadStrokes, parse_strokes
from kiosk.handwriting.recognizer import HandwritingRecognizer, WritingContext, WritingKind
from kiosk.handwriting.zinnia import HandwritingUnavailable

__all__ = ["BOX", "BadStrokes", "HandwritingRecognizer", "HandwritingUnavailable",
           "WritingContext", "WritingKind", "handwriting_dir", "parse_strokes"]


def handwriting_dir(data_dir: Path) -> Path:
    """Where a terminal keeps the recognizer's drawn font shapes and Unihan's facts."""
    return Path(data_dir) / "handwriting"
