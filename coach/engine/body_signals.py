"""Body measurements shared by the body-view exercises. Pure: no vision library.

All lengths are measured in pixels first (x and y are normalised to the image
width and height separately) and then divided by a body length, so that a
value means the same near the camera and far from it. Every function returns
None when the landmarks it needs cannot be trusted on this frame.
"""
from __future__ import annotations

import math
from typing import List, Optional, Sequence, Tuple

from coach.engine.geometry import angle_deg, dist, px
from coach.records import Frame, PoseIndex as P

Point = Tuple[float, float]

# (hip, knee, ankle, heel, foot tip) of each leg.
LEG = {
    "left": (P.LEFT_HIP, P.LEFT_KNEE, P.LEFT_ANKLE, P.LEFT_HEEL, P.LEFT_FOOT_INDEX),
    "right": (P.RIGHT_HIP, P.RIGHT_KNEE, P.RIGHT_ANKLE, P.RIGHT_HEEL, P.RIGHT_FOOT_INDEX),
}
SIDES = ("left", "right")
# A foot whose points are less visible than this is left out of two-foot measures.
FOOT_VISIBILITY = 0.3


def mean_point(frame: Frame, indices: Sequence[int]) -> Point:
    pts = [px(frame, i) for i in indices]
    return (sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts))


def hip_centre(frame: Frame) -> Point:
    """The midpoint of the two hips, in pixels."""
    return mean_point(frame, (P.LEFT_HIP, P.RIGHT_HIP))


def torso(frame: Frame) -> Optional[float]:
    """Shoulder midpoint to hip midpoint, in pixels."""
    if frame.pose is None:
        return None
    t = dist(mean_point(frame, (P.LEFT_SHOULDER, P.RIGHT_SHOULDER)), hip_centre(frame))
    return t if t > 1.0 else None


def visibility(frame: Frame, indices: Sequence[int]) -> float:
    assert frame.pose is not None
    return min(frame.pose[i][3] for i in indices)


def visible_feet(frame: Frame, threshold: float = FOOT_VISIBILITY) -> Tuple[str, ...]:
    if frame.pose is None:
        return ()
    return tuple(s for s in SIDES if visibility(frame, LEG[s][2:]) >= threshold)


def foot_pitch(frame: Frame, side: str) -> Optional[float]:
    """How far the heel is above the foot tip, in degrees (negative: the toes are
    up). Measured against the image's horizontal: the camera must be level."""
    if frame.pose is None:
        return None
    _, _, _, heel, tip = LEG[side]
    hx, hy = px(frame, heel)
    tx, ty = px(frame, tip)
    length = math.hypot(tx - hx, ty - hy)
    if length < 1.0:
        return None
    # Image y grows downwards: a heel above the tip has the smaller y.
    return math.degrees(math.atan2(ty - hy, abs(tx - hx)))


def ankle_angle(frame: Frame, side: str) -> Optional[float]:
    """The knee-ankle-foot tip angle in degrees: smaller when the foot is pulled
    towards the shin, larger when it is pointed."""
    if frame.pose is None:
        return None
    _, knee, ankle, _, tip = LEG[side]
    return angle_deg(px(frame, knee), px(frame, ankle), px(frame, tip))


def shin_sole_angle(frame: Frame, side: str) -> Optional[float]:
    """The angle between the shin (ankle to knee) and the sole (heel to foot
    tip), degrees. It differs from ``ankle_angle`` by a constant (the foot is
    rigid), so it turns by the same degrees as the foot flexes and points."""
    if frame.pose is None:
        return None
    _, knee, ankle, heel, tip = LEG[side]
    k, a, h, tp = px(frame, knee), px(frame, ankle), px(frame, heel), px(frame, tip)
    # the sole carried to the ankle: the angle knee-ankle-(ankle + sole)
    return angle_deg(k, a, (a[0] + tp[0] - h[0], a[1] + tp[1] - h[1]))


def knee_angle(frame: Frame, side: str) -> Optional[float]:
    """The hip-knee-ankle angle in degrees: 180 for a straight leg."""
    if frame.pose is None:
        return None
    hip, knee, ankle, _, _ = LEG[side]
    return angle_deg(px(frame, hip), px(frame, knee), px(frame, ankle))


def trunk_tilt(frame: Frame) -> Optional[float]:
    """Angle of the trunk (hips to shoulders) from the image's vertical, degrees:
    0 upright, 90 lying."""
    if frame.pose is None:
        return None
    sh = mean_point(frame, (P.LEFT_SHOULDER, P.RIGHT_SHOULDER))
    hp = hip_centre(frame)
    dx, dy = sh[0] - hp[0], sh[1] - hp[1]
    if math.hypot(dx, dy) < 1.0:
        return None
    return math.degrees(math.atan2(abs(dx), -dy)) if dy < 0 else 180.0 - math.degrees(math.atan2(abs(dx), dy))


def leg_elevation(frame: Frame, side: str) -> Optional[float]:
    """Angle of the hip-to-ankle line from the image's horizontal, degrees
    (0: the leg lies flat, 90: it points straight up or down)."""
    if frame.pose is None:
        return None
    hip, _, ankle, _, _ = LEG[side]
    h, a = px(frame, hip), px(frame, ankle)
    dx, dy = a[0] - h[0], a[1] - h[1]
    if math.hypot(dx, dy) < 1.0:
        return None
    return math.degrees(math.atan2(abs(dy), abs(dx)))


def foot_centre(frame: Frame, side: str) -> Point:
    _, _, ankle, heel, tip = LEG[side]
    return mean_point(frame, (ankle, heel, tip))


def step_spread(frame: Frame, axis: str = "x") -> Optional[float]:
    """How far apart the two feet are along the walking direction, in torso
    lengths: 0 as one foot passes the other, largest when a step lands. ``axis``
    "x" is for walking across the picture (side or three-quarter view), "y" for
    walking towards the camera (the nearer foot is lower in the image)."""
    t = torso(frame)
    if t is None:
        return None
    a, b = foot_centre(frame, "left"), foot_centre(frame, "right")
    k = 0 if axis == "x" else 1
    return abs(a[k] - b[k]) / t


def step_offset(frame: Frame, axis: str = "x") -> Optional[float]:
    """Like ``step_spread`` but signed (left foot minus right foot): it swings
    to one side as the left foot lands ahead and to the other as the right
    foot does, so each step is a swing from one end to the other. An offset
    that the camera's angle adds to both feet alike cancels out, which it does
    not in ``step_spread``."""
    t = torso(frame)
    if t is None:
        return None
    a, b = foot_centre(frame, "left"), foot_centre(frame, "right")
    k = 0 if axis == "x" else 1
    return (a[k] - b[k]) / t


def facing(frame: Frame) -> float:
    """+1 when the person faces image right (nose ahead of the ears in x), -1 left."""
    assert frame.pose is not None
    nose = px(frame, P.NOSE)[0]
    ears = mean_point(frame, (P.LEFT_EAR, P.RIGHT_EAR))[0]
    return 1.0 if nose >= ears else -1.0


def foot_ahead(frame: Frame, min_gap: float = 0.1) -> Optional[int]:
    """Walking across the view, the foot further along the way the person
    faces: 0 for the left, 1 for the right, None when the feet are less than
    ``min_gap`` torso lengths apart that way (passing each other) or cannot
    be read."""
    if frame.pose is None or len(visible_feet(frame)) < 2:
        return None
    t = torso(frame)
    if t is None:
        return None
    gap = facing(frame) * (foot_centre(frame, "left")[0] - foot_centre(frame, "right")[0]) / t
    if abs(gap) < min_gap:
        return None
    return 0 if gap > 0 else 1


def _outwards(frame: Frame, side: str) -> Optional[float]:
    """Front or back view: +1 when this leg's outside lies towards image
    right (its hip is right of the other hip), -1 when towards image left;
    None when the hips overlap in the picture."""
    out = px(frame, LEG[side][0])[0] - px(frame, LEG["right" if side == "left" else "left"][0])[0]
    return math.copysign(1.0, out) if abs(out) >= 1.0 else None


def shin_outward_tilt(frame: Frame, side: str) -> Optional[float]:
    """Front or back view: how far the knee sits outwards of the ankle, as a
    fraction of the shin's length (the knees bow out when the feet roll onto
    their outer edges and come in when they roll onto the inner edges)."""
    if frame.pose is None:
        return None
    _, knee, ankle, _, _ = LEG[side]
    sign = _outwards(frame, side)
    if sign is None:
        return None
    k, a = px(frame, knee), px(frame, ankle)
    shin = dist(k, a)
    if shin < 1.0:
        return None
    return sign * (k[0] - a[0]) / shin


def ankle_over_sole(frame: Frame, side: str) -> Optional[float]:
    """Front or back view: how far the ankle sits outwards of the line through
    heel and foot tip, in foot lengths. Rolling onto the outer edge moves the
    ankle outwards of the sole; onto the inner edge, inwards."""
    if frame.pose is None:
        return None
    _, _, ankle, heel, tip = LEG[side]
    sign = _outwards(frame, side)
    if sign is None:
        return None
    h, tp, a = px(frame, heel), px(frame, tip), px(frame, ankle)
    foot = max(dist(h, tp), dist(a, tp), 1.0)
    mid = 0.5 * (h[0] + tp[0])
    return sign * (a[0] - mid) / foot


def edge_roll_feet(frame: Frame) -> Optional[Tuple[Optional[float], Optional[float]]]:
    """Front view: how far each foot (left, right) is rolled onto its outer
    edge (positive) or inner edge (negative), estimated from what the 33
    landmarks show of it: the knee bowing out or in over the ankle, and the
    ankle sitting outwards or inwards of the heel-to-toe line. None for a
    foot not seen, and None when neither is. Pose landmarks have no point on
    either edge of the foot, so this is an estimate, not a measurement."""
    seen = visible_feet(frame)
    feet: List[Optional[float]] = []
    for s in SIDES:
        tilt = shin_outward_tilt(frame, s) if s in seen else None
        over = ankle_over_sole(frame, s) if s in seen else None
        feet.append(tilt + over if tilt is not None and over is not None else None)
    if feet[0] is None and feet[1] is None:
        return None
    return feet[0], feet[1]
