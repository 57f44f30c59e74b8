"""The out-of-service screen while the store cannot be opened at start (ui/storage_at_start.py).

There is no Kiosk yet, so this stands in for the terminal's view-model with what that
screen reads: the hotline (as a button, and large on its card), where else to be served,
the terminal's configured id and location, and the window's size in millimetres. Nothing
here starts a visit; the technician's footer hold opens nothing (maintenance needs the
store), and there is no voice guide.
"""

from __future__ import annotations

from PySide6.QtCore import Property, QObject, Signal, Slot

from ui.viewmodels.app import where_to_go


class StorageProblemViewModel(QObject):
    changed = Signal()

    def __init__(self, config, *, orientation: str, px_per_mm: float,
                 window_size: tuple[int, int], parent=None):
        super().__init__(parent)
        self._terminal = config.terminal
        self._orientation = orientation
        self._px_per_mm = px_per_mm
        self._window_size = window_size
        self._hotline_shown = False

    def _hotline(self) -> str:
        return self._terminal.hotline

    def _showing_hotline(self) -> bool:
        return self._hotline_shown

    def _where(self) -> str:
        return where_to_go(self._terminal)

    def _terminal_id(self) -> str:
        return self._terminal.id

    def _location(self) -> str:
        return self._terminal.location

    def _orientation_name(self) -> str:
        return self._orientation

    def _mm(self) -> float:
        return self._px_per_mm

    def _window_width(self) -> int:
        return self._window_size[0]

    def _window_height(self) -> int:
        return self._window_size[1]

    hotline = Property(str, _hotline, constant=True)
    hotlineShown = Property(bool, _showing_hotline, notify=changed)
    whereToGo = Property(str, _where, constant=True)
    terminalId = Property(str, _terminal_id, constant=True)
    terminalLocation = Property(str, _location, constant=True)
    orientation = Property(str, _orientation_name, constant=True)
    pxPerMm = Property(float, _mm, constant=True)
    windowWidth = Property(int, _window_width, constant=True)
    windowHeight = Property(int, _window_height, constant=True)

    @Slot()
    def showHotline(self) -> None:  # noqa: N802 - Qt's naming, called from QML
        self._hotline_shown = True
        self.changed.emit()

    @Slot()
    def hideHotline(self) -> None:  # noqa: N802 - Qt's naming, called from QML
        self._hotline_shown = False
        self.changed.emit()

    @Slot(bool)
    def holdFooter(self, held: bool) -> None:  # noqa: N802 - Qt's naming, called from QML
        """Maintenance needs the store: `kiosk devices check` names the problem instead."""
