"""The foot close-up view's per-frame record: what the foot vision saw.

Pure: no cv2, mediapipe or streamlit. Positions are normalised to the image
(x by width, y by height), like ``coach.records.Frame``; lengths are in foot
widths where noted, so they do not depend on how close the camera is.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Tuple

XY = Tuple[float, float]


@dataclass(frozen=True)
class FootFrame:
    t: float
    w: int
    h: int
    found: bool = False
    toe_end: Optional[XY] = None  # the foot's most forward point (big-toe tip on a top view)
    axis: Optional[XY] = None  # unit vector heel -> toes, in pixels' directions
    width: float = 0.0  # across the ball of the foot, as a fraction of the image width
    length: float = 0.0  # visible length along the axis, fraction of the image width
    tips: Tuple[XY, ...] = ()  # toe tips, big toe first
    pen: Optional[XY] = None  # the big-toe tip followed frame to frame (steadier than toe_end)
    spread: Optional[float] = None  # toe-spread index: rises as the toes spread
    flow_along: Optional[float] = None  # floor/fabric motion toward the heel, foot widths per second
    # (foot's own motion taken away; None when too little texture ahead of the toes)
    toe_angle: Optional[float] = None  # side view: upward bend of the big toe, degrees
    objects_in_zone: Optional[int] = None  # small objects seen inside the target zone
    objects_outside: Optional[int] = None  # small objects seen elsewhere

    @property
    def tip(self) -> Optional[XY]:
        """The big-toe tip: the one followed frame to frame when there is
        one, else the silhouette's toe end."""
        return self.pen if self.pen is not None else self.toe_end


def foot_ok(frame: object) -> Tuple[bool, str]:
    """The gate every foot exercise shares."""
    if not isinstance(frame, FootFrame):
        return False, "this exercise needs the foot close-up view"
    if not frame.found:
        return False, "no foot found in the picture"
    return True, ""
