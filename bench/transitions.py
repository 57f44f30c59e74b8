"""Tap to the new screen's first frame, across the screens of real visits, against a bare
StackView push of a 30-button page in the same window size, renderer and run.

    .venv/bin/python bench/transitions.py [--sessions 10] [--pushes 200]
    .venv/bin/python bench/transitions.py --during-sync [--sessions 10] [--items 10000]

The kiosk's figure comes from whole visits driven by taps (ui/rehearsal/burn_in.py: apply, guide,
progress, complaint, rating; portrait 1080x1920, offscreen, software renderer): every tap
that changes the screen is timed from the finger's press reaching the window to the
next frame. The baseline is timed the same way: a tap on a button that pushes a page of
30 buttons onto a bare StackView (no transition), popped again untimed. Prints one JSON
object.

With `--during-sync` the same visits run twice: first on an idle terminal
(`idle_p95_ms`), then while full catalogue syncs of `--items` items run one after
another on a thread of the same process (`p95_ms`), as the kiosk's sync thread runs
beside its screens; `ratio` is p95_ms over idle_p95_ms. Each sync is a terminal's first:
a new store enrolled with the reference platform on 127.0.0.1, which serves the demo
catalogue grown to --items items (bench/catalogue_sync.py's), downloaded in full,
checked, indexed and stored by `CatalogueSync.run()`. `syncs_during` counts the syncs
that ran to the end while the visits were measured (at least one must).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
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
    from ui.rehearsal.burn_in import _PressClock
    from ui.rehearsal.driver import ScreenDriver

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


class CatalogueSyncsInBackground:
    """Full catalogue syncs one after another on a thread, until stopped."""

    def __init__(self, items: int):
        from bench.catalogue_sync import grown_items
        from bench.platform_harness import Platform

        self._platform = Platform(prefix="bench-transitions-").__enter__()
        self._platform.catalogue_update({"items": grown_items(items)}, "full.json")
        self._items = items
        self._scratch = tempfile.TemporaryDirectory(prefix="bench-transitions-kiosk-")
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.seconds: list[float] = []
        self.served = 0
        self.failure: BaseException | None = None

    def start(self) -> None:
        codes = self._platform.enrollment_codes(200)
        self._thread = threading.Thread(target=self._run, args=(codes,), name="sync",
                                        daemon=True)
        self._thread.start()

    def _run(self, codes: list[str]) -> None:
        from kiosk.config import PlatformConfig
        from kiosk.sync.catalogue_sync import CatalogueSync
        from kiosk.sync.client import PlatformClient
        from kiosk.sync.enrollment import enroll
        from offline_cache.store import Store

        try:
            for n, code in enumerate(codes):
                if self._stop.is_set():
                    return
                with Store.open(Path(self._scratch.name) / f"kiosk{n}", min_free_bytes=0) as store:
                    link = enroll(store, self._platform.url, code,
                                  PlatformConfig(read_timeout_s=120.0))
                    client = PlatformClient(self._platform.url, token=link.token,
                                            read_timeout_s=120.0)
                    try:
                        started = time.perf_counter()
                        outcome = CatalogueSync(store, client, link).run()
                        if self._stop.is_set():
                            return  # cut short by the end of the visits: not counted
                        self.seconds.append(time.perf_counter() - started)
                        assert outcome.full and outcome.items, outcome
                        self.served = outcome.items
                    finally:
                        client.close()
        except BaseException as exc:  # noqa: BLE001 - reported by stop()
            self.failure = exc

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self._platform.__exit__(None, None, None)
        self._scratch.cleanup()
        if self.failure is not None:
            raise RuntimeError(f"the background sync failed: {self.failure!r}") from self.failure


def during_sync(sessions: int, items: int) -> dict:
    from ui.rehearsal.burn_in import run_burn_in

    syncs = CatalogueSyncsInBackground(items)
    try:
        idle = run_burn_in(KioskConfig(), sessions, orientation="portrait")
        syncs.start()
        busy = run_burn_in(KioskConfig(), sessions, orientation="portrait")
        during = len(syncs.seconds)
    finally:
        syncs.stop()
    if during < 1:
        raise SystemExit("no catalogue sync ran to its end while the visits were measured: "
                         "raise --sessions")
    idle_p95 = summary(idle.transitions_ms)["p95_ms"]
    busy_summary = summary(busy.transitions_ms)
    return {
        "sessions": sessions,
        "sessions_completed": [idle.completed, busy.completed],
        "items": items,
        "items_served": syncs.served,
        "transitions": busy_summary["n"],
        "p50_ms": busy_summary["p50_ms"],
        "p95_ms": busy_summary["p95_ms"],
        "idle_p50_ms": summary(idle.transitions_ms)["p50_ms"],
        "idle_p95_ms": idle_p95,
        "ratio": round(busy_summary["p95_ms"] / idle_p95, 2),
        "syncs_during": during,
        "full_sync_s": round(statistics.median(syncs.seconds), 2),
        "window": "1080x1920 portrait, offscreen, software renderer",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--pushes", type=int, default=200)
    parser.add_argument("--during-sync", action="store_true",
                        help="measure while full catalogue syncs run, against idle")
    parser.add_argument("--items", type=int, default=10_000,
                        help="the synced catalogue's size, with --during-sync")
    args = parser.parse_args()
    prepare_qt(offscreen=True)
    app = QGuiApplication(sys.argv[:1])  # noqa: F841 - lives for the whole run
    if args.during_sync:
        print(json.dumps(during_sync(args.sessions, args.items), ensure_ascii=False))
        return 0
    from ui.rehearsal.burn_in import ROTATION, run_burn_in

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
