"""The handwriting pad: the ink a resident writes with a finger, and the characters it
may be.

The pad (ui/qml/components/HandwritingPad.qml) hands over each point in its own pixels;
they are kept in the recognizer's 1000x1000 box. After every stroke (and every undo) the
strokes are recognized on a worker thread, one request at a time: a newer request
replaces one not yet started, and an answer for ink that has changed since is dropped.
Answers cross back to the UI thread as a queued signal.

The ink may be a name: it is never logged, and goes at the end of the visit.
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import Property, QObject, Signal, Slot

from kiosk.handwriting import BOX, BadStrokes, WritingContext, WritingKind

log = logging.getLogger(__name__)

CANDIDATES = 10  # as many as the candidate row can show


def writing_kind(kind: str) -> WritingKind:
    """A field's declared kind ("name", "address", "search", "text"); TEXT if unknown."""
    try:
        return WritingKind(kind)
    except ValueError:
        return WritingKind.TEXT


class HandwritingViewModel(QObject):
    changed = Signal()  # the mode
    inkChanged = Signal()
    candidatesChanged = Signal()
    recognized = Signal(int, list)  # (ink version, candidates); emitted on the worker thread

    def __init__(self, recognizer, parent=None):
        super().__init__(parent)
        self._recognizer = recognizer  # None: this terminal cannot read handwriting
        self._writing = False  # the pad shows instead of pinyin's keys
        self._strokes: list[list[tuple[float, float]]] = []
        self._open = False  # the last stroke is still being written
        self._version = 0  # of the ink: an answer for an older one is stale
        self._candidates: list[str] = []
        self._waiting = False
        self._request: tuple[int, list, WritingContext] | None = None
        self._wake = threading.Condition()
        self._stopped = False
        self._worker: threading.Thread | None = None
        self.recognized.connect(self._arrived)  # queued: emitted on the worker thread

    # -- what the pad shows ---------------------------------------------------------

    def _available(self) -> bool:
        return self._recognizer is not None

    def _is_writing(self) -> bool:
        return self._writing and self._recognizer is not None

    def _ink(self) -> list:
        """The strokes as flat lists x0, y0, x1, y1, ... in the 1000 box (for drawing)."""
        return [[v for point in stroke for v in point] for stroke in self._strokes]

    def _stroke_count(self) -> int:
        return len(self._strokes)

    def _candidate_list(self) -> list:
        return list(self._candidates)

    def _is_waiting(self) -> bool:
        return self._waiting

    available = Property(bool, _available, constant=True)
    writing = Property(bool, _is_writing, notify=changed)
    box = Property(int, lambda self: BOX, constant=True)
    most = Property(int, lambda self: CANDIDATES, constant=True)  # candidates at most
    ink = Property(list, _ink, notify=inkChanged)
    strokeCount = Property(int, _stroke_count, notify=inkChanged)
    candidates = Property(list, _candidate_list, notify=candidatesChanged)
    # Strokes written whose candidates are not in yet (tests wait on it; nothing shows it).
    recognizing = Property(bool, _is_waiting, notify=candidatesChanged)

    def covers(self, character: str) -> bool:
        return self._recognizer is not None and self._recognizer.covers(character)

    # -- the resident ---------------------------------------------------------------

    @Slot(bool)
    def setWriting(self, writing: bool) -> None:  # noqa: N802 - called from QML
        """手写 or 拼音; it stays so for the rest of the visit, from field to field."""
        if writing != self._writing:
            self._writing = writing
            self.clear()
            self.changed.emit()

    @Slot(float, float, float)
    def addPoint(self, x: float, y: float, side: float) -> None:  # noqa: N802
        """A point under the finger, in the pad's pixels (`side`: the pad's width)."""
        if side <= 0:
            return
        point = (min(max(x / side, 0.0), 1.0) * BOX, min(max(y / side, 0.0), 1.0) * BOX)
        if not self._open:
            self._strokes.append([])
            self._open = True
        stroke = self._strokes[-1]
        if not stroke or stroke[-1] != point:
            stroke.append(point)
        self._version += 1
        self.inkChanged.emit()

    @Slot(str, str)
    def endStroke(self, kind: str, before: str) -> None:  # noqa: N802
        """The finger lifted: the candidates for the ink so far, for the focused field
        (`kind` as it declares, `before`: its text before the cursor)."""
        if not self._open:
            return
        self._open = False
        self._ask(kind, before)

    @Slot(str, str)
    def undo(self, kind: str, before: str) -> None:
        """撤销一笔: the last stroke goes, the candidates follow."""
        if not self._strokes:
            return
        self._strokes.pop()
        self._open = False
        self._version += 1
        self.inkChanged.emit()
        self._ask(kind, before)

    @Slot()
    def clear(self) -> None:
        """重写, and after a candidate is taken: a clean pad for the next character."""
        self._strokes = []
        self._open = False
        self._version += 1
        self._candidates = []
        self._waiting = False
        with self._wake:
            self._request = None
        self.inkChanged.emit()
        self.candidatesChanged.emit()

    def wipe(self) -> None:
        """The visit is over: its ink goes, and the next resident starts with pinyin."""
        self.clear()
        if self._writing:
            self._writing = False
            self.changed.emit()

    def close(self) -> None:
        with self._wake:
            self._stopped = True
            self._wake.notify()

    # -- recognition, off the UI thread ---------------------------------------------

    def _ask(self, kind: str, before: str) -> None:
        if self._recognizer is None:
            return
        if not self._strokes:
            self._candidates = []
            self._waiting = False
            self.candidatesChanged.emit()
            return
        strokes = [list(stroke) for stroke in self._strokes]
        context = WritingContext(writing_kind(kind), before)
        with self._wake:
            self._request = (self._version, strokes, context)
            if self._worker is None:
                self._worker = threading.Thread(target=self._work, name="handwriting-pad",
                                                daemon=True)
                self._worker.start()
            self._wake.notify()
        if not self._waiting:
            self._waiting = True
            self.candidatesChanged.emit()

    def _work(self) -> None:
        while True:
            with self._wake:
                while self._request is None and not self._stopped:
                    self._wake.wait()
                if self._stopped:
                    return
                version, strokes, context = self._request
                self._request = None
            try:
                found = self._recognizer.recognize(strokes, context, top=CANDIDATES)
            except BadStrokes:
                found = []
            except Exception as exc:  # noqa: BLE001 - the pad stays; pinyin still works
                log.error("handwriting recognition failed: %s", type(exc).__name__)
                found = []
            try:
                self.recognized.emit(version, found)
            except RuntimeError:  # the screens closed meanwhile
                return

    def _arrived(self, version: int, found: list) -> None:
        if version != self._version:
            return  # the ink changed since: a newer answer is coming
        self._candidates = list(found)
        self._waiting = False
        self.candidatesChanged.emit()
