"""The foot-view accuracy suite's fast subset, held to the targets.

Clips are generated from the real foot photos (FOOTCOACH_FOOTAGE) and run
through the same path as ``coach analyze``. Without the footage this skips,
except under CI=true, where it fails.
"""
from __future__ import annotations

import pytest

from tests.conftest import footage_or_skip

pytest.importorskip("cv2")

# Exercises not yet at the targets, with the measured reason (none at present:
# towel_gather and toe_draw reached them with the tracked toe tip, the
# template/point-cloud digit recogniser and the texture-point fabric flow).
BELOW_TARGET: dict = {}


@pytest.fixture(scope="module")
def rows():
    footage_or_skip()
    from coach.accuracy import foot

    return {row["exercise"]: row for row in foot.run(fast=True)}


@pytest.mark.parametrize("exercise", ["toe_spread", "big_toe_flex", "object_pickup", "towel_gather", "toe_draw"])
def test_targets(rows, exercise):
    if exercise in BELOW_TARGET:
        pytest.xfail(BELOW_TARGET[exercise])
    row = rows[exercise]
    assert row["clips"] >= 1 and row["negatives"] >= 1
    assert row["exact_rate"] >= 0.95, row
    assert row["phantom_reps"] == 0, row
    if exercise == "toe_draw":
        assert row["digit_accuracy"] >= 0.9, row
    if exercise == "big_toe_flex":
        assert row["angle_error_deg"] <= 5.0, row


def test_every_row_has_the_columns(rows):
    for row in rows.values():
        for key in ("exercise", "clips", "exact_rate", "mae", "off_by_one_rate", "negatives", "phantom_reps"):
            assert key in row
    assert "digit_accuracy" in rows["toe_draw"]
    assert "angle_error_deg" in rows["big_toe_flex"]
