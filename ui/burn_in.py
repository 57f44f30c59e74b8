"""`kiosk burn-in`: complete resident journeys by taps, the way a technician burns in a
new terminal.

Every tap lands at the on-screen centre of a visible control (ui/driver.py), so a
control that is hidden, covered or under the keyboard fails that session, naming it. The
journeys are the tour's walks (ui/tour.py) without the pictures; the event loop turns as
in service (each step waits for the next frame in a real QEventLoop, so deferred
deletions run). Submissions are marked as test traffic; the data dir is a throw-away one
unless the technician names one.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtGui import QGuiApplication

from ui.driver import TapFailed
from ui.tour import TerminalTour, TourAborted

# One visit each, in turn: every journey kind a resident has.
ROTATION = ("apply", "guide", "progress", "complain", "rate")


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


class BurnInTerminal(TerminalTour):
    """The tour's hands and walks; no pictures, and every tap timed to the next frame."""

    def __init__(self, config, data_dir: Path, orientation: str):
        super().__init__(config, data_dir, data_dir, orientation, "normal")
        self.transitions_ms: list[float] = []

    def shot(self, label: str, *, overlay: str | None = None) -> None:
        self.settle()

    def tap(self, name: str) -> None:
        started = time.perf_counter()
        try:
            self.driver.tap(name)
        except TapFailed as exc:
            raise TourAborted(str(exc)) from None
        self.driver.wait_for_frame()
        self.transitions_ms.append((time.perf_counter() - started) * 1000)
        self.settle()


@dataclass
class BurnInReport:
    sessions: int
    completed: int = 0
    failures: list[str] = field(default_factory=list)
    transitions_ms: list[float] = field(default_factory=list)
    rss_mb_after_100: float | None = None
    rss_mb_end: float = 0.0
    submissions_queued: int = 0
    seconds: float = 0.0

    def as_json(self) -> dict:
        samples = sorted(self.transitions_ms)

        def percentile(q: float) -> float | None:
            if not samples:
                return None
            return round(samples[min(len(samples) - 1, int(q * len(samples)))], 2)

        return {
            "sessions": self.sessions,
            "sessions_completed": self.completed,
            "sessions_failed": len(self.failures),
            "failures": self.failures,
            "transition_ms": {"p50": round(statistics.median(samples), 2) if samples else None,
                              "p95": percentile(0.95), "taps": len(samples)},
            "rss_mb_after_100": round(self.rss_mb_after_100, 1)
            if self.rss_mb_after_100 is not None else None,
            "rss_mb_end": round(self.rss_mb_end, 1),
            "submissions_queued": self.submissions_queued,
            "seconds": round(self.seconds, 1),
        }


def run_burn_in(config, sessions: int, *, data_dir: Path | None = None,
                orientation: str | None = None,
                before_session: Callable[[int, BurnInTerminal], None] | None = None,
                ) -> BurnInReport:
    """Drive `sessions` visits; `before_session(n, terminal)` lets a test meddle."""
    from ui.app import prepare_qt

    if QGuiApplication.instance() is None:
        prepare_qt(offscreen=True)
        app = QGuiApplication([sys.argv[0] if sys.argv else "kiosk"])
        app.setApplicationName("one-terminal-kiosk")
    report = BurnInReport(sessions)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="kiosk-burn-in-") as scratch:
        terminal = BurnInTerminal(config, data_dir or Path(scratch),
                                  orientation or config.screen.orientation)
        try:
            walks = {"apply": terminal.walk_apply, "guide": terminal.walk_guide,
                     "progress": terminal.walk_progress, "complain": terminal.walk_complain,
                     "rate": terminal.walk_rate}
            for n in range(1, sessions + 1):
                kind = ROTATION[(n - 1) % len(ROTATION)]
                if before_session is not None:
                    before_session(n, terminal)
                failed_before = len(terminal.failures)
                terminal.journey(kind, walks[kind])
                if len(terminal.failures) > failed_before:
                    report.failures.append(f"session {n} ({terminal.failures[-1]})")
                else:
                    report.completed += 1
                if n == 100:
                    report.rss_mb_after_100 = rss_mb()
            report.transitions_ms = terminal.transitions_ms
            report.submissions_queued = terminal.kiosk.store.outbox.count()
        finally:
            terminal.close()
    report.rss_mb_end = rss_mb()
    report.seconds = time.perf_counter() - started
    return report


def burn_in_command(config, sessions: int, *, as_json: bool, data_dir: Path | None,
                    orientation: str | None) -> int:
    report = run_burn_in(config, sessions, data_dir=data_dir, orientation=orientation)
    result = report.as_json()
    if as_json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(f"burn-in: {report.completed} of {sessions} sessions completed in "
              f"{report.seconds:.0f} s; taps to the next frame p50 "
              f"{result['transition_ms']['p50']} ms, p95 {result['transition_ms']['p95']} ms; "
              f"RSS {result['rss_mb_end']} MB; {report.submissions_queued} test submissions "
              "queued")
        for failure in report.failures:
            print(f"  failed: {failure}")
    return 0 if report.completed == sessions else 1
