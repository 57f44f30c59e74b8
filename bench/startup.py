"""From process start to the first frame of the home screen, against a bare QML window
timed the same way in the same run.

    .venv/bin/python bench/startup.py [--runs 5]

Each run is a fresh process, offscreen with the software renderer; the clock starts
before the process is launched and stops when it prints its first-frame line. The kiosk
runs as a terminal does every morning: its store (catalogue and search index) already
there; the very first start, which builds the index, is reported apart.
Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

BARE_QML = r"""
import sys
from PySide6.QtCore import QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtQml import QQmlApplicationEngine
from PySide6.QtQuick import QQuickWindow, QSGRendererInterface
QQuickWindow.setGraphicsApi(QSGRendererInterface.GraphicsApi.Software)
app = QGuiApplication(sys.argv)
engine = QQmlApplicationEngine()
engine.loadData(b"import QtQuick\nWindow { width: 1080; height: 1920; visible: true\n"
                b"  Text { anchors.centerIn: parent; text: 'Hello'; font.pixelSize: 40 } }")
window = engine.rootObjects()[0]
def first_frame():
    print("first frame", flush=True)
    app.quit()
window.frameSwapped.connect(first_frame)
app.exec()
"""


def time_until_first_frame(command: list[str]) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_QUICK_BACKEND": "software"}
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True)
    for line in process.stdout:
        if "first frame" in line:
            elapsed = time.perf_counter() - started
            break
    else:
        raise SystemExit(f"no first frame from {command}")
    process.wait(timeout=60)
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as data_dir:
        kiosk = [sys.executable, "-m", "kiosk", "run", "--exit-after-first-frame",
                 "--data-dir", data_dir]
        first_start = time_until_first_frame(kiosk)
        kiosk_runs, bare_runs = [], []
        for _ in range(args.runs):  # interleaved, so both see the same machine
            kiosk_runs.append(time_until_first_frame(kiosk))
            bare_runs.append(time_until_first_frame([sys.executable, "-c", BARE_QML]))
    kiosk_s = statistics.median(kiosk_runs)
    bare_s = statistics.median(bare_runs)
    print(json.dumps({
        "runs": args.runs,
        "kiosk_first_frame_s": round(kiosk_s, 3),
        "bare_qml_first_frame_s": round(bare_s, 3),
        "ratio": round(kiosk_s / bare_s, 2),
        "kiosk_very_first_start_s": round(first_start, 3),
        "kiosk_runs_s": [round(r, 3) for r in kiosk_runs],
        "bare_runs_s": [round(r, 3) for r in bare_runs],
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
