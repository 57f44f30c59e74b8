"""Run in a child interpreter: does this PySide6 leak references to True or None?

PySide6 6.12.0 on Python 3.11 drops a reference to True on every Signal.emit() and one
to None on every processEvents() and every Python call of a QML function, until the
interpreter aborts. Prints the three drifts as JSON.
"""

import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QObject, QUrl, Signal  # noqa: E402
from PySide6.QtGui import QGuiApplication  # noqa: E402
from PySide6.QtQml import QQmlComponent, QQmlEngine  # noqa: E402

N = 10_000


class Emitter(QObject):
    changed = Signal(bool)


def main() -> None:
    app = QGuiApplication(sys.argv)
    emitter = Emitter()
    received = [0]

    def count(value: bool) -> None:  # counts, without keeping references to True
        received[0] += 1

    emitter.changed.connect(count)

    before = sys.getrefcount(True)
    for _ in range(N):
        emitter.changed.emit(True)
    emit_drift = sys.getrefcount(True) - before

    before = sys.getrefcount(None)
    for _ in range(N):
        QCoreApplication.processEvents()
    events_drift = sys.getrefcount(None) - before

    engine = QQmlEngine()
    component = QQmlComponent(engine)
    component.setData(b"import QtQml\nQtObject { function ping() { return 1 } }", QUrl())
    obj = component.create()
    if obj is None:
        raise SystemExit("QML component failed: " + component.errorString())
    before = sys.getrefcount(None)
    results = 0
    for _ in range(N):
        results += obj.ping()
    if results != N:
        raise SystemExit(f"QML function answered {results} times out of {N}")
    qml_drift = sys.getrefcount(None) - before

    print(json.dumps({"emit_true": emit_drift, "process_events_none": events_drift,
                      "qml_call_none": qml_drift, "received": received[0]}))
    del obj, component, engine
    app.quit()


main()
