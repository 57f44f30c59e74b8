"""Screens under test: offscreen, software rendering, Qt's own warnings fail the test.

pytest-qt fails any test during which Qt logs a warning (pyproject: qt_log_level_fail);
the ignore list there names Qt's own files only. A test that expects a warning says so
with `@pytest.mark.qt_log_ignore(...)`.
"""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")
os.environ.setdefault("QT_IM_MODULE", "qtvirtualkeyboard")

import pytest  # noqa: E402 - the environment above must be set before Qt loads

from tests.ui.fixtures import FIXED_NOW, Terminal  # noqa: E402
from tests.ui.platform_terminal import platform  # noqa: E402, F401 - a fixture for the tests
from ui.rehearsal.tour import TourClock  # noqa: E402 - the session's clock, moved by the test


@pytest.fixture(scope="session")
def qapp_cls():
    """One QGuiApplication for the whole run (the terminal has no widgets)."""
    from PySide6.QtGui import QGuiApplication

    from ui.app import prepare_qt

    prepare_qt(offscreen=True)
    return QGuiApplication


@pytest.fixture
def make_terminal(qapp, tmp_path):
    """Build terminals in this test's temporary directory; all are closed afterwards."""
    from kiosk.app import Kiosk
    from kiosk.config import KioskConfig
    from ui.app import KioskScreens
    from ui.rehearsal.tour import with_tour_pin

    made: list[Terminal] = []

    def make(*, orientation="portrait", config=None, start=False, fake_clock=False):
        kiosk = Kiosk(with_tour_pin(config or KioskConfig()),
                      tmp_path / f"data{len(made) or ''}", now=lambda: FIXED_NOW)
        clock = None
        if fake_clock:
            clock = TourClock()
            kiosk.session._clock = clock
        try:
            screens = KioskScreens(kiosk, orientation=orientation)
        except BaseException:
            kiosk.close()
            raise
        terminal = Terminal(kiosk, screens, started=start, clock=clock)
        made.append(terminal)
        return terminal

    yield make
    for terminal in reversed(made):
        terminal.close()


@pytest.fixture
def terminal(make_terminal):
    return make_terminal()
