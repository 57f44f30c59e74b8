"""Guard against PySide6 releases that corrupt the refcounts of True and None.

Measured with 6.12.0 on Python 3.11: the process aborts after a few hundred calls. Pin
to a release this test passes on.
"""

import json
import subprocess
import sys
from pathlib import Path

CHILD = Path(__file__).with_name("qt_refcount_child.py")
TOLERANCE = 50


def test_signals_event_loop_and_qml_calls_keep_true_and_none_alive():
    result = subprocess.run([sys.executable, str(CHILD)], capture_output=True, text=True,
                            timeout=300, env={**__import__("os").environ,
                                              "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, f"child died: {result.returncode}\n{result.stderr[-2000:]}"
    drift = json.loads(result.stdout.strip().splitlines()[-1])
    assert drift["received"] == 10_000
    assert abs(drift["emit_true"]) <= TOLERANCE, drift
    assert abs(drift["process_events_none"]) <= TOLERANCE, drift
    assert abs(drift["qml_call_none"]) <= TOLERANCE, drift
