"""Are the person's feet really in view? Pure (stdlib + numpy only).

MediaPipe Pose always returns 33 landmarks once it finds a person, and on
hand-only or upper-body frames it invents legs and feet, sometimes with
visibility above 0.5. ``feet_visible`` accepts a foot only when its ankle,
heel and foot tip are inside the image, visible, and where a real foot could
be on a real body:

- body: the torso (shoulder midpoint to hip midpoint) is big enough to
  measure, and the nose is not on the hip side of the shoulders (invented
  bodies on hand close-ups are often folded that way);
- each foot: ankle, heel and foot tip inside the image (small margin) and
  visibility >= ``min_visibility``;
- limb proportions against the torso length T, in pixels (x and y are
  normalised to width and height separately, so they are scaled by
  ``frame.w``/``frame.h`` first): the leg (thigh + shin) is not squashed
  (>= 0.3 T), no leg segment is absurdly long (<= 2 T), the foot tip and heel
  are near the ankle (within a fraction of the body scale), the foot does not
  fold back onto the shin, and the foot is at least one torso length away
  from the shoulders (invented legs fold up into the torso).

Nothing assumes an upright body: legs may point any way (sitting with straight
legs seen from the side, lying on the back pedalling). ``ok`` is True when at
least one foot passes (in side views the far foot is often hidden);
``left``/``right`` say which; ``both`` is a convenience.

Thresholds were set on the project's real footage (see tests/test_footage.py):
every full-body photo passes, hand-only photos fail, and on hand videos about
2 % of frames slip through.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Optional, Sequence, Tuple

from coach.records import Frame, PoseIndex

# Left/right chains: hip, knee, ankle, heel, foot index.
_LEFT = (PoseIndex.LEFT_HIP, PoseIndex.LEFT_KNEE, PoseIndex.LEFT_ANKLE, PoseIndex.LEFT_HEEL, PoseIndex.LEFT_FOOT_INDEX)
_RIGHT = (
    PoseIndex.RIGHT_HIP,
    PoseIndex.RIGHT_KNEE,
    PoseIndex.RIGHT_ANKLE,
    PoseIndex.RIGHT_HEEL,
    PoseIndex.RIGHT_FOOT_INDEX,
)


@dataclass(frozen=True)
class FeetParams:
    """Thresholds. Lengths are in torso lengths (T) unless said otherwise."""

    min_visibility: float = 0.5        # each of ankle, heel, foot tip
    margin: float = 0.02               # allowed outside the image, fraction of w/h
    min_torso_px: float = 8.0          # torso shorter than this cannot be measured
    min_head_up: float = -0.1          # (nose - shoulders) . (shoulders - hips) / T^2
    min_leg: float = 0.3               # thigh + shin, in T
    max_segment: float = 2.0           # thigh or shin, in T
    max_foot: float = 0.75             # heel..tip, in body scale max(T, thigh, shin)
    max_ankle_tip: float = 0.7         # ankle..tip, in body scale
    max_ankle_heel: float = 0.5        # ankle..heel, in body scale
    max_foot_fold_deg: float = 160.0   # angle between knee->ankle and ankle->tip
    min_shoulder_dist: float = 1.0     # nearest foot point to shoulder midpoint, in T


DEFAULT_PARAMS = FeetParams()


@dataclass(frozen=True)
class FootCheck:
    ok: bool
    reason: str  # "" when ok


@dataclass(frozen=True)
class FeetCheck:
    """Result of ``feet_visible``. ``reason`` is one human-readable line."""

    ok: bool
    reason: str
    left: bool = False
    right: bool = False
    left_reason: str = ""
    right_reason: str = ""

    @property
    def both(self) -> bool:
        return self.left and self.right

    def __bool__(self) -> bool:
        return self.ok


def _dist(a: Tuple[float, float], b: Tuple[float, float]) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])


def _angle_deg(u: Tuple[float, float], v: Tuple[float, float]) -> float:
    nu, nv = math.hypot(*u), math.hypot(*v)
    if nu < 1e-9 or nv < 1e-9:
        return 0.0
    c = (u[0] * v[0] + u[1] * v[1]) / (nu * nv)
    return math.degrees(math.acos(max(-1.0, min(1.0, c))))


def _check_foot(
    name: str,
    ids: Sequence[int],
    pose: Sequence[Sequence[float]],
    px: Sequence[Tuple[float, float]],
    torso: float,
    shoulders: Tuple[float, float],
    p: FeetParams,
) -> FootCheck:
    hip, knee, ankle, heel, tip = ids
    foot_ids = (ankle, heel, tip)
    lo, hi = -p.margin, 1.0 + p.margin
    for j in foot_ids:
        x, y = pose[j][0], pose[j][1]
        if not (lo <= x <= hi and lo <= y <= hi):
            return FootCheck(False, f"{name} foot outside the image")
    vis = min(pose[j][3] for j in foot_ids)
    if vis < p.min_visibility:
        return FootCheck(False, f"{name} foot barely visible (visibility {vis:.2f} < {p.min_visibility:.2f})")

    thigh = _dist(px[hip], px[knee]) / torso
    shin = _dist(px[knee], px[ankle]) / torso
    if thigh + shin < p.min_leg:
        return FootCheck(False, f"{name} leg implausibly short ({thigh + shin:.2f} torso lengths)")
    if max(thigh, shin) > p.max_segment:
        return FootCheck(False, f"{name} leg segment implausibly long ({max(thigh, shin):.2f} torso lengths)")

    scale = max(1.0, thigh, shin)  # body scale in torso units (torso may be foreshortened)
    foot = _dist(px[heel], px[tip]) / torso / scale
    ankle_tip = _dist(px[ankle], px[tip]) / torso / scale
    ankle_heel = _dist(px[ankle], px[heel]) / torso / scale
    if foot > p.max_foot or ankle_tip > p.max_ankle_tip or ankle_heel > p.max_ankle_heel:
        return FootCheck(
            False,
            f"{name} foot points too far from the ankle (heel-tip {foot:.2f}, ankle-tip {ankle_tip:.2f}, "
            f"ankle-heel {ankle_heel:.2f} of body scale)",
        )
    fold = _angle_deg(
        (px[ankle][0] - px[knee][0], px[ankle][1] - px[knee][1]),
        (px[tip][0] - px[ankle][0], px[tip][1] - px[ankle][1]),
    )
    if fold > p.max_foot_fold_deg:
        return FootCheck(False, f"{name} foot folds back onto the shin ({fold:.0f} deg)")
    near = min(_dist(px[j], shoulders) for j in foot_ids) / torso
    if near < p.min_shoulder_dist:
        return FootCheck(False, f"{name} foot implausibly close to the shoulders ({near:.2f} torso lengths)")
    return FootCheck(True, "")


def feet_visible(frame: Frame, params: Optional[FeetParams] = None) -> FeetCheck:
    """Decide whether the person's feet are really in view on this frame."""
    p = params or DEFAULT_PARAMS
    pose = frame.pose
    if pose is None:
        return FeetCheck(False, "no person found")
    if len(pose) < 33:
        return FeetCheck(False, f"incomplete pose ({len(pose)} landmarks)")
    if frame.w <= 0 or frame.h <= 0:
        return FeetCheck(False, "unknown image size")
    for row in pose:
        if len(row) < 4 or not all(math.isfinite(v) for v in row[:4]):
            return FeetCheck(False, "pose has missing or non-finite values")

    w, h = float(frame.w), float(frame.h)
    px = [(row[0] * w, row[1] * h) for row in pose]
    ls, rs = px[PoseIndex.LEFT_SHOULDER], px[PoseIndex.RIGHT_SHOULDER]
    lh, rh = px[PoseIndex.LEFT_HIP], px[PoseIndex.RIGHT_HIP]
    shoulders = ((ls[0] + rs[0]) / 2, (ls[1] + rs[1]) / 2)
    hips = ((lh[0] + rh[0]) / 2, (lh[1] + rh[1]) / 2)
    torso = _dist(shoulders, hips)
    if torso < p.min_torso_px:
        return FeetCheck(False, f"body too small to judge (torso {torso:.1f} px)")

    nose = px[PoseIndex.NOSE]
    up = (shoulders[0] - hips[0], shoulders[1] - hips[1])
    head_up = ((nose[0] - shoulders[0]) * up[0] + (nose[1] - shoulders[1]) * up[1]) / (torso * torso)
    if head_up < p.min_head_up:
        return FeetCheck(False, "implausible body: head on the hip side of the shoulders")

    left = _check_foot("left", _LEFT, pose, px, torso, shoulders, p)
    right = _check_foot("right", _RIGHT, pose, px, torso, shoulders, p)
    ok = left.ok or right.ok
    if left.ok and right.ok:
        reason = ""
    elif ok:
        reason = ""
    else:
        reason = f"{left.reason}; {right.reason}"
    return FeetCheck(ok, reason, left.ok, right.ok, left.reason, right.reason)
