#!/usr/bin/env bash
# Sets up .venv (if needed) and runs every test. Extra arguments go to pytest.
# The real-footage tests read FOOTCOACH_FOOTAGE (default: ../shared/footage).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
if [ -z "${FOOTCOACH_FOOTAGE:-}" ] && [ -d ../shared/footage ]; then
    export FOOTCOACH_FOOTAGE="$(cd ../shared/footage && pwd)"
fi
exec .venv/bin/python -m pytest "$@"
