"""feet_visible on synthetic landmark frames (pure: no cv2/mediapipe)."""
from __future__ import annotations

import ast
import pathlib

import pytest

from coach.engine.visibility import FeetCheck, feet_visible
from coach.records import Frame, PoseIndex as P

VIS = 0.95


def body_px(kind: str = "standing") -> dict:
    """Pixel positions of the landmarks that matter, for a few body poses."""
    if kind == "standing":  # front view, portrait 480x640
        pts = {
            P.NOSE: (240, 80), P.LEFT_EAR: (258, 78), P.RIGHT_EAR: (222, 78),
            P.LEFT_SHOULDER: (275, 150), P.RIGHT_SHOULDER: (205, 150),
            P.LEFT_WRIST: (290, 300), P.RIGHT_WRIST: (190, 300),
            P.LEFT_HIP: (262, 300), P.RIGHT_HIP: (218, 300),
            P.LEFT_KNEE: (264, 420), P.RIGHT_KNEE: (216, 420),
            P.LEFT_ANKLE: (265, 540), P.RIGHT_ANKLE: (215, 540),
            P.LEFT_HEEL: (263, 556), P.RIGHT_HEEL: (217, 556),
            P.LEFT_FOOT_INDEX: (272, 588), P.RIGHT_FOOT_INDEX: (208, 588),
        }
    elif kind == "sitting_legs_straight_side":  # on the floor, seen from the side, 640x480
        pts = {
            P.NOSE: (215, 100), P.LEFT_EAR: (195, 95), P.RIGHT_EAR: (195, 95),
            P.LEFT_SHOULDER: (200, 160), P.RIGHT_SHOULDER: (196, 158),
            P.LEFT_WRIST: (260, 300), P.RIGHT_WRIST: (255, 300),
            P.LEFT_HIP: (205, 310), P.RIGHT_HIP: (202, 308),
            P.LEFT_KNEE: (330, 318), P.RIGHT_KNEE: (328, 316),
            P.LEFT_ANKLE: (450, 325), P.RIGHT_ANKLE: (448, 323),
            P.LEFT_HEEL: (458, 340), P.RIGHT_HEEL: (456, 338),
            P.LEFT_FOOT_INDEX: (472, 292), P.RIGHT_FOOT_INDEX: (470, 290),
        }
    elif kind == "lying_pedalling_side":  # on the back, thighs up, 640x480
        pts = {
            P.NOSE: (95, 365), P.LEFT_EAR: (110, 372), P.RIGHT_EAR: (110, 372),
            P.LEFT_SHOULDER: (150, 385), P.RIGHT_SHOULDER: (152, 383),
            P.LEFT_WRIST: (250, 400), P.RIGHT_WRIST: (252, 400),
            P.LEFT_HIP: (300, 385), P.RIGHT_HIP: (302, 383),
            P.LEFT_KNEE: (315, 260), P.RIGHT_KNEE: (350, 280),
            P.LEFT_ANKLE: (435, 250), P.RIGHT_ANKLE: (460, 300),
            P.LEFT_HEEL: (445, 265), P.RIGHT_HEEL: (472, 312),
            P.LEFT_FOOT_INDEX: (462, 222), P.RIGHT_FOOT_INDEX: (490, 275),
        }
    else:
        raise ValueError(kind)
    return dict(pts)


SIZES = {"standing": (480, 640), "sitting_legs_straight_side": (640, 480), "lying_pedalling_side": (640, 480)}


def make_frame(pts: dict, w: int, h: int, vis: dict | None = None, t: float = 0.0) -> Frame:
    """33 rows, normalised separately by width and height like MediaPipe."""
    vis = vis or {}
    cx = sum(x for x, _ in pts.values()) / len(pts)
    cy = sum(y for _, y in pts.values()) / len(pts)
    rows = []
    for i in range(33):
        x, y = pts.get(i, (cx, cy))  # unused landmarks: somewhere on the body
        rows.append((x / w, y / h, 0.0, vis.get(i, VIS)))
    return Frame(t=t, w=w, h=h, pose=tuple(rows))


def moved(pts: dict, ids, dx: float, dy: float) -> dict:
    out = dict(pts)
    for i in ids:
        out[i] = (out[i][0] + dx, out[i][1] + dy)
    return out


FEET = (P.LEFT_ANKLE, P.LEFT_HEEL, P.LEFT_FOOT_INDEX, P.RIGHT_ANKLE, P.RIGHT_HEEL, P.RIGHT_FOOT_INDEX)
LEFT_FOOT = (P.LEFT_ANKLE, P.LEFT_HEEL, P.LEFT_FOOT_INDEX)


@pytest.mark.parametrize("kind", sorted(SIZES))
def test_plausible_bodies_pass(kind):
    w, h = SIZES[kind]
    check = feet_visible(make_frame(body_px(kind), w, h))
    assert isinstance(check, FeetCheck)
    assert check.ok and check.left and check.right and check.both, check
    assert check.reason == ""
    assert bool(check) is True


@pytest.mark.parametrize("w,h", [(480, 640), (1920, 1080), (1000, 650), (1088, 1920)])
def test_aspect_aware_same_pixels_any_image_size(w, h):
    # The same body in pixels, centred in images of other shapes: x and y are
    # normalised separately, so the check must measure in pixels.
    pts = body_px("standing")
    dx, dy = (w - 480) / 2, (h - 640) / 2
    pts = {k: (x + dx, y + dy) for k, (x, y) in pts.items()}
    assert feet_visible(make_frame(pts, w, h)).ok


def test_no_person():
    check = feet_visible(Frame(t=0.0, w=640, h=480, pose=None))
    assert not check.ok and "no person" in check.reason


def test_feet_outside_image_fail():
    pts = moved(body_px("standing"), FEET, 0, 150)  # below the bottom edge
    check = feet_visible(make_frame(pts, 480, 640))
    assert not check.ok and not check.left and not check.right
    assert "outside the image" in check.reason


def test_feet_slightly_outside_within_margin_pass():
    pts = moved(body_px("standing"), FEET, 0, 55)  # toes 3 px past the edge (< 2 % margin)
    assert feet_visible(make_frame(pts, 480, 640)).ok


def test_low_visibility_fails():
    vis = {i: 0.2 for i in FEET}
    check = feet_visible(make_frame(body_px("standing"), 480, 640, vis))
    assert not check.ok
    assert "visibility" in check.reason


def test_one_foot_hidden_is_still_ok_but_not_both():
    vis = {i: 0.1 for i in LEFT_FOOT}
    check = feet_visible(make_frame(body_px("standing"), 480, 640, vis))
    assert check.ok and check.right and not check.left and not check.both
    assert "left" in check.left_reason and "visibility" in check.left_reason


def test_tiny_squashed_legs_fail():
    pts = body_px("standing")
    # Knees, ankles, heels and toes all crammed just under the hips.
    for side, hip in (("L", P.LEFT_HIP), ("R", P.RIGHT_HIP)):
        hx, hy = pts[hip]
        ids = (P.LEFT_KNEE, P.LEFT_ANKLE, P.LEFT_HEEL, P.LEFT_FOOT_INDEX) if side == "L" else (
            P.RIGHT_KNEE, P.RIGHT_ANKLE, P.RIGHT_HEEL, P.RIGHT_FOOT_INDEX)
        for k, i in enumerate(ids):
            pts[i] = (hx + k, hy + 6 + 4 * k)
    check = feet_visible(make_frame(pts, 480, 640))
    assert not check.ok
    assert "leg implausibly short" in check.reason


def test_feet_far_from_ankles_fail():
    pts = body_px("standing")
    # Heels and foot tips 150 px away from the ankles (inside the image).
    pts[P.LEFT_HEEL], pts[P.LEFT_FOOT_INDEX] = (420, 560), (440, 600)
    pts[P.RIGHT_HEEL], pts[P.RIGHT_FOOT_INDEX] = (60, 560), (40, 600)
    check = feet_visible(make_frame(pts, 480, 640))
    assert not check.ok
    assert "too far from the ankle" in check.reason


def test_feet_folded_up_at_the_shoulders_fail():
    # Like the legs MediaPipe invents on hand close-ups: feet inside the torso.
    pts = body_px("standing")
    for knee, ankle, heel, tip, x in (
        (P.LEFT_KNEE, P.LEFT_ANKLE, P.LEFT_HEEL, P.LEFT_FOOT_INDEX, 265),
        (P.RIGHT_KNEE, P.RIGHT_ANKLE, P.RIGHT_HEEL, P.RIGHT_FOOT_INDEX, 215),
    ):
        pts[knee] = (x + 60, 230)
        pts[ankle], pts[heel], pts[tip] = (x, 190), (x + 3, 200), (x + 10, 215)
    check = feet_visible(make_frame(pts, 480, 640))
    assert not check.ok
    assert "close to the shoulders" in check.reason


def test_head_on_hip_side_fails():
    pts = body_px("standing")
    pts[P.NOSE] = (240, 230)  # nose between shoulders and hips
    check = feet_visible(make_frame(pts, 480, 640))
    assert not check.ok and "implausible body" in check.reason


def test_foot_folded_onto_shin_fails():
    pts = body_px("standing")
    for ankle, heel, tip in ((P.LEFT_ANKLE, P.LEFT_HEEL, P.LEFT_FOOT_INDEX), (P.RIGHT_ANKLE, P.RIGHT_HEEL, P.RIGHT_FOOT_INDEX)):
        ax, ay = pts[ankle]
        pts[heel] = (ax, ay + 5)
        pts[tip] = (ax + 2, ay - 45)  # toes pointing back up along the shin
    check = feet_visible(make_frame(pts, 480, 640))
    assert not check.ok and "folds back" in check.reason


def test_bad_input_does_not_crash():
    assert not feet_visible(Frame(t=0, w=640, h=480, pose=((0.5, 0.5, 0.0, 1.0),) * 5)).ok
    rows = list(make_frame(body_px("standing"), 480, 640).pose)
    rows[P.LEFT_ANKLE] = (float("nan"), 0.5, 0.0, 1.0)
    assert not feet_visible(Frame(t=0, w=480, h=640, pose=tuple(rows))).ok
    assert not feet_visible(Frame(t=0, w=0, h=0, pose=tuple(rows))).ok


def test_visibility_module_is_pure():
    src = pathlib.Path(__file__).resolve().parents[1] / "coach" / "engine" / "visibility.py"
    tree = ast.parse(src.read_text())
    mods = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            mods.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            mods.add(node.module.split(".")[0])
    assert not mods & {"cv2", "mediapipe", "streamlit"}, mods
