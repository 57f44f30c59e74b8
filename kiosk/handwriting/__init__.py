"""Chinese handwriting for the on-screen pad: recognized offline on the terminal."""

from kiosk.handwriting.ink import BOX, BadStrokes, parse_strokes
from kiosk.handwriting.recognizer import HandwritingRecognizer, WritingContext, WritingKind
from kiosk.handwriting.zinnia import HandwritingUnavailable

__all__ = ["BOX", "BadStrokes", "HandwritingRecognizer", "HandwritingUnavailable",
           "WritingContext", "WritingKind", "parse_strokes"]
