"""Geometry on pose landmarks, in pixels so that lengths are true to the image."""
from __future__ import annotations

import math
from typing import Optional, Tuple

from coach.records import Frame, PoseIndex as P

Point = Tuple[float, float]

# (knee, ankle, heel, foot tip) for each side.
LEGS = {
    "left": (P.LEFT_KNEE, P.LEFT_ANKLE, P.LEFT_HEEL, P.LEFT_FOOT_INDEX),
    "right": (P.RIGHT_KNEE, P.RIGHT_ANKLE, P.RIGHT_HEEL, P.RIGHT_FOOT_INDEX),
}


def px(frame: Frame, index: int) -> Point:
    """Landmark ``index`` in pixels (y grows downwards, as in the image)."""
    assert frame.pose is not None
    x, y = frame.pose[index][0], frame.pose[index][1]
    return (x * frame.w, y * frame.h)


def dist(a: Point, b: Point) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])


def angle_deg(a: Point, vertex: Point, b: Point) -> Optional[float]:
    """The angle a-vertex-b in degrees, None when a side has no length."""
    ax, ay = a[0] - vertex[0], a[1] - vertex[1]
    bx, by = b[0] - vertex[0], b[1] - vertex[1]
    na, nb = math.hypot(ax, ay), math.hypot(bx, by)
    if na == 0 or nb == 0:
        return None
    cos = max(-1.0, min(1.0, (ax * bx + ay * by) / (na * nb)))
    return math.degrees(math.acos(cos))
