"""Fixtures shared by the whole suite."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def footage_or_skip() -> Path:
    """The real footage folder (FOOTCOACH_FOOTAGE); skips without it, fails under CI."""
    raw = os.environ.get("FOOTCOACH_FOOTAGE", "").strip()
    problem = None
    if not raw:
        problem = "FOOTCOACH_FOOTAGE is not set (point it at the shared footage folder)"
    elif not (Path(raw) / "SOURCES.tsv").is_file():
        problem = f"FOOTCOACH_FOOTAGE={raw} is not a footage folder (no SOURCES.tsv)"
    if problem:
        if in_ci():
            pytest.fail(f"CI=true but real footage is missing: {problem}", pytrace=False)
        pytest.skip(f"real footage not available: {problem}")
    return Path(raw)


@pytest.fixture(scope="session")
def footage_dir() -> Path:
    return footage_or_skip()
