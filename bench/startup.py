"""How long a terminal takes from process start to the home screen's first frame, against
a bare QML window (a Window with one Text) timed the same way in the same run.

    .venv/bin/python bench/startup.py [--runs 5]

Each figure is the median of `--runs` starts, each a new process: the clock starts just
before the process is spawned and stops when the process reports its first frame
(stdout line), so Python's own start, the imports, the store, the catalogue, the QML and
the first render are all inside it; the shutdown after the frame is not. All run
offscreen with the software renderer.

`kiosk_first_frame_s` is `kiosk run` as a terminal starts every morning: its store
(checked catalogue and search index) already there from an earlier start, its devices
the real drivers (GA 467 reader, PC/SC, ESC/POS printer on a serial port, OpenCV camera,
IPP printer) configured for devices this machine does not have, so each driver loads and
looks for its device as it would on a terminal whose devices are still being plugged in
(the speaker stays emulated: the real one would start speech-dispatcher).
`kiosk_emulated_first_frame_s` is the same start with the in-process emulators, which
load more (OpenCV to draw the camera's desk, the printer emulator's decoder).
`demo_first_frame_s` is `kiosk --demo` on a new throw-away data dir, which checks the
bundled catalogue and builds its search index first, and opens the device simulator
window too. Prints one JSON object.
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

BARE_QML = """
import QtQuick
Window {
    width: 1080; height: 1920; visible: true
    Text { anchors.centerIn: parent; text: "政务服务自助终端"; font.pixelSize: 48 }
}
"""

# The terminal's real drivers, pointed at devices that are not there.
REAL_DRIVERS = """
[devices.id_reader]
driver = "ga467"
port = "{missing}/ttyUSB0"
[devices.card_reader]
driver = "pcsc"
[devices.printer]
driver = "escpos"
connection = "serial"
device = "{missing}/ttyS9"
[devices.camera]
driver = "opencv"
source = "{missing}/video0"
[devices.document_printer]
driver = "ipp"
uri = "ipp://127.0.0.1:9/ipp/print"
"""

# A bare QML window, timed like the kiosk: its first frame printed, then it quits.
BARE_SCRIPT = """
import sys
from PySide6.QtCore import QByteArray, QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtQml import QQmlApplicationEngine
from PySide6.QtQuick import QQuickWindow, QSGRendererInterface

QQuickWindow.setGraphicsApi(QSGRendererInterface.GraphicsApi.Software)
app = QGuiApplication(sys.argv)
engine = QQmlApplicationEngine()
engine.loadData(QByteArray(sys.argv[1].encode()), QUrl("bare.qml"))
window = engine.rootObjects()[0]

def first_frame():
    window.frameSwapped.disconnect(first_frame)
    print("first frame", flush=True)
    app.quit()

window.frameSwapped.connect(first_frame)
sys.exit(app.exec())
"""


def environment(pycache: str) -> dict[str, str]:
    """Offscreen, and the Python modules byte-compiled as on an installed terminal (pip
    compiles what it installs): the untimed first start writes them to `pycache`, even
    where the caller's environment says not to write bytecode."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(QT_QPA_PLATFORM="offscreen", QT_QUICK_BACKEND="software",
               PYTHONPYCACHEPREFIX=pycache)
    return env


def time_to_first_frame(command: list[str], env: dict[str, str]) -> tuple[float, str]:
    """Seconds from spawning `command` to its "first frame" line, and that line."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True)
    try:
        for line in process.stdout:
            if line.startswith("first frame"):
                return time.perf_counter() - started, line.strip()
        raise RuntimeError(f"{command[1:4]} exited without a first frame "
                           f"(exit code {process.wait()})")
    finally:
        process.stdout.close()
        if process.wait(timeout=60) != 0:
            raise RuntimeError(f"{command[1:4]} failed with exit code {process.returncode}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    kiosk = [sys.executable, "-m", "kiosk.cli"]
    demo = kiosk + ["--demo", "--exit-after-first-frame"]
    bare = [sys.executable, "-c", BARE_SCRIPT, BARE_QML]
    terminal_s, emulated_s, demo_s, bare_s, reported_s = [], [], [], [], []
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as scratch:
        data_dir = str(Path(scratch) / "data")  # its keys beside it, in the scratch too
        config = Path(scratch) / "kiosk.toml"
        config.write_text(REAL_DRIVERS.format(missing=Path(scratch) / "absent"),
                          encoding="utf-8")
        run = ["run", "--exit-after-first-frame", "--data-dir", data_dir]
        terminal = kiosk + ["--config", str(config)] + run
        emulated = kiosk + run + ["--emulated-devices"]
        env = environment(str(Path(scratch) / "pycache"))
        for command in (terminal, emulated, demo, bare):  # first starts, compiling: not counted
            time_to_first_frame(command, env)
        for _ in range(args.runs):  # interleaved, so that a busy moment hits all four
            seconds, line = time_to_first_frame(terminal, env)
            terminal_s.append(seconds)
            reported_s.append(float(line.split()[-2]))  # "first frame after 1.234 s"
            emulated_s.append(time_to_first_frame(emulated, env)[0])
            demo_s.append(time_to_first_frame(demo, env)[0])
            bare_s.append(time_to_first_frame(bare, env)[0])
    terminal_median = statistics.median(terminal_s)
    bare_median = statistics.median(bare_s)
    print(json.dumps({
        "runs": args.runs,
        "kiosk_first_frame_s": round(terminal_median, 3),
        "bare_qml_first_frame_s": round(bare_median, 3),
        "ratio": round(terminal_median / bare_median, 2),
        "kiosk_emulated_first_frame_s": round(statistics.median(emulated_s), 3),
        "kiosk_reported_after_imports_s": round(statistics.median(reported_s), 3),
        "demo_first_frame_s": round(statistics.median(demo_s), 3),
        "kiosk_runs_s": [round(s, 3) for s in terminal_s],
        "bare_qml_runs_s": [round(s, 3) for s in bare_s],
        "platform": "offscreen, software renderer",
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
