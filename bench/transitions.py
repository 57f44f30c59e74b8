"""Tap to the new screen's first frame, across the screens of real visits, against a bare
StackView push of a 30-button page in the same window size, renderer and run.

    .venv/bin/python bench/transitions.py [--sessions 10] [--pushes 200]

The kiosk's figure comes from whole visits driven by taps (ui/burn_in.py: apply, guide,
progress, complaint, rating; portrait 1080x1920, offscreen, software renderer): every tap
that changes the screen is timed from the finger's press reaching the window to the
next frame. The baseline is timed the same way: a tap on a button that pushes a page of
30 buttons onto a bare StackView (no transition), popped again untimed. Prints one JSON
object.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QByteArray, QUrl  # noqa: E402
from PySide6.QtGui import QGuiApplication  # noqa: E402
from PySide6.QtQml import QQmlApplicationEngine  # noqa: E402

from kiosk.config import KioskConfig  # noqa: E402
from ui.app import WINDOW_SIZES, prepare_qt  # noqa: E402

BASELINE_QML = """
import QtQuick
import QtQuick.Controls.Basic
Window {
    width: %d; height: %d; visible: true
    function popPage() { stack.pop(StackView.Immediate) }
    Component {
        id: page
        Grid {
            columns: 3; spacing: 20
            Repeater { model: 30; Button { width: 330; height: 140; text: "按钮 " + index } }
        }
    }
    StackView {
        id: stack
        anchors.fill: parent
        initialItem: Item {
            Button {
                objectName: "push"
                property bool kioskControl: true
                anchors.centerIn: parent
                width: 400; height: 160
                text: "下一页"
                onClicked: stack.push(page, {}, StackView.Immediate)
            }
        }
    }
}
"""


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def summary(samples: list[float]) -> dict:
    return {"n": len(samples), "p50_ms": round(statistics.median(samples), 1),
            "p95_ms": round(percentile(samples, 0.95), 1)}


def baseline_pushes(pushes: int) -> list[float]:
    from ui.burn_in import _PressClock
    from ui.driver import ScreenDriver

    engine = QQmlApplicationEngine()
    engine.loadData(QByteArray((BASELINE_QML % WINDOW_SIZES["portrait"]).encode()),
                    QUrl("baseline.qml"))
    window = engine.rootObjects()[0]
    presses = _PressClock(window)
    window.installEventFilter(presses)
    driver = ScreenDriver(window)
    driver.wait_for_frame()
    timings = []
    for _ in range(pushes):
        driver.tap("push")
        driver.wait_for_frame()
        timings.append((time.perf_counter() - presses.at) * 1000)
        window.popPage()  # untimed; no transition left to run: the pushed page went in at once
        driver.wait_for_frame()
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
    from ui.burn_in import ROTATION, run_burn_in

    report = run_burn_in(KioskConfig(), args.sessions, orientation="portrait")
    baseline = baseline_pushes(args.pushes)
    kiosk = summary(report.transitions_ms)
    base = summary(baseline)
    print(json.dumps({
        "sessions": args.sessions,
        "sessions_completed": report.completed,
        "journeys": list(ROTATION),
        "transitions": kiosk["n"],
        "p50_ms": kiosk["p50_ms"],
        "p95_ms": kiosk["p95_ms"],
        "baseline_pushes": base["n"],
        "baseline_p50_ms": base["p50_ms"],
        "baseline_p95_ms": base["p95_ms"],
        "p95_to_baseline_p95": round(kiosk["p95_ms"] / base["p95_ms"], 2),
        "by_new_screen": {screen: summary(taps)
                          for screen, taps in sorted(report.by_new_screen.items())},
        "window": "1080x1920 portrait, offscreen, software renderer",
    }, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
