"""The foot view's local motion (coach.foot.motion) on drawn frames: the
tracked toe tip and the fabric flow in front of the toes."""
from __future__ import annotations

import numpy as np
import pytest

cv2 = pytest.importorskip("cv2")

from coach.foot.motion import FabricFlow, TipTracker  # noqa: E402

H, W = 240, 320


def _texture(seed, h=3 * H, w=W):
    rng = np.random.default_rng(seed)
    img = rng.integers(0, 255, (h, w), dtype=np.uint8)
    return cv2.GaussianBlur(img, (0, 0), 1.5)


def _foot_mask(dx=0, dy=0):
    m = np.zeros((H, W), np.uint8)
    cv2.ellipse(m, (160 + dx, 160 + dy), (28, 60), 0, 0, 360, 255, -1)
    cv2.rectangle(m, (132 + dx, 160 + dy), (188 + dx, H), 255, -1)
    return m


def _frame(floor_shift, dx=0, dy=0, skin=None, floor=None):
    floor = _texture(1) if floor is None else floor
    skin = _texture(2, H, W) // 2 + 100 if skin is None else skin
    f = floor[H - floor_shift:2 * H - floor_shift]
    m = _foot_mask(dx, dy)
    moved = np.roll(np.roll(skin, dy, 0), dx, 1)
    return np.where(m > 0, moved, f).astype(np.uint8), m


def test_fabric_pulled_toward_the_heel_reads_positive_and_still_reads_zero():
    flow = FabricFlow()
    tip, axis, width = (160.0, 100.0), (0.0, -1.0), 56.0
    got = []
    for k, shift in enumerate([0, 0, 2, 4, 6, 6, 6]):
        img, m = _frame(shift)
        got.append(flow.update(img, m, tip, axis, width))
    assert got[0] is None
    assert abs(got[1]) < 0.2  # still
    assert all(abs(g - 2.0) < 0.3 for g in got[2:5]), got  # 2 px per frame toward the heel
    assert all(abs(g) < 0.2 for g in got[5:]), got


def test_foot_motion_is_taken_away():
    # The whole picture shakes by 3 px (camera): no fabric motion relative to the foot.
    flow = FabricFlow()
    img0, m0 = _frame(0)
    flow.update(img0, m0, (160.0, 100.0), (0.0, -1.0), 56.0)
    shaken = np.roll(img0, 3, 0)
    got = flow.update(shaken, np.roll(m0, 3, 0), (160.0, 103.0), (0.0, -1.0), 56.0)
    assert got is not None and abs(got) < 0.3


def test_tip_tracker_follows_a_moving_foot():
    tracker = TipTracker()
    skin = _texture(2, H, W) // 2 + 100
    floor = _texture(5)
    path = [(0, 0), (0, 0), (0, 0)] + [(2 * k, k) for k in range(1, 15)]
    for dx, dy in path:
        img, _ = _frame(0, dx, dy, skin=skin, floor=floor)
        p = tracker.update(img, (160.0 + dx, 100.0 + dy), (0.0, -1.0), 56.0)
    assert p is not None
    assert abs(p[0] - (160 + 28)) < 1.5 and abs(p[1] - (100 + 14)) < 1.5


def test_tip_tracker_keeps_to_the_foot_when_the_silhouette_jumps():
    tracker = TipTracker()
    skin = _texture(2, H, W) // 2 + 100
    floor = _texture(5)
    for k in range(5):
        img, _ = _frame(0, skin=skin, floor=floor)
        p = tracker.update(img, (160.0, 100.0), (0.0, -1.0), 56.0)
    for k in range(5):  # the silhouette's toe end jumps 30 px aside for a few frames
        img, _ = _frame(0, skin=skin, floor=floor)
        p = tracker.update(img, (190.0, 110.0), (0.0, -1.0), 56.0)
    assert abs(p[0] - 160) < 1.5 and abs(p[1] - 100) < 1.5
