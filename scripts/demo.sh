#!/usr/bin/env bash
# Install everything (first run only), then start the kiosk in demo mode:
# emulated devices, bundled catalogue, a throw-away data directory.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/kiosk --demo "$@"
