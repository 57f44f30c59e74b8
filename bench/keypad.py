"""Visits by the tactile keypad against the same visits by touch, in the same run.

    .venv/bin/python bench/keypad.py [--sessions 25]

Runs `kiosk burn-in` twice in one process (portrait 1080x1920, offscreen, software
renderer, emulated devices, throw-away data): first by touch (the baseline), then with
`--input keypad` (every control reached with Down and pressed with Enter, words typed on
the on-screen keyboard with its arrows, one visit in four that needs words sent to a
counter). Reports, for each, the sessions completed and failed, seconds per session,
and the time from the press that changed the screen (a finger, or the keypad's Enter) to
the new screen's first frame; then the keypad's figures over the touch ones. Prints one
JSON object.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk.config import KioskConfig  # noqa: E402
from ui.rehearsal.burn_in import run_burn_in  # noqa: E402


def figures(report) -> dict:
    result = report.as_json()
    return {
        "sessions_completed": result["sessions_completed"],
        "sessions_failed": result["sessions_failed"],
        "sessions_handed_over": result["sessions_handed_over"],
        "seconds_per_session": round(report.seconds / report.sessions, 2),
        "press_to_frame_ms": result["transition_ms"],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=25)
    args = parser.parse_args()
    touch = figures(run_burn_in(KioskConfig(), args.sessions))
    keypad = figures(run_burn_in(KioskConfig(), args.sessions, keypad=True))

    def ratio(key: str) -> float | None:
        base, value = touch["press_to_frame_ms"][key], keypad["press_to_frame_ms"][key]
        return round(value / base, 2) if base and value else None

    print(json.dumps({
        "sessions": args.sessions,
        "touch_baseline": touch,
        "keypad": keypad,
        "keypad_over_touch": {
            "press_to_frame_p50": ratio("p50"), "press_to_frame_p95": ratio("p95"),
            "seconds_per_session": round(keypad["seconds_per_session"]
                                         / touch["seconds_per_session"], 2)},
    }, ensure_ascii=False))
    return 0 if not (touch["sessions_failed"] or keypad["sessions_failed"]) else 1


if __name__ == "__main__":
    sys.exit(main())
