"""Tap to the new screen's first frame, against a bare StackView push of a 30-button page
in the same window size, renderer and run.

    .venv/bin/python bench/transitions.py [--sessions 10] [--pushes 200]

The kiosk's figure comes from real visits driven by taps (ui/burn_in.py): every tap is
timed from the synthetic press to the next frame. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer, QUrl  # noqa: E402
from PySide6.QtGui import QGuiApplication  # noqa: E402
from PySide6.QtQml import QQmlApplicationEngine  # noqa: E402

from kiosk.config import KioskConfig  # noqa: E402
from ui.app import prepare_qt  # noqa: E402

BASELINE_QML = b"""
import QtQuick
import QtQuick.Controls.Basic
Window {
    width: 1080; height: 1920; visible: true
    property alias stack: stack
    Component {
        id: page
        Grid {
            columns: 3; spacing: 10
            Repeater { model: 30; Button { width: 340; height: 150; text: "Button " + index } }
        }
    }
    StackView { id: stack; anchors.fill: parent }
    function pushPage() { stack.push(page, {}, StackView.Immediate) }
    function popPage() { stack.pop(StackView.Immediate) }
}
"""


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def baseline_pushes(pushes: int) -> list[float]:
    engine = QQmlApplicationEngine()
    engine.loadData(BASELINE_QML, QUrl())
    window = engine.rootObjects()[0]
    timings = []
    for i in range(pushes):
        loop = QEventLoop()
        window.frameSwapped.connect(loop.quit)
        QTimer.singleShot(1000, loop.quit)
        started = time.perf_counter()
        window.pushPage() if i % 2 == 0 else window.popPage()
        loop.exec()
        window.frameSwapped.disconnect(loop.quit)
        timings.append((time.perf_counter() - started) * 1000)
    window.close()
    engine.deleteLater()
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--pushes", type=int, default=200)
    args = parser.parse_args()
    prepare_qt(offscreen=True)
    app = QGuiApplication(sys.argv[:1])  # noqa: F841 - lives for the whole run
    from ui.burn_in import run_burn_in

    report = run_burn_in(KioskConfig(), args.sessions)
    baseline = baseline_pushes(args.pushes)
    taps = report.transitions_ms
    print(json.dumps({
        "taps": len(taps),
        "p50_ms": round(statistics.median(taps), 2),
        "p95_ms": round(percentile(taps, 0.95), 2),
        "baseline_pushes": len(baseline),
        "baseline_p50_ms": round(statistics.median(baseline), 2),
        "baseline_p95_ms": round(percentile(baseline, 0.95), 2),
        "sessions_completed": report.completed,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
