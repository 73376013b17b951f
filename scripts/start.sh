#!/usr/bin/env bash
# Sets up .venv (if needed) and starts the FootCoach app on http://localhost:8501.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
exec .venv/bin/python -m streamlit run coach/app/main.py \
    --server.address 127.0.0.1 --server.port "${PORT:-8501}" \
    --server.headless true --browser.gatherUsageStats false --client.toolbarMode minimal
