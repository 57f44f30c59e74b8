"""Devices pulled out and plugged back while the terminal serves: how long the UI thread
is kept from painting, against the same terminal standing idle in the same run.

    .venv/bin/python bench/device_faults.py

The terminal runs its screens offscreen with real drivers on real transports: the ID
card reader (GA 467 module on a pseudo-terminal), the receipt printer (TCP 9100
emulator), the camera (a clip played by OpenCV). The social security card reader stays
emulated here (its real stack needs a private pcscd in namespaces of its own, which the
device tests set up). A 5 ms timer on the UI thread measures how late each of its ticks
comes: the longest delay is the longest the screen could not have answered a touch.

Phases: idle on the home screen (the baseline); the ID card reader unplugged and plugged
back while the identify screen waits, then a card laid on it; the printer switched off,
the materials checklist asked for (the resident is told it cannot print), switched on,
asked again (printed); the camera's source gone and back while frames are asked for.
Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtGui import QGuiApplication  # noqa: E402

from drivers.camera.clips import scenes, write_clip  # noqa: E402
from drivers.id_reader.emulator import SamModuleEmulator, load_cards  # noqa: E402
from drivers.id_reader.pty_emulator import PtySamModule  # noqa: E402
from drivers.printer.tcp_emulator import TcpPrinterEmulator  # noqa: E402
from kiosk.config import KioskConfig  # noqa: E402

TICK_MS = 5


class StallProbe:
    """A timer on the UI thread; records how late each tick came."""

    def __init__(self):
        self._timer = QTimer()
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        self._last = time.perf_counter()
        self.worst_ms = 0.0

    def start(self) -> None:
        self._last = time.perf_counter()
        self.worst_ms = 0.0
        self._timer.start()

    def stop(self) -> float:
        self._timer.stop()
        return round(self.worst_ms, 1)

    def _tick(self) -> None:
        now = time.perf_counter()
        self.worst_ms = max(self.worst_ms, (now - self._last) * 1000 - TICK_MS)
        self._last = now


def main() -> int:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    from kiosk.app import Kiosk
    from ui.app import KioskScreens, prepare_qt
    from ui.rehearsal.driver import ScreenDriver

    prepare_qt(offscreen=True)
    app = QGuiApplication(sys.argv[:1])  # noqa: F841 - lives for the whole run
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="bench-faults-") as scratch:
        scratch = Path(scratch)
        clip = write_clip(scratch / "desk.avi", scenes()["desk"], size=(1280, 720), frames=30)
        module = SamModuleEmulator(load_cards())
        with PtySamModule(module, module_delay_s=0.02, link=scratch / "id-reader") as sam, \
                TcpPrinterEmulator().start() as printer:
            config = KioskConfig()
            config.devices["id_reader"].driver = "ga467"
            config.devices["id_reader"].port = sam.port
            config.devices["printer"].driver = "escpos"
            config.devices["printer"].host = "127.0.0.1"
            config.devices["printer"].port = printer.address[1]
            config.devices["printer"].timeout_s = 2.0
            config.devices["camera"].driver = "opencv"
            config.devices["camera"].source = str(clip)
            kiosk = Kiosk(config, scratch / "data", test_traffic=True)
            screens = KioskScreens(kiosk)
            driver = ScreenDriver(screens.window)
            driver.wait_for_frame()
            screens.keyboard_now()
            screens.start()  # the card poller and the session clock, as in service
            probe = StallProbe()
            try:
                probe.start()
                driver.wait(3000)
                results["idle_home"] = probe.stop()

                item = next(i for i in kiosk.catalogue.items if i.journey.value == "apply"
                            and "id_card" in {p.value for p in i.identity_proofs})
                screens.app_vm.openService(item.code)
                driver.wait_for_frame()
                driver.tap("primary")  # from the guide to the identify screen
                probe.start()
                sam.unplug()
                driver.wait(2000)
                sam.plug()
                module.present_card("wang_xiulan")
                deadline = time.monotonic() + 15
                while kiosk.session.identity is None and time.monotonic() < deadline:
                    driver.wait(50)
                results["id_reader_pulled_and_back"] = probe.stop()
                results["id_card_read_after_replug"] = kiosk.session.identity is not None
                screens.app_vm.goHome()
                if screens.app_vm.confirmingHome:
                    screens.app_vm.confirmHome()
                module.remove_card()
                driver.wait(1500)

                screens.app_vm.openService(item.code)
                driver.wait_for_frame()
                probe.start()
                printer.unplug()
                driver.tap("print-checklist")
                while screens.app_vm.journeyModel.printing:
                    driver.wait(20)
                told = screens.app_vm.journeyModel.printMessage
                printer.plug_in()
                driver.tap("print-checklist")
                while screens.app_vm.journeyModel.printing:
                    driver.wait(20)
                results["printer_off_then_on"] = probe.stop()
                results["printer_off_told"] = "打印不出来" in told
                results["printed_after_on"] = "已打印" in screens.app_vm.journeyModel.printMessage

                probe.start()
                moved = clip.with_name("gone.avi")
                frames = []
                for step in range(60):
                    if step == 10:
                        clip.rename(moved)  # the camera's cable pulled
                    if step == 30:
                        moved.rename(clip)
                    frames.append(kiosk.camera_frame() is not None)
                    driver.wait(50)
                results["camera_pulled_and_back"] = probe.stop()
                results["camera_frames_after_replug"] = any(frames[45:])
            finally:
                screens.close()
                kiosk.close()
    stalls = {k: v for k, v in results.items() if isinstance(v, float)}
    print(json.dumps({
        "tick_ms": TICK_MS,
        "worst_ui_stall_ms": stalls,
        "baseline_idle_worst_stall_ms": stalls["idle_home"],
        "worst_under_faults_ms": max(v for k, v in stalls.items() if k != "idle_home"),
        "recovered": {k: v for k, v in results.items() if isinstance(v, bool)},
        "card_reader": "emulated in this benchmark (see the docstring)",
    }, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
