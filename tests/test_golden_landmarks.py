"""Pose landmarks on real photos against golden files, within tolerances.

A model, preprocessing or adapter change that moves the landmarks shows up
here; regenerate with tests/make_golden.py only when the move is intended.
"""
import json
from pathlib import Path

import pytest

from tests.make_golden import GOLDEN_DIR, PHOTOS, pose_of

pytestmark = [pytest.mark.mediapipe, pytest.mark.footage]

# Pixels: the adapter is deterministic on one machine, but the XNNPACK kernels
# may round differently on another CPU.
POSITION_TOLERANCE_PX = 3.0
VISIBILITY_TOLERANCE = 0.05
FOOT_POINTS = range(27, 33)


@pytest.mark.parametrize("photo", PHOTOS)
def test_pose_matches_golden(footage_dir, photo):
    golden = json.loads((GOLDEN_DIR / (Path(photo).stem + ".pose.json")).read_text())
    pose, w, h = pose_of(footage_dir / photo)
    assert pose is not None and (w, h) == (golden["w"], golden["h"])
    worst = 0.0
    for i, (got, want) in enumerate(zip(pose, golden["pose"])):
        dx, dy = (got[0] - want[0]) * w, (got[1] - want[1]) * h
        worst = max(worst, abs(dx), abs(dy))
        assert abs(dx) <= POSITION_TOLERANCE_PX and abs(dy) <= POSITION_TOLERANCE_PX, f"landmark {i} moved ({dx:.1f}, {dy:.1f}) px"
        assert abs(got[3] - want[3]) <= VISIBILITY_TOLERANCE, f"landmark {i} visibility {got[3]:.2f} vs {want[3]:.2f}"
    # The feet are what this product is about: they must be there and seen.
    for i in FOOT_POINTS:
        assert golden["pose"][i][3] > 0.5
