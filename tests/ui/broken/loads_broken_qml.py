"""Run only by test_screens.py, in a child pytest: this test must FAIL.

It loads the deliberately broken QML file without saying it expects a warning, so the
project's warning capture (pytest-qt, `qt_log_level_fail` in pyproject) must fail it.
The name does not start with `test_`, so the normal run never collects it.
"""

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtQml import QQmlComponent, QQmlEngine


def test_loads_the_broken_file(qapp):
    engine = QQmlEngine()
    component = QQmlComponent(engine, QUrl.fromLocalFile(
        str(Path(__file__).with_name("BrokenBinding.qml"))))
    item = component.create()
    assert item is not None  # loading works: only the warning can fail this test
    item.deleteLater()
    engine.deleteLater()
