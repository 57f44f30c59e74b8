"""Screens under test: offscreen, software rendering, Qt's own warnings fail the test.

pytest-qt fails any test during which Qt logs a warning (pyproject: qt_log_level_fail);
the ignore list there names Qt's own files only. A test that expects a warning says so
with `@pytest.mark.qt_log_ignore(...)`.
"""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")
os.environ.setdefault("QT_IM_MODULE", "qtvirtualkeyboard")
