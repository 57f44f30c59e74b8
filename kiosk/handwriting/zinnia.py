"""Zinnia, Debian's stroke-based handwriting recognizer (libzinnia0), through ctypes.

The model is the Tegaki project's simplified-Chinese one (tegaki-zinnia-simplified-
chinese): exactly GB2312's 6,763 characters. It holds no digits, no traditional forms
(Debian 12 has no traditional-Chinese model at all) and none of the rarer characters
common in given names (玥 珺 堃 喆 祎 彧 旻): those are typed by pinyin.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import threading
from pathlib import Path

from kiosk.handwriting.ink import BOX, Strokes

MODEL_PATH = Path("/usr/share/tegaki/models/zinnia/handwriting-zh_CN.model")
LIBRARY = "libzinnia.so.0"
PACKAGES = "libzinnia0 and tegaki-zinnia-simplified-chinese"


class HandwritingUnavailable(RuntimeError):
    """The recognizer or its model is not on this machine: the pad is not offered."""


def _bind(lib: ctypes.CDLL) -> None:
    p, size, text = ctypes.c_void_p, ctypes.c_size_t, ctypes.c_char_p
    signatures = {
        "zinnia_recognizer_new": ([], p),
        "zinnia_recognizer_destroy": ([p], None),
        "zinnia_recognizer_open": ([p, text], ctypes.c_int),
        "zinnia_recognizer_strerror": ([p], text),
        "zinnia_recognizer_size": ([p], size),
        "zinnia_recognizer_value": ([p, size], text),
        "zinnia_recognizer_classify": ([p, p, size], p),
        "zinnia_character_new": ([], p),
        "zinnia_character_destroy": ([p], None),
        "zinnia_character_clear": ([p], None),
        "zinnia_character_set_width": ([p, size], None),
        "zinnia_character_set_height": ([p, size], None),
        "zinnia_character_add": ([p, size, ctypes.c_int, ctypes.c_int], ctypes.c_int),
        "zinnia_result_value": ([p, size], text),
        "zinnia_result_score": ([p, size], ctypes.c_float),
        "zinnia_result_size": ([p], size),
        "zinnia_result_destroy": ([p], None),
    }
    for name, (argtypes, restype) in signatures.items():
        function = getattr(lib, name)
        function.argtypes = argtypes
        function.restype = restype


def _load_library() -> ctypes.CDLL:
    try:
        return ctypes.CDLL(ctypes.util.find_library("zinnia") or LIBRARY)
    except OSError as e:
        raise HandwritingUnavailable(f"libzinnia is not installed ({PACKAGES}): {e}") from e


def check_installed(model: Path = MODEL_PATH) -> None:
    """Whether the recognizer and its model are on this machine, without opening the
    model (that takes 0.4 s): HandwritingUnavailable says what is missing."""
    _load_library()
    if not model.is_file():
        raise HandwritingUnavailable(
            f"the handwriting model {model} is missing (Debian: {PACKAGES})")


_opening = threading.Lock()


def open_model(model: Path = MODEL_PATH) -> ZinniaModel:
    """The model opened once a process (it takes about 0.4 s), whichever thread asks
    first: every terminal in the process shares it; classify() takes turns."""
    with _opening:
        return _open_once(model)


@functools.cache
def _open_once(model: Path) -> ZinniaModel:
    return ZinniaModel(model)


class ZinniaModel:
    """One opened model. classify() is safe from any thread (one at a time)."""

    def __init__(self, model: Path = MODEL_PATH) -> None:
        check_installed(model)
        self._lib = _load_library()
        _bind(self._lib)
        self._lock = threading.Lock()
        self._recognizer = self._lib.zinnia_recognizer_new()
        if not self._lib.zinnia_recognizer_open(self._recognizer, str(model).encode()):
            reason = (self._lib.zinnia_recognizer_strerror(self._recognizer) or b"").decode()
            self._lib.zinnia_recognizer_destroy(self._recognizer)
            raise HandwritingUnavailable(f"the handwriting model {model} does not open: {reason}")
        self._character = self._lib.zinnia_character_new()
        count = self._lib.zinnia_recognizer_size(self._recognizer)
        self.characters: tuple[str, ...] = tuple(
            self._lib.zinnia_recognizer_value(self._recognizer, i).decode() for i in range(count))

    def classify(self, strokes: Strokes, best: int) -> list[tuple[str, float]]:
        """The model's `best` characters for `strokes` (in the BOX square), best first,
        with its scores (larger is better)."""
        lib = self._lib
        with self._lock:
            lib.zinnia_character_clear(self._character)
            lib.zinnia_character_set_width(self._character, BOX)
            lib.zinnia_character_set_height(self._character, BOX)
            for number, stroke in enumerate(strokes):
                for x, y in stroke:
                    lib.zinnia_character_add(self._character, number, round(x), round(y))
            result = lib.zinnia_recognizer_classify(self._recognizer, self._character, best)
            if not result:
                return []
            try:
                return [(lib.zinnia_result_value(result, i).decode(),
                         float(lib.zinnia_result_score(result, i)))
                        for i in range(lib.zinnia_result_size(result))]
            finally:
                lib.zinnia_result_destroy(result)
