"""The allocator settings that keep a long-running terminal from creeping up in memory
(their effect is measured by `kiosk burn-in`: RSS after session 100 and at the end)."""

from __future__ import annotations

import subprocess
import sys


def test_the_allocator_takes_fixed_thresholds_on_this_system():
    code = ("from kiosk.memory import limit_heap_growth, return_free_memory\n"
            "assert limit_heap_growth(); return_free_memory(); print('ok')")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "ok", result.stderr
