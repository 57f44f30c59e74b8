"""Every screen, reached by taps with the demo catalogue loaded, without a Qt warning.

pytest-qt fails a test on any Qt or QML warning (pyproject: `qt_log_level_fail`), so
these tests pass only if no screen, overlay or keyboard state of the tour logs one. The
last tests prove the mechanism: a deliberately broken QML file logs a warning that the
same capture sees, and that fails a test which does not say it expects it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtQml import QQmlComponent, QQmlEngine

from tests.ui.fixtures import tour
from ui.app import QML_DIR

BROKEN = Path(__file__).with_name("broken")
ROOT = Path(__file__).resolve().parents[2]
# Screens outside journeys have no "back"; after submitting there is no way back; out of
# service there is nowhere to go. The technician's "back" is the way home.
NO_BACK = {"home", "confirmation", "end", "out_of_service"}
NO_HOME = {"home", "out_of_service", "technician_pin", "technician"}
# Screens only a platform brings: a fee's QR code and its receipt (tests/ui/test_payment_ui
# reaches them, against the reference platform, under the same warning capture).
PLATFORM_ONLY = {"payment", "paid"}


def screen_files() -> set[str]:
    """The screen names Main.qml can show."""
    main = (QML_DIR / "Main.qml").read_text(encoding="utf-8")
    return set(re.findall(r'"(\w+)": "screens/\w+\.qml"', main))


@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
def test_every_screen_by_taps_without_a_warning(make_terminal, orientation, tmp_path):
    t = make_terminal(orientation=orientation, fake_clock=True)
    assert (t.window.width(), t.window.height()) == (
        (1080, 1920) if orientation == "portrait" else (1920, 1080))
    reached: dict[str, str] = {}
    shots = os.environ.get("KIOSK_UI_SHOTS")  # a folder: keep a picture of each step

    def visit(label: str) -> None:
        screen = t.screen
        reached[label] = screen
        overlay = t.vm.confirmingHome or t.vm.sessionWarning or t.vm.notice or t.vm.dimmed
        heading = t.item("heading")
        assert heading is not None and heading.property("text"), f"{label}: no heading"
        assert t.rich_texts() == [], f"{label}: text Qt would take as HTML"
        if not overlay:
            names = set(t.names())
            if screen not in NO_HOME:
                assert "home" in names, f"{label}: no way home"
            if screen not in NO_BACK:
                assert "back" in names, f"{label}: no way back"
        if shots:
            Path(shots).mkdir(parents=True, exist_ok=True)
            t.window.grabWindow().save(str(Path(shots) / f"{orientation}-{label}.png"))

    tour(t, visit)
    assert set(reached.values()) == screen_files() - PLATFORM_ONLY
    assert {"confirm-home", "session-warning", "notice", "dimmed"} <= set(reached)


@pytest.mark.qt_log_ignore("noSuchObject")
def test_a_broken_binding_logs_a_warning_the_capture_sees(qapp, qtlog, pytestconfig):
    engine = QQmlEngine()
    component = QQmlComponent(engine, QUrl.fromLocalFile(str(BROKEN / "BrokenBinding.qml")))
    item = component.create()
    assert item is not None, component.errorString()  # it loads; the binding fails
    seen = [r for r in qtlog.records if "noSuchObject" in r.message]
    assert seen and all(r.matches_level("WARNING") for r in seen)
    # The project's ignore list (Qt's own files only) would not have hidden it.
    patterns = pytestconfig.getini("qt_log_ignore")
    assert not [r for r in seen for p in patterns if re.search(p, r.message)]
    item.deleteLater()
    engine.deleteLater()


def test_a_test_that_meets_the_broken_binding_fails(tmp_path):
    """The same file, loaded by a test that does not expect a warning, fails that test."""
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         str(BROKEN / "loads_broken_qml.py")],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "1 failed" in output
    assert "Qt messages with level WARNING or above emitted" in output
    assert "noSuchObject" in output


def test_the_keyboard_is_made_after_the_first_frame_without_being_asked(qapp, tmp_path):
    """The home screen shows before the keyboard's plugin loads; a moment later the
    keyboard is there, as a resident's first tap on a field needs it."""
    from PySide6.QtQuick import QQuickItem

    from kiosk.app import Kiosk
    from kiosk.config import KioskConfig
    from ui.app import KioskScreens
    from ui.rehearsal.driver import ScreenDriver

    kiosk = Kiosk(KioskConfig(), tmp_path / "data")
    screens = KioskScreens(kiosk)
    try:
        driver = ScreenDriver(screens.window)
        driver.wait_for_frame()
        for _ in range(20):
            if screens.window.findChild(QQuickItem, "keyboard") is not None:
                break
            driver.wait(50)
        keyboard = screens.window.findChild(QQuickItem, "keyboard")
        assert keyboard is not None
        assert not keyboard.isVisible()  # down until a field wants it
    finally:
        screens.close()
        kiosk.close()
