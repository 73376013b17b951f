"""Foot segmentation and toe tips on the real top-view photos.

The photos are read from FOOTCOACH_FOOTAGE, never copied into the repository.
Without it these tests skip, except under CI=true, where they fail.
"""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

cv2 = pytest.importorskip("cv2")

from coach.foot.geometry import measure_shape  # noqa: E402
from coach.foot.labels import OUTLINES, TOE_END, TOE_TIPS  # noqa: E402
from coach.foot.segment import segment_image  # noqa: E402


@pytest.fixture(scope="module")
def footage() -> Path:
    raw = os.environ.get("FOOTCOACH_FOOTAGE", "").strip()
    ci = os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")
    problem = None
    if not raw:
        problem = "FOOTCOACH_FOOTAGE is not set (point it at the shared footage folder)"
    elif not (Path(raw) / "SOURCES.tsv").is_file():
        problem = f"FOOTCOACH_FOOTAGE={raw} is not a footage folder (no SOURCES.tsv)"
    if problem:
        if ci:
            pytest.fail(f"CI=true but real footage is missing: {problem}", pytrace=False)
        pytest.skip(f"real footage not available: {problem}")
    return Path(raw)


def _truth(name: str) -> np.ndarray:
    m = np.zeros((640, 480), np.uint8)
    cv2.fillPoly(m, [np.array(OUTLINES[name], np.int32)], 255)
    return m


def _outline(truth: np.ndarray) -> np.ndarray:
    # The on-screen outline the foot is placed in: about 20 px loose, not exact.
    return cv2.erode(cv2.dilate(truth, np.ones((41, 41), np.uint8)), np.ones((61, 61), np.uint8))


@pytest.fixture(scope="module")
def results(footage):
    out = {}
    for name in OUTLINES:
        bgr = cv2.imread(str(footage / name), cv2.IMREAD_COLOR)
        assert bgr is not None, name
        truth = _truth(name)
        mask = segment_image(bgr, work_width=240, outline=_outline(truth))
        out[name] = (truth, mask, measure_shape(mask))
    return out


@pytest.mark.parametrize("name", sorted(OUTLINES))
def test_segmentation_matches_the_hand_outline(results, name):
    truth, mask, _ = results[name]
    a, b = truth > 127, mask > 127
    iou = (a & b).sum() / (a | b).sum()
    # Measured 0.80 (carpet) to 0.93 (tile); the hand outlines are ~8 px rough.
    assert iou >= 0.75, f"{name}: IoU {iou:.2f}"


@pytest.mark.parametrize("name", sorted(TOE_END))
def test_toe_end_found(results, name):
    _, _, shape = results[name]
    assert shape.found
    err = float(np.hypot(*(np.array(shape.toe_end) - TOE_END[name])))
    assert err <= 0.2 * shape.width, f"{name}: toe end {err:.0f} px off (ball width {shape.width:.0f})"


@pytest.mark.parametrize("name", sorted(TOE_TIPS))
def test_five_toe_tips_on_top_views(results, name):
    _, _, shape = results[name]
    assert len(shape.tips) == 5, f"{name}: {len(shape.tips)} tips"
    errs = [float(np.hypot(*(np.array(p) - q))) for p, q in zip(shape.tips, TOE_TIPS[name])]
    # Measured: concrete 9-25 px, carpet 14-31 px, against a ball width of ~112 px.
    assert max(errs) <= 0.3 * shape.width, f"{name}: tip errors {np.round(errs, 1)} px"
