#!/usr/bin/env bash
# Install everything (first run only), then run every test. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export QT_QPA_PLATFORM=offscreen QT_QUICK_BACKEND=software
set +e
# One worker a core; a test file stays on one worker, so its module fixtures are made once.
.venv/bin/python -m pytest -n auto --dist loadfile "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: that is a failure here" >&2
  exit 1
fi
exit "$status"
